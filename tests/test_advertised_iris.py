"""Every IRI the metadata advertises resolves (issue 13), on `smartcity-kg serve` and in the static site behind
nginx with the rules the site generated: the dumps and exports (dcat:downloadURL, dcat:accessURL,
void:dataDump), the SPARQL endpoint (void:sparqlEndpoint, the accessURL of its distribution), the example
resources (void:exampleResource) and the ontology's version IRI (owl:versionIRI).

The IRIs and what each one is are read from graph/void.ttl and graph/ontology.ttl with rdflib; the media type
a file must be served with is the one its distribution states (dcat:compressFormat, else dcat:mediaType), so
the expectation is the metadata's, not the server's own table. The base is mapped to the server under test.

A static site has no SPARQL endpoint, and none is faked: there <base>sparql is 303 See Other to the page
of the SPARQL service (doc/service/sparql), whose description says that a static copy has no endpoint and
that it is where the base is served by `smartcity-kg serve`; a query sent there gets that same redirect,
never results.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import DCTERMS, OWL, RDF, Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from . import webservers
from .conftest import BASE, ROOT, version_iris
from .serving import Server

# Open namespaces: rdflib's closed DCAT and VOID warn when pytest looks into this module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
IANA = "https://www.iana.org/assignments/media-types/"
SD = "http://www.w3.org/ns/sparql-service-description#"
SERVICE_PAGE = BASE + "id/service/sparql"
# The parsers of the RDF media types (pyoxigraph: it reads N-Quads, which rdflib's Graph does not).
RDF_FORMATS = {
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}


@dataclass(frozen=True)
class Advertised:
    """An IRI the metadata gives, and what it says the IRI is."""

    iri: str
    kind: str
    """file (a distribution's download), endpoint (SPARQL), thing (a resource with a document), ontology (a version IRI)."""
    media_type: str = ""
    """For a file: the media type it is served as (the compression's, if compressed)."""
    content_type: str = ""
    """For a file: the media type of its content (after decompression)."""


def advertised() -> list[Advertised]:
    # The committed graph/void.ttl, at collection time: what the repository publishes is what must resolve (and it is
    # what a build writes: tests/test_outputs.py); the servers under test serve the session's build.
    metadata = Graph().parse(ROOT / "graph" / "void.ttl", format="turtle")
    found: dict[str, Advertised] = {}
    endpoints = {str(e) for e in metadata.objects(None, VOID.sparqlEndpoint)}
    endpoints |= {str(e) for e in metadata.objects(None, DCAT.endpointURL)}
    for distribution in set(metadata.subjects(RDF.type, DCAT.Distribution)):
        media = metadata.value(distribution, DCAT.mediaType)
        compression = metadata.value(distribution, DCAT.compressFormat)
        for predicate in (DCAT.downloadURL, DCAT.accessURL):
            for url in metadata.objects(distribution, predicate):
                if str(url) in endpoints:
                    found[str(url)] = Advertised(str(url), "endpoint")
                    continue
                assert media is not None, f"{distribution} gives {url} without a dcat:mediaType"
                content = str(media).removeprefix(IANA)
                served = str(compression).removeprefix(IANA) if compression is not None else content
                found[str(url)] = Advertised(str(url), "file", served, content)
    for dump in metadata.objects(None, VOID.dataDump):
        assert str(dump) in found and found[str(dump)].kind == "file", f"the dump {dump} is no distribution's download"
    for endpoint in metadata.objects(None, VOID.sparqlEndpoint):
        found[str(endpoint)] = Advertised(str(endpoint), "endpoint")
    for example in metadata.objects(None, VOID.exampleResource):
        found[str(example)] = Advertised(str(example), "thing")
    for version in version_iris():
        found[version] = Advertised(version, "ontology")
    assert all(iri.startswith(BASE) for iri in found), "an advertised IRI outside the base cannot be tested here"
    return sorted(found.values(), key=lambda a: a.iri)


ADVERTISED = advertised()


@pytest.fixture(scope="module")
def serve(server: Server) -> str:
    """The session's server (conftest `server`)."""
    return server.url


@pytest.fixture(scope="module")
def nginx(static_site: Path) -> Iterator[str]:
    with webservers.nginx(static_site) as started:
        yield started.url


def dereference(url: str, accept: str) -> tuple[httpx.Response, httpx.Response]:
    """(the first answer, the one it leads to): 200 at once, or 303 followed once to a 200."""
    first = httpx.get(url, headers={"accept": accept}, follow_redirects=False, timeout=60)
    assert first.status_code in (200, 303), (url, first.status_code, first.text[:300])
    if first.status_code == 200:
        return first, first
    target = httpx.get(httpx.URL(url).join(first.headers["location"]), headers={"accept": accept}, follow_redirects=False, timeout=60)
    assert target.status_code == 200, (url, first.headers["location"], target.status_code)
    return first, target


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip().lower()


def check_file(response: httpx.Response, expected: Advertised) -> None:
    assert media_type(response) == expected.media_type
    assert "content-encoding" not in response.headers  # a file to download, as its checksum in void.ttl says
    body = response.content
    if expected.media_type != expected.content_type:
        assert expected.media_type == "application/gzip"
        body = gzip.decompress(body)
    if expected.content_type in RDF_FORMATS:
        assert sum(1 for _ in ox.parse(body, RDF_FORMATS[expected.content_type])) > 0
    elif expected.content_type in ("application/json", "application/ld+json"):
        assert json.loads(body)
    elif expected.content_type == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert len(rows) > 1 and len({len(row) for row in rows}) == 1  # a header, records, the same columns
    else:
        pytest.fail(f"no check for {expected.content_type}: add one")


@pytest.mark.parametrize("where", ["serve", pytest.param("nginx", marks=pytest.mark.webservers)])
@pytest.mark.parametrize("expected", ADVERTISED, ids=[a.iri[len(BASE) :] for a in ADVERTISED])
def test_an_advertised_iri_resolves(written: Path, request: pytest.FixtureRequest, where: str, expected: Advertised) -> None:
    server: str = request.getfixturevalue(where)
    url = server + "/" + expected.iri[len(BASE) :]
    if expected.kind == "file":
        first, target = dereference(url, "*/*")
        check_file(target, expected)
    elif expected.kind == "thing":
        first, target = dereference(url, "text/turtle")
        assert first.status_code == 303  # a thing is not a document (Cool URIs for the Semantic Web, 4.3)
        assert media_type(target) == "text/turtle"
        assert URIRef(expected.iri) in set(Graph().parse(data=target.text, format="turtle").subjects())
    elif expected.kind == "ontology":
        first, target = dereference(url, "text/turtle")
        assert media_type(target) == "text/turtle"
        served = Graph().parse(data=target.text, format="turtle")
        assert (URIRef(BASE + "def/"), OWL.versionIRI, URIRef(expected.iri)) in served
        # The ontology document of that version (OWL 2 Structural Specification 3.3), not only the statements about it.
        assert isomorphic(served, Graph().parse(written / "ontology.ttl", format="turtle"))
    elif where == "serve":
        # The endpoint: its service description (SPARQL 1.1 Service Description) without a query, results with one.
        first, target = dereference(url, "text/turtle")
        assert media_type(target) == "text/turtle"
        description = Graph().parse(data=target.text, format="turtle")
        assert (URIRef(url), URIRef(SD + "endpoint"), URIRef(url)) in description
        answer = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": "application/sparql-results+json"}, timeout=60)
        assert answer.status_code == 200 and media_type(answer) == "application/sparql-results+json"
        assert answer.json()["boolean"] is True
    else:
        # The static site: the description of the service, which says that a static copy has no endpoint.
        first, target = dereference(url, "text/turtle")
        assert first.status_code == 303 and first.headers["location"].endswith("/doc/service/sparql.ttl")
        description = Graph().parse(data=target.text, format="turtle")
        assert (URIRef(SERVICE_PAGE), DCAT.endpointURL, URIRef(expected.iri)) in description
        text = " ".join(str(t) for t in description.objects(URIRef(SERVICE_PAGE), DCTERMS.description))
        assert "static copy of the site (smartcity-kg site) has no endpoint" in text
        query = httpx.get(url, params={"query": "ASK {}"}, headers={"accept": "application/sparql-results+json"}, timeout=60)
        assert query.status_code == 303 and "sparql-results" not in query.headers.get("content-type", "")


def test_the_metadata_advertises_what_this_test_covers(written: Path) -> None:
    """The list above is not empty by accident: every kind is there, and every export of graph/exports/."""
    kinds = {a.kind for a in ADVERTISED}
    assert kinds == {"file", "endpoint", "thing", "ontology"}
    files = {a.iri[len(BASE) :] for a in ADVERTISED if a.kind == "file"}
    exports = {p.relative_to(written.parent).as_posix() for p in (written / "exports").iterdir() if p.suffix in (".csv", ".json")}
    assert exports <= files and "graph/smartcity.nq.gz" in files
