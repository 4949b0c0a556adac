"""The one registry of formats and media types, consulted by every command that reads, writes or sends a file.

A format has a name (the `format=` parameter of /sparql, `--format` of `query`), a media type, the extension
of its files, and what it holds: answers of SELECT and ASK (`results`), triples (`graph`), quads
(`dataset`), or anything else the site and the server send (`file`). The endpoint, the documents of the
server and the site, the content-negotiation rules for Apache and nginx and the query command all look
their formats up here, so a new format is one line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One serialization: how it is named, sent and stored."""

    name: str
    """Registry key, also accepted as the `format` parameter of /sparql and `--format` of `query`."""
    media_type: str
    """What Content-Type says."""
    extension: str
    """File extension of documents in this format (/doc/... pages, the files of the site)."""
    holds: str
    """`results` (SELECT, ASK), `graph` (triples), `dataset` (quads) or `file` (a page, a style sheet...)."""
    aliases: tuple[str, ...] = ()
    """Other `format` values and media types that choose it."""
    oxigraph: str = ""
    """Name of the format in pyoxigraph's RdfFormat or QueryResultsFormat, if pyoxigraph writes it."""
    text: bool = True
    """Text, sent with `charset=utf-8`."""
    w3c: str = ""
    """Name of the format under http://www.w3.org/ns/formats/ (the service description, VoID), if it has one."""
    eu: str = ""
    """Code in the EU file-type table (http://publications.europa.eu/resource/authority/file-type/), for DCAT."""


REGISTRY: tuple[Format, ...] = (
    # SELECT and ASK answers (SPARQL 1.1 Query Results)
    Format(
        "json",
        "application/sparql-results+json",
        "srj",
        "results",
        ("application/json", "text/javascript", "application/javascript"),
        "JSON",
        w3c="SPARQL_Results_JSON",
    ),
    Format("xml", "application/sparql-results+xml", "srx", "results", ("application/xml", "text/xml"), "XML", w3c="SPARQL_Results_XML"),
    Format("csv", "text/csv", "csv", "results", (), "CSV", w3c="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", ("tab-separated-values",), "TSV", w3c="SPARQL_Results_TSV"),
    # graphs, in the order the server and the site offer them
    Format(
        "turtle", "text/turtle", "ttl", "graph", ("ttl", "n3", "text/n3", "application/x-turtle"), "TURTLE", w3c="Turtle", eu="RDF_TURTLE"
    ),
    Format(
        "ntriples",
        "application/n-triples",
        "nt",
        "graph",
        ("nt", "n-triples", "text/plain"),
        "N_TRIPLES",
        w3c="N-Triples",
        eu="RDF_N_TRIPLES",
    ),
    Format("jsonld", "application/ld+json", "jsonld", "graph", ("json-ld", "json", "application/json"), w3c="JSON-LD", eu="JSON_LD"),
    Format(
        "rdfxml", "application/rdf+xml", "rdf", "graph", ("rdf", "rdf+xml", "xml", "application/xml", "text/xml"), "RDF_XML", w3c="RDF_XML"
    ),
    # datasets
    Format("nquads", "application/n-quads", "nq", "dataset", ("nq", "n-quads"), "N_QUADS", w3c="N-Quads", eu="RDF_N_QUADS"),
    # the other files of the site and of graph/
    Format("html", "text/html", "html", "file", ("application/xhtml+xml",)),
    Format("css", "text/css", "css", "file"),
    Format("javascript", "application/javascript", "js", "file"),
    Format("svg", "image/svg+xml", "svg", "file"),
    Format("json-file", "application/json", "json", "file", eu="JSON"),
    Format("geojson", "application/geo+json", "geojson", "file"),
    Format("markdown", "text/markdown", "md", "file"),
    Format("csv-file", "text/csv", "csv", "file", eu="CSV"),
    Format("text", "text/plain", "txt", "file"),
    Format("gzip", "application/gzip", "gz", "file", text=False),
)


def holding(*kinds: str) -> dict[str, Format]:
    """The formats that hold one of `kinds`, by name, in the order of the registry."""
    return {f.name: f for f in REGISTRY if f.holds in kinds}


RESULTS = holding("results")
"""What a SELECT or ASK answer is sent in."""
GRAPHS = holding("graph")
"""What a graph (CONSTRUCT, DESCRIBE, a document of a thing) is sent in."""


def for_form(form: str) -> dict[str, Format]:
    """The formats an answer of a query of this form (SELECT, ASK, CONSTRUCT, DESCRIBE) can be sent in."""
    return RESULTS if form in ("SELECT", "ASK") else GRAPHS


def named(value: str, form: str) -> Format | None:
    """The format a `format=` parameter names (a short name or a media type), for this query form."""
    value = value.strip().lower()
    for fmt in for_form(form).values():
        if value in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    return None


NAMED: dict[str, Format] = {f.name: f for f in REGISTRY}
"""Every format by name."""

# The files the site and the server hold, by extension: documents of things and dumps, pages, assets.
FILES: dict[str, Format] = {f.extension: f for f in REGISTRY if f.holds in ("graph", "dataset", "file")}
MEDIA_TYPES: dict[str, str] = {extension: f.media_type for extension, f in FILES.items()}
TEXT: tuple[str, ...] = tuple(extension for extension, f in FILES.items() if f.text)
