"""`smartcity-kg publish` into real stores: Oxigraph server and Virtuoso, started by the tests.

After publishing, every example query of queries/ gives on the store what the embedded engine gives on
the same graphs; a publication killed midway leaves the store serving the previous complete version.
Without --kind, the store is found from the server (real Oxigraph and Virtuoso, fake Fuseki and unknown
servers on 127.0.0.1); the gazetteer layer goes in with --with-gazetteer and stays or goes as documented.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store
from rdflib import Graph
from rdflib.compare import isomorphic

from smartcity_kg.core.config import Config
from smartcity_kg.publish.publisher import Part, plan
from smartcity_kg.rdf.examples import Example

from .conftest import ROOT, run_cli
from .processes import free_port
from .stores import Store as Running
from .stores import oxigraph_server, virtuoso_server
from .terminal import read_until, started_on_a_terminal

# Federated queries (a `federated:` header) call an outside endpoint: not run here (no network).
QUERIES = sorted(p for p in (ROOT / "queries").glob("*.rq") if not Example(p, p.read_text(encoding="utf-8")).federated)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp(request.param)
    server = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with server(folder) as running:
        yield running


def publish_args(store: Running, *extra: str) -> list[str]:
    args = ["publish", "--store", store.url, "--kind", store.kind, "--quiet", *extra]
    return [*args, "--user", store.user] if store.user else args


# Where each store takes SPARQL Update (its documentation; not publish.KINDS, which the tests check).
UPDATE_PATHS = {"oxigraph": "/update", "virtuoso": "/sparql-auth"}


def update_endpoint(store: Running) -> str:
    return store.url + UPDATE_PATHS[store.kind]


def publish_env(store: Running) -> dict[str, str]:
    return {"SMARTCITY_KG_PASSWORD": store.password} if store.password else {}


def reference(parts: list[Part]) -> Store:
    """The embedded engine over exactly the graphs that are published."""
    engine = Store()
    for part in parts:
        engine.load(("\n".join(part.lines) + "\n").encode("utf-8"), RdfFormat.N_TRIPLES, to_graph=_named(part.graph))
    return engine


def _named(iri: str) -> Any:
    from pyoxigraph import NamedNode

    return NamedNode(iri)


def normalised(results: dict[str, Any], ordered: bool) -> Any:
    """SPARQL JSON results, with the differences the format allows between stores taken out."""
    if "boolean" in results:
        return results["boolean"]

    def term(value: dict[str, str] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        kind = {"typed-literal": "literal"}.get(value["type"], value["type"])
        if kind == "bnode":
            return ("bnode",)
        datatype = value.get("datatype", "")
        return (kind, value["value"], "" if datatype == XSD_STRING else datatype, value.get("xml:lang", "").lower())

    names = results["head"]["vars"]
    rows = [tuple(term(row.get(name)) for name in names) for row in results["results"]["bindings"]]
    return rows if ordered else Counter(rows)


def embedded_answer(engine: Store, text: str, ordered: bool) -> Any:
    result = engine.query(text, use_default_graph_as_union=True)
    if isinstance(result, (QuerySolutions, QueryBoolean)):
        return normalised(json.loads(result.serialize(format=QueryResultsFormat.JSON) or b""), ordered)
    return Graph().parse(data=(result.serialize(format=RdfFormat.N_TRIPLES) or b"").decode("utf-8"), format="nt")


def store_answer(store: Running, graphs: list[str], text: str, ordered: bool, construct: bool) -> Any:
    # The published graphs as the default graph and as the named graphs (SPARQL protocol), as in the
    # embedded engine: a store's own system graphs (Virtuoso has some) are left out.
    accept = "application/n-triples" if construct else "application/sparql-results+json"
    form = [("query", text), *(("default-graph-uri", g) for g in graphs), *(("named-graph-uri", g) for g in graphs)]
    response = httpx.post(store.query, data=dict_of(form), headers={"Accept": accept}, timeout=60)
    assert response.status_code == 200, response.text[:200] + " ... " + response.text[response.text.find("SELECT") :][:300]
    if construct:
        return Graph().parse(data=response.text, format="nt")
    return normalised(response.json(), ordered)


def dict_of(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields that repeat (default-graph-uri), as httpx takes them."""
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"


