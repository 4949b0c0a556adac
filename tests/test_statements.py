"""Every statement written in the YAML made a triple: nothing is lost on the way from seeds/ to the graph.

The expectations come from the YAML files themselves, read here with PyYAML's BaseLoader (every scalar as
written, as a string), and from ontology/context.jsonld read as JSON, not from the pipeline's own reading.
For each file of seeds/, each entity and each key the context maps to a property, the distinct values
written (a scalar, or the items of a list) are counted and compared with the triples of that subject and
property in the file's named graph, narrowed as the key's term definition narrows it: to the term's
@language, to its @type datatype, to IRIs for `@type: @id` / `@vocab`, to plain literals otherwise
(JSON-LD 1.1, "Deserialize JSON-LD to RDF"). `type` counts as rdf:type (JSON-LD's @type). Keys that make
no statement of their own are not counted: `id` (the @id alias: it names the subject), `named_graph` (also
@id, at the top: it names the file's graph) and `entities` (the @graph alias: it holds the entities).
Each named graph must also hold no triple beyond those counted.
"""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from pyoxigraph import Literal, NamedNode, Quad

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.stages import check

from .conftest import ID, ROOT

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when there is one: the gazetteer is 16,000 entries


@dataclass(frozen=True)
class Selector:
    """Which triples a key makes: its property, and what its objects are."""

    property: str
    kind: str
    """"iri", "language", "datatype" or "plain"."""
    narrow: str = ""
    """The language tag or the datatype IRI."""
    reverse: bool = False
    """A reverse key (`@reverse`): each value is the subject of a triple whose object is the entity."""

    def matches(self, term: object) -> bool:
        if self.kind == "iri":
            return isinstance(term, NamedNode)
        if not isinstance(term, Literal):
            return False
        if self.kind == "language":
            return term.language == self.narrow
        if self.kind == "datatype":
            return term.language is None and term.datatype.value == self.narrow
        return term.language is None


def selectors(root: Path) -> dict[str, Selector]:
    """The keys of ontology/context.jsonld that make statements, read from the file."""
    context = json.loads((root / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))}

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    found = {key: Selector(RDF_TYPE, "iri") for key, value in context.items() if value == "@type"}
    for key, definition in context.items():
        if not isinstance(definition, dict):
            continue  # prefixes, class names and the other keyword aliases (@id, @graph)
        if "@reverse" in definition:  # JSON-LD 1.1, section 4.8: <value> <property> <entity>
            found[key] = Selector(expand(definition["@reverse"]), "iri", reverse=True)
            continue
        prop, coercion = expand(definition["@id"]), definition.get("@type")
        if "@language" in definition:
            found[key] = Selector(prop, "language", definition["@language"])
        elif coercion in ("@id", "@vocab"):
            found[key] = Selector(prop, "iri")
        elif coercion is not None:
            found[key] = Selector(prop, "datatype", expand(coercion))
        else:
            found[key] = Selector(prop, "plain")
    return found


@dataclass
class Stated:
    """What the YAML says about one subject with one key, in one named graph (over all files that fill it)."""

    values: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


def yaml_statements(root: Path, *, gazetteer: bool = True) -> dict[tuple[str, str, str], Stated]:
    """(graph IRI, subject IRI, key) -> the distinct values written, read from every curated file under seeds/."""
    keys = selectors(root)
    stated: dict[tuple[str, str, str], Stated] = defaultdict(Stated)
    for path in sorted((root / "seeds").rglob("*.yaml")):
        parts = path.relative_to(root / "seeds").parts
        if parts[0] == "sources" or (parts[0] == "gazetteer" and not gazetteer) or parts == ("gazetteer", "corrections.yaml"):
            continue  # corrections.yaml: the curators' decisions on the gazetteer's sources, no RDF document
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)  # BaseLoader: every scalar a string, as written
        graph = urllib.parse.urljoin(ID, document["named_graph"])
        for entity in document["entities"]:
            subject = urllib.parse.urljoin(ID, entity["id"])  # ids are relative to <base>id/ (the documents' @base)
            for key, value in entity.items():
                if key not in keys:
                    continue  # `id`
                entry = stated[(graph, subject, key)]
                entry.values.update(value if isinstance(value, list) else [value])
                entry.files.add(path.relative_to(root).as_posix())
    return stated


