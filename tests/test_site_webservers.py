"""The static site behind real web servers: Debian's nginx and Apache, each started here on 127.0.0.1 with the
rules `smartcity-kg site` generated (deploy/nginx.conf, .htaccess), asked for IRIs with different Accept headers.

The servers are started by tests/webservers.py, as processes of the test, never as system services.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import DCTERMS, OWL, RDF, Graph, URIRef

from . import webservers
from .conftest import BASE, ID, ROOT, version_iris
from .webservers import WebServer

pytestmark = pytest.mark.webservers  # real nginx and Apache processes over the whole static site

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
AREA = "area/nakhon-rayong"
W3ID_SITE = "https://example.github.io/thai-smart-city/"


def ontology_versions() -> tuple[str, ...]:
    """The folders under def/ of the ontology's version IRIs (`0.2.0/`)."""
    return tuple(version[len(BASE + "def/") :] for version in version_iris())


@pytest.fixture(scope="module")
def nginx(static_site: Path) -> Iterator[WebServer]:
    with webservers.nginx(static_site) as server:
        yield server


@pytest.fixture(scope="module")
def apache(static_site: Path) -> Iterator[WebServer]:
    with webservers.apache(static_site, W3ID_SITE, ontology_versions()) as server:
        yield server


@pytest.fixture(params=["nginx", "apache"])
def server(request: pytest.FixtureRequest) -> WebServer:
    found: WebServer = request.getfixturevalue(request.param)
    return found


@pytest.mark.parametrize(
    ("accept", "extension", "media_type"),
    [
        ("text/html", "html", "text/html"),
        (BROWSER, "html", "text/html"),
        ("text/turtle", "ttl", "text/turtle"),
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/rdf+xml", "rdf", "application/rdf+xml"),
        ("text/turtle;q=0.9, application/json;q=0.1", "ttl", "text/turtle"),
        ("*/*", "html", "text/html"),
        (None, "html", "text/html"),
    ],
)
def test_a_thing_is_303_to_its_document_in_the_format_accept_asks_for(
    server: WebServer, accept: str | None, extension: str, media_type: str
) -> None:
    response = server.get(f"/id/{AREA}", accept)
    assert response.status_code == 303, (server.name, response.text[:300])
    assert response.headers["location"] in (f"/doc/{AREA}.{extension}", f"{server.url}/doc/{AREA}.{extension}")
    assert "accept" in response.headers.get("vary", "").lower()
    document = server.follow(f"/id/{AREA}", accept or "*/*")
    assert document.status_code == 200
    assert document.headers["content-type"].split(";")[0] == media_type


