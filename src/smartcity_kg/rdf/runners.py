"""The runners that answer checked queries, one interface for all: `EmbeddedRunner` (workers.py) answers
from graph/ in worker processes that can be killed; `RemoteRunner` forwards to another SPARQL endpoint;
`LocalRunner` answers in this process, sorted, for the static site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from smartcity_kg.rdf import formats
from smartcity_kg.rdf.results import GraphStyle, serialize_results, serialize_triples, too_large
from smartcity_kg.rdf.sparql import QueryFailed, QueryTimeout

if TYPE_CHECKING:
    import httpx
    import pyoxigraph

UNLIMITED = 1 << 30  # the site's own queries: no cap but memory

# ---------------------------------------------------------------------------------------------------
# Jobs and answers
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One checked query to run."""

    query: str
    form: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE, as `check` found it."""
    format: str
    """A name in formats.RESULTS or formats.GRAPHS."""
    default_graphs: tuple[str, ...] = ()
    """default-graph-uri parameters (SPARQL Protocol)."""
    named_graphs: tuple[str, ...] = ()
    """named-graph-uri parameters."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@dataclass(frozen=True)
class Limits:
    """What one query may use."""

    timeout: float = 10.0
    """Seconds a query may run; then its worker is killed and the client gets 503."""
    max_query_length: int = 16_384
    """Characters in a query."""
    max_body: int = 65_536
    """Bytes in a request body."""
    max_reconcile_body: int = 1_048_576
    """Bytes in a request body of /reconcile: a batch of reconciliation queries (1,000 of them take about 70 KB)."""
    max_result: int = 32 * 1024 * 1024
    """Bytes in a serialized answer."""
    queue_timeout: float = 30.0
    """Seconds a query may wait for a free worker before the client gets 503 (waiting costs only a connection)."""


class Runner(Protocol):
    """Answers checked queries. `start` before the first, `close` at the end."""

    description: str
    """What the queries run against, for the home page and the service description."""
    union_default_graph: bool
    """Whether the default graph is the union of the named graphs."""

    async def start(self) -> None: ...

    async def run(self, job: Job, timeout: float | None = None) -> Answer: ...

    async def close(self) -> None: ...


async def select(runner: Runner, query: str, timeout: float | None = None) -> list[dict[str, dict[str, str]]]:
    """The bindings of a SELECT query the server itself sends (pages), as SPARQL JSON results."""
    answer = await runner.run(Job(query, "SELECT", "json"), timeout)
    bindings: list[dict[str, dict[str, str]]] = json.loads(answer.body)["results"]["bindings"]
    return bindings


# ---------------------------------------------------------------------------------------------------
# The remote runner: another SPARQL endpoint (Oxigraph server, Virtuoso, Fuseki, ...)
# ---------------------------------------------------------------------------------------------------


class RemoteRunner:
    """Sends checked queries to `endpoint` over the SPARQL Protocol (POST, URL-encoded)."""

    union_default_graph = False

    def __init__(self, endpoint: str, limits: Limits, style: GraphStyle) -> None:
        self.endpoint = endpoint
        self.description = endpoint
        self.limits = limits
        self.style = style
        self.client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        import httpx

        self.client = httpx.AsyncClient(timeout=httpx.Timeout(self.limits.timeout), follow_redirects=False, trust_env=False)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        import asyncio

        import httpx

        assert self.client is not None, "start() first"
        graph = job.form in ("CONSTRUCT", "DESCRIBE")
        # Graphs come as N-Triples and are written here, so every format (and JSON-LD's context) is ours.
        wanted = formats.GRAPHS["ntriples"] if graph else formats.RESULTS[job.format]
        data: dict[str, str | list[str]] = {"query": job.query}
        if job.default_graphs:
            data["default-graph-uri"] = list(job.default_graphs)
        if job.named_graphs:
            data["named-graph-uri"] = list(job.named_graphs)
        limit = timeout or self.limits.timeout
        try:
            async with asyncio.timeout(limit):
                headers = {"Accept": wanted.media_type}
                async with self.client.stream("POST", self.endpoint, data=data, headers=headers) as response:
                    body = await read_capped(response, self.limits.max_result)
        except TimeoutError:
            raise QueryTimeout(f"the query took longer than {limit:g} s, the time limit of this endpoint") from None
        except httpx.HTTPError as error:
            raise QueryFailed(f"the SPARQL endpoint {self.endpoint} could not be reached: {error}", 502) from None
        if response.status_code >= 400:
            text = body.decode("utf-8", "replace")[:2000]
            raise QueryFailed(f"the SPARQL endpoint answered {response.status_code}: {text}", 400 if response.status_code < 500 else 502)
        if not graph:
            return Answer(body, wanted.media_type)
        return await asyncio.to_thread(self.rewrite, body, job.format)

    def rewrite(self, ntriples: bytes, fmt: str) -> Answer:
        import pyoxigraph as ox

        try:
            triples = [quad.triple for quad in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as error:
            raise QueryFailed(f"the SPARQL endpoint sent N-Triples that do not parse: {error}", 502) from None
        return Answer(serialize_triples(triples, fmt, self.style, self.limits.max_result), formats.GRAPHS[fmt].media_type)


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------------------
# The local runner: an in-memory store in this process, answers sorted (the static site)
# ---------------------------------------------------------------------------------------------------


class LocalRunner:
    """Answers the page queries from an in-memory store; SELECT rows and CONSTRUCT triples come sorted, so the
    same graph gives the same pages byte for byte."""

    description = "graph/ (static site)"
    union_default_graph = True

    def __init__(self, store: pyoxigraph.Store, style: GraphStyle) -> None:
        self.store = store
        self.style = style

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        return Answer(self.execute(job.query, job.format), formats.for_form(job.form)[job.format].media_type)

    def execute(self, query: str, fmt: str) -> bytes:
        import pyoxigraph as ox

        found = self.store.query(query, use_default_graph_as_union=True)
        if isinstance(found, ox.QueryTriples):
            return serialize_triples(found, fmt, self.style, UNLIMITED)
        if fmt != "json":
            raise QueryFailed(f"the local runner answers SELECT and ASK in JSON only, not {fmt}")
        data = json.loads(serialize_results(found, fmt, UNLIMITED))
        if "results" in data:
            data["results"]["bindings"].sort(key=lambda binding: json.dumps(binding, sort_keys=True, ensure_ascii=False))
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
