"""Stage 5, publish: graph/ -> a triple store, over the SPARQL 1.1 Update and Graph Store protocols.

Graph naming: each source's statements go to the named graph of that source (its IRI, as in
graph/smartcity.nq); the ontology to <base>def/, the shapes to <base>def/shapes/, the dataset metadata
(VoID) to <base>id/dataset/thai-smart-city, which also lists the published graphs (dcterms:hasPart) so
that the next publication can drop graphs that are gone.

Replacing is all or nothing: a reader sees the old or the new version, and a publication killed midway
leaves the old one. Stores that run a whole update request as one transaction (Oxigraph, Fuseki) get,
up to --max-request-mb, one request (DROP + INSERT DATA per graph). Otherwise, and for larger datasets,
the graphs are uploaded in chunks to staging graphs (urn:x-smartcity-kg:staging:...), then switched by
one DELETE/INSERT operation: Virtuoso commits each operation of a request on its own, so only a single
operation is all or nothing there. A killed publication leaves staging graphs behind, which the next
one drops.

Which store it is, when --kind is not given, is found from the server with GET requests only (detect):
the Server header (Oxigraph, Virtuoso, Fuseki), Fuseki's /$/ping and /$/server, then an ASK on the query
endpoint found. The gazetteer layer (graph/gazetteer.nq.gz) is sent with --with-gazetteer, dropped with
--without-gazetteer, and otherwise left in the store as an earlier publication put it (still listed).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.core.progress import QUIET, Progress
from smartcity_kg.pipeline.catalogue import dataset_iri

if TYPE_CHECKING:
    import httpx

STAGING = "urn:x-smartcity-kg:staging:"
HAS_PART = "http://purl.org/dc/terms/hasPart"
VOID = "http://rdfs.org/ns/void#"
GAZETTEER_DUMP = "gazetteer.nq.gz"
RETRIES = 4
# Triples per INSERT DATA operation of a one-request publication (Virtuoso compiles each to SQL of bounded length).
INSERT_LINES = 500

# Endpoint paths of the stores we know, relative to --store.
KINDS: dict[str, dict[str, str]] = {
    "oxigraph": {"query": "/query", "update": "/update", "gsp": "/store"},
    "virtuoso": {"query": "/sparql", "update": "/sparql-auth", "gsp": "/sparql-graph-crud-auth"},
    "fuseki": {"query": "/query", "update": "/update", "gsp": "/data"},
    "generic": {},
}
# The Server response header of each store we know (Fuseki also answers GET /$/ping).
SERVER_HEADERS = {"oxigraph/": "oxigraph", "virtuoso/": "virtuoso", "fuseki": "fuseki"}
# Stores known to run a whole update request (several operations) as one transaction. Virtuoso commits
# operation by operation (a client killed mid-request left half-replaced graphs); unknown stores likewise.
ONE_TRANSACTION_PER_REQUEST = {"oxigraph", "fuseki"}


class PublishError(Exception):
    """A publication that could not be done; the message says why and what to do."""


class UnknownStore(PublishError):
    """The server did not say which store it is: the user names it (a usage error, exit 2)."""


@dataclass
class Target:
    """Where and how to publish."""

    query: str
    """SPARQL query endpoint (to read the previous publication and check the new one); "" until detected."""
    update: str
    """SPARQL Update endpoint; "" until detected."""
    gsp: str | None = None
    """Graph Store Protocol endpoint, used for staged uploads when given."""
    auth: httpx.Auth | None = None
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 120.0
    request_is_transaction: bool = False
    """The store runs a whole update request as one transaction."""
    kind: str = "generic"
    """Which store (a key of KINDS), given by --kind or detected."""


@dataclass(frozen=True)
class Part:
    """One named graph to publish, as N-Triples lines."""

    graph: str
    lines: tuple[str, ...]

    @property
    def size(self) -> int:
        return sum(len(line.encode("utf-8")) + 1 for line in self.lines)


def plan(config: Config, gazetteer: bool = False) -> list[Part]:
    """The named graphs of graph/: one per source, plus ontology, shapes and metadata (last, listing the
    others); with `gazetteer`, the graphs of graph/gazetteer.nq.gz too."""
    from rdflib import Dataset, Graph

    folder = config.graph
    if not (folder / "smartcity.nq").is_file():
        raise PublishError(f"{folder}/smartcity.nq not found: run `smartcity-kg build` first")
    dataset = Dataset()
    dataset.parse(folder / "smartcity.nq", format="nquads")
    parts = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph):
            parts.append(Part(str(graph.identifier), ntriples(graph, config.base)))
    for name, graph_iri in (("ontology.ttl", iri.def_base(config.base)), ("shapes.ttl", iri.def_base(config.base) + "shapes/")):
        parts.append(Part(graph_iri, ntriples(Graph().parse(folder / name, format="turtle"), config.base)))
    if gazetteer:
        parts += gazetteer_parts(config)
    metadata = Graph().parse(folder / "void.ttl", format="turtle")
    lines = list(ntriples(metadata, config.base))
    lines += [f"<{dataset_iri(config.base)}> <{HAS_PART}> <{part.graph}> ." for part in parts]
    parts.append(Part(dataset_iri(config.base), tuple(sorted(lines))))
    return parts


def gazetteer_parts(config: Config) -> list[Part]:
    """The graphs of graph/gazetteer.nq.gz, read by pyoxigraph (100,000 triples): the layer has no blank
    nodes, so its triples are sent as they are, without rdflib's canonical skolemising."""
    import gzip

    from pyoxigraph import BlankNode, RdfFormat, parse

    path = config.graph / GAZETTEER_DUMP
    if not path.is_file():
        raise PublishError(f"{path} not found: build without --without-gazetteer, or publish without --with-gazetteer")
    graphs: dict[str, set[str]] = {}
    for quad in parse(gzip.decompress(path.read_bytes()), format=RdfFormat.N_QUADS):
        if isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode):
            raise PublishError(f"{path} has blank nodes, which publish cannot replace graph by graph")
        graphs.setdefault(quad.graph_name.value, set()).add(f"{quad.subject} {quad.predicate} {quad.object} .")
    return [Part(graph, tuple(sorted(lines))) for graph, lines in sorted(graphs.items())]


