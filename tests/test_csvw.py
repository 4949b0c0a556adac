"""CSV on the Web: a CSVW processor from PyPI (csvw_functions, which passes the W3C suite's csv2rdf tests) turns each
graph/exports/*.csv, with its <name>.csv-metadata.json, into RDF that the graph holds, triple for triple.

The processor reads the session's build from disk only: the metadata by a file: URL, the CSV it names beside it, and
its own copy of the CSVW context (it never fetches http://www.w3.org/ns/csvw); the sockets are closed to it.
"""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

from smartcity_kg.pipeline import write
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.catalogue import distribution_iri, download_url
from smartcity_kg.pipeline.exports import CSVW, EXPORTS, metadata_name

from .conftest import BASE

DCAT = Namespace("http://www.w3.org/ns/dcat#")
IANA = "https://www.iana.org/assignments/media-types/"

# Triples per export, counted by hand from the tables (rows x the columns that are triples, less the empty cells).
EXPECTED = {
    # 77 x (rdf:type, 2 labels, ISO 3166-2, DOPA code, Wikidata, GeoNames) + 76 OpenStreetMap (TH-38 has no relation)
    "provinces": 77 * 7 + 76,
    # 928 x (rdf:type, 2 labels, DOPA code, geo:sfWithin and skos:broader the province)
    "districts": 928 * 6,
    # 7,436 x (rdf:type, 2 labels, DOPA code, geo:sfWithin and skos:broader the district)
    "subdistricts": 7436 * 6,
    # 37 x (rdf:type, province, batch) + 28 Thai and 34 English names + 4 districts + 4 cities; no Wikidata yet
    "areas": 37 * 3 + 28 + 34 + 4 + 4,
    # 4 x (2 labels, province) + 2 districts; the class (tsc:City or tsc:Municipality) is not in the table
    "cities": 4 * 3 + 2,
}


Triple = tuple[object, object, object]


@pytest.fixture(scope="module")
def graph_triples(written: Path) -> set[Triple]:
    """Every triple of graph/smartcity.nq and graph/gazetteer.nq.gz, named graphs left out."""
    from pyoxigraph import RdfFormat, parse

    found: set[Triple] = set()
    for data in ((written / "smartcity.nq").read_bytes(), gzip.decompress((written / "gazetteer.nq.gz").read_bytes())):
        found.update((q.subject, q.predicate, q.object) for q in parse(data, format=RdfFormat.N_QUADS))
    return found


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No connection leaves the test: a processor that tried to fetch a context or a file would fail here."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the CSVW processor tried to connect: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def csv2rdf(metadata: Path) -> set[Triple]:
    """The triples of minimal-mode csv2rdf over the table that `metadata` describes."""
    import csvw_functions
    from pyoxigraph import RdfFormat, parse

    # file://localhost/...: csvw_functions takes a path or a file:/// URL for a Windows one (file:///C:/...).
    group = csvw_functions.create_annotated_table_group(f"file://localhost{metadata.resolve()}")
    text = csvw_functions.create_rdf(group, mode="minimal")
    return {(t.subject, t.predicate, t.object) for t in parse(text.encode("utf-8"), format=RdfFormat.N_TRIPLES)}


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_csvw_processor_makes_triples_of_the_graph(written: Path, graph_triples: set[Triple], name: str) -> None:
    made = csv2rdf(written / metadata_name(name))
    assert len(made) == EXPECTED[name]
    missing = sorted(made - graph_triples, key=str)
    assert not missing, f"{len(missing)} triples of {name}.csv are not in the graph, e.g. {missing[:3]}"
    assert all(getattr(s, "value", "").startswith(BASE + "id/") for s, _, _ in made)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_metadata_describes_every_column_of_the_csv_and_says_it_is_generated(written: Path, name: str) -> None:
    document = json.loads((written / metadata_name(name)).read_text(encoding="utf-8"))
    header = (written / "exports" / f"{name}.csv").read_bytes().decode("utf-8").split("\r\n", 1)[0].split(",")
    assert document["@context"] == CSVW and document["url"] == f"{name}.csv" and "do not edit" in document["rdfs:comment"]
    columns = document["tableSchema"]["columns"]
    assert [c["titles"] for c in columns if not c.get("virtual")] == header
    assert {c["lang"] for c in columns if "lang" in c} == {"th", "en"}
    # A column is either a triple of the graph (a property) or left out (with the reason why).
    assert all(("propertyUrl" in c) != bool(c.get("suppressOutput")) for c in columns)
    assert all(c["rdfs:comment"] for c in columns if c.get("suppressOutput"))


def test_metadata_is_byte_stable(built: Built, written: Path) -> None:
    for name in EXPORTS:
        _, writer = write.FILES[metadata_name(name)]
        again = writer(built)
        assert again == writer(built) == (written / metadata_name(name)).read_bytes()
        assert again is not None and again.endswith(b"}\n") and again.startswith(b'{\n  "@context": ')


def test_dcat_points_from_each_csv_to_its_csvw_metadata(written: Path) -> None:
    void = Graph().parse(written / "void.ttl", format="turtle")
    for name in EXPORTS:
        csv_node, metadata_node = (URIRef(distribution_iri(BASE, file)) for file in (f"exports/{name}.csv", metadata_name(name)))
        schema = URIRef(download_url(BASE, metadata_name(name)))
        assert (csv_node, DCTERMS.conformsTo, schema) in void
        assert (schema, DCTERMS.conformsTo, None) not in void
        assert (metadata_node, DCAT.downloadURL, schema) in void
        # application/json: what serve and the static site send for a .json file (tests/test_advertised_iris.py)
        assert (metadata_node, DCAT.mediaType, URIRef(IANA + "application/json")) in void
        assert (metadata_node, DCTERMS.conformsTo, URIRef(CSVW)) in void
        assert (None, DCAT.distribution, metadata_node) in void
