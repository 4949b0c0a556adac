"""The terms the pages name: labels of the ontology's classes and properties in Thai and English, outside
terms, inverse directions, versions."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartcity_kg.core import iri
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.rdf.results import sparql_term

OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"


VERSION_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/")
"""A version IRI's path under the ontology's IRI: one folder (`0.2.0/`)."""


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


LABELS = ("rdfs:label", "skos:prefLabel", "dcterms:title")


OUTSIDE_LABELS = "ontology/outside-labels.ttl"
"""Thai and English names of the outside terms and of the inverse directions of properties, under the repository root."""


OWL = "http://www.w3.org/2002/07/owl#"


XSD = "http://www.w3.org/2001/XMLSchema#"


RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Labels:
    """Labels by IRI and language, with a fallback through the other language to a short form of the IRI."""

    by_iri: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    shortener: Any = None

    def add(self, subject: str, value: str, lang: str | None) -> None:
        languages = self.by_iri[subject]
        languages.setdefault(lang or "", value)

    def get(self, subject: str, lang: str) -> str:
        return self.pick(subject, lang)[0]

    def pick(self, subject: str, lang: str) -> tuple[str, str | None]:
        """The label in `lang`, else in another language, with the language it is in (None: untagged or an IRI)."""
        languages = self.by_iri.get(subject, {})
        for choice in (lang, *[other for other in LANGUAGES if other != lang], ""):
            if choice in languages:
                return languages[choice], choice or None
        if languages:
            found, text = next(iter(languages.items()))
            return text, found or None
        return (self.shortener(subject) if self.shortener else subject), None

    def has(self, subject: str) -> bool:
        return subject in self.by_iri


class Vocabulary:
    """The ontology (and shapes) of graph/, in memory: names and comments of classes and properties."""

    def __init__(self, files: dict[str, Path], prefixes: dict[str, str], outside: Path | None = None) -> None:
        """`files`: graph IRI (the ontology's own IRI) -> Turtle file; `outside`: the labels of outside terms
        and inverse directions (OUTSIDE_LABELS), kept apart from the store so that no term page lists them."""
        import pyoxigraph as ox

        self.prefixes = prefixes
        self.store = ox.Store()
        for position, (graph, path) in enumerate(files.items()):
            if path.exists():
                load_stable(self.store, path, ox.RdfFormat.TURTLE, ox.NamedNode(graph), f"v{position}b")
        self.labels = Labels(shortener=self.compact)
        self.comments = Labels(shortener=lambda _: "")
        label, comment = self.expand("rdfs:label"), self.expand("rdfs:comment")
        for quad in self.store:
            if isinstance(quad.object, ox.Literal) and isinstance(quad.subject, ox.NamedNode):
                if quad.predicate.value == label:
                    self.labels.add(quad.subject.value, quad.object.value, quad.object.language)
                elif quad.predicate.value == comment:
                    self.comments.add(quad.subject.value, quad.object.value, quad.object.language)
        self.inverse_labels = Labels(shortener=lambda _: "")
        typed = self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "SymmetricProperty"))
        symmetric = {q.subject.value for q in typed if isinstance(q.subject, ox.NamedNode)}
        if outside is not None and outside.is_file():
            self.read_outside(outside)
        for prop in symmetric:  # read backwards, a symmetric property says the same
            for lang_, text in self.labels.by_iri.get(prop, {}).items():
                self.inverse_labels.add(prop, text, lang_ or None)

    def read_outside(self, path: Path) -> None:
        import pyoxigraph as ox

        triples = [q.triple for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)]
        label, inverse_of = self.expand("rdfs:label"), OWL + "inverseOf"
        names: dict[str, list[Any]] = defaultdict(list)
        for t in triples:
            if t.predicate.value == label and isinstance(t.object, ox.Literal):
                names[str(t.subject)].append(t.object)
                if isinstance(t.subject, ox.NamedNode):
                    self.labels.add(t.subject.value, t.object.value, t.object.language)
        for t in triples:
            if t.predicate.value != inverse_of or not isinstance(t.object, ox.NamedNode):
                continue
            pairs = [(t.object.value, str(t.subject))]
            if isinstance(t.subject, ox.NamedNode):  # a named inverse reads both ways
                pairs.append((t.subject.value, str(t.object)))
            for prop, other in pairs:
                for name in names.get(other, []):
                    self.inverse_labels.add(prop, name.value, name.language)

    def inverse_label(self, prop: str, lang: str) -> tuple[str, bool]:
        """How a page names `prop` read from its object: its inverse's label (True), else its own label (False)."""
        if self.inverse_labels.has(prop):
            return self.inverse_labels.get(prop, lang), True
        return self.labels.get(prop, lang), False

    def datatype_label(self, datatype: str | None, lang: str) -> str | None:
        """A datatype worth telling a reader: one that OUTSIDE_LABELS names (WKT); numbers, dates and strings say
        what they are by themselves, so XSD's and rdf:langString get none."""
        if not datatype or datatype.startswith(XSD) or datatype == RDF_LANG_STRING or not self.labels.has(datatype):
            return None
        return self.labels.get(datatype, lang)

    def versions(self, ontology: str) -> list[str]:
        """Where the versions of `ontology` resolve: its owl:versionIRIs under its own IRI, relative to it
        (`<def/>` -> `0.2.0/`); one folder name each, so that a path and a rewrite rule can hold it."""
        import pyoxigraph as ox

        found = self.store.quads_for_pattern(ox.NamedNode(ontology), ox.NamedNode(OWL_VERSION_IRI), None, ox.NamedNode(ontology))
        values = {q.object.value for q in found if isinstance(q.object, ox.NamedNode)}
        return sorted(v[len(ontology) :] for v in values if v.startswith(ontology) and VERSION_PATH.fullmatch(v[len(ontology) :]))

    def triples(self, graph: str) -> list[Any]:
        """Every triple of one file (`graph`, its IRI in `files`), sorted: the document of that ontology."""
        import pyoxigraph as ox

        return sorted((q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))), key=str)

    def expand(self, compact: str) -> str:
        return iri.expand(compact, self.prefixes)

    def compact(self, value: str) -> str:
        return iri.compact(value, self.prefixes)

    def describe(self, subject: str) -> list[dict[str, Any]]:
        """Rows like `describe_query` gives, from the vocabulary itself."""
        import pyoxigraph as ox

        node = ox.NamedNode(subject)
        rows = [row("out", q.predicate, q.object, q.graph_name) for q in self.store.quads_for_pattern(node, None, None)]
        rows += [row("in", q.predicate, q.subject, q.graph_name) for q in self.store.quads_for_pattern(None, None, node)]
        return rows


def load_stable(store: Any, path: Path, rdf_format: Any, graph: Any = None, prefix: str = "b") -> None:
    """Load an RDF file into a pyoxigraph store, its blank nodes named `prefix` + their order of appearance.

    The parser's own blank-node names are random, so two loads of the same file would give two pages with
    different `_:` names; the order of the triples in a file is fixed.
    """
    import pyoxigraph as ox

    names: dict[str, Any] = {}

    def stable(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"{prefix}{len(names)}"))
        return term

    quads = [
        ox.Quad(stable(q.subject), q.predicate, stable(q.object), q.graph_name if graph is None else graph)
        for q in ox.parse(path=path, format=rdf_format, rename_blank_nodes=False)
    ]
    store.extend(quads)


def row(direction: str, predicate: Any, value: Any, graph: Any) -> dict[str, Any]:
    """A row of `describe_query` JSON results from pyoxigraph terms (the vocabulary's labels are stable: load_stable)."""
    import pyoxigraph as ox

    result = {"dir": {"type": "literal", "value": direction}, "p": sparql_term(predicate), "v": sparql_term(value)}
    if isinstance(graph, ox.NamedNode):
        result["g"] = sparql_term(graph)
    return result