def ntriples(graph: Any, base: str) -> tuple[str, ...]:
    """Sorted N-Triples lines. Blank nodes (property shapes, OWL lists) become skolem IRIs
    <base>.well-known/genid/<hash> (RDF 1.1), stable between builds: stores refuse blank nodes in
    INSERT DATA (Virtuoso) or cannot replace them graph by graph."""
    from rdflib.compare import to_canonical_graph

    skolem = to_canonical_graph(graph).skolemize(authority=base, basepath=".well-known/genid/")
    text: str = skolem.serialize(format="nt")
    return tuple(sorted(line for line in text.splitlines() if line.strip()))


def version_of(parts: list[Part]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.graph.encode())
        for line in part.lines:
            digest.update(line.encode())
    return digest.hexdigest()[:16]


def target_from(store: str, kind: str, query: str | None, update: str | None, gsp: str | None) -> Target:
    paths = KINDS[kind]
    base = store.rstrip("/")
    resolved = {
        "query": query or (base + paths["query"] if "query" in paths else None),
        "update": update or (base + paths["update"] if "update" in paths else None),
        "gsp": gsp or (base + paths["gsp"] if "gsp" in paths else None),
    }
    if not resolved["update"] or not resolved["query"]:
        raise PublishError("a generic store needs --update and --query endpoint URLs")
    return Target(
        query=str(resolved["query"]),
        update=str(resolved["update"]),
        gsp=resolved["gsp"],
        request_is_transaction=kind in ONE_TRANSACTION_PER_REQUEST,
        kind=kind,
    )


FLAGS = (
    "pass --kind oxigraph|fuseki|virtuoso (the endpoints are then found under --store), "
    "or --kind generic --query-endpoint URL --update-endpoint URL [--gsp-endpoint URL]"
)


