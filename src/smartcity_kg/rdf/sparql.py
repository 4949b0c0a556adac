"""SPARQL for the server: the safety check, the result formats, and the runners that answer queries.

A query reaches a runner only after `check` has read it: updates, LOAD and SERVICE are refused before
anything runs. Two runners share one interface: `EmbeddedRunner` (workers.py) answers from graph/ in
worker processes that can be killed; `RemoteRunner` forwards to another SPARQL endpoint.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from smartcity_kg.core import iri
from smartcity_kg.rdf import results

if TYPE_CHECKING:
    import httpx
    import pyoxigraph

# ---------------------------------------------------------------------------------------------------
# The check: a small SPARQL lexer that skips strings, IRIs and comments and reads the bare keywords.
# ---------------------------------------------------------------------------------------------------

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"})

_NAME = r"[\w\-.\u00B7\u0300-\u036F\u203F-\u2040]"
_LOCAL = rf"(?:{_NAME}|:|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*"
_TOKEN = re.compile(
    "|".join(
        (
            r"(?P<space>\s+)",
            r"(?P<comment>#[^\n\r]*)",
            r"(?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\")",
            r"(?P<string>'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\")",
            r"(?P<quote>['\"])",  # an opening quote that no string above could close
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            rf"(?P<var>[?$]{_NAME}*)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            rf"(?P<pname>(?:_|[^\W\d_]{_NAME}*)?:{_LOCAL})",
            r"(?P<word>[A-Za-z][A-Za-z0-9_]*)",
            r"(?P<other>.)",
        )
    ),
    re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class QueryFailed(Exception):
    """A query that gets an error answer; `status` is the HTTP status to send."""

    status = 400
    kind: str | None = None
    """What went wrong, for a page that says it in the reader's language (pages.MESSAGES `error_<kind>`)."""

    def __init__(self, message: str, status: int | None = None, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if kind is not None:
            self.kind = kind


class QueryRefused(QueryFailed):
    """Not allowed on this endpoint: updates, LOAD, SERVICE."""

    status = 403


class QueryTooLarge(QueryFailed):
    """The query or the request is longer than the server takes."""

    status = 413
    kind = "too_large"


class QueryTimeout(QueryFailed):
    """The query ran longer than the time limit."""

    status = 503
    kind = "timeout"


class ServerBusy(QueryFailed):
    """No worker became free in time."""

    status = 503
    kind = "busy"


def unescape_codepoints(text: str) -> str:
    """SPARQL's \\uXXXX / \\UXXXXXXXX escapes, which the grammar allows anywhere in a query."""

    def char(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CODEPOINT.sub(char, text)


def keywords(query: str) -> list[str]:
    """The bare words of a query, upper-cased, outside strings, IRIs, comments and prefixed names."""
    words = []
    for match in _TOKEN.finditer(unescape_codepoints(query)):
        kind = match.lastgroup
        if kind == "quote":
            raise QueryFailed("the query has a string that is not closed")
        if kind == "iri" and "'" in match[0]:
            # `?a<'x'>` lexes as an IRI or as a comparison with a string; refuse rather than guess.
            raise QueryFailed(f"{match[0]} is ambiguous: write ' in IRIs as %27, and put a space after < when comparing with a string")
        if kind == "word":
            words.append(match[0].upper())
    return words


def check(query: str, max_length: int) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE); raises QueryFailed for anything not to run."""
    if len(query) > max_length:
        raise QueryTooLarge(f"the query has {len(query)} characters; this endpoint takes at most {max_length}")
    if not query.strip():
        raise QueryFailed("the query is empty")
    words = keywords(query)
    first = next((word for word in words if word not in ("BASE", "PREFIX")), None)
    if first == "LOAD" or (first in UPDATE_KEYWORDS and "LOAD" in words):
        raise QueryRefused("LOAD is not allowed: this endpoint is read-only and never fetches data from elsewhere", kind="load")
    if first in UPDATE_KEYWORDS or UPDATE_KEYWORDS.intersection(words):
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only", kind="update")
    if "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is not allowed: this endpoint makes no requests to other servers", kind="service")
    if first not in QUERY_FORMS:
        raise QueryFailed("a SPARQL query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX and BASE)")
    return first


def declared_prefixes(query: str) -> set[str]:
    """The prefix names the query declares itself (`PREFIX tsc: <...>`), outside strings and comments."""
    names, after_prefix = set(), False
    for match in _TOKEN.finditer(unescape_codepoints(query)):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if after_prefix and kind == "pname":
            names.add(match[0].partition(":")[0])
        after_prefix = kind == "word" and match[0].upper() == "PREFIX"
    return names


def after_base(query: str) -> int:
    """Where declarations may be added: after the BASE declarations that open the query, if any (SPARQL allows
    BASE and PREFIX in any order, Virtuoso only BASE first; the example queries of queries/ open with BASE)."""
    position, expect_iri = 0, False
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if expect_iri and kind == "iri":
            position, expect_iri = match.end(), False
        elif not expect_iri and kind == "word" and match[0].upper() == "BASE":
            expect_iri = True
        else:
            break
    return position


def with_prefixes(query: str, prefixes: dict[str, str]) -> str:
    """The query with `prefixes` declared, except those it declares itself (its own win).

    The declarations go on the line where the query's prologue starts (after an opening BASE), so that a syntax
    error is reported on the line the client wrote it on.
    """
    own = declared_prefixes(query)
    declarations = " ".join(f"PREFIX {name}: <{namespace}>" for name, namespace in sorted(prefixes.items()) if name not in own)
    if not declarations:
        return query
    at = after_base(query)
    return f"{query[:at]} {declarations} {query[at:]}" if at else f"{declarations} {query}"


def graph_iris(parameter: str, values: list[str]) -> tuple[str, ...]:
    """The values of default-graph-uri / named-graph-uri, each an absolute IRI (RFC 3987), else QueryFailed (400)."""
    for value in values:
        if reason := iri.iri_error(value):
            raise QueryFailed(f"{parameter} {value!r} is not an absolute IRI: {reason}") from None
    return tuple(values)


# ---------------------------------------------------------------------------------------------------
# Formats: a registry by name; SELECT / ASK results and graphs (CONSTRUCT / DESCRIBE) have their own.
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """One serialization a query answer can be sent in."""

    name: str
    """Registry key, also accepted as the `format` parameter."""
    media_type: str
    """What Content-Type says."""
    aliases: tuple[str, ...] = ()
    """Other `format` values and media types that choose it."""
    extension: str = ""
    """File extension of documents in this format (/doc/... pages)."""


RESULT_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/sparql-results+json", ("application/json", "text/javascript", "application/javascript"), "srj"),
        Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "srx"),
        Format("csv", "text/csv", (), "csv"),
        Format("tsv", "text/tab-separated-values", ("tab-separated-values",), "tsv"),
    )
}
GRAPH_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", ("ttl", "n3", "text/n3", "application/x-turtle"), "ttl"),
        Format("ntriples", "application/n-triples", ("nt", "n-triples", "text/plain"), "nt"),
        Format("jsonld", "application/ld+json", ("json-ld", "json", "application/json"), "jsonld"),
        Format("rdfxml", "application/rdf+xml", ("rdf", "rdf+xml", "xml", "application/xml", "text/xml"), "rdf"),
    )
}


def formats_for(form: str) -> dict[str, Format]:
    return RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS


def format_named(value: str, form: str) -> Format | None:
    """The format a `format=` parameter names (a short name or a media type), for this query form."""
    value = value.strip().lower()
    for fmt in formats_for(form).values():
        if value in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    return None


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
    """A key of RESULT_FORMATS or GRAPH_FORMATS."""
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
# Serializing answers: pyoxigraph for Turtle, N-Triples, RDF/XML, XML, CSV, TSV; results.py for the JSON ones.
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
    """Embed only the part of `context` a document uses (results.used_context): the site, whose 17,000 documents
    would otherwise each carry the whole 8.5 KB context."""


def serialize_triples(triples: Iterable[pyoxigraph.Triple], fmt: str, style: GraphStyle, limit: int) -> bytes:
    """The triples in `fmt`, sorted, blank nodes with canonical labels (results.canonical_triples)."""
    import pyoxigraph as ox

    buffer = CappedBuffer(limit)
    ordered = results.canonical_triples(triples)
    try:
        if fmt == "jsonld":
            try:
                context = results.used_context(ordered, style.context) if style.used_context and style.context else style.context
                document = results.jsonld(ordered, context)
            except results.NotRepresentable as error:
                raise QueryFailed(str(error)) from None
            buffer.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        else:
            rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
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
            results.write_sparql_json(result, buffer)
        else:
            formats = {"xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
            result.serialize(buffer, formats[fmt])
    except TooLarge:
        raise too_large(limit) from None
    return buffer.getvalue()


def used_prefixes(triples: list[pyoxigraph.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of `triples` is in (Turtle lists no others)."""
    import pyoxigraph as ox

    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    return {prefix: ns for prefix, ns in sorted(prefixes.items()) if any(value.startswith(ns) for value in iris)}


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
        wanted = GRAPH_FORMATS["ntriples"] if graph else RESULT_FORMATS[job.format]
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
        return Answer(serialize_triples(triples, fmt, self.style, self.limits.max_result), GRAPH_FORMATS[fmt].media_type)


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)