def point(text: str) -> str:
    """A WKT point with its coordinates in single precision: Virtuoso keeps geometries as 32-bit floats
    (POINT(98.03088 18.81955) comes back as POINT(98.030883789062 18.819549560547))."""
    import struct

    numbers = text.removeprefix("POINT(").removesuffix(")").split()
    single = [struct.unpack("f", struct.pack("f", float(number)))[0] for number in numbers]
    return "POINT(" + " ".join(f"{number:.9g}" for number in single) + ")"


def quads(store: Running, graphs: list[str]) -> set[tuple[str, str, str, str]]:
    """Every triple of the published graphs, with its graph, as the store holds them now."""
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    response = httpx.post(store.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text[:200] + " ... " + response.text[response.text.find("SELECT") :][:300]
    found = set()
    for row in response.json()["results"]["bindings"]:
        s, o = row["s"], row["o"]
        subject = "_" if s["type"] == "bnode" else s["value"]  # blank node labels differ between stores and loads
        value = o["value"]
        if o.get("datatype") == XSD_BOOLEAN:  # Virtuoso stores booleans as 0 and 1
            value = {"1": "true", "0": "false"}.get(value, value)
        if o["type"] != "uri" and value.startswith("POINT("):  # Virtuoso answers with a datatype of its own
            value = point(value)
        thing = "_" if o["type"] == "bnode" else value + "|" + o.get("xml:lang", "").lower()
        found.add((row["g"]["value"], subject, row["p"]["value"], thing))
    return found


def expected_quads(parts: list[Part]) -> set[tuple[str, str, str, str]]:
    from rdflib import BNode, Literal

    found = set()
    for part in parts:
        for s, p, o in Graph().parse(data="\n".join(part.lines), format="nt"):
            text = point(str(o)) if isinstance(o, Literal) and str(o.datatype) == WKT else str(o)
            thing = "_" if isinstance(o, BNode) else text + "|" + ((o.language or "") if isinstance(o, Literal) else "")
            found.add((part.graph, "_" if isinstance(s, BNode) else str(s), str(p), thing))
    return found


@pytest.mark.stores
def test_publish_then_every_example_query_agrees_with_the_embedded_engine(repo: Path, store: Running) -> None:
    result = run_cli(*publish_args(store), cwd=repo, env=publish_env(store))
    assert result.returncode == 0, result.stderr
    assert "published" in result.stdout
    parts = plan(Config(repo))
    graphs = [part.graph for part in parts]
    engine = reference(parts)
    assert QUERIES, "queries/ is empty"
    disagreements = []
    for path in QUERIES:
        text = path.read_text(encoding="utf-8")
        example = Example(path, text)
        ordered = re.search(r"\bORDER\s+BY\b", example.code, re.IGNORECASE) is not None
        construct = example.form in ("CONSTRUCT", "DESCRIBE")
        mine = embedded_answer(engine, text, ordered)
        theirs = store_answer(store, graphs, text, ordered, construct)
        same = isomorphic(mine, theirs) if construct else mine == theirs
        if not same:
            disagreements.append(path.name)
    assert disagreements == [], f"{store.name} disagrees with the embedded engine on {disagreements}"


@pytest.mark.stores
def test_publish_says_what_it_is_doing_on_a_terminal_only(repo: Path, store: Running) -> None:
    """Steps and a bar on a terminal (staged here, so a bar of triples), nothing but the result in a pipe."""
    args = [a for a in publish_args(store, "--max-request-mb", "0.05", "--chunk", "500") if a != "--quiet"]
    process, leader = started_on_a_terminal(*args, cwd=repo, env=publish_env(store))
    try:
        shown = read_until(leader)
    finally:
        os.close(leader)
    assert process.wait(timeout=300) == 0, shown
    steps = ["reading", "asking", "sending", "switching to version", "checking"]
    positions = [shown.find(f"smartcity-kg publish: {step}") for step in steps]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), shown
    assert re.search(r"smartcity-kg publish: triples staged: +\d+%", shown), shown
    piped = run_cli(*args, cwd=repo, env=publish_env(store))
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr
    assert piped.stdout.startswith("published ")