def detect(client: Client, store: str) -> Target:
    """Which store answers at `store` (the base URL of the server, or of a Fuseki dataset) and its endpoints,
    found with GET requests only: the Server header of any answer, Fuseki's /$/ping and /$/server (its
    datasets and their services), then an ASK on the query endpoint. Raises UnknownStore, naming what was
    tried and what it answered, when that does not settle it."""
    from urllib.parse import urlsplit

    base = store.rstrip("/")
    tried: list[str] = []

    def get(url: str, **params: str) -> httpx.Response | None:
        accept = "application/sparql-results+json" if params else "application/json, text/plain;q=0.9, */*;q=0.1"
        try:
            response = client.answer("GET", url, params=params, headers={"Accept": accept})
        except PublishError as error:  # refused, timed out, 5xx: after the retries
            tried.append(f"GET {url}: {error}")
            return None
        server = response.headers.get("server")
        said = f"{response.status_code} {response.headers.get('content-type', 'without a content type')}"
        tried.append(f"GET {url}: {said}, " + (f"Server: {server}" if server else "no Server header"))
        return response

    def unknown(why: str) -> UnknownStore:
        return UnknownStore(f"{why}; {FLAGS}. Tried:\n" + "\n".join("  " + line for line in tried))

    # A Fuseki dataset's URL is below the server's: /$/ping is at the server's.
    parent = base.rsplit("/", 1)[0] if urlsplit(base).path.strip("/") else None
    kind, root = None, None
    for candidate in [base, parent] if parent else [base]:
        response = get(candidate + "/$/ping")
        if response is None:
            raise unknown(f"no store answers at {store}")
        kind = kind_of(response) or ("fuseki" if pinged(response) else None)
        if kind == "fuseki" and pinged(response):
            root = candidate
        if kind:
            break
    if kind is None:
        for path in ("/sparql", "/query"):  # to tell the user where a query endpoint is, if there is one
            response = get(base + path, query="ASK {}")
            if response is not None and answers_ask(response):
                raise unknown(f"{base + path} answers SPARQL queries, but the server does not say which store it is")
        raise unknown(f"{store} does not say which store it is")
    if kind == "fuseki":
        query, update, gsp = fuseki_endpoints(get, base, root or parent or base)
    else:
        paths = KINDS[kind]
        query, update, gsp = base + paths["query"], base + paths["update"], base + paths["gsp"]
    response = get(query, query="ASK {}")
    if response is None or not answers_ask(response):
        raise unknown(f"{store} looks like {kind}, but {query} does not answer SPARQL queries")
    return Target(query=query, update=update, gsp=gsp, kind=kind, request_is_transaction=kind in ONE_TRANSACTION_PER_REQUEST)


def kind_of(response: httpx.Response) -> str | None:
    server = response.headers.get("server", "").lower()
    found = next((kind for word, kind in SERVER_HEADERS.items() if word in server), None)
    return found or ("fuseki" if "fuseki-request-id" in response.headers else None)


def pinged(response: httpx.Response) -> bool:
    """Fuseki's answer to /$/ping: the time, as text (a server answering every path with a page is not Fuseki)."""
    import re

    plain = response.headers.get("content-type", "").startswith("text/plain")
    return response.status_code == 200 and plain and re.match(r"\d{4}-\d\d-\d\dT\d\d:", response.text) is not None


def answers_ask(response: httpx.Response) -> bool:
    try:
        return response.status_code == 200 and isinstance(response.json().get("boolean"), bool)
    except ValueError:
        return False


def fuseki_endpoints(get: Callable[[str], httpx.Response | None], base: str, root: str) -> tuple[str, str, str]:
    """The query, update and GSP endpoints of a Fuseki dataset: `base` if it is a dataset's URL, else the
    only dataset of the server at `root`. Their names come from /$/server (an admin page, which may be
    closed); Fuseki's defaults otherwise."""
    response = get(root + "/$/server")
    try:
        datasets = response.json().get("datasets", []) if response is not None and response.status_code == 200 else None
    except ValueError:
        datasets = None
    if base == root:
        names = [d.get("ds.name", "") for d in datasets or []]
        if len(names) != 1:
            found = f"its datasets are {', '.join(names)}" if names else "its datasets are not listed (/$/server)"
            raise UnknownStore(f"{base} is a Fuseki server and {found}: pass a dataset's URL, e.g. --store {root}/<dataset>")
        base = root + names[0]
    services = {"query": "query", "update": "update", "gsp": "data"}  # Fuseki's defaults
    for dataset in datasets or []:
        if root + dataset.get("ds.name", "") == base:
            for service in dataset.get("ds.services", []):
                role = {"query": "query", "update": "update", "gsp-rw": "gsp"}.get(service.get("srv.type"))
                names = service.get("srv.endpoints", [])
                if role and names:  # "" is the dataset's URL itself; a named endpoint is clearer in logs
                    services[role] = next((name for name in names if name), "")
    query, update, gsp = (base + ("/" + services[role] if services[role] else "") for role in ("query", "update", "gsp"))
    return query, update, gsp


