"""`smartcity-kg serve` over HTTP: SPARQL 1.1 Protocol with a real client, linked data, and what it refuses.

One server (embedded store, a 2 s time limit, small size limits: conftest `server`) serves the module; a second one answers
from the first one's /sparql (--endpoint) to show that the pages work over any SPARQL endpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

from smartcity_kg.rdf.results import GraphStyle
from smartcity_kg.rdf.runners import Job, Limits
from smartcity_kg.rdf.workers import EmbeddedRunner, WorkerSettings

from .conftest import offline
from .serving import MAX_BODY, MAX_QUERY, ROOT, Server, running
from .test_query_command import BLANK_NODES, TERMS, check_sparql_json_terms

BASE = "https://w3id.org/thai-smart-city/"
ID = BASE + "id/"
TSC = BASE + "def/"
AREA = ID + "area/nakhon-rayong"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 2031^3 rows: never finishes in 2 s
# The project's context, whose prefixes the server predeclares (graph/context.jsonld publishes it unchanged: test_outputs).
CONTEXT = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]


@pytest.fixture(scope="module")
def remote(repo: Path, server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running("--endpoint", server.sparql, root=repo, log_dir=tmp_path_factory.mktemp("remote")) as started:
        yield started


@pytest.fixture(scope="module")
def data(written: Path) -> ox.Store:
    """What the server loads: the named graphs of smartcity.nq and of the gazetteer layer, the ontology in the default graph."""
    from smartcity_kg.rdf import query

    return query.open_store(written)


def count(store: ox.Store, query: str) -> int:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    value = next(iter(solutions))[0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def get(server: Server, path: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + path, headers=headers, timeout=30)


# ---------------------------------------------------------------------------------------------------
# SPARQL 1.1 Protocol, with SPARQLWrapper as the client
# ---------------------------------------------------------------------------------------------------

AREAS = f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{TSC}SmartCityArea> }}"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select(server: Server, data: ox.Store, method: str) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setMethod(method)
    client.setQuery(AREAS)
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    assert int(result["results"]["bindings"][0]["n"]["value"]) == count(data, AREAS) == 37


def test_sparqlwrapper_ask_and_construct(server: Server) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(f"ASK {{ <{AREA}> <{TSC}province> <{ID}province/TH-21> }}")
    client.setReturnFormat(XML)
    assert client.queryAndConvert().getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
    client.setQuery(f"CONSTRUCT WHERE {{ <{AREA}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    client.setMethod(POST)
    turtle = client.queryAndConvert()
    assert isinstance(turtle, bytes)
    triples = list(ox.parse(turtle, ox.RdfFormat.TURTLE))
    assert ox.Triple(ox.NamedNode(AREA), ox.NamedNode(TSC + "province"), ox.NamedNode(ID + "province/TH-21")) in {q.triple for q in triples}


@pytest.mark.parametrize(
    ("accept", "media_type", "results_format"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_results_by_accept(server: Server, accept: str, media_type: str, results_format: ox.QueryResultsFormat) -> None:
    response = httpx.get(server.sparql, params={"query": AREAS}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    if results_format == ox.QueryResultsFormat.CSV:  # lossy: pyoxigraph reads no CSV
        assert response.text.split() == ["n", "37"]
        return
    solutions = ox.parse_query_results(response.content, results_format)
    assert isinstance(solutions, ox.QuerySolutions)
    assert [s["n"].value for s in solutions] == ["37"]


@pytest.mark.parametrize(
    ("choice", "media_type"),
    [
        ({"accept": "text/turtle"}, "text/turtle"),
        ({"accept": "application/n-triples"}, "application/n-triples"),
        ({"accept": "application/ld+json"}, "application/ld+json"),
        ({"accept": "application/rdf+xml"}, "application/rdf+xml"),
        ({"format": "ttl"}, "text/turtle"),
        ({"format": "json-ld"}, "application/ld+json"),
        ({"format": "application/rdf+xml"}, "application/rdf+xml"),
    ],
)
def test_construct_formats(server: Server, choice: dict[str, str], media_type: str) -> None:
    query = f"CONSTRUCT WHERE {{ <{AREA}> ?p ?o }}"
    params = {"query": query, **{k: v for k, v in choice.items() if k == "format"}}
    headers = {k: v for k, v in choice.items() if k == "accept"}
    response = httpx.post(server.sparql, data=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    reference = httpx.post(server.sparql, data={"query": query}, headers={"accept": "application/n-triples"})
    expected = {q.triple for q in ox.parse(reference.content, ox.RdfFormat.N_TRIPLES)}
    assert len(expected) > 5
    if media_type == "application/ld+json":
        document = response.json()
        assert document["@context"] == [CONTEXT, {"@base": ID}]  # the published context, embedded: nothing to fetch
        assert document["id"] == "area/nakhon-rayong"
        return
    rdf_format = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}.get(media_type, ox.RdfFormat.RDF_XML)
    assert {q.triple for q in ox.parse(response.content, rdf_format)} == expected


def test_post_direct_and_graph_parameters(server: Server) -> None:
    graph = ID + "source/tcan-adm1-v1.0.0"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = httpx.post(server.sparql, content=query.encode(), headers={"content-type": "application/sparql-query", "accept": "text/csv"})
    one = httpx.post(
        server.sparql,
        params={"default-graph-uri": graph},
        content=query.encode(),
        headers={"content-type": "application/sparql-query", "accept": "text/csv"},
    )
    assert whole.status_code == one.status_code == 200
    assert int(whole.text.split()[1]) > int(one.text.split()[1]) > 0


def test_service_description_and_cors(server: Server) -> None:
    response = get(server, "/sparql", accept="text/turtle", origin="https://example.org")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    triples = {q.triple for q in ox.parse(response.content, ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(server.sparql)
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    assert ox.Triple(endpoint, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")) in triples
    # One named graph per source: the six of the main layer, and the gazetteer's two (TCAN, GeoThai).
    assert sum(1 for t in triples if t.predicate == ox.NamedNode(sd + "name")) == 8
    preflight = httpx.options(
        server.sparql,
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert get(server, "/sparql", accept="text/html").status_code == 303  # a browser gets the query page


# ---------------------------------------------------------------------------------------------------
# What the endpoint refuses
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_kwargs", "status", "message"),
    [
        ({"method": "POST", "data": {"update": "INSERT DATA { <a:s> <a:p> <a:o> }"}}, 403, "Update is not allowed"),
        ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 403, "Update is not allowed"),
        ({"method": "POST", "content": b"DROP ALL", "headers": {"content-type": "application/sparql-update"}}, 403, "read-only"),
        ({"method": "GET", "params": {"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}}, 403, "Update is not allowed"),
        ({"method": "GET", "params": {"query": "PREFIX x: <a:> LOAD <http://127.0.0.1:9/data.ttl>"}}, 403, "LOAD is not allowed"),
        ({"method": "POST", "data": {"query": "SELECT * {} ; DELETE WHERE { ?s ?p ?o }"}}, 403, "Update is not allowed"),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 403, "SERVICE"),
        ({"method": "GET", "params": {"query": "select * where { service silent ?x { ?s ?p ?o } }"}}, 403, "SERVICE"),
        ({"method": "GET", "params": {"query": r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 403, "SERVICE"),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o "}}, 400, "does not parse"),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o }", "format": "pdf"}}, 406, "unknown format"),
        ({"method": "POST", "content": b"query=x", "headers": {"content-type": "text/plain"}}, 415, "application/sparql-query"),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o }" + " " * MAX_QUERY}}, 413, "at most"),
        ({"method": "POST", "data": {"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BODY}}, 413, "request body is larger"),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o }", "format": "xml"}}, 400, "answer is larger"),
    ],
    ids=[
        "update-form",
        "update-get",
        "sparql-update-body",
        "insert-as-query",
        "load",
        "update-after-query",
        "service",
        "service-lower-case-variable",
        "service-escaped",
        "syntax-error",
        "unknown-format",
        "unknown-content-type",
        "query-too-long",
        "body-too-large",
        "result-too-large",
    ],
)
def test_refused(server: Server, request_kwargs: dict[str, object], status: int, message: str) -> None:
    response = httpx.request(url=server.sparql, timeout=30, **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert message in response.text


def test_streamed_body_over_the_limit_is_refused(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"query=SELECT%20*%20%7B%7D%20%23"
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"x" * 1000

    response = httpx.post(server.sparql, content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" } LIMIT 1',
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/> and LOAD are only words in a comment",
        "PREFIX service: <http://example.org/> SELECT ?s WHERE { ?s service:load ?o } LIMIT 1",
    ],
)
def test_keywords_in_strings_comments_and_names_are_not_refused(server: Server, query: str) -> None:
    assert httpx.get(server.sparql, params={"query": query}).status_code == 200


@pytest.mark.slow
def test_no_outbound_request_even_past_the_check(written: Path, tmp_path: Path) -> None:
    """SERVICE is refused before a worker sees it; and a worker has no network, should a query get through."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(3)
    port = listener.getsockname()[1]
    reached: list[object] = []

    def watch() -> None:
        with contextlib.suppress(TimeoutError):
            reached.append(listener.accept())

    watcher = threading.Thread(target=watch)
    watcher.start()

    async def run() -> tuple[bool, str]:
        runner = EmbeddedRunner(WorkerSettings((written / "smartcity.nq",), GraphStyle(), 1 << 20), Limits(timeout=5), size=1)
        await runner.start()
        try:
            query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
            try:
                await runner.run(Job(query, "SELECT", "json"))
            except Exception as error:  # the failure itself is what is checked
                return runner.network_isolated, str(error)
            return runner.network_isolated, "answered"
        finally:
            await runner.close()

    isolated, outcome = asyncio.run(run())
    watcher.join()
    listener.close()
    assert isolated
    assert reached == [], outcome
    assert "unreachable" in outcome.lower()