def send_update(store: Running, update: str) -> None:
    auth = httpx.DigestAuth(store.user, store.password) if store.user and store.password else None
    response = httpx.post(
        update_endpoint(store), content=update.encode(), headers={"Content-Type": "application/sparql-update"}, auth=auth, timeout=60
    )
    assert response.status_code in (200, 204), response.text[:500]


@pytest.mark.stores
def test_publish_replaces_the_previous_version_and_drops_graphs_that_are_gone(repo: Path, store: Running, tmp_path: Path) -> None:
    parts = plan(Config(repo))
    # Something only the old version has: a graph that the new publication no longer lists.
    stale = "https://w3id.org/thai-smart-city/id/source/withdrawn-source"
    meta = "https://w3id.org/thai-smart-city/id/dataset/thai-smart-city"
    update = (
        f'INSERT DATA {{ GRAPH <{stale}> {{ <{stale}> <http://purl.org/dc/terms/title> "withdrawn" }} '
        f"GRAPH <{meta}> {{ <{meta}> <http://purl.org/dc/terms/hasPart> <{stale}> }} }}"
    )
    send_update(store, update)
    result = run_cli(*publish_args(store), cwd=repo, env=publish_env(store))
    assert result.returncode == 0, result.stderr
    assert quads(store, [stale]) == set()
    assert quads(store, [p.graph for p in parts]) == expected_quads(parts)


def settled(store: Running, graphs: list[str], seconds: float = 20) -> set[tuple[str, str, str, str]]:
    """The store's content once a request the killed client had fully sent has been carried out."""
    deadline = time.monotonic() + seconds
    before = quads(store, graphs)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = quads(store, graphs)
        if now == before:
            return now
        before = now
    return before


