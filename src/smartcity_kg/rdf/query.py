"""SPARQL over the built graph with an embedded engine (pyoxigraph), printed for people or for programs.

The store holds graph/smartcity.nq, one named graph per source document, the gazetteer layer
(graph/gazetteer.nq.gz) when graph/ has it, and the ontology (graph/ontology.ttl) in the default graph.
Queries run with the union of all graphs as their default graph, so they work with and without GRAPH,
and classes can be looked up in the ontology (`?x a/rdfs:subClassOf* tsc:Committee`). Nothing is ever
fetched: a query with SERVICE is refused.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri
from smartcity_kg.rdf.results import GraphStyle, canonical_triples, serialize_results, serialize_triples
from smartcity_kg.rdf.runners import UNLIMITED
from smartcity_kg.rdf.sparql import QueryFailed, uses_service

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, Store, Triple

    Result = QuerySolutions | QueryBoolean | QueryTriples
    Term = NamedNode | BlankNode | Literal | Triple

DATA_FILE = "smartcity.nq"
GAZETTEER_FILE = "gazetteer.nq.gz"
ONTOLOGY_FILE = "ontology.ttl"
CONTEXT_FILE = "context.jsonld"


class QueryError(Exception):
    """A query that cannot be run: a syntax error, a SERVICE clause, a format that does not fit its result."""


def open_store(graph_dir: Path) -> Store:
    """An in-memory store of the files of graph/: the dataset's named graphs, the gazetteer layer's (when
    graph/ has it) and the ontology."""
    import gzip

    from pyoxigraph import DefaultGraph, RdfFormat, Store

    store = Store()
    store.load(path=graph_dir / DATA_FILE, format=RdfFormat.N_QUADS)
    if (graph_dir / GAZETTEER_FILE).is_file():
        store.bulk_load(gzip.decompress((graph_dir / GAZETTEER_FILE).read_bytes()), format=RdfFormat.N_QUADS)
    store.load(path=graph_dir / ONTOLOGY_FILE, format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    return store


def store_of(main: Iterable[Quad], ontology_turtle: str, more: Iterable[Quad] = ()) -> Store:
    """The same store, made from a dataset being built (before anything is written to graph/): the main layer,
    `more` quads (the gazetteer layer) and the ontology."""
    from pyoxigraph import DefaultGraph, RdfFormat, Store

    store = Store()
    store.bulk_extend(main)
    store.bulk_extend(more)
    store.load(ontology_turtle, format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    return store


def run(store: Store, text: str, base: str = iri.DEFAULT_BASE, prefixes: dict[str, str] | None = None) -> Result:
    """Run `text`, written for the default base, on a store published under `base`.

    Relative IRIs resolve against <base>id/ (`<area/satun>`); `prefixes` are declared for the query
    in advance (the command passes the context's, so a one-line query needs no PREFIX lines).
    """
    text = iri.rebase(text, base)
    try:
        federated = uses_service(text)
    except QueryFailed as error:
        raise QueryError(str(error)) from None
    if federated:
        # pyoxigraph would make the HTTP request; this tool never fetches anything.
        raise QueryError("SERVICE is refused: smartcity-kg query runs on the local graph only and never fetches anything")
    try:
        return store.query(text, use_default_graph_as_union=True, base_iri=iri.id_base(base), prefixes=prefixes)
    except SyntaxError as error:
        raise QueryError(f"not a SPARQL 1.1 query: {error}") from error


def select_rows(store: Store, text: str) -> list[dict[str, Any]]:
    """The solutions of a SELECT over the union of all graphs, in the query's order: dicts of terms (None if unbound)."""
    from pyoxigraph import QuerySolutions

    solutions = store.query(text, use_default_graph_as_union=True)
    if not isinstance(solutions, QuerySolutions):
        raise QueryError("select_rows runs SELECT queries only")
    names = [variable.value for variable in solutions.variables]
    return [{name: solution[name] for name in names} for solution in solutions]


def kind(result: Result) -> str:
    from pyoxigraph import QueryBoolean, QuerySolutions

    if isinstance(result, QuerySolutions):
        return "solutions"
    return "boolean" if isinstance(result, QueryBoolean) else "triples"


# ---------------------------------------------------------------------------------------------------
# Showing terms and tables
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """How results are shown: with the project's prefixes, ids relative to <base>id/, the published context."""

    prefixes: dict[str, str]
    """Prefix -> namespace, from the JSON-LD context."""
    base: str
    """Base IRI of the dataset."""
    context: dict[str, Any]
    """The JSON-LD context document (graph/context.jsonld), embedded in JSON-LD output."""

    def show(self, term: Term | None) -> str:
        """A term as a cell of a table: `area/satun`, `tsc:SmartCityArea`, the text of a literal."""
        from pyoxigraph import BlankNode, Literal, NamedNode

        if term is None:
            return ""
        if isinstance(term, Literal):
            return " ".join(term.value.split())  # a table cell is one line
        if isinstance(term, BlankNode):
            return f"_:{term.value}"
        if isinstance(term, NamedNode):
            return self.short(term.value)
        return f"<< {self.show(term.subject)} {self.show(term.predicate)} {self.show(term.object)} >>"

    def short(self, value: str) -> str:
        ids = iri.id_base(self.base)
        if value.startswith(ids) and len(value) > len(ids):
            return value[len(ids) :]
        matches = [(len(ns), prefix) for prefix, ns in self.prefixes.items() if value.startswith(ns) and len(value) > len(ns)]
        if matches:
            length, prefix = max(matches)
            return f"{prefix}:{value[length:]}"
        return value


def width(text: str) -> int:
    """Columns `text` takes in a terminal: combining marks (Thai vowels above and below, tone marks) take none,
    wide East Asian characters two."""
    columns = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        columns += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return columns


def table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to the widest cell (by display width), a rule under the header, the row count last."""
    widths = [max([width(h)] + [width(row[i]) for row in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell + " " * (w - width(cell)) for cell, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(header), line(["-" * w for w in widths])] + [line(row) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# Output formats, looked up by name
# ---------------------------------------------------------------------------------------------------


def sorted_triples(result: Result) -> list[Triple]:
    """Triples in a fixed order with canonical blank-node labels, so the same query prints the same text."""
    from pyoxigraph import QueryTriples

    assert isinstance(result, QueryTriples)
    return canonical_triples(result)


def render_table(result: Result, view: View) -> str:
    from pyoxigraph import QueryBoolean, QuerySolutions

    if isinstance(result, QueryBoolean):
        return f"{'true' if bool(result) else 'false'}\n"
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        return table(names, [[view.show(solution[name]) for name in names] for solution in result])
    rows = [[view.show(t.subject), view.show(t.predicate), view.show(t.object)] for t in sorted_triples(result)]
    return table(["subject", "predicate", "object"], rows)


def render_results(name: str) -> Callable[[Result, View], str]:
    """SPARQL 1.1 query results in a format of the registry, as `serve` sends them (results.py)."""

    def render(result: Result, view: View) -> str:
        from pyoxigraph import QueryBoolean, QuerySolutions

        assert isinstance(result, QuerySolutions | QueryBoolean)
        return line_ended(serialize_results(result, name, UNLIMITED))

    return render


def render_graph(name: str) -> Callable[[Result, View], str]:
    """Triples in a format of the registry, as `serve` sends them: Turtle with the prefixes it uses, JSON-LD
    compacted with the project context, as graph/smartcity.jsonld is, so they read like the YAML."""

    def render(result: Result, view: View) -> str:
        from pyoxigraph import QueryTriples

        assert isinstance(result, QueryTriples)
        style = GraphStyle(view.prefixes, iri.document_context(view.context["@context"], view.base), indent=2)
        try:
            return line_ended(serialize_triples(result, name, style, UNLIMITED))
        except QueryFailed as error:
            raise QueryError(f"{error} (--format turtle)") from None

    return render


def line_ended(data: bytes) -> str:
    text = data.decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


@dataclass(frozen=True)
class Output:
    """An output of the command: the kinds of result it can show; the names but `table` are those of formats.py."""

    kinds: tuple[str, ...]
    render: Callable[[Result, View], str]
    what: str


TABULAR = ("solutions", "boolean")
OUTPUTS: dict[str, Output] = {
    "table": Output(("solutions", "boolean", "triples"), render_table, "aligned columns for reading (default for SELECT and ASK)"),
    "csv": Output(TABULAR, render_results("csv"), "SPARQL 1.1 results, CSV"),
    "tsv": Output(TABULAR, render_results("tsv"), "SPARQL 1.1 results, TSV"),
    "json": Output(TABULAR, render_results("json"), "SPARQL 1.1 results, JSON"),
    "xml": Output(TABULAR, render_results("xml"), "SPARQL 1.1 results, XML"),
    "turtle": Output(("triples",), render_graph("turtle"), "Turtle (default for CONSTRUCT and DESCRIBE)"),
    "jsonld": Output(("triples",), render_graph("jsonld"), "JSON-LD compacted with the project context (embedded)"),
}
DEFAULT_OUTPUT = {"solutions": "table", "boolean": "table", "triples": "turtle"}


def render(result: Result, view: View, name: str | None = None) -> str:
    """The result in format `name`, or the default for its kind; QueryError if the format does not fit."""
    result_kind = kind(result)
    name = name or DEFAULT_OUTPUT[result_kind]
    if result_kind not in OUTPUTS[name].kinds:
        fitting = ", ".join(n for n, f in OUTPUTS.items() if result_kind in f.kinds)
        what = "a SELECT or ASK" if result_kind in TABULAR else "a CONSTRUCT or DESCRIBE"
        raise QueryError(f"--format {name} does not fit {what} query; use one of: {fitting}")
    return OUTPUTS[name].render(result, view)


def view_of(graph_dir: Path, base: str) -> View:
    document: dict[str, Any] = json.loads((graph_dir / CONTEXT_FILE).read_text(encoding="utf-8"))
    return View(iri.prefixes(document["@context"]), base, document)