def credentials(target: Target, user: str | None, auth_scheme: str, password_env: str, token_env: str | None) -> Target:
    """Credentials come from the environment, never from the command line (which ends up in logs)."""
    import httpx

    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise PublishError(f"--token-env {token_env}: the variable is not set")
        target.headers["Authorization"] = f"Bearer {token}"
    if user:
        password = os.environ.get(password_env)
        if password is None:
            raise PublishError(f"--user {user}: set the password in the environment variable {password_env}")
        target.auth = httpx.DigestAuth(user, password) if auth_scheme == "digest" else httpx.BasicAuth(user, password)
    return target


class Client:
    """HTTP with retries and errors a person can act on."""

    def __init__(self, target: Target, progress: Progress) -> None:
        import httpx

        self.target = target
        self.progress = progress
        self.http = httpx.Client(auth=target.auth, headers=target.headers, timeout=target.timeout, trust_env=False)

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, url: str, *, body: bytes | Callable[[], Iterator[bytes]] | None = None, **kwargs: Any) -> httpx.Response:
        response = self.answer(method, url, body=body, **kwargs)
        if response.status_code in (401, 403):
            raise PublishError(
                f"{url} refused the request ({response.status_code}): give --user with the password in the environment, "
                "or --token-env, for an account allowed to write"
            )
        if response.status_code == 413:
            raise PublishError(f"{url}: request too large (413); lower --max-request-mb or --chunk")
        if response.status_code >= 400:
            raise PublishError(f"{url} answered {response.status_code}: {response.text[:500]}")
        return response

    def answer(self, method: str, url: str, *, body: bytes | Callable[[], Iterator[bytes]] | None = None, **kwargs: Any) -> httpx.Response:
        """The store's answer, any status below 500 but 429; retried with back-off otherwise and on
        refused connections and time-outs."""
        import httpx

        delay = 0.5
        for attempt in range(1, RETRIES + 1):
            try:
                content = body() if callable(body) else body  # a generator body is made anew for each attempt
                response = self.http.request(method, url, content=content, **kwargs)
            except httpx.ConnectError as error:
                problem = f"cannot connect to {url}: {error}; is the store running and the URL right?"
            except httpx.TimeoutException:
                problem = f"{url} did not answer within {self.target.timeout:.0f} s"
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return response
                problem = f"{url} answered {response.status_code}: {response.text[:200]}"
            if attempt == RETRIES:
                raise PublishError(problem)
            self.progress.note(f"retrying in {delay:.1f} s ({problem})")
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def select(self, query: str) -> list[dict[str, str]]:
        # URL-encoded POST: every store takes it (Virtuoso 7.2 hangs on a direct application/sparql-query body).
        response = self.request("POST", self.target.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        bindings = response.json()["results"]["bindings"]
        return [{name: value["value"] for name, value in row.items()} for row in bindings]

    def update(self, operations: Callable[[], Iterator[bytes]]) -> None:
        import httpx

        body: bytes | Callable[[], Iterator[bytes]] = operations
        if isinstance(self.target.auth, httpx.DigestAuth):  # digest sends the body twice (challenge, answer): no streaming
            body = b"".join(operations())
        self.request("POST", self.target.update, body=body, headers={"Content-Type": "application/sparql-update"})


def published_graphs(client: Client, config: Config) -> dict[str, bool]:
    """The graphs the previous publication listed, each with whether it is in the gazetteer layer (its
    void:subset names the gazetteer dump, as graph/void.ttl says of the layer's graphs)."""
    meta = dataset_iri(config.base)
    rows = client.select(
        f"SELECT ?g ?dump WHERE {{ GRAPH <{meta}> {{ <{meta}> <{HAS_PART}> ?g "
        f"OPTIONAL {{ <{meta}> <{VOID}subset> ?subset . ?subset <http://purl.org/dc/terms/source> ?g ; <{VOID}dataDump> ?dump "
        f'FILTER(STRENDS(STR(?dump), "/{GAZETTEER_DUMP}")) }} }} }}'
    )
    found: dict[str, bool] = {}
    for row in rows:
        found[row["g"]] = found.get(row["g"], False) or "dump" in row
    return found


def listing(parts: list[Part], kept: list[str], base: str) -> list[Part]:
    """The parts with the metadata (the last part) also listing `kept`: graphs left in the store, so that
    a later publication still knows them."""
    if not kept:
        return parts
    meta = parts[-1]
    lines = {*meta.lines, *(f"<{dataset_iri(base)}> <{HAS_PART}> <{graph}> ." for graph in kept)}
    return [*parts[:-1], Part(meta.graph, tuple(sorted(lines)))]


def staging_graphs(client: Client) -> set[str]:
    rows = client.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}')
    return {row["g"] for row in rows}


