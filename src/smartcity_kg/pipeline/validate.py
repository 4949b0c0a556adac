"""Stage 3, validate: the built graph against the SHACL shapes, and the checks of checks.py.

SHACL results name a focus node and a path; they are traced back to the YAML key that made the
statement, so a curator reads `seeds/x.yaml:12:5: error: ...` rather than an IRI. Results of severity
sh:Warning and sh:Info are reported the same way, as warnings, and do not fail the run.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError, Problem
from smartcity_kg.pipeline.checks import CHECKS, GRAPH_CHECKS
from smartcity_kg.rdf import query

if TYPE_CHECKING:
    from pyoxigraph import Quad, Store
    from rdflib import Graph
    from rdflib.term import Node

    from smartcity_kg.pipeline.integrity import Seeds

ONTOLOGY_FILE = "smartcity.ttl"
SHAPES_FILE = "shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"
# sh:severity -> Problem.severity. Any other (custom) severity counts as a violation: failing is safer than ignoring.
SEVERITIES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Validation:
    """What validation produced: the store it checked and the SHACL report graph."""

    main: list[Quad]
    """The main layer (all named graphs but the gazetteer's), as built."""
    ontology: Graph
    shapes: Graph
    store: Store
    """Both layers in their named graphs and the ontology in the default graph, as `smartcity-kg query` sees graph/."""
    gazetteer: list[Quad] = field(default_factory=list)
    """The gazetteer layer, empty when the run skipped it."""
    warnings: list[Problem] = field(default_factory=list)
    """SHACL results of severity sh:Warning or sh:Info, located in the YAML (filled once `report` has been read)."""
    pending: Callable[[], Graph] | None = None
    """The SHACL run still going on (validate(..., wait=False)); `report` waits for it."""
    done: Graph | None = None

    @property
    def report(self) -> Graph:
        """The SHACL report; raises DataError if SHACL, still running when validate returned, found violations."""
        if self.done is None:
            assert self.pending is not None
            self.done = self.pending()
        return self.done


def read_turtle(config: Config, name: str) -> Graph:
    from rdflib import Graph

    text = (config.ontology / name).read_text(encoding="utf-8")
    return Graph(bind_namespaces="none").parse(data=iri.rebase(text, config.base), format="turtle")


def validate(main: list[Quad], seeds: Seeds, config: Config, gazetteer: list[Quad] | None = None, *, wait: bool = True) -> Validation:
    """Run the checks and SHACL; raise DataError with every problem, located in the YAML.

    SHACL checks both layers together with the ontology (which supplies rdfs:subClassOf, so that sh:class
    accepts instances of subclasses), in one pyoxigraph store that the graph checks query too. It runs in
    Rust without the GIL, on a second core, while the checks run here. With `wait=False` and the checks
    passed, it is still running when this returns: the caller renders meanwhile, and reading `report` (which
    every build does before it writes anything) waits for it and raises DataError for its violations.
    """

    ontology_text = iri.rebase((config.ontology / ONTOLOGY_FILE).read_text(encoding="utf-8"), config.base)
    store = query.store_of(main, ontology_text, gazetteer or [])
    ontology = read_turtle(config, ONTOLOGY_FILE)
    shapes = read_turtle(config, SHAPES_FILE)
    pool = ThreadPoolExecutor(max_workers=1)
    running = pool.submit(shacl, store, shapes)
    pool.shutdown(wait=False)

    warnings: list[Problem] = []

    def conclude(problems: list[Problem]) -> Graph:
        report = running.result()
        problems = problems + shacl_problems(report, shapes, store, seeds, config)
        errors = [problem for problem in problems if problem.severity == "error"]
        warnings[:] = [problem for problem in problems if problem.severity != "error"][: config.max_problems]
        if errors:
            raise DataError(errors[: config.max_problems] + warnings, total=len(errors), report=report)
        return report

    problems: list[Problem] = []
    chosen = set(config.checks) if config.checks is not None else {*CHECKS, *GRAPH_CHECKS}  # smartcity-kg.toml, [checks]
    for name, check in CHECKS.items():
        if name in chosen:
            problems += check(seeds, config)
    for name, graph_check in GRAPH_CHECKS.items():
        if name in chosen:
            problems += graph_check(store, seeds, config)
    validation = Validation(main, ontology, shapes, store, gazetteer or [], warnings, pending=lambda: conclude(problems))
    if wait or problems:
        validation.report  # noqa: B018 (waits, and raises DataError for any problem)
    return validation


def shacl(data: Store | Graph, shapes: Graph) -> Graph:
    """The SHACL report of `data` (the union of its graphs), by pyshacl-turbo: pySHACL's engine and API in Rust.

    At a million triples pySHACL takes minutes, pyshacl-turbo seconds, with the same results on the shapes of
    this project (tests/test_shacl_engines.py runs both and names the one place where they differ).
    """
    import pyshacl_turbo

    _, report, _ = pyshacl_turbo.validate(  # returns (conforms, report graph, report text)
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    graph: Graph = report
    return graph


def shacl_problems(report: Graph, shapes: Graph, store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    from rdflib import RDF, Literal, Namespace, URIRef

    sh = Namespace(SH)
    base = iri.id_base(config.base)
    problems = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        severity = SEVERITIES.get(str(report.value(result, sh.resultSeverity)), "error")
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        value = report.value(result, sh.value)
        language = value.language if isinstance(value, Literal) else None
        focus_text = str(focus)
        local = focus_text[len(base) :] if focus_text.startswith(base) else focus_text
        prop = str(path) if isinstance(path, URIRef) else None
        file, line, column = seeds.locate(local, prop, language)
        messages = [m for m in report.objects(result, sh.resultMessage) if isinstance(m, Literal)]
        english = [str(m) for m in messages if m.language in (None, "en")]
        thai = [str(m) for m in messages if m.language == "th"]
        shape = shape_name(report.value(result, sh.sourceShape), shapes, types_of(store, focus))
        where = f" ({short(prop, seeds)})" if prop else ""
        detail = [f"value: {readable(value, base, seeds)}"] if value is not None else []
        problems.append(
            Problem(
                file,
                line,
                column,
                (english[0] if english else str(report.value(result, sh.sourceConstraintComponent))) + where,
                entity=local,
                rule=shape,
                details=tuple(thai + detail),
                hint="",
                severity=severity,
            )
        )
    return problems


def types_of(store: Store, node: Node | None) -> set[Node]:
    """The rdf:type values of a node of the report, as rdflib terms (the shapes graph is rdflib's)."""
    from pyoxigraph import NamedNode
    from rdflib import URIRef

    if not isinstance(node, URIRef):
        return set()
    found = store.quads_for_pattern(NamedNode(str(node)), NamedNode(RDF_TYPE), None, None)
    return {URIRef(quad.object.value) for quad in found if isinstance(quad.object, NamedNode)}


def shape_name(shape: Node | None, shapes: Graph, focus_types: set[Node]) -> str:
    """The node shape a result comes from, as a prefixed name.

    Property shapes are blank nodes or shared by several node shapes; the node shape named is the one
    that holds the property shape and targets the focus node's class.
    """
    from rdflib import Namespace

    sh = Namespace(SH)
    if shape is None:
        return "shacl"
    parents = sorted(shapes.subjects(sh.property, shape), key=str)
    targeted = [p for p in parents if set(shapes.objects(p, sh.targetClass)) & focus_types]
    if targeted or parents:
        shape = (targeted or parents)[0]
    text = str(shape)
    return "tscsh:" + text.rsplit("/", 1)[-1] if "/def/shapes/" in text else text


def short(prop: str, seeds: Seeds) -> str:
    return iri.compact(prop, seeds.terms.prefixes)


def readable(value: Node, base: str, seeds: Seeds) -> str:
    """A value as a curator wrote it: `region/north`, `"2021" (xsd:gYear)`, `"Test Town"@th`."""
    from rdflib import Literal

    if isinstance(value, Literal):
        text = f'"{value}"'
        if value.language:
            return f"{text}@{value.language}"
        return f"{text} ({short(str(value.datatype), seeds)})" if value.datatype else text
    text = str(value)
    return text[len(base) :] if text.startswith(base) else text