def query_workers(server: Server) -> dict[int, int]:
    """The /sparql workers of the server, as pid -> CPU time used (clock ticks), read from /proc: its children that run
    niced below it (the pages' worker runs at the server's own priority)."""

    def stat(pid: int | str) -> list[str]:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()  # the fields after the name

    own_nice = int(stat(server.process.pid)[16])
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = stat(entry.name)
        except OSError:  # ended meanwhile
            continue
        state, parent, nice = fields[0], int(fields[1]), int(fields[16])
        if parent == server.process.pid and nice > own_nice and state != "Z":
            found[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
    return found


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 60) -> None:
    """Until `condition()` holds; the time limit is a safety net for a server that hangs, not a measurement."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


@pytest.mark.slow
def test_time_limit_stops_one_query_and_no_one_else(server: Server) -> None:
    """Two heavy queries keep both query workers busy; a page is answered meanwhile, by the pages' own worker; the
    heavy ones are stopped at the time limit, their workers replaced, and then /sparql answers again."""
    idle = query_workers(server)
    assert len(idle) == 2, idle  # --workers 2, the default

    def heavy() -> httpx.Response:
        return httpx.get(server.sparql, params={"query": HEAVY}, timeout=60)

    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = [pool.submit(heavy), pool.submit(heavy)]
        # Both workers are running a query: each has used CPU since it was idle (an idle worker waits on its pipe).
        wait_for("both query workers busy", lambda: all(query_workers(server).get(pid, -1) > idle[pid] + 1 for pid in idle))
        page = httpx.get(server.url + "/doc/area/nakhon-rayong", headers={"accept": "text/html"}, timeout=60)
        assert page.status_code == 200
        # Answered while both heavy queries still ran in their workers: pages do not wait for them.
        assert not any(future.done() for future in slow) and set(query_workers(server)) == set(idle)
        for future in slow:
            response = future.result()
            assert response.status_code == 503
            assert "took longer than 2 s, the time limit of this endpoint" in response.text

    def replaced() -> bool:
        now = set(query_workers(server))
        return len(now) == 2 and not now & set(idle)

    def answering() -> bool:
        return httpx.get(server.sparql, params={"query": AREAS}, headers={"accept": "text/csv"}, timeout=60).status_code == 200

    # The killed workers are gone and two new ones took their place: the endpoint answers again.
    wait_for("two new query workers in place of the killed ones", replaced)
    wait_for("/sparql answering again", answering)


# ---------------------------------------------------------------------------------------------------
# Linked data
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "extension", "media_type"),
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", "html", "text/html"),
        ("text/turtle", "ttl", "text/turtle"),
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/rdf+xml;q=0.9, text/plain;q=0.1", "rdf", "application/rdf+xml"),
    ],
)
def test_id_redirects_to_the_document_in_the_asked_format(server: Server, accept: str, extension: str, media_type: str) -> None:
    response = get(server, "/id/area/nakhon-rayong", accept=accept)
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/area/nakhon-rayong.{extension}"
    assert "Accept" in response.headers["vary"]
    document = get(server, response.headers["location"])
    assert document.status_code == 200
    assert document.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/doc/area/nakhon-rayong.jsonld", {}),
        ("/sparql", {"query": BLANK_NODES, "format": "jsonld"}),
    ],
    ids=["document", "construct-with-blank-nodes"],
)
def test_downloaded_jsonld_parses_offline_with_the_default_loaders(
    server: Server, path: str, params: dict[str, str], tmp_path: Path
) -> None:
    """Saved to a file, a JSON-LD answer is read by rdflib and PyLD with their default loaders, no network, as its N-Triples."""
    from pyld import jsonld
    from rdflib import Graph
    from rdflib.compare import isomorphic

    url = server.url + path
    answer = httpx.get(url, params=params, timeout=30)
    assert answer.status_code == 200, answer.text
    as_ntriples = httpx.get(url.replace(".jsonld", ".nt"), params={**params, "format": "nt"} if params else {}, timeout=30)
    expected = Graph().parse(data=as_ntriples.text, format="nt")
    assert len(expected) > 5
    saved = tmp_path / "downloaded.jsonld"
    saved.write_bytes(answer.content)
    with offline():
        from_rdflib = Graph().parse(saved, format="json-ld")
        from_pyld = Graph().parse(
            data=jsonld.to_rdf(answer.json(), {"base": str(answer.url), "format": "application/n-quads"}), format="nt"
        )
    for graph in (from_rdflib, from_pyld):
        assert len(graph) == len(expected)
        assert isomorphic(graph, expected)


def test_sparql_json_is_what_the_query_command_prints(repo: Path, server: Server) -> None:
    """One serializer: the same SELECT gives the same bytes from /sparql and from `smartcity-kg query --format json`."""
    from .conftest import run_cli

    printed = run_cli("query", "--query", TERMS, "--format", "json", cwd=repo)
    assert printed.returncode == 0, printed.stderr
    answer = httpx.post(server.sparql, data={"query": TERMS}, headers={"accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    check_sparql_json_terms(answer.json())
    assert answer.content + b"\n" == printed.stdout.encode("utf-8")


def test_entity_document_has_its_statements_both_ways(server: Server, data: ox.Store) -> None:
    response = get(server, "/doc/area/nakhon-rayong.nt")
    triples = {q.triple for q in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)}
    node = ox.NamedNode(AREA)
    expected = {q.triple for q in data.quads_for_pattern(node, None, None)} | {q.triple for q in data.quads_for_pattern(None, None, node)}
    assert triples == expected


@pytest.mark.slow
def test_every_iri_under_the_base_dereferences(server: Server, data: ox.Store) -> None:
    # The IRIs of the main layer (the districts it links to included); the gazetteer's 16,000 others are made alike.
    gazetteer = ID + "source/tcan-adm2-adm3-v1.0.0"
    solutions = data.query(
        f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }}"
        f' FILTER(?g != <{gazetteer}> && isIRI(?x) && STRSTARTS(STR(?x), "{ID}")) }}',
        use_default_graph_as_union=True,
    )
    assert isinstance(solutions, ox.QuerySolutions)
    paths = [s["x"].value[len(ID) :] for s in solutions]
    assert len(paths) > 150

    def status(path: str) -> int:
        return httpx.get(f"{server.url}/id/{path}", headers={"accept": "text/turtle"}, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = dict(zip(paths, pool.map(status, paths), strict=True))
    assert {path: s for path, s in statuses.items() if s != 303} == {}


@pytest.mark.parametrize(
    "path", ["/id/area/no-such-area", "/doc/area/no-such-area.ttl", "/doc/area/no-such-area", "/id/area/x%3E%20%3Cy", "/def/NoSuchTerm"]
)
def test_unknown_iris_are_404(server: Server, path: str) -> None:
    assert get(server, path, accept="text/turtle").status_code == 404
    page = get(server, path, accept="text/html")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]


def test_entity_page_in_thai_and_english(server: Server) -> None:
    thai = get(server, "/doc/area/nakhon-rayong", accept="text/html", **{"accept-language": "th-TH,th;q=0.9,en;q=0.8"})
    assert thai.status_code == 200
    assert '<html lang="th">' in thai.text
    assert re.search(r"<h1>นครระยองเมืองอัจฉริยะและน่าอยู่</h1>", thai.text)
    assert "ที่มาของข้อมูล" in thai.text and "1) นครระยองเมืองอัจฉริยะและน่าอยู่ จังหวัดระยอง" in thai.text  # provenance and quote
    assert 'href="/doc/province/TH-21"' in thai.text  # a link to the province
    assert AREA in thai.text  # the canonical IRI
    english = get(server, "/doc/area/nakhon-rayong?lang=en", accept="text/html", **{"accept-language": "th"})
    assert "<h1>Nakhon Rayong smart and livable city</h1>" in english.text
    assert "lang=en" in english.headers["set-cookie"]
    assert "default-src 'self'" in english.headers["content-security-policy"]
    province = get(server, "/doc/province/TH-21?lang=en", accept="text/html")
    assert "https://www.wikidata.org/" in province.text or "http://www.wikidata.org/entity/" in province.text
    assert "Referenced by" in province.text and 'href="/doc/area/nakhon-rayong"' in province.text  # inverse link


def test_ontology_terms_and_home(server: Server, data: ox.Store) -> None:
    term = get(server, "/def/SmartCityArea?lang=en", accept="text/html")
    assert term.status_code == 200
    assert "smart city area" in term.text
    assert term.text.count('href="/doc/area/') >= 37  # its instances
    assert get(server, "/def/SmartCityArea", accept="text/turtle").headers["content-type"].startswith("text/turtle")
    home = get(server, "/?lang=en", accept="text/html")
    # Distinct triples: a statement may be in two graphs (an area's source cited by the article and by the curation).
    triples = count(data, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert f"{triples:,}" in home.text
    assert 'href="/query"' in home.text
    assert get(server, "/graph/smartcity.ttl").headers["content-type"].startswith("text/turtle")
    assert get(server, "/graph/../pyproject.toml").status_code == 404
    assert json.loads(get(server, "/context.jsonld").content)["@context"]["tsc"] == TSC


# ---------------------------------------------------------------------------------------------------
# The same pages over another SPARQL endpoint
# ---------------------------------------------------------------------------------------------------


def test_pages_and_queries_over_an_external_endpoint(remote: Server) -> None:
    page = get(remote, "/doc/area/nakhon-rayong", accept="text/html", **{"accept-language": "th"})
    assert page.status_code == 200
    assert "<h1>นครระยองเมืองอัจฉริยะและน่าอยู่</h1>" in page.text
    assert get(remote, "/id/area/no-such-area", accept="text/html").status_code == 404
    turtle = get(remote, "/doc/area/nakhon-rayong.ttl")
    assert ox.NamedNode(AREA) in {q.subject for q in ox.parse(turtle.content, ox.RdfFormat.TURTLE)}
    answer = httpx.get(remote.sparql, params={"query": AREAS}, headers={"accept": "text/csv"})
    assert answer.text.split() == ["n", "37"]
    refused = httpx.get(remote.sparql, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert refused.status_code == 403


# ---------------------------------------------------------------------------------------------------
# The files of graph/, sub-folders too
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        # The IANA registrations: text/csv (RFC 4180), application/json (RFC 8259), text/markdown (RFC 7763),
        # application/gzip (RFC 6713; a file to download, not a Content-Encoding), application/n-quads.
        ("exports/areas.csv", "text/csv"),
        ("exports/provinces.json", "application/json"),
        ("exports/README.md", "text/markdown"),
        ("smartcity.nq.gz", "application/gzip"),
        ("smartcity.nq", "application/n-quads"),
    ],
)
def test_files_of_graph_are_served_with_their_media_type(written: Path, server: Server, path: str, media_type: str) -> None:
    response = get(server, "/graph/" + path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "content-encoding" not in response.headers
    assert response.content == (written / path).read_bytes()


@pytest.mark.parametrize(
    "raw_path",
    [
        "/graph/%2e%2e/pyproject.toml",
        "/graph/exports/%2e%2e/%2e%2e/pyproject.toml",
        "/graph/..%2Fpyproject.toml",
        "/graph/exports%2F..%2F..%2Fpyproject.toml",
        "/graph/%2Fetc%2Fpasswd",
        "/graph//etc/passwd",
        "/graph/exports/",
        "/graph/exports",
        "/graph/.cache/x",
    ],
)
def test_nothing_outside_graph_is_served(server: Server, raw_path: str) -> None:
    # Sent as they are: httpx would remove the dot segments before sending.
    with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])), timeout=10) as connection:
        connection.sendall(f"GET {raw_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status = answer.split(b"\r\n", 1)[0]
    assert status.split()[1] == b"404", (raw_path, status)
    assert b"[project]" not in answer and b"root:" not in answer


def test_published_file_refuses_dotfiles_and_symlinks_out_of_the_folder(tmp_path: Path) -> None:
    from smartcity_kg.web.app import published_file

    graph, outside = tmp_path / "graph", tmp_path / "secret.txt"
    (graph / "exports").mkdir(parents=True)
    outside.write_text("secret", encoding="utf-8")
    (graph / "exports" / "areas.csv").write_text("id\n", encoding="utf-8")
    (graph / ".hidden").write_text("x", encoding="utf-8")
    (graph / "exports" / ".hidden.csv").write_text("x", encoding="utf-8")
    (graph / "leak.csv").symlink_to(outside)
    (graph / "linked").symlink_to(tmp_path)  # a folder link out of graph/
    (graph / "inside.csv").symlink_to(graph / "exports" / "areas.csv")  # a link that stays inside is fine
    assert published_file(graph, "exports/areas.csv") == (graph / "exports" / "areas.csv").resolve()
    assert published_file(graph, "inside.csv") == (graph / "exports" / "areas.csv").resolve()
    for refused in (
        ".hidden",
        "exports/.hidden.csv",
        "leak.csv",
        "linked/secret.txt",
        "../secret.txt",
        "exports/../../secret.txt",
        "exports",
        "",
    ):
        assert published_file(graph, refused) is None, refused


# ---------------------------------------------------------------------------------------------------
# The version IRI of the ontology
# ---------------------------------------------------------------------------------------------------


def test_the_version_iri_serves_the_ontology_of_that_version(written: Path, server: Server) -> None:
    """OWL 2 (Structural Specification, 3.3): the ontology document of the current version is at its version IRI."""
    from rdflib import OWL, Graph, URIRef
    from rdflib.compare import isomorphic

    from .conftest import version_iris

    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    for version in version_iris():
        path = version[len(BASE) - 1 :]
        for accept, rdf_format in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")):
            response = get(server, path, accept=accept)
            assert response.status_code == 200, (path, response.text)
            assert response.headers["content-type"].split(";")[0] == accept
            assert "Accept" in response.headers["vary"]
            served = Graph().parse(data=response.content, format=rdf_format)
            assert (URIRef(TSC), OWL.versionIRI, URIRef(version)) in served
            assert isomorphic(served, ontology)
        page = get(server, path + "?lang=en", accept="text/html")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "Thai Smart City ontology" in page.text
    for unknown in ("/def/0.0.0/", "/def/9.9.9/"):
        assert get(server, unknown, accept="text/turtle").status_code == 404


# ---------------------------------------------------------------------------------------------------
# Predeclared prefixes, as `smartcity-kg query` has them
# ---------------------------------------------------------------------------------------------------

WITHOUT_PREFIXES = [
    "SELECT ?area ?province WHERE { ?area a tsc:SmartCityArea ; tsc:province ?province } ORDER BY ?area",
    "SELECT ?scheme ?concept WHERE { ?concept skos:inScheme ?scheme . ?scheme a skos:ConceptScheme } ORDER BY ?scheme ?concept",
]


def command_rows(root: Path, query: str) -> list[list[str]]:
    """What `smartcity-kg query` prints for `query` as SPARQL CSV (RFC 4180), without the header."""
    import csv

    from .conftest import run_cli

    result = run_cli("query", "--query", query, "--format", "csv", cwd=root)
    assert result.returncode == 0, result.stderr
    return list(csv.reader(result.stdout.splitlines()))[1:]


def endpoint_rows(endpoint: str, query: str) -> list[list[str]]:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    names = result["head"]["vars"]
    return [[row[name]["value"] if name in row else "" for name in names] for row in result["results"]["bindings"]]


@pytest.mark.parametrize("query", [WITHOUT_PREFIXES[0], pytest.param(WITHOUT_PREFIXES[1], marks=pytest.mark.slow)], ids=["tsc", "skos"])
@pytest.mark.parametrize("which", ["server", pytest.param("remote", marks=pytest.mark.slow)])
def test_a_query_of_the_command_runs_unchanged_on_the_endpoint(repo: Path, request: pytest.FixtureRequest, which: str, query: str) -> None:
    endpoint: Server = request.getfixturevalue(which)
    expected = command_rows(repo, query)
    assert len(expected) >= 7
    assert endpoint_rows(endpoint.sparql, query) == expected


@pytest.fixture(scope="module")
def over_plain_store(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`serve --endpoint` over an Oxigraph server, which predeclares nothing: the prefixes must come from serve."""
    from .stores import oxigraph_server

    folder = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(folder) as store, running("--endpoint", store.query, root=repo, log_dir=folder) as started:
        yield started