def streamed(chunks: list[bytes], progress: Progress, what: str) -> Callable[[], Iterator[bytes]]:
    """A request body whose bar shows how much of it has been sent."""
    total = sum(len(chunk) for chunk in chunks)

    def body() -> Iterator[bytes]:
        with progress.count(total, what, unit="B") as advance:
            for chunk in chunks:
                yield chunk
                advance(len(chunk))

    return body


def insert_data(graph: str, lines: tuple[str, ...] | list[str]) -> bytes:
    return (f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} } ;\n").encode("utf-8")


# What `publish` does with the gazetteer layer: --with-gazetteer, --without-gazetteer, neither.
GAZETTEER_MODES = {
    "send": "sent (graph/gazetteer.nq.gz)",
    "drop": "dropped from the store",
    "keep": "not sent; left in the store as an earlier publication put it, if one did",
}


def publish(
    config: Config,
    target: Target,
    *,
    dry_run: bool,
    max_request_mb: float,
    chunk: int,
    progress: Progress = QUIET,
    gazetteer: str = "keep",
) -> str:
    """Replace the previous publication in the store by graph/; return a one-line report."""
    progress.step(f"reading {config.graph}" + (" and its gazetteer layer" if gazetteer == "send" else ""))
    parts = plan(config, gazetteer=gazetteer == "send")
    if dry_run:
        return dry_run_report(parts, target, max_request_mb, gazetteer)
    client = Client(target, progress)
    try:
        progress.step(f"asking {target.query} what an earlier publication put there")
        previous = published_graphs(client, config)
        sent = {part.graph for part in parts}
        kept = sorted(g for g, layer in previous.items() if layer and gazetteer == "keep" and g not in sent)
        parts = listing(parts, kept, config.base)
        version = version_of(parts)
        total = sum(part.size for part in parts)
        staged = total > max_request_mb * 1e6 or not target.request_is_transaction
        gone = sorted(set(previous) - sent - set(kept))
        triples = sum(len(part.lines) for part in parts)
        how = f"staged, {chunk} triples per request" if staged else "in one update request"
        progress.step(f"sending {triples} triples in {len(parts)} graphs to {target.update} ({how})")
        if staged:
            switch_staged(client, parts, version, gone, chunk, progress)
        else:
            chunks = [f"DROP SILENT GRAPH <{g}> ;\n".encode() for g in gone]
            for part in parts:
                chunks.append(f"DROP SILENT GRAPH <{part.graph}> ;\n".encode())
                # Several INSERT DATA operations of the same request: Virtuoso refuses one whose SQL is too long.
                for start in range(0, len(part.lines), INSERT_LINES):
                    chunks.append(insert_data(part.graph, part.lines[start : start + INSERT_LINES]))
            client.update(streamed(chunks, progress, "sent"))
        progress.step("checking that every graph holds what was sent")
        check(client, parts)
    finally:
        client.close()
    triples = sum(len(part.lines) for part in parts)
    also = f"; kept {', '.join(f'<{g}>' for g in kept)}" if kept else ""
    return f"published {triples} triples in {len(parts)} graphs to {target.update} (version {version}{', staged' if staged else ''}{also})"


def dry_run_report(parts: list[Part], target: Target, max_request_mb: float, gazetteer: str) -> str:
    total = sum(part.size for part in parts)
    staged = total > max_request_mb * 1e6 or not target.request_is_transaction
    triples = sum(len(part.lines) for part in parts)
    lines = [f"would publish {triples} triples in {len(parts)} graphs ({total / 1e6:.2f} MB, version {version_of(parts)})"]
    lines += [f"  <{part.graph}>  {len(part.lines)} triples" for part in parts]
    lines.append(f"  gazetteer layer: {GAZETTEER_MODES[gazetteer]}")
    graph_store = f", graph store {target.gsp}" if target.gsp else ""
    lines.append(f"  {target.kind}: update endpoint {target.update}, query endpoint {target.query}{graph_store}")
    lines.append("  as " + ("staged uploads, then one switch operation" if staged else "one atomic update request"))
    return "\n".join(lines)


