"""The ontology and its SHACL shapes, checked against the fixtures in tests/shapes/.

tests/shapes/good/*.ttl must conform. Each tests/shapes/bad/*.ttl has one defect and declares, in its
leading comments, which node shape reports it, on which path and focus node:

    # expect-shape: tscsh:MeetingShape
    # expect-path: tsc:meetingNumber        (or: none)
    # expect-focus: <https://w3id.org/thai-smart-city/id/meeting/x>
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH
from rdflib.term import Node

from .conftest import one_of_each

ROOT = Path(__file__).parents[1]
ONTOLOGY = ROOT / "ontology" / "smartcity.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
CASES = ROOT / "tests" / "shapes"
GOOD = sorted((CASES / "good").glob("*.ttl"))
BAD = sorted((CASES / "bad").glob("*.ttl"))

TSC = Namespace("https://w3id.org/thai-smart-city/def/")
TSCSH = Namespace("https://w3id.org/thai-smart-city/def/shapes/")
ONTOLOGY_IRI = URIRef(str(TSC))
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
# Spelled out: a module-level XSD namespace object trips pytest's collection (it probes attributes).
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def is_thai(text: str) -> bool:
    """Whether the text has a character of the Thai block (U+0E00 to U+0E7F)."""
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


# Parsed once per session: pyshacl copies the data graph and never changes these.
@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def load(case: Path) -> Graph:
    return Graph().parse(case, format="turtle")


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: Graph
    text: str


def validate(data: Graph) -> Validation:
    """Validate the way the build does: ontology mixed in, no inference."""
    conforms, report, text = pyshacl.validate(
        data,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    return Validation(bool(conforms), report, str(text))


@dataclass(frozen=True)
class Expected:
    shape: URIRef
    path: URIRef | None
    focus: URIRef


def read_expected(case: Path) -> Expected:
    """The expect-* lines of the comment block at the top of a bad fixture."""
    header: dict[str, str] = {}
    for line in case.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if key.startswith("expect-"):
            header[key] = value.strip()
    missing = {"expect-shape", "expect-path", "expect-focus"} - header.keys()
    if missing:
        raise ValueError(f"{case.name}: missing {sorted(missing)}")
    namespaces = shapes().namespace_manager
    path = header["expect-path"]
    return Expected(
        shape=namespaces.expand_curie(header["expect-shape"]),
        path=None if path == "none" else namespaces.expand_curie(path),
        focus=URIRef(header["expect-focus"].strip("<>")),
    )


def expected_shape(case: Path) -> str:
    """The expect-shape line of a bad fixture, as written (read at collection, before any graph is parsed)."""
    found = re.search(r"^# expect-shape: (\S+)", case.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"{case.name}: missing expect-shape"
    return found[1]


def belongs_to(source_shape: Node | None, node_shape: URIRef) -> bool:
    """The node shape itself, or one of its property shapes (shared ones included)."""
    if source_shape is None:  # None would be a wildcard in the triple pattern below
        return False
    return source_shape == node_shape or (node_shape, SH.property, source_shape) in shapes()


def targeted_node_shapes() -> set[Node]:
    """Node shapes with a target; the others only serve as values of sh:not."""
    graph = shapes()
    return {shape for shape in graph.subjects(RDF.type, SH.NodeShape) if any((shape, target, None) in graph for target in TARGETS)}


def shapes_with_focus_nodes(data: Graph) -> set[Node]:
    """Node shapes that have at least one focus node in the data (with the ontology's subclasses)."""
    merged = data + ontology()
    found: set[Node] = set()
    for shape in targeted_node_shapes():
        for cls in shapes().objects(shape, SH.targetClass):
            # Instances of the class or of any subclass the ontology declares.
            classes = set(merged.transitive_subjects(RDFS.subClassOf, cls))
            if any((None, RDF.type, c) in merged for c in classes):
                found.add(shape)
        for prop in shapes().objects(shape, SH.targetSubjectsOf):
            if any(data.subjects(prop, None)):
                found.add(shape)
    return found


# ---------------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("case", GOOD, ids=lambda case: case.stem)
def test_good_case_conforms(case: Path) -> None:
    validation = validate(load(case))
    assert validation.conforms, validation.text


@pytest.mark.parametrize("case", one_of_each(BAD, lambda case: expected_shape(case), lambda case: case.stem))
def test_bad_case_fails_as_declared(case: Path) -> None:
    expected = read_expected(case)
    validation = validate(load(case))
    assert not validation.conforms, f"{case.name} conforms, but should fail {expected}"
    report = validation.report
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    hits = [
        result
        for result in results
        if belongs_to(report.value(result, SH.sourceShape), expected.shape)
        and report.value(result, SH.focusNode) == expected.focus
        and report.value(result, SH.resultPath) == expected.path
    ]
    assert hits, f"no result for {expected}:\n{validation.text}"
    # One defect per fixture: a result elsewhere means the fixture is broken in a second way.
    elsewhere = [
        result
        for result in results
        if (report.value(result, SH.focusNode), report.value(result, SH.resultPath)) != (expected.focus, expected.path)
    ]
    assert not elsewhere, f"results beyond the declared defect:\n{validation.text}"


def test_every_shape_has_good_and_bad_cases() -> None:
    node_shapes = targeted_node_shapes()
    failed_by_bad = {read_expected(case).shape for case in BAD}
    assert sorted(map(str, node_shapes - failed_by_bad)) == [], "node shapes no bad fixture fails"
    exercised = set().union(*(shapes_with_focus_nodes(load(case)) for case in GOOD))
    assert sorted(map(str, node_shapes - exercised)) == [], "node shapes no good fixture exercises"


@pytest.mark.slow
def test_shapes_graph_is_valid_shacl() -> None:
    # meta_shacl checks the shapes graph against the SHACL-for-SHACL shapes first.
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes(), inference="none", advanced=True, meta_shacl=True)
    assert conforms, text