@pytest.mark.parametrize("which", ["server", pytest.param("over_plain_store", marks=pytest.mark.stores)])
def test_predeclared_prefixes_and_a_query_s_own_declaration(request: pytest.FixtureRequest, which: str) -> None:
    endpoint: Server = request.getfixturevalue(which)
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert endpoint_rows(endpoint.sparql, "SELECT (tsc:SmartCityArea AS ?c) (skos:Concept AS ?d) WHERE {}") == [
        [TSC + "SmartCityArea", skos + "Concept"]
    ]
    # A query's own PREFIX wins over the predeclared one, also written in lower case, without a space, after a comment.
    own = "# PREFIX tsc: <http://example.org/comment/>\nprefix tsc:<http://example.org/own/> SELECT (tsc:x AS ?x) (skos:y AS ?y) {}"
    assert endpoint_rows(endpoint.sparql, own) == [["http://example.org/own/x", skos + "y"]]
    # Declarations never move a syntax error off the line the client wrote it on.
    broken = httpx.get(endpoint.sparql, params={"query": "SELECT ?s\nWHERE { ?s ?p ?o "})
    assert broken.status_code == 400 and "at 2:" in broken.text, broken.text


def test_the_service_description_declares_the_prefixes(written: Path, server: Server) -> None:
    from rdflib import Graph, Namespace, URIRef

    sh = Namespace("http://www.w3.org/ns/shacl#")
    context = json.loads((written / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    description = Graph().parse(data=get(server, "/sparql", accept="text/turtle").text, format="turtle")
    declared = {
        str(description.value(d, sh.prefix)): str(description.value(d, sh.namespace))
        for d in description.objects(URIRef(server.sparql), sh.declare)
    }
    assert declared["tsc"] == TSC and declared["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert declared == {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    page = get(server, "/query?lang=en", accept="text/html")
    assert "declared in advance, as in smartcity-kg query" in page.text


def test_the_query_page_hands_its_script_the_prefixes_and_the_questions(server: Server) -> None:
    """The page's data is JSON in a non-script element (the CSP allows no inline script), with every < escaped,
    so that a query's <IRI> or a "</script>" in a question cannot end the element."""
    for lang, question in (("th", "question_th"), ("en", "question")):
        page = get(server, "/query", accept="text/html", **{"accept-language": lang})
        assert "script-src 'self'" in page.headers["content-security-policy"]
        found = re.search(r'<script id="examples" type="application/json">(.*?)</script>', page.text, re.DOTALL)
        assert found, page.text
        assert "<" not in found[1] and "&" not in found[1]
        data = json.loads(found[1])
        assert data["prefixes"] == {k: v for k, v in CONTEXT.items() if isinstance(v, str) and v.endswith(("/", "#"))}
        assert data["base"] == BASE and data["endpoint"] == server.sparql
        first = (ROOT / "queries" / "areas-approved-1-2565.rq").read_text(encoding="utf-8")
        asked = re.search(rf"^# {question}: (.+)$", first, re.MULTILINE)
        assert asked and data["tabs"][0] == {"name": asked[1], "query": first}
        assert "<https://w3id.org/thai-smart-city/id/>" in data["tabs"][0]["query"]


# ---------------------------------------------------------------------------------------------------
# default-graph-uri and named-graph-uri
# ---------------------------------------------------------------------------------------------------

BAD_GRAPH_IRIS = ["<bad iri>", "http://a b", "", "graph/relative", "//host/no-scheme", "http://a>b", "http://[bad-host/"]


@pytest.mark.parametrize("value", BAD_GRAPH_IRIS)
@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
# Every bad IRI by GET in the fast tier; the two POST forms of the request in the whole suite.
@pytest.mark.parametrize(
    "how", ["get", pytest.param("post-form", marks=pytest.mark.slow), pytest.param("post-direct", marks=pytest.mark.slow)]
)
def test_a_malformed_graph_iri_is_400(server: Server, how: str, parameter: str, value: str) -> None:
    """SPARQL 1.1 Protocol 2.1.4: the graph parameters are IRIs (RFC 3987, absolute); anything else is the client's error."""
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    if how == "get":
        response = httpx.get(server.sparql, params={"query": query, parameter: value})
    elif how == "post-form":
        response = httpx.post(server.sparql, data={"query": query, parameter: value})
    else:
        response = httpx.post(
            server.sparql, params={parameter: value}, content=query.encode(), headers={"content-type": "application/sparql-query"}
        )
    assert response.status_code == 400, response.text
    assert parameter in response.text and "not an absolute IRI" in response.text


def test_a_well_formed_graph_iri_is_answered(server: Server) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for value in (ID + "source/tcan-adm1-v1.0.0", "urn:x-no-such:graph", "http://example.org/ü"):
        assert httpx.get(server.sparql, params={"query": query, "default-graph-uri": value}).status_code == 200, value


@pytest.mark.slow
@pytest.mark.parametrize("extension", ["ttl", "nt"])
def test_documents_are_the_static_sites_byte_for_byte(server: Server, static_site: Path, extension: str) -> None:
    """One order of statements (type, names, the rest) in serve's documents and the site's: the same bytes, every time."""
    first = get(server, f"/doc/area/nakhon-rayong.{extension}").content
    assert get(server, f"/doc/area/nakhon-rayong.{extension}").content == first
    assert first == (static_site / f"doc/area/nakhon-rayong.{extension}").read_bytes()
    lines = first.decode("utf-8").splitlines()
    if extension == "nt":
        own = [line.split(" ", 2)[1] for line in lines if line.startswith(f"<{AREA}> ")]
        assert own[:3] == [
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<http://www.w3.org/2000/01/rdf-schema#label>",
            "<http://www.w3.org/2000/01/rdf-schema#label>",
        ]
