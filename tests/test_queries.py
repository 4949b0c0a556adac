"""The example queries of queries/: each says what it asks, gives its expected result, and rdflib agrees with
pyoxigraph on every one, so they stay standard SPARQL 1.1."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from smartcity_kg.rdf import query, sparql
from smartcity_kg.rdf.examples import Table, comparable, examples, literal, oxigraph_table, page, read_expected

from .conftest import ROOT

if TYPE_CHECKING:
    from pyoxigraph import Store
    from rdflib import Dataset, Graph

EXAMPLES = examples(ROOT / "queries")
QUESTIONS = [e for e in EXAMPLES if not e.violation]
CHECKS = [e for e in EXAMPLES if e.violation]
# Federated queries need the internet (their answer is the outside endpoint's live data): not run here.
LOCAL = [e for e in EXAMPLES if not e.federated]
FEDERATED = [e for e in EXAMPLES if e.federated]
# The rdflib cross-check runs on the main layer and the gazetteer units of these provinces (those of the
# areas placed in districts): rdflib needs a minute for the violation checks over all 100,000 statements
# of the gazetteer, and standard SPARQL is as well shown on a part of it.
SAMPLE_PROVINCES = ("21", "52", "84", "90")


@pytest.fixture(scope="module")
def store(written: Path) -> Store:
    return query.open_store(written)


def sample_nquads(graph: Path) -> str:
    """The gazetteer lines of the sample provinces: their districts, subdistricts and centroids."""
    import gzip
    import re

    text = gzip.decompress((graph / "gazetteer.nq.gz").read_bytes()).decode("utf-8")
    wanted = re.compile(r"^<[^>]*/id/(?:district|subdistrict|centroid)/(?:" + "|".join(SAMPLE_PROVINCES) + r")[0-9]*>")
    return "".join(line + "\n" for line in text.splitlines() if wanted.match(line))


@pytest.fixture(scope="module")
def sample_store(written: Path) -> Store:
    from pyoxigraph import DefaultGraph, RdfFormat, Store

    store = Store()
    store.load(path=written / "smartcity.nq", format=RdfFormat.N_QUADS)
    store.load(sample_nquads(written), format=RdfFormat.N_QUADS)
    store.load(path=written / "ontology.ttl", format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    return store


@pytest.fixture(scope="module")
def rdflib_dataset(written: Path) -> Dataset:
    """The sample loaded into rdflib as `smartcity-kg query` loads graph/ into pyoxigraph: named graphs, the
    ontology in the default graph, and the union of all as the default graph of queries."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(written / "smartcity.nq", format="nquads")
    dataset.parse(data=sample_nquads(written), format="nquads")
    dataset.default_graph.parse(written / "ontology.ttl", format="turtle")
    return dataset


def rdflib_table(result: Any) -> Table:
    from rdflib import BNode, Literal, URIRef

    def term(node: Any) -> tuple[str, ...] | None:
        if node is None:
            return None
        if isinstance(node, URIRef):
            return ("uri", str(node))
        if isinstance(node, BNode):
            return ("bnode",)
        assert isinstance(node, Literal), node
        return literal(str(node), str(node.datatype) if node.datatype else None, node.language)

    if result.type == "ASK":
        return Table(boolean=bool(result.askAnswer))
    variables = tuple(str(v) for v in result.vars)
    return Table(variables, tuple(tuple(term(row[v]) for v in variables) for row in result))