# ---------------------------------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------------------------------


def own_terms() -> list[URIRef]:
    graph = ontology()
    return sorted(
        {term for kind in TERM_TYPES for term in graph.subjects(RDF.type, kind) if isinstance(term, URIRef) and term.startswith(TSC)}
    )


def test_ontology_header() -> None:
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{TSC}0.3.0/")
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.3.0")
    assert graph.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    for date in (DCTERMS.issued, DCTERMS.modified):
        value = graph.value(ONTOLOGY_IRI, date)
        assert isinstance(value, Literal) and value.datatype == XSD_DATE, date
    # Code never fetches remote documents, so nothing may be imported.
    assert graph.value(ONTOLOGY_IRI, OWL.imports) is None


@pytest.mark.parametrize("term", own_terms(), ids=lambda term: term.removeprefix(str(TSC)))
def test_own_term_is_documented(term: URIRef) -> None:
    graph = ontology()
    assert graph.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI
    for prop in (RDFS.label, RDFS.comment):
        texts = {value.language: str(value) for value in graph.objects(term, prop) if isinstance(value, Literal)}
        assert texts.keys() >= {"th", "en"}, f"{prop} needs @th and @en"
        assert is_thai(texts["th"]), f"{prop}@th is not in Thai"
        assert not is_thai(texts["en"]), f"{prop}@en has Thai characters"


@pytest.mark.parametrize("source", [ONTOLOGY, SHAPES], ids=lambda path: path.name)
def test_literals_are_nfc(source: Path) -> None:
    # Thai can be typed in several code point orders; only NFC matches reliably.
    graph = Graph().parse(source, format="turtle")
    literals = {obj for obj in graph.objects() if isinstance(obj, Literal)}
    assert [lit for lit in literals if unicodedata.normalize("NFC", str(lit)) != str(lit)] == []


def context_terms() -> dict[str, tuple[URIRef, URIRef]]:
    """YAML key -> (own term, the OWL kind the context's use of it implies)."""
    context: dict[str, object] = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    terms: dict[str, tuple[URIRef, URIRef]] = {}
    for key, value in context.items():
        if isinstance(value, str) and value.startswith("tsc:"):
            # A bare term is a class name, used as a value of "type".
            terms[key] = (TSC[value.removeprefix("tsc:")], OWL.Class)
        elif isinstance(value, dict) and str(value.get("@id", "")).startswith("tsc:"):
            # A key whose values are references maps to an object property, otherwise a datatype one.
            kind = OWL.ObjectProperty if value.get("@type") in ("@id", "@vocab") else OWL.DatatypeProperty
            terms[key] = (TSC[str(value["@id"]).removeprefix("tsc:")], kind)
    return terms


def test_context_terms_are_defined() -> None:
    graph = ontology()
    terms = context_terms()
    assert terms, "no tsc: terms found in the context"
    wrong = [f"{key}: {term} is not an {kind}" for key, (term, kind) in terms.items() if (term, RDF.type, kind) not in graph]
    assert wrong == []


def test_every_class_has_a_node_shape() -> None:
    classes = [term for term in own_terms() if (term, RDF.type, OWL.Class) in ontology()]
    missing = [cls for cls in classes if (TSCSH[f"{cls.removeprefix(str(TSC))}Shape"], SH.targetClass, cls) not in shapes()]
    assert missing == []


def test_shape_iri_patterns_are_the_iri_policy() -> None:
    """The shapes' IRI patterns and the IRI policy (ontology/iri-policy.toml, as smartcity_kg.core.iri reads it) state the
    same kinds and key forms."""
    from smartcity_kg.core import iri

    policy = iri.kinds()

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    prefix = "^https://w3id\\.org/thai-smart-city/id/"
    seen: dict[str, str] = {}
    for pattern in shapes.objects(None, SH.pattern):
        text = str(pattern)
        if not text.startswith(prefix):
            continue
        kinds, _, key = text[len(prefix) :].partition("/")
        for kind in kinds.strip("()").split("|"):
            seen[kind] = key.removesuffix("$")
    assert seen
    for kind, key in seen.items():
        assert kind in policy, f"shapes use kind {kind!r} that the IRI policy does not know"
        assert key == policy[kind], f"{kind}: shapes say {key}, the IRI policy says {policy[kind]}"
