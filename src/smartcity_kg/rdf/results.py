"""The one serializer of answers: pyoxigraph's solutions in SPARQL 1.1 Query Results JSON, its triples in
JSON-LD 1.1, and whole answers in every format of the registry (formats.py).

The one place that turns engine terms into text, used by `query`, `serve` (its workers and the remote
runner) and `site`, so that they write the same text for the same result. Blank nodes stay blank nodes;
the engine's own labels are random (a CONSTRUCT template makes new ones on every run), so they get
stable ones:

- in solutions, `b0`, `b1`, ... in order of first appearance (a label is scoped to one results document);
- in triples, the RDFC-1.0 canonical labels (`c14n0`, ...), which depend on the graph alone, not on the
  order the engine produced its triples in; the triples are then sorted, so the same graph gives the
  same text in every format.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from smartcity_kg.rdf import formats
from smartcity_kg.rdf.sparql import QueryFailed

if TYPE_CHECKING:
    import pyoxigraph
    from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Triple

    Term = NamedNode | BlankNode | Literal | Triple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class NotRepresentable(ValueError):
    """A result the format cannot hold: RDF-star triple terms in JSON-LD."""


class Labels:
    """Blank-node labels b0, b1, ... in order of first appearance."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, node: BlankNode) -> str:
        return self.names.setdefault(node.value, f"b{len(self.names)}")


def own_label(node: BlankNode) -> str:
    """The store's label, for stores whose labels are already stable (present/vocabulary.py, load_stable)."""
    return node.value


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------------------------------------------
# SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/, section 3.2.2)
# ---------------------------------------------------------------------------------------------------


def sparql_term(term: Term, label: Callable[[BlankNode], str] = own_label) -> dict[str, Any]:
    """One RDF term: `uri`, `bnode` (its label, without `_:`), `literal` with `xml:lang` or `datatype`
    (neither for a simple literal), or `triple` (SPARQL 1.2) for an RDF-star triple term."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": label(term)}
    if isinstance(term, Literal):
        literal = {"type": "literal", "value": term.value}
        if term.language:
            literal["xml:lang"] = term.language  # rdf:langString is implied: no datatype
        elif term.datatype.value != XSD_STRING:
            literal["datatype"] = term.datatype.value
        return literal
    parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
    return {"type": "triple", "value": {name: sparql_term(part, label) for name, part in parts.items()}}


def write_sparql_json(result: QuerySolutions | QueryBoolean, out: IO[bytes]) -> None:
    """The result of a SELECT or ASK, written binding by binding (so a capped `out` stops a large answer early)."""
    from pyoxigraph import QueryBoolean

    if isinstance(result, QueryBoolean):
        out.write(_dumps({"head": {}, "boolean": bool(result)}))
        return
    names = [variable.value for variable in result.variables]
    keys = [_dumps(name) + b":" for name in names]
    label = Labels()
    written: dict[Any, bytes] = {}  # each term's JSON once: results repeat terms, and json.dumps is most of the time
    out.write(b'{"head":{"vars":' + _dumps(names) + b'},"results":{"bindings":[')
    for position, solution in enumerate(result):
        parts = []
        for key, term in zip(keys, solution, strict=True):
            if term is None:
                continue
            text = written.get(term)
            if text is None:
                text = written[term] = _dumps(sparql_term(term, label))
            parts.append(key + text)
        out.write((b",{" if position else b"{") + b",".join(parts) + b"}")
    out.write(b"]}}")


def sparql_json(result: QuerySolutions | QueryBoolean) -> bytes:
    import io

    buffer = io.BytesIO()
    write_sparql_json(result, buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# Triples: canonical blank nodes, a fixed order, JSON-LD
# ---------------------------------------------------------------------------------------------------


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FIRST_PREDICATES = (RDF + "type", RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel")
"""What a reader looks for first in a description: what the thing is, then its names; then the rest, sorted."""


def predicate_order(predicate: str) -> tuple[int, str]:
    """The place of a predicate in a description: FIRST_PREDICATES in their order, then the others by IRI."""
    try:
        return FIRST_PREDICATES.index(predicate), ""
    except ValueError:
        return len(FIRST_PREDICATES), predicate


def canonical_triples(triples: Iterable[Triple]) -> list[Triple]:
    """The distinct triples, their blank nodes labelled by RDFC-1.0, sorted by subject, then predicate in
    `predicate_order` (rdf:type, the labels, the rest), then object: Turtle and N-Triples read alike."""
    from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, Quad

    found = list(triples)
    if any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in found):
        dataset = Dataset([Quad(t.subject, t.predicate, t.object) for t in found])
        dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
        found = [quad.triple for quad in dataset]
    return sorted(set(found), key=lambda t: (str(t.subject), predicate_order(t.predicate.value), str(t.object)))


def rdf_term(term: Term) -> dict[str, str]:
    """One RDF term in the RDF dataset form of the JSON-LD API (PyLD's from_rdf): blank nodes as `_:label`."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(term, NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "blank node", "value": "_:" + term.value}
    if isinstance(term, Literal):
        literal = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        if term.language:
            literal["language"] = term.language
        return literal
    raise NotRepresentable("JSON-LD cannot hold RDF-star triple terms; ask for Turtle or N-Triples")


def iris_of(triples: Iterable[Triple]) -> set[str]:
    """Every IRI the triples name: subjects, predicates, objects, and the datatypes of literals."""
    from pyoxigraph import Literal, NamedNode

    found = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, NamedNode):
                found.add(term.value)
            elif isinstance(term, Literal):
                found.add(term.datatype.value)
    return found


