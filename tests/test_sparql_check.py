"""The check every query passes before it runs: its form, and what it refuses (updates, LOAD, SERVICE)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from smartcity_kg.present.messages import pick_language
from smartcity_kg.rdf.sparql import QueryFailed, QueryRefused, QueryTooLarge, check

ALLOWED = [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("prefix ex: <http://example.org/> base <http://example.org/> ask { ?s ex:p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
    ("# a comment that says INSERT and SERVICE\nSELECT * {}", "SELECT"),
    ('SELECT * { ?s ?p "SERVICE <http://x/> { }" }', "SELECT"),
    ("SELECT * { ?s ?p '''LOAD <x>\nDROP ALL''' }", "SELECT"),
    ('SELECT * { ?s ?p "a \\" SERVICE" }', "SELECT"),
    ("PREFIX service: <http://example.org/> SELECT * { ?s service:insert ?o }", "SELECT"),
    ("SELECT ?service ?load { ?service ?p ?load }", "SELECT"),
    ("SELECT * { <http://example.org/SERVICE#load> ?p ?o }", "SELECT"),
    ("SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }", "SELECT"),
    ("SELECT * { ?s ?p ?o FILTER(LANG(?o) = 'th') }", "SELECT"),
]

REFUSED: list[tuple[str, type[QueryFailed]]] = [
    ("INSERT DATA { <a:s> <a:p> <a:o> }", QueryRefused),
    ("PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }", QueryRefused),
    ("LOAD <http://example.org/data.ttl>", QueryRefused),
    ("load silent <http://example.org/data.ttl> into graph <a:g>", QueryRefused),
    ("CLEAR ALL", QueryRefused),
    ("DROP GRAPH <a:g>", QueryRefused),
    ("WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", QueryRefused),
    ("SELECT * {} ; INSERT DATA { <a:s> <a:p> <a:o> }", QueryRefused),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", QueryRefused),
    ("SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }", QueryRefused),
    ("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }", QueryRefused),
    # Oxigraph reads `?a < '>'` (a comparison, then SERVICE); a naive lexer would see an IRI, then a string.
    ("SELECT * WHERE { FILTER(?a<'>') SERVICE <http://example.org/> { ?s ?p ?o } #'\n}", QueryFailed),
    ("SELECT * WHERE { ?s ?p 'never closed }", QueryFailed),
    ("   ", QueryFailed),
    ("?s ?p ?o", QueryFailed),
    ("SELECT * {}" + " " * 100, QueryTooLarge),
]


@pytest.mark.parametrize(("query", "form"), ALLOWED)
def test_allowed(query: str, form: str) -> None:
    assert check(query, 100) == form
    assert check(query, len(query)) == form  # a query as long as the limit is taken
    with pytest.raises(QueryTooLarge):
        check(query, len(query) - 1)


@pytest.mark.parametrize(("query", "error"), REFUSED)
def test_refused(query: str, error: type[QueryFailed]) -> None:
    with pytest.raises(error) as raised:
        check(query, 100)
    assert raised.value.status == error.status
    assert raised.value.message


@pytest.mark.parametrize(("query", "form"), ALLOWED)
def test_what_is_allowed_parses(query: str, form: str) -> None:
    """The check agrees with the engine about which queries are queries."""
    result = ox.Store().query(query)
    kind = {ox.QuerySolutions: "SELECT", ox.QueryBoolean: "ASK", ox.QueryTriples: "CONSTRUCT"}[type(result)]
    assert kind == form or (form == "DESCRIBE" and kind == "CONSTRUCT")


@pytest.mark.parametrize(
    ("param", "cookie", "accept", "language"),
    [
        ("en", "th", "th", "en"),
        (None, "en", "th", "en"),
        ("xx", None, "en-GB,en;q=0.9,th;q=0.5", "en"),
        (None, None, "th-TH,th;q=0.9,en;q=0.8", "th"),
        (None, None, "fr-FR,en;q=0.5", "en"),
        (None, None, "fr-FR", "th"),
        (None, None, None, "th"),
    ],
)
def test_language(param: str | None, cookie: str | None, accept: str | None, language: str) -> None:
    assert pick_language(param, cookie, accept) == language


def test_predeclared_prefixes_come_after_an_opening_base() -> None:
    """Virtuoso takes BASE only before PREFIX; the example queries open with comments, then BASE."""
    from smartcity_kg.rdf.sparql import with_prefixes

    query = "# question: ...\nBASE <https://w3id.org/thai-smart-city/id/>\nSELECT ?s WHERE { ?s a tsc:Province } LIMIT 1\n"
    declared = with_prefixes(query, {"tsc": "https://w3id.org/thai-smart-city/def/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    lines = declared.splitlines()
    assert len(lines) == len(query.splitlines()), "a syntax error must keep its line number"
    assert lines[1].startswith("BASE <https://w3id.org/thai-smart-city/id/> PREFIX rdfs:"), lines[1]
    assert isinstance(ox.Store().query(declared), ox.QuerySolutions)  # parses as a SPARQL query
    own = with_prefixes("PREFIX tsc: <urn:x:> SELECT * {}", {"tsc": "https://w3id.org/thai-smart-city/def/"})
    assert own == "PREFIX tsc: <urn:x:> SELECT * {}"
