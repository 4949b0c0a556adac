"""SPARQL text: the one safety check, the errors of a query, and the prefixes declared for it.

A query reaches a runner (runners.py) only after `check` has read it: updates, LOAD and SERVICE are
refused before anything runs; `query` runs its queries through the same check.
"""

from __future__ import annotations

import re

from smartcity_kg.core import iri

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
    """What went wrong, for a page that says it in the reader's language (present/messages.py, `error_<kind>`)."""

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


def uses_service(query: str) -> bool:
    """Whether the query has the keyword SERVICE (not the word in a string, an IRI or a comment)."""
    return "SERVICE" in keywords(query)


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