def oxigraph_graph(result: Any) -> Graph:
    from pyoxigraph import RdfFormat, serialize
    from rdflib import Graph

    data = serialize(list(result), format=RdfFormat.N_TRIPLES)
    assert data is not None
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def test_the_library_answers_the_questions_users_come_with() -> None:
    assert len(QUESTIONS) >= 15
    assert {e.form for e in QUESTIONS} >= {"SELECT", "ASK", "CONSTRUCT"}
    names = {e.name for e in CHECKS}
    assert {
        "areas-without-province-violation",
        "entities-without-label-violation",
        "terms-without-thai-and-english-label-violation",
        "persons-without-post-violation",
        "statements-without-source-violation",
        "stated-totals-violation",
    } <= names


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_every_query_says_what_it_asks_and_where_its_answer_comes_from(example: Any) -> None:
    assert not example.missing_fields, f"{example.path.name}: the header lacks {example.missing_fields}"
    assert re.search(r"[\u0e00-\u0e7f]", example.fields["question_th"]), "question_th is not in Thai"
    assert sparql.uses_service(example.text) == bool(example.federated), "SERVICE only in a query with a `federated` field"
    if example.federated:
        assert example.expected is None and not example.violation, "a federated query has no expected result file here"
    elif example.violation:
        assert example.form == "SELECT" and example.expected is None, "a check is a SELECT whose expected result is no rows"
    else:
        assert example.expected is not None, f"{example.path.name} needs exactly one of .csv, .srj, .ttl beside it"
        assert (example.expected.suffix == ".ttl") == (example.form == "CONSTRUCT")


@pytest.mark.parametrize("example", FEDERATED, ids=[e.name for e in FEDERATED])
def test_a_federated_query_is_sparql_calling_its_endpoint_only(example: Any) -> None:
    """Not run (it needs the internet): it parses as SPARQL 1.1 and its SERVICE clauses call the declared endpoint."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(example.text)
    body = "\n".join(line for line in example.text.splitlines() if not line.lstrip().startswith("#"))
    assert set(re.findall(r"SERVICE\s+<([^>]+)>", body, re.IGNORECASE)) == {example.federated}


def test_there_is_a_federated_query_and_a_local_one_over_the_links() -> None:
    names = {e.name for e in EXAMPLES}
    assert FEDERATED and "area-districts" in names


@pytest.mark.parametrize("example", LOCAL, ids=[e.name for e in LOCAL])
def test_query_gives_its_expected_result(example: Any, store: Store) -> None:
    result = query.run(store, example.text)
    if example.violation:
        assert oxigraph_table(result).rows == (), f"{example.path.name} returned rows: the data breaks its rule"
        return
    assert example.expected is not None
    if example.form == "CONSTRUCT":
        from rdflib import Graph
        from rdflib.compare import graph_diff, isomorphic

        actual, expected = oxigraph_graph(result), Graph().parse(example.expected, format="turtle")
        _, missing, extra = graph_diff(expected, actual)
        assert isomorphic(actual, expected), f"missing: {sorted(missing)}\nextra: {sorted(extra)}"
        return
    actual_rows, expected_rows = comparable(oxigraph_table(result), read_expected(example.expected), example.ordered)
    assert actual_rows == expected_rows


# rdflib on the checks (*-violation.rq) takes seconds each: the whole suite runs them, the fast tier the questions.
CROSS_CHECKED = [pytest.param(e, id=e.name, marks=pytest.mark.slow if e.violation else ()) for e in LOCAL]


@pytest.mark.parametrize("example", CROSS_CHECKED)
def test_rdflib_gives_the_same_result_as_pyoxigraph(example: Any, sample_store: Store, rdflib_dataset: Dataset) -> None:
    """The queries are standard SPARQL 1.1: a second, independent engine gives the same terms on the same data."""
    theirs = rdflib_dataset.query(example.text)
    ours = query.run(sample_store, example.text)
    if example.form == "CONSTRUCT":
        from rdflib.compare import isomorphic

        assert theirs.graph is not None
        assert isomorphic(oxigraph_graph(ours), theirs.graph)
        return
    ours_rows, theirs_rows = comparable(oxigraph_table(ours), rdflib_table(theirs), example.ordered)
    assert ours_rows == theirs_rows


def test_the_queries_page_is_up_to_date() -> None:
    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == page(ROOT), "run .venv/bin/python tools/queries_page.py"


def test_the_readme_lists_every_query() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [e.path.name for e in EXAMPLES if f"queries/{e.path.name}" not in readme]
    assert not missing