@pytest.mark.stores
def test_a_killed_publication_leaves_the_previous_version(repo: Path, store: Running, repo_copy: Path, tmp_path: Path) -> None:
    old_parts = plan(Config(repo))
    graphs = [p.graph for p in old_parts]
    assert run_cli(*publish_args(store), cwd=repo, env=publish_env(store)).returncode == 0
    old = quads(store, graphs)
    # A new version: one more English name on an area.
    areas = repo_copy / "seeds" / "article" / "areas-1-2565.yaml"
    text = areas.read_text(encoding="utf-8")
    areas.write_text(text.replace("    list_position: 1\n", "    list_position: 1\n    alt_name_en: [Rayong test]\n", 1), encoding="utf-8")
    assert run_cli("build", cwd=repo_copy).returncode == 0
    new = expected_quads(plan(Config(repo_copy)))
    assert new != old
    staged = ["--max-request-mb", "0.05", "--chunk", "200"]
    # Killed at different moments: staged (several requests) and by default (one request where the store
    # runs a request as one transaction, staged on Virtuoso); then while the store carries out the switch.
    rounds: list[tuple[list[str], str | None, float]] = [(extra, None, delay) for extra in (staged, []) for delay in (0.5, 1.0, 1.5, 2.5)]
    rounds += [(staged, "switching", delay) for delay in (0.0, 0.01, 0.03, 0.06, 0.1, 0.2)]
    for extra, marker, delay in rounds:
        args = [a for a in publish_args(store, *extra) if a != "--quiet"]
        # Its steps are shown on a terminal only: there, wait until the switch request goes out.
        process, leader = started_on_a_terminal(*args, cwd=repo_copy, env=publish_env(store))
        if marker:
            assert marker in read_until(leader, marker)
        drained = threading.Thread(target=read_until, args=(leader,))  # a full terminal would hold the command up
        drained.start()
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        drained.join()
        os.close(leader)
        now = settled(store, graphs)
        moment = f"{delay} s after {marker!r}" if marker else f"{delay} s"
        assert now in (old, new), f"after a kill at {moment} ({extra or 'default'}), the store holds neither version"
        if now == new:  # finished before the kill: go back to the old version for the next round
            assert run_cli(*publish_args(store), cwd=repo, env=publish_env(store)).returncode == 0
    # The next publication finishes the job and removes the staging graphs of the killed ones.
    finished = run_cli(*publish_args(store), cwd=repo_copy, env=publish_env(store))
    assert finished.returncode == 0, finished.stderr
    assert quads(store, graphs) == new
    leftovers = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:x-smartcity-kg:staging:")) }'
    response = httpx.post(store.query, data={"query": leftovers}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.json()["results"]["bindings"] == []


def test_dry_run_sends_nothing(repo: Path, tmp_path: Path) -> None:
    result = run_cli("publish", "--store", "http://127.0.0.1:9", "--kind", "oxigraph", "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "would publish" in result.stdout
    assert "https://w3id.org/thai-smart-city/id/source/article-mdes-subcommittee-1-2565" in result.stdout


@pytest.mark.parametrize(
    ("kind", "how"),
    [
        # the very command of test_dry_run_sends_nothing: the fast tier runs that one
        pytest.param("oxigraph", "one atomic update request", marks=pytest.mark.slow),
        pytest.param("virtuoso", "staged uploads", marks=pytest.mark.slow),  # a further case of "staged uploads"
        pytest.param("generic", "staged uploads", marks=pytest.mark.slow),
    ],
)
def test_one_request_only_where_the_store_runs_a_request_as_one_transaction(repo: Path, kind: str, how: str) -> None:
    endpoints = ["--query-endpoint", "http://127.0.0.1:9/q", "--update-endpoint", "http://127.0.0.1:9/u"] if kind == "generic" else []
    result = run_cli("publish", "--store", "http://127.0.0.1:9", "--kind", kind, *endpoints, "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert how in result.stdout


@pytest.mark.slow
def test_connection_refused_is_a_clear_error(repo: Path) -> None:
    port = 9  # discard: nothing listens on it here
    result = run_cli("publish", "--store", f"http://127.0.0.1:{port}", "--kind", "oxigraph", "--quiet", "--timeout", "2", cwd=repo)
    assert result.returncode == 1
    assert "cannot connect to" in result.stderr and "is the store running" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.stores
def test_wrong_credentials_are_a_clear_error(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso-auth")) as virtuoso:
        result = run_cli(
            "publish",
            "--store",
            virtuoso.url,
            "--kind",
            "virtuoso",
            "--quiet",
            "--user",
            "dba",
            cwd=repo,
            env={"SMARTCITY_KG_PASSWORD": "wrong"},
        )
    assert result.returncode == 1
    assert "refused the request (401)" in result.stderr
    assert "wrong" not in result.stderr  # the password is never printed


def test_a_password_on_the_command_line_is_not_accepted(repo: Path) -> None:
    result = run_cli("publish", "--store", "http://127.0.0.1:9", "--password", "secret", cwd=repo)
    assert result.returncode == 2


def test_bearer_token_comes_from_the_environment(repo: Path) -> None:
    result = run_cli("publish", "--store", "http://127.0.0.1:9", "--kind", "oxigraph", "--token-env", "NO_SUCH_TOKEN_VAR", cwd=repo)
    assert result.returncode == 1
    assert "NO_SUCH_TOKEN_VAR" in result.stderr


def test_missing_graph_folder_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    result = run_cli("publish", "--store", "http://127.0.0.1:9", "--kind", "oxigraph", "--dry-run", cwd=tmp_path)
    assert result.returncode == 1
    assert "run `smartcity-kg build` first" in result.stderr


def counts_per_graph(query_url: str) -> dict[str, int]:
    query = (
        'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/thai-smart-city/")) } '
        "GROUP BY ?g"
    )
    response = httpx.post(query_url, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in response.json()["results"]["bindings"]}


def source_graph_counts(root: Path) -> dict[str, int]:
    return {part.graph: len(part.lines) for part in plan(Config(root)) if "/id/source/" in part.graph}


@pytest.mark.stores
def test_virtuoso_bulk_loader_recipe(repo: Path, written: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """docs/triple-stores.md: ld_dir + rdf_loader_run on graph/smartcity.nq.gz."""
    folder = tmp_path_factory.mktemp("virtuoso-bulk")
    shutil.copy(written / "smartcity.nq.gz", folder / "smartcity.nq.gz")
    with virtuoso_server(folder) as virtuoso:
        sql = (
            f"ld_dir('{folder}', 'smartcity.nq.gz', 'https://w3id.org/thai-smart-city/id/dataset/thai-smart-city'); "
            "rdf_loader_run(); checkpoint; SELECT ll_state, ll_error FROM DB.DBA.load_list;"
        )
        isql = shutil.which("isql-vt")
        assert isql, "isql-vt missing: it comes with virtuoso-opensource"
        ini = (folder / "virtuoso.ini").read_text(encoding="utf-8")
        port = ini.split("[Parameters]", 1)[1].split("ServerPort", 1)[1].split("=", 1)[1].split()[0]
        out = subprocess.run([isql, port, "dba", "dba", f"exec={sql}"], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        assert counts_per_graph(virtuoso.query) == source_graph_counts(repo)


@pytest.mark.stores
def test_oxigraph_bulk_load_recipe(repo: Path, written: Path, tmp_path: Path) -> None:
    binary = Path(sys.executable).parent / "oxigraph"
    loaded = subprocess.run(
        [str(binary), "load", "--location", str(tmp_path / "db"), "--file", str(written / "smartcity.nq.gz")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    with oxigraph_server(tmp_path) as server:
        assert counts_per_graph(server.query) == source_graph_counts(repo)


@pytest.mark.stores
def test_linked_data_pages_over_the_store(repo: Path, store: Running, tmp_path: Path) -> None:
    """`serve --endpoint` shows the pages of the published graph from the store itself."""
    from .serving import running

    assert run_cli(*publish_args(store), cwd=repo, env=publish_env(store)).returncode == 0
    with running("--endpoint", store.query, root=repo, log_dir=tmp_path) as server:
        page = httpx.get(server.url + "/doc/area/nakhon-rayong", params={"lang": "en"}, timeout=30)
        assert page.status_code == 200, page.text[:500]
        assert "นครระยองเมืองอัจฉริยะและน่าอยู่" in page.text  # the name as the article writes it
        assert "Nakhon Rayong smart and livable city" in page.text  # the English name of the reference table
        assert "/id/province/TH-21" in page.text or "/doc/province/TH-21" in page.text  # a link to its province
        assert "article-mdes-subcommittee-1-2565" in page.text  # its source
        redirect = httpx.get(server.url + "/id/area/nakhon-rayong", headers={"Accept": "text/turtle"}, timeout=30)
        assert redirect.status_code == 303
        turtle = httpx.get(server.url + redirect.headers["location"], timeout=30)
        assert turtle.status_code == 200 and "TH-21" in turtle.text
        assert httpx.get(server.url + "/id/area/no-such-area", timeout=30).status_code == 404


class _Misbehaving(BaseHTTPRequestHandler):
    """A store that answers queries with an empty result and updates with the status in the path."""

    server: _RecordingServer

    def do_POST(self) -> None:
        self.server.requests.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/query"):
            body = b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
        elif self.path.startswith("/slow"):
            time.sleep(3)
            body = b""
            self.send_response(204)
        else:
            body = b"too large"
            self.send_response(int(self.path.strip("/").split("/")[-1]))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _RecordingServer(ThreadingHTTPServer):
    """An HTTP server that keeps the path of every request it was sent, in the order they came."""

    requests: list[str]


@dataclass
class Misbehaving:
    url: str
    requests: list[str]


@pytest.fixture
def misbehaving() -> Iterator[Misbehaving]:
    server = _RecordingServer(("127.0.0.1", 0), _Misbehaving)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Misbehaving(f"http://127.0.0.1:{server.server_address[1]}", server.requests)
    server.shutdown()


@pytest.mark.parametrize(
    ("update_path", "words"),
    [("/update/413", "request too large (413)"), pytest.param("/update/403", "refused the request (403)", marks=pytest.mark.slow)],
)
def test_status_codes_become_clear_errors(repo: Path, misbehaving: Misbehaving, update_path: str, words: str) -> None:
    result = run_cli(
        "publish",
        "--store",
        misbehaving.url,
        "--query-endpoint",
        misbehaving.url + "/query",
        "--update-endpoint",
        misbehaving.url + update_path,
        "--quiet",
        cwd=repo,
    )
    assert result.returncode == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_store_that_does_not_answer_in_time_is_a_clear_error(repo: Path, misbehaving: Misbehaving) -> None:
    url = misbehaving.url
    result = run_cli(
        "publish", "--store", url, "--query-endpoint", url + "/query", "--update-endpoint", url + "/slow",
        "--timeout", "1", "--quiet", cwd=repo,
    )  # fmt: skip
    assert result.returncode == 1
    assert "did not answer within 1 s" in result.stderr
    assert misbehaving.requests.count("/slow") == 4  # four tries with back-off, then it gives up: not forever
    assert "retrying" not in result.stderr  # --quiet


@pytest.mark.slow
def test_retries_are_told_even_in_a_log(repo: Path, misbehaving: Misbehaving) -> None:
    url = misbehaving.url
    result = run_cli(
        "publish", "--store", url, "--query-endpoint", url + "/query", "--update-endpoint", url + "/slow",
        "--timeout", "1", cwd=repo,
    )  # fmt: skip
    assert result.returncode == 1
    assert re.findall(r"^smartcity-kg publish: retrying in [\d.]+ s \(", result.stderr, re.MULTILINE), result.stderr


# --- Which store: asked of the server when --kind is not given ---------------------------------------


def without_kind(args: list[str]) -> list[str]:
    at = args.index("--kind")
    return args[:at] + args[at + 2 :]


@pytest.mark.stores
def test_publish_without_kind_finds_the_store_and_its_endpoints(repo: Path, store: Running) -> None:
    parts = plan(Config(repo))
    # Empty the published graphs first, so that what the counts show afterwards is what this run sent.
    send_update(store, " ".join(f"DROP SILENT GRAPH <{part.graph}> ;" for part in parts))
    assert counts_per_graph(store.query) == {}
    result = run_cli(*without_kind(publish_args(store)), cwd=repo, env=publish_env(store))
    assert result.returncode == 0, result.stderr
    assert f"to {update_endpoint(store)} " in result.stdout
    assert counts_per_graph(store.query) == {part.graph: len(part.lines) for part in parts}


class _Recording(BaseHTTPRequestHandler):
    """A fake server on 127.0.0.1 that records every request (method, path); what it answers to a GET is up to a subclass."""

    requests: list[tuple[str, str]]
    server_header: str | None = None

    def version_string(self) -> str:
        return self.server_header or ""

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "server" or value:  # no Server header at all when the fake has none
            super().send_header(keyword, value)

    def reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.requests.append(("GET", self.path))
        self.answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.requests.append(("POST", self.path))
        self.reply(204, "text/plain", b"")

    do_PUT = do_POST

    def answer(self) -> None:
        raise NotImplementedError

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Fuseki(_Recording):
    """Answers as Apache Jena Fuseki 5 does with one dataset, /smartcity, whose query service is named
    `sparql` (not Fuseki's default `query`): /$/ping, /$/server (an admin page, open or closed), ASK."""

    server_header = "Apache Jena Fuseki (5.1.0)"
    admin_open = True

    def answer(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/$/ping":
            self.reply(200, "text/plain; charset=utf-8", b"2026-12-03T13:51:04.123+00:00\n")
        elif path == "/$/server" and self.admin_open:
            services = [
                {"srv.type": "query", "srv.description": "SPARQL Query", "srv.endpoints": ["", "sparql"]},
                {"srv.type": "update", "srv.description": "SPARQL Update", "srv.endpoints": ["", "update"]},
                {"srv.type": "gsp-rw", "srv.description": "Graph Store Protocol", "srv.endpoints": ["data"]},
            ]
            info = {"version": "5.1.0", "datasets": [{"ds.name": "/smartcity", "ds.state": True, "ds.services": services}]}
            self.reply(200, "application/json", json.dumps(info).encode())
        elif path == "/$/server":
            self.reply(403, "text/plain", b"Forbidden")
        elif path in ("/smartcity/sparql", "/smartcity/query") and "query=" in self.path:
            self.reply(200, "application/sparql-results+json", b'{"head": {}, "boolean": true}')
        else:
            self.reply(404, "text/plain", b"Not Found")


class _Page(_Recording):
    """A web server that is no triple store: every path is a page, 200 text/html, no Server header."""

    def answer(self) -> None:
        self.reply(200, "text/html; charset=utf-8", b"<!DOCTYPE html><title>Welcome</title><p>It works.")


def serving(handler: type[_Recording], **attributes: Any) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    requests: list[tuple[str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (handler,), {"requests": requests, **attributes}))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fuseki(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    yield from serving(_Fuseki, admin_open=getattr(request, "param", True))


@pytest.fixture
def page() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    yield from serving(_Page)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fuseki", "path", "query"),
    [
        (True, "", "/smartcity/sparql"),  # the server's URL: its only dataset, with the names /$/server gives
        (True, "/smartcity", "/smartcity/sparql"),  # the dataset's URL
        (False, "/smartcity", "/smartcity/query"),  # admin pages closed: Fuseki's default names, confirmed by an ASK
    ],
    indirect=["fuseki"],
)
def test_a_fuseki_server_is_found_with_its_endpoints(repo: Path, fuseki: tuple[str, list[tuple[str, str]]], path: str, query: str) -> None:
    url, requests = fuseki
    result = run_cli("publish", "--store", url + path, "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    endpoints = f"fuseki: update endpoint {url}/smartcity/update, query endpoint {url}{query}, graph store {url}/smartcity/data"
    assert endpoints in result.stdout
    assert "one atomic update request" in result.stdout  # Fuseki runs a request as one transaction
    assert requests and {method for method, _ in requests} == {"GET"}  # detection only reads
    assert not any(p.startswith("/smartcity/update") for _, p in requests)


@pytest.mark.parametrize("fuseki", [False], indirect=True)
def test_a_fuseki_server_whose_datasets_are_not_listed_asks_for_the_dataset(repo: Path, fuseki: tuple[str, list[tuple[str, str]]]) -> None:
    url, requests = fuseki
    result = run_cli("publish", "--store", url, "--quiet", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert f"pass a dataset's URL, e.g. --store {url}/<dataset>" in result.stderr
    assert {method for method, _ in requests} == {"GET"}


@pytest.mark.slow
def test_kind_given_wins_and_nothing_is_asked(repo: Path, fuseki: tuple[str, list[tuple[str, str]]]) -> None:
    url, requests = fuseki
    result = run_cli("publish", "--store", url, "--kind", "oxigraph", "--dry-run", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert f"oxigraph: update endpoint {url}/update, query endpoint {url}/query" in result.stdout
    assert requests == []


FLAGS = "--kind oxigraph|fuseki|virtuoso"
GENERIC_FLAGS = "--kind generic --query-endpoint URL --update-endpoint URL"


def test_an_unknown_server_is_named_with_the_flags_to_pass(repo: Path, page: tuple[str, list[tuple[str, str]]]) -> None:
    url, requests = page
    result = run_cli("publish", "--store", url, "--quiet", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert FLAGS in result.stderr and GENERIC_FLAGS in result.stderr
    for tried in (f"GET {url}/$/ping: 200 text/html", f"GET {url}/sparql: 200 text/html", f"GET {url}/query: 200 text/html"):
        assert tried in result.stderr  # what was tried and what it answered
    assert "no Server header" in result.stderr
    assert requests and {method for method, _ in requests} == {"GET"}  # no update sent
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_refused_port_is_named_with_the_flags_to_pass(repo: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = run_cli("publish", "--store", url, "--quiet", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert f"GET {url}/$/ping: cannot connect to {url}/$/ping" in result.stderr
    assert FLAGS in result.stderr and GENERIC_FLAGS in result.stderr
    assert "Traceback" not in result.stderr


# --- The gazetteer layer -------------------------------------------------------------------------------

META = "https://w3id.org/thai-smart-city/id/dataset/thai-smart-city"


def dump_counts(folder: Path) -> dict[str, int]:
    """Quads per graph of graph/gazetteer.nq.gz (its sources: the TCAN table and GeoThai), counted from its lines
    (one quad a line, `#` comments)."""
    from collections import Counter

    from pyoxigraph import parse

    quads = [
        line
        for line in gzip.decompress((folder / "gazetteer.nq.gz").read_bytes()).decode("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    counted = Counter(quad.graph_name.value for quad in parse("\n".join(quads), format=RdfFormat.N_QUADS))
    assert len(counted) == 2, counted
    return dict(sorted(counted.items()))


def listed(store: Running) -> set[str]:
    query = f"SELECT ?g WHERE {{ GRAPH <{META}> {{ <{META}> <http://purl.org/dc/terms/hasPart> ?g }} }}"
    response = httpx.post(store.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return {row["g"]["value"] for row in response.json()["results"]["bindings"]}


def area_districts(store: Running, graphs: list[str]) -> list[list[str]]:
    """queries/area-districts.rq on the store, the graphs as its default graph; centroids in single precision."""
    text = (ROOT / "queries" / "area-districts.rq").read_text(encoding="utf-8")
    form = dict_of([("query", text), *(("default-graph-uri", g) for g in graphs)])
    response = httpx.post(store.query, data=form, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text[:200] + " ... " + response.text[response.text.find("SELECT") :][:300]
    names = response.json()["head"]["vars"]
    rows = [[row[name]["value"] for name in names] for row in response.json()["results"]["bindings"]]
    return [[*row[:-1], point(row[-1])] for row in rows]


@pytest.mark.stores
def test_the_gazetteer_goes_in_with_the_flag_stays_without_it_and_goes_with_without(written: Path, repo: Path, store: Running) -> None:
    parts = plan(Config(repo))
    gazetteer = dump_counts(written)
    graphs = [*(part.graph for part in parts), *gazetteer]
    with (ROOT / "queries" / "area-districts.csv").open(encoding="utf-8", newline="") as table:
        expected = [[*row[:-1], point(row[-1])] for row in list(csv.reader(table))[1:]]
    assert len(expected) == 4
    main = {part.graph: len(part.lines) for part in parts}
    # With the layer in the store, the metadata lists its graphs too: one dcterms:hasPart triple each.
    with_layer = {**main, META: main[META] + len(gazetteer), **gazetteer}

    # By default (Oxigraph: one request of 15.6 MB), then staged in chunks (Oxigraph: Graph Store Protocol
    # uploads), replacing the layer the first one sent; Virtuoso is staged both times.
    for extra in ([], ["--max-request-mb", "1", "--chunk", "30000"]):
        sent = run_cli(*publish_args(store, "--with-gazetteer", *extra), cwd=repo, env=publish_env(store))
        assert sent.returncode == 0, sent.stderr
        assert ", staged" in sent.stdout if extra or store.kind == "virtuoso" else ", staged" not in sent.stdout
        assert counts_per_graph(store.query) == with_layer
        assert area_districts(store, graphs) == expected
        assert set(gazetteer) <= listed(store)

    # Without the flag: the layer an earlier publication sent stays, and stays listed.
    again = run_cli(*publish_args(store), cwd=repo, env=publish_env(store))
    assert again.returncode == 0, again.stderr
    assert counts_per_graph(store.query) == with_layer
    assert "kept <" + next(iter(gazetteer)) + ">" in again.stdout
    assert set(gazetteer) <= listed(store)

    dropped = run_cli(*publish_args(store, "--without-gazetteer"), cwd=repo, env=publish_env(store))
    assert dropped.returncode == 0, dropped.stderr
    assert counts_per_graph(store.query) == main
    assert listed(store) == set(main) - {META}  # the metadata lists the other graphs
    assert area_districts(store, graphs) == []  # the query needs the layer