def test_the_documents_say_what_the_graph_says(written: Path, server: WebServer) -> None:
    area = URIRef(ID + AREA)
    html = server.follow(f"/id/{AREA}", "text/html")
    assert "<h1>นครระยองเมืองอัจฉริยะและน่าอยู่</h1>" in html.text and "charset=utf-8" in html.headers["content-type"].lower()
    turtle = server.follow(f"/id/{AREA}", "text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (area, URIRef(BASE + "def/province"), URIRef(ID + "province/TH-21")) in graph
    jsonld = server.follow(f"/id/{AREA}", "application/ld+json")
    # The part of the published context it uses, embedded (no processor's default loader could fetch it from where the site lies).
    published = json.loads((written / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    embedded = json.loads(jsonld.content)["@context"][0]
    assert "province" in embedded and all(embedded[key] == published[key] for key in embedded)
    assert Graph().parse(data=jsonld.text, format="json-ld").isomorphic(graph)
    province = server.get("/id/province/TH-21", "text/turtle")
    assert province.status_code == 303 and province.headers["location"].endswith("/doc/province/TH-21.ttl")


@pytest.mark.parametrize(("accept", "extension"), [(BROWSER, "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld")])
def test_a_subdistrict_of_the_gazetteer_is_303_to_its_document(server: WebServer, accept: str, extension: str) -> None:
    """Every thing of graph/ has its page, the gazetteer's too: the first subdistrict of seeds/gazetteer/subdistricts.yaml."""
    import yaml

    entities = yaml.safe_load((ROOT / "seeds" / "gazetteer" / "subdistricts.yaml").read_text(encoding="utf-8"))["entities"]
    unit = next(e for e in entities if e["type"] == "Subdistrict")
    response = server.get(f"/id/{unit['id']}", accept)
    assert response.status_code == 303, (server.name, response.text[:300])
    assert response.headers["location"] in (f"/doc/{unit['id']}.{extension}", f"{server.url}/doc/{unit['id']}.{extension}")
    document = server.follow(f"/id/{unit['id']}", accept)
    assert document.status_code == 200
    if extension == "html":
        assert f"<h1>{unit['name_th']}</h1>" in document.text
    else:
        graph = Graph().parse(data=document.text, format="turtle" if extension == "ttl" else "json-ld")
        label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        names = {str(n) for n in graph.objects(URIRef(ID + unit["id"]), label)}
        assert names == {unit["name_th"], unit["name_en"]}
        assert (URIRef(ID + unit["id"]), URIRef(BASE + "def/dopaCode"), None) in graph


UNKNOWN = [
    "/id/area/no-such-area",
    "/id/province/TH-99",
    "/id/subdistrict/999999",
    "/id/nokind/x",
    "/id/area/",
    "/id/area/nakhon-rayong.html",
]


@pytest.mark.parametrize("path", UNKNOWN)
def test_an_iri_the_site_does_not_know_is_404(server: WebServer, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        assert server.get(path, accept).status_code == 404, (server.name, path, accept)


def test_ontology_terms_are_served_directly_by_accept(server: WebServer) -> None:
    html = server.get("/def/SmartCityArea", "text/html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "smart city area" in html.text or "พื้นที่เมืองอัจฉริยะ" in html.text
    turtle = server.get("/def/SmartCityArea", "text/turtle")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(BASE + "def/SmartCityArea"), None, None) in graph
    ontology = server.get("/def/", "text/html")
    assert ontology.status_code == 200 and 'id="SmartCityArea"' in ontology.text  # the ontology documentation
    header = server.get("/def/", "application/ld+json")
    assert header.status_code == 200 and header.headers["content-type"].startswith("application/ld+json")
    assert server.get("/def/NoSuchTerm", "text/turtle").status_code == 404


def test_dumps_and_the_context_are_served_as_they_are(written: Path, server: WebServer) -> None:
    dump = httpx.get(server.url + "/graph/smartcity.nq.gz", timeout=10)
    assert dump.status_code == 200
    assert "content-encoding" not in dump.headers  # a file to download, not a compressed transfer
    assert gzip.decompress(dump.content) == (written / "smartcity.nq").read_bytes()
    context = httpx.get(server.url + "/context.jsonld", timeout=10)
    assert context.headers["content-type"].startswith("application/ld+json")
    home = httpx.get(server.url + "/", timeout=10)
    assert home.status_code == 200 and "smartcity.nq.gz" in home.text


@pytest.mark.parametrize(
    ("path", "accept", "status", "location"),
    [
        (f"/w3id/id/{AREA}", "text/turtle", 303, f"{W3ID_SITE}doc/{AREA}.ttl"),
        (f"/w3id/id/{AREA}", BROWSER, 303, f"{W3ID_SITE}doc/{AREA}.html"),
        ("/w3id/id/province/TH-21", "application/ld+json", 303, f"{W3ID_SITE}doc/province/TH-21.jsonld"),
        ("/w3id/def/SmartCityArea", "text/turtle", 303, f"{W3ID_SITE}def/SmartCityArea.ttl"),
        ("/w3id/def/", "text/html", 303, f"{W3ID_SITE}def/index.html"),
        ("/w3id/graph/smartcity.nq.gz", "*/*", 302, f"{W3ID_SITE}graph/smartcity.nq.gz"),
    ],
)
def test_w3id_rules_negotiate_and_redirect_to_the_hosted_site(
    apache: WebServer, path: str, accept: str, status: int, location: str
) -> None:
    """deploy/w3id.htaccess, as w3id.org would run it (Apache, in the folder of the base)."""
    response = apache.get(path, accept)
    assert response.status_code == status
    assert response.headers["location"] == location


def test_the_version_iri_is_the_ontology_of_that_version(written: Path, server: WebServer) -> None:
    """OWL 2 (Structural Specification, 3.3): the ontology document of the current version is at its version IRI."""
    from rdflib.compare import isomorphic

    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    for version in version_iris():
        path = version[len(BASE) - 1 :]
        html = server.get(path, "text/html")
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html"), (server.name, path)
        assert 'id="SmartCityArea"' in html.text  # the ontology documentation
        for accept, rdf_format in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/n-triples", "nt")):
            document = server.get(path, accept)
            assert document.status_code == 200 and document.headers["content-type"].split(";")[0] == accept, (server.name, accept)
            assert "accept" in document.headers.get("vary", "").lower()
            served = Graph().parse(data=document.content, format=rdf_format)
            assert (URIRef(BASE + "def/"), OWL.versionIRI, URIRef(version)) in served
            assert isomorphic(served, ontology)  # the whole ontology, not only its header
    assert server.get("/def/0.0.0/", "text/turtle").status_code == 404  # no other version is kept


def test_the_sparql_endpoint_iri_leads_to_the_description_of_the_service(server: WebServer) -> None:
    """A static site has no endpoint: <base>sparql is 303 to the page of the service, which says so, and never
    answers a query."""
    service = URIRef(ID + "service/sparql")
    for accept, media_type in (("text/turtle", "text/turtle"), (BROWSER, "text/html")):
        document = server.follow("/sparql", accept)
        assert document.status_code == 200 and document.headers["content-type"].split(";")[0] == media_type, (server.name, accept)
    turtle = Graph().parse(data=server.follow("/sparql", "text/turtle").text, format="turtle")
    assert (service, RDF.type, URIRef("http://www.w3.org/ns/dcat#DataService")) in turtle
    description = " ".join(str(text) for text in turtle.objects(service, DCTERMS.description))
    assert "static copy of the site (smartcity-kg site) has no endpoint" in description
    query = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"accept": "application/sparql-results+json"})
    assert query.status_code == 303  # not an answer: nothing here pretends to run SPARQL


def test_w3id_rules_send_the_version_iri_and_the_endpoint_to_the_hosted_site(apache: WebServer) -> None:
    for version in version_iris():
        folder = version[len(BASE) :]
        response = apache.get(f"/w3id/{folder}", "text/turtle")
        assert response.status_code == 303 and response.headers["location"] == f"{W3ID_SITE}{folder}index.ttl"
    response = apache.get("/w3id/sparql", BROWSER)
    assert response.status_code == 303 and response.headers["location"] == f"{W3ID_SITE}doc/service/sparql.html"