@dataclass(frozen=True)
class ContextIndex:
    """What `used_context` looks up in a context, worked out once per context rather than once per document."""

    always: frozenset[str]
    """Keywords and keyword aliases (@version, @protected; id, type, entities)."""
    prefixes: tuple[tuple[str, str], ...]
    """Prefix definitions, as (name, namespace)."""
    terms: dict[str, list[tuple[str, frozenset[str]]]]
    """By IRI, the terms that name it and the prefixes each one's definition is written with."""


INDEXES: dict[int, tuple[dict[str, Any], ContextIndex]] = {}
"""context_index's answers by the id of their context, the context kept alive so that its id is not reused."""


def context_index(own: dict[str, Any]) -> ContextIndex:
    cached = INDEXES.get(id(own))
    if cached is not None and cached[0] is own:
        return cached[1]
    prefixes = {name: value for name, value in own.items() if isinstance(value, str) and "://" in value}

    def expand(value: str) -> str:
        prefix, colon, local = value.partition(":")
        return prefixes[prefix] + local if colon and prefix in prefixes else value

    always = set()
    terms: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for name, value in own.items():
        if name.startswith("@") or (isinstance(value, str) and value.startswith("@")):
            always.add(name)
        elif name not in prefixes:
            definition = value if isinstance(value, dict) else {"@id": value}
            parts = (definition.get("@id", name), definition.get("@type", ""))
            needed = frozenset(part.partition(":")[0] for part in parts if not part.startswith("@") and ":" in part)
            terms[expand(definition.get("@id", name))].append((name, needed))
    index = ContextIndex(frozenset(always), tuple(prefixes.items()), dict(terms))
    INDEXES[id(own)] = (own, index)
    return index


def used_context(triples: Iterable[Triple], context: list[Any]) -> list[Any]:
    """The part of a document `@context` (iri.document_context: the project context, then `@base`) that the
    triples can use: its keywords and keyword aliases, the terms whose IRI they name, and the prefixes of those
    terms or of their IRIs. Compacting with it gives the document that the whole context gives (a term or
    prefix whose IRI the document never names is never chosen), in a fraction of the bytes and of the time.
    """
    own, *rest = context
    index = context_index(own)
    kept = set(index.always)
    for found in iris_of(triples):
        kept.update(name for name, namespace in index.prefixes if found.startswith(namespace))
        for name, needed in index.terms.get(found, ()):
            kept.add(name)
            kept.update(needed)
    return [{name: value for name, value in own.items() if name in kept}, *rest]