def mismatches(stated: dict[tuple[str, str, str], Stated], quads: list[Quad], root: Path) -> list[str]:
    """Where the triples of the graph and the statements of the YAML disagree, by file, entity and key."""
    keys = selectors(root)
    objects: dict[tuple[str, str, str], list[object]] = defaultdict(list)
    per_graph: Counter[str] = Counter()
    for quad in set(quads):  # a dataset is a set: two files stating the same triple in one graph make it once
        assert isinstance(quad.graph_name, NamedNode), f"a triple outside the named graphs: {quad}"
        assert isinstance(quad.subject, NamedNode), f"a subject with no id: {quad}"
        objects[(quad.graph_name.value, quad.subject.value, quad.predicate.value)].append(quad.object)
        per_graph[quad.graph_name.value] += 1
    found = []
    counted: Counter[str] = Counter()
    for (graph, subject, key), entry in sorted(stated.items()):
        selector = keys[key]
        if selector.reverse:
            made = sum(NamedNode(subject) in objects[(graph, urllib.parse.urljoin(ID, v), selector.property)] for v in entry.values)
        else:
            made = sum(selector.matches(term) for term in objects[(graph, subject, selector.property)])
        counted[graph] += made
        if made != len(entry.values):
            found.append(
                f"{', '.join(sorted(entry.files))}: {subject.removeprefix(ID)}: '{key}' has {len(entry.values)} value(s) in the YAML "
                f"but {made} triple(s) of <{selector.property}> in <{graph}>"
            )
    found += [
        f"<{graph}> holds {per_graph[graph] - counted[graph]} triple(s) no YAML statement made"
        for graph in per_graph
        if per_graph[graph] != counted[graph]
    ]
    return found


@pytest.mark.slow
def test_every_yaml_statement_of_the_seeds_made_one_triple(built: Built) -> None:
    stated = yaml_statements(ROOT)
    assert len(stated) > 50_000  # the gazetteer is in: every kind of file is compared
    found = mismatches(stated, built.main + built.gazetteer, ROOT)  # not inline: pytest would print both inputs
    assert found == []


@pytest.mark.slow
def test_a_lost_statement_is_named_by_file_and_key(built: Built) -> None:
    # seeds/sources.yaml gives each source its `url`; take one of those triples away.
    url = selectors(ROOT)["url"].property
    lost = next(quad for quad in built.main if quad.predicate.value == url)
    assert isinstance(lost.subject, NamedNode)
    quads = [quad for quad in built.main + built.gazetteer if quad != lost]
    found = mismatches(yaml_statements(ROOT), quads, ROOT)
    assert len(found) == 1, found
    problem = found[0]
    assert problem.startswith(
        f"seeds/sources.yaml: {lost.subject.value.removeprefix(ID)}: 'url' has 1 value(s) in the YAML but 0 triple(s)"
    )


INJECT_INTO = ("seeds/article/people.yaml", "  - id: person/chaiwut-thanakamanusorn\n")


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://example.org/a<c>", False),
        ('https://example.org/"quoted"', False),
        ("https://example.org/{key}", False),
        ("https://example.org/a b", False),
        ("https://example.org/100%", False),
        ("wd:Q|1861", False),
        ("https://th.wikipedia.org/wiki/ชัยวุฒิ", True),  # an IRI may hold Thai (RFC 3987 ucschar)
        # Further kept values: each a whole check of the seeds, the whole suite's.
        pytest.param("https://example.org/a%3Cc%3E", True, marks=pytest.mark.slow),
        pytest.param("wd:Q1861", True, marks=pytest.mark.slow),
    ],
)
def test_an_injected_iri_is_either_refused_at_its_line_or_kept(repo_copy: Path, value: str, kept: bool) -> None:
    file, entry = INJECT_INTO
    path = repo_copy / file
    text = path.read_text(encoding="utf-8")
    assert entry in text
    path.write_text(text.replace(entry, f"{entry}    url: {json.dumps(value, ensure_ascii=False)}\n"), encoding="utf-8")
    line = text[: text.index(entry)].count("\n") + 2
    try:
        built = check(Config(repo_copy, gazetteer=False))
    except DataError as error:
        assert not kept, "\n".join(p.render() for p in error.problems)
        assert [(p.file, p.line, p.rule) for p in error.problems] == [(file, line, "iri")]
        return
    found = mismatches(yaml_statements(repo_copy, gazetteer=False), built.main, repo_copy)
    assert found == []  # accepted, so it must have made its triple (pyoxigraph drops an invalid IRI silently)
    assert kept, f"{value!r} was accepted"