def switch_staged(client: Client, parts: list[Part], version: str, gone: list[str], chunk: int, progress: Progress) -> None:
    leftovers = staging_graphs(client)
    if leftovers:
        client.update(lambda: iter([" ".join(f"DROP SILENT GRAPH <{g}> ;" for g in sorted(leftovers)).encode()]))
    total = sum(len(part.lines) for part in parts)
    with progress.count(total, "triples staged") as advance:
        for index, part in enumerate(parts):
            stage(client, part, f"{STAGING}{version}-{index}", chunk, advance)
    # The switch: one DELETE/INSERT operation, which every store runs as one transaction. The first branch
    # of the WHERE finds what goes (old graphs, staging graphs), the second what is copied in; a template
    # whose variable is unbound in a solution yields nothing. (Not MOVE: Virtuoso 7.2's MOVE loses the
    # data of graphs uploaded through its Graph Store endpoint.)
    emptied = [*gone, *(part.graph for part in parts), *(f"{STAGING}{version}-{i}" for i in range(len(parts)))]
    pairs = " ".join(f"(<{STAGING}{version}-{i}> <{part.graph}>)" for i, part in enumerate(parts))
    switch = (
        "DELETE { GRAPH ?old { ?s ?p ?o } }\n"
        "INSERT { GRAPH ?new { ?s ?p ?o } }\n"
        "WHERE {\n"
        f"  {{ VALUES ?old {{ {' '.join(f'<{g}>' for g in emptied)} }} GRAPH ?old {{ ?s ?p ?o }} }}\n"
        f"  UNION {{ VALUES (?staging ?new) {{ {pairs} }} GRAPH ?staging {{ ?s ?p ?o }} }}\n"
        "}\n"
    )
    progress.step(f"switching to version {version}")
    client.update(lambda: iter([switch.encode()]))


def stage(client: Client, part: Part, staging: str, chunk: int, advance: Callable[[int], None]) -> None:
    """The triples of `part` into the graph `staging`, `chunk` at a time."""
    for start in range(0, len(part.lines), chunk):
        lines = part.lines[start : start + chunk]
        if client.target.gsp:
            body = ("\n".join(lines) + "\n").encode("utf-8")
            client.request(
                "PUT" if start == 0 else "POST",
                client.target.gsp,
                body=body,
                params={"graph": staging},
                headers={"Content-Type": "application/n-triples"},
            )
        else:
            data = insert_data(staging, lines)
            client.update(lambda data=data: iter([data]))  # type: ignore[misc]
        advance(len(lines))


def check(client: Client, parts: list[Part]) -> None:
    """The store holds as many triples in each graph as were sent."""
    for part in parts:
        (row,) = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{part.graph}> {{ ?s ?p ?o }} }}")
        if int(row["n"]) != len(part.lines):
            raise PublishError(f"after publishing, <{part.graph}> holds {row['n']} triples, not {len(part.lines)}")


def find_target(args: Any, progress: Progress) -> Target:
    """The endpoints: from --kind, or both endpoint flags (generic), or asked of the server; the endpoint
    flags override either."""
    kind = args.kind or ("generic" if args.query_endpoint and args.update_endpoint else None)
    if kind is not None:
        target = target_from(args.store, kind, args.query_endpoint, args.update_endpoint, args.gsp_endpoint)
        target.timeout = args.timeout
        return target
    # Detection reads only, with the same credentials, time-out and retries; digest for `--auth auto`, as
    # it sends the password (hashed) only when the server asks for digest.
    probing = Target(query="", update="", timeout=args.timeout)
    probing = credentials(probing, args.user, "digest" if args.auth == "auto" else args.auth, args.password_env, args.token_env)
    progress.step(f"asking {args.store} which store it is")
    client = Client(probing, progress)
    try:
        found = detect(client, args.store)
    finally:
        client.close()
    progress.step(f"{args.store} is {found.kind}: query endpoint {found.query}, update endpoint {found.update}")
    endpoints = {"query": args.query_endpoint, "update": args.update_endpoint, "gsp": args.gsp_endpoint}
    return replace(found, timeout=args.timeout, **{name: url for name, url in endpoints.items() if url})