def jsonld(triples: Iterable[Triple], context: list[Any] | None) -> Any:
    """The triples (from canonical_triples) in JSON-LD: compacted with `context`, the `@context` of the document
    (iri.document_context, which embeds the context: nothing is ever loaded), or expanded without one."""
    from pyld import jsonld as pyld

    default = [{"subject": rdf_term(t.subject), "predicate": rdf_term(t.predicate), "object": rdf_term(t.object)} for t in triples]
    expanded = pyld.from_rdf({"@default": default})
    if context is None:
        return expanded
    return pyld.compact(expanded, {"@context": context}, {"skipExpansion": True})  # from_rdf's output is expanded already


# ---------------------------------------------------------------------------------------------------
# Whole answers in a format of the registry (formats.py): pyoxigraph for Turtle, N-Triples, RDF/XML, XML,
# CSV, TSV; the functions above for the JSON ones.
# ---------------------------------------------------------------------------------------------------


class TooLarge(Exception):
    pass


class CappedBuffer(io.BytesIO):
    """A bytes sink that refuses to grow past `limit` (pyoxigraph writes into it)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any, /) -> int:
        if self.tell() + len(data) > self.limit:
            raise TooLarge
        return super().write(data)


def too_large(limit: int) -> QueryFailed:
    return QueryFailed(f"the answer is larger than {limit:,} bytes, the limit of this endpoint; add LIMIT or narrow the query")


@dataclass(frozen=True)
class GraphStyle:
    """How graphs are written: the prefix map of Turtle and the context of JSON-LD."""

    prefixes: dict[str, str] = field(default_factory=dict)
    context: list[Any] | None = None
    """The `@context` of JSON-LD answers (iri.document_context); None: expanded JSON-LD."""
    used_context: bool = False
    """Embed only the part of `context` a document uses (used_context): the site, whose 17,000 documents
    would otherwise each carry the whole 8.5 KB context."""
    indent: int = 1
    """Indentation of JSON-LD (`query` prints with 2)."""


def serialize_triples(triples: Iterable[pyoxigraph.Triple], fmt: str, style: GraphStyle, limit: int) -> bytes:
    """The triples in `fmt`, sorted, blank nodes with canonical labels (canonical_triples)."""
    import pyoxigraph as ox

    buffer = CappedBuffer(limit)
    ordered = canonical_triples(triples)
    try:
        if fmt == "jsonld":
            try:
                context = used_context(ordered, style.context) if style.used_context and style.context else style.context
                document = jsonld(ordered, context)
            except NotRepresentable as error:
                raise QueryFailed(str(error)) from None
            buffer.write(json.dumps(document, ensure_ascii=False, indent=style.indent).encode("utf-8"))
        else:
            rdf_format = getattr(ox.RdfFormat, formats.GRAPHS[fmt].oxigraph)
            prefixes = used_prefixes(ordered, style.prefixes) if fmt == "turtle" else None
            ox.serialize(ordered, buffer, rdf_format, prefixes=prefixes)
    except TooLarge:
        raise too_large(limit) from None
    return buffer.getvalue()


def serialize_results(result: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean, fmt: str, limit: int) -> bytes:
    """A SELECT or ASK result in `fmt`: JSON by results.py (stable blank-node labels), the others by pyoxigraph."""
    import pyoxigraph as ox

    buffer = CappedBuffer(limit)
    try:
        if fmt == "json":
            write_sparql_json(result, buffer)
        else:
            result.serialize(buffer, getattr(ox.QueryResultsFormat, formats.RESULTS[fmt].oxigraph))
    except TooLarge:
        raise too_large(limit) from None
    return buffer.getvalue()


def used_prefixes(triples: list[pyoxigraph.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of `triples` is in (Turtle lists no others)."""
    import pyoxigraph as ox

    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    return {prefix: ns for prefix, ns in sorted(prefixes.items()) if any(value.startswith(ns) for value in iris)}
