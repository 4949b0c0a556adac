"""graph/void.ttl: DCAT-AP 3 (checked with the official shapes) and VoID, and that both say what graph/ holds."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS

from smartcity_kg.pipeline.catalogue import DISTRIBUTIONS, catalog_iri, dataset_iri, distribution_iri, publisher_iri

from .conftest import BASE, ROOT

# The official shapes of DCAT-AP 3.0.0 (SEMICeu/DCAT-AP, releases/3.0.0/shacl/dcat-ap-SHACL.ttl), vendored unchanged
# with their licence note (CC BY 4.0, (c) European Union) so that a fresh clone checks the metadata on its own.
DCAT_AP = ROOT / "tests" / "vendor" / "dcat-ap-3.0.0"
DCAT_AP_SHAPES = DCAT_AP / "dcat-ap-SHACL.ttl"
DCAT_AP_SHA256 = "92f76609d78d257123e75bc6b7155df5cc0a63f14c29fbc12b0ac95c56af2059"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain namespace: pytest probes module attributes
TSC = Namespace(BASE + "def/")
DATASET = URIRef(dataset_iri(BASE))


@pytest.fixture(scope="module")
def metadata(written: Path) -> Graph:
    return Graph().parse(written / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def data(written: Path) -> Graph:
    return Graph().parse(written / "smartcity.nt", format="nt")


def dcat_ap_shapes() -> Graph:
    return Graph().parse(DCAT_AP_SHAPES, format="turtle")


def test_the_vendored_dcat_ap_shapes_are_the_official_file_with_their_licence() -> None:
    """Unchanged from the release (its digest), with the licence and the provenance note beside it."""
    assert hashlib.sha256(DCAT_AP_SHAPES.read_bytes()).hexdigest() == DCAT_AP_SHA256
    assert "CC BY 4.0" in (DCAT_AP / "README.md").read_text(encoding="utf-8")
    licence = (DCAT_AP / "LICENSE").read_text(encoding="utf-8")
    assert "European Union" in licence and "creativecommons.org/licenses/by/4.0" in licence


def test_metadata_conforms_to_the_official_dcat_ap_3_shapes(metadata: Graph) -> None:
    import pyshacl

    shapes = dcat_ap_shapes()
    assert len(shapes) > 1000, "not the DCAT-AP shapes file"
    conforms, _, text = pyshacl.validate(metadata, shacl_graph=shapes, inference="none", allow_warnings=False)
    assert conforms, text


def test_the_dcat_ap_shapes_do_reject_incomplete_metadata(metadata: Graph) -> None:
    """The check has teeth: without a title, with an untyped licence and a document as dcterms:source, it fails."""
    import pyshacl

    broken = Graph()
    for triple in metadata:
        broken.add(triple)
    broken.remove((URIRef(catalog_iri(BASE)), DCTERMS.title, None))
    broken.remove((None, RDF.type, DCTERMS.LicenseDocument))
    broken.add((DATASET, DCTERMS.source, URIRef(BASE + "id/source/project-curation")))
    conforms, report, _ = pyshacl.validate(broken, shacl_graph=dcat_ap_shapes(), inference="none")
    assert not conforms
    sh = Namespace("http://www.w3.org/ns/shacl#")
    paths = {report.value(result, sh.resultPath) for result in report.subjects(RDF.type, sh.ValidationResult)}
    assert {DCTERMS.title, DCTERMS.license, DCTERMS.source} <= paths


def test_catalogue_dataset_service_and_publisher(written: Path, metadata: Graph) -> None:
    catalog = URIRef(catalog_iri(BASE))
    assert (catalog, RDF.type, DCAT.Catalog) in metadata
    assert (catalog, DCAT.dataset, DATASET) in metadata
    assert (DATASET, RDF.type, DCAT.Dataset) in metadata and (DATASET, RDF.type, VOID.Dataset) in metadata
    service = metadata.value(catalog, DCAT.service)
    assert (service, DCAT.endpointURL, URIRef(BASE + "sparql")) in metadata
    assert (service, DCAT.servesDataset, DATASET) in metadata
    # The publisher is the project, as the ontology header names its creator: no source names an agency.
    publisher = metadata.value(DATASET, DCTERMS.publisher)
    assert publisher == URIRef(publisher_iri(BASE))
    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    # dcterms:creator has the range dcterms:Agent: the ontology names the agent by IRI, the same as the publisher.
    assert ontology.value(URIRef(BASE + "def/"), DCTERMS.creator) == publisher
    names = set(metadata.objects(publisher, FOAF.name))
    assert names and names == set(ontology.objects(publisher, RDFS.label))
    assert (publisher, RDF.type, TSC.GovernmentAgency) not in metadata


def test_release_dates_come_from_the_ontology_header(written: Path, metadata: Graph) -> None:
    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    header = URIRef(BASE + "def/")
    for predicate in (DCTERMS.issued, DCTERMS.modified):
        assert metadata.value(DATASET, predicate) == ontology.value(header, predicate)


def test_temporal_coverage_is_the_span_of_the_dates_in_the_data(metadata: Graph, data: Graph) -> None:
    period = metadata.value(DATASET, DCTERMS.temporal)
    start, end = metadata.value(period, DCAT.startDate), metadata.value(period, DCAT.endDate)
    # Batch 1 is dated 2021; batch 4 is dated 2025, a year that ends after its decision of 2025-08-27.
    assert (start, end) == (Literal("2021", datatype=XSD.gYear), Literal("2025", datatype=XSD.gYear))
    years = {str(value)[:4] for value in data.objects(None, DCTERMS.date)}
    assert min(years) == "2021" and max(years) == "2025"


def test_spatial_coverage_is_thailand(metadata: Graph) -> None:
    places = set(metadata.objects(DATASET, DCTERMS.spatial))
    assert URIRef("http://www.wikidata.org/entity/Q869") in places  # seeds/sources/reference-smart-city/entity_qids.csv
    assert not any("geonames" in str(place) for place in places)  # no source gives the country's GeoNames feature


def test_each_dump_is_a_distribution_with_its_size_and_sha256(written: Path, metadata: Graph) -> None:
    for name, distribution in DISTRIBUTIONS.items():
        node = URIRef(distribution_iri(BASE, name))
        assert (DATASET, DCAT.distribution, node) in metadata
        content = (written / name).read_bytes()
        assert metadata.value(node, DCAT.byteSize) == Literal(len(content), datatype=XSD.nonNegativeInteger)
        checksum = metadata.value(node, SPDX.checksum)
        assert metadata.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(metadata.value(checksum, SPDX.checksumValue)) == hashlib.sha256(content).hexdigest()
        assert metadata.value(node, DCAT.downloadURL) == URIRef(BASE + "graph/" + name)
        assert str(metadata.value(node, DCAT.mediaType)).endswith("/" + distribution.media_type)
        assert str(metadata.value(node, DCTERMS["format"])).startswith("http://publications.europa.eu/resource/authority/file-type/")
    gz = URIRef(distribution_iri(BASE, "smartcity.nq.gz"))
    assert str(metadata.value(gz, DCAT.compressFormat)).endswith("/application/gzip")
    assert gzip.decompress((written / "smartcity.nq.gz").read_bytes())  # the compressed dump is what it says


def test_linksets_count_the_links_to_each_outside_dataset(metadata: Graph, data: Graph) -> None:
    found = {}
    for linkset in metadata.subjects(RDF.type, VOID.Linkset):
        predicate = metadata.value(linkset, VOID.linkPredicate)
        found[predicate] = int(str(metadata.value(linkset, VOID.triples)))
        assert metadata.value(linkset, VOID.subjectsTarget) == DATASET
        target = metadata.value(linkset, VOID.objectsTarget)
        space = str(metadata.value(target, VOID.uriSpace))
        assert all(str(o).startswith(space) for o in data.objects(None, predicate))
    # One linkset per outside dataset whose links are IRIs (ontology/links.toml declares them).
    expected = {TSC[name]: len(list(data.triples((None, TSC[name], None)))) for name in ("wikidata", "geonames", "openStreetMap")}
    assert found == expected
    assert found[TSC.wikidata] == 77 and found[TSC.geonames] == 77


def test_void_counts_and_sources(written: Path, metadata: Graph, data: Graph) -> None:
    from rdflib import Dataset

    quads = Dataset()
    quads.parse(written / "smartcity.nq", format="nquads")
    sizes = {str(g.identifier): len(g) for g in quads.graphs() if len(g)}
    subsets = {
        str(metadata.value(s, DCTERMS.source)): int(str(metadata.value(s, VOID.triples))) for s in metadata.objects(DATASET, VOID.subset)
    }
    subsets.pop("None", None)  # the linksets
    assert {name: subsets[name] for name in sizes} == sizes  # one subset per source graph, with its size
    layers = sum(size for name, size in subsets.items() if name not in sizes)  # graphs of layers with dumps of their own
    assert int(str(metadata.value(DATASET, VOID.triples))) == len(data) + layers
    sources = set(metadata.objects(DATASET, PROV.wasDerivedFrom))
    assert URIRef(BASE + "id/source/article-mdes-subcommittee-1-2565") in sources
    examples = set(metadata.objects(DATASET, VOID.exampleResource))
    assert examples and all((example, None, None) in data for example in examples)
    # dcterms:source of a dcat:Dataset must name a dataset: the sources are documents, so prov:wasDerivedFrom.
    assert metadata.value(DATASET, DCTERMS.source) is None


def test_every_dcat_resource_of_the_project_is_under_the_iri_policy(metadata: Graph) -> None:
    from smartcity_kg.core.iri import check_local_id, id_base

    for node in set(metadata.subjects()) | set(metadata.objects()):
        value = str(node)
        if isinstance(node, URIRef) and value.startswith(id_base(BASE)):
            assert check_local_id(value[len(id_base(BASE)) :]) is None, value


# The format IRIs the W3C defines at http://www.w3.org/ns/formats/ (the "Unique URIs for File Formats" page).
W3C_FORMATS = {
    "JSON-LD", "N3", "N-Triples", "N-Quads", "LD_Patch", "microdata", "OWL_XML", "OWL_Functional", "OWL_Manchester",
    "POWDER", "POWDER-S", "PROV-N", "PROV-XML", "RDFa", "RDF_JSON", "RDF_XML", "RIF_XML", "SPARQL_Results_XML",
    "SPARQL_Results_JSON", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "TriG",
}  # fmt: skip


def test_void_features_are_w3c_format_iris(metadata: Graph) -> None:
    features = {str(o) for o in metadata.objects(None, VOID.feature)}
    assert {"http://www.w3.org/ns/formats/N-Quads", "http://www.w3.org/ns/formats/N-Triples"} <= features
    assert {"http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/Turtle"} <= features
    unknown = {f for f in features if f.startswith("http://www.w3.org/ns/formats/") and f.rpartition("/")[2] not in W3C_FORMATS}
    assert not unknown, f"not W3C format IRIs: {sorted(unknown)}"


def test_dcmi_terms_with_resource_ranges_have_resources(written: Path, data: Graph, metadata: Graph) -> None:
    """dcterms:language, rights and creator have the DCMI ranges LinguisticSystem, RightsStatement and Agent."""
    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    for graph in (data, metadata, ontology):
        for predicate in (DCTERMS.language, DCTERMS.rights, DCTERMS.creator):
            literals = [(s, o) for s, o in graph.subject_objects(predicate) if isinstance(o, Literal)]
            assert not literals, f"{predicate} with literal values: {literals[:3]}"
    article = URIRef(BASE + "id/source/article-mdes-subcommittee-1-2565")
    assert (article, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/th")) in data
    rights = data.value(article, DCTERMS.rights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in data
    assert "Copyright of its original publisher" in str(data.value(rights, DCTERMS.description))
    tcan = URIRef(BASE + "id/source/tcan-adm1-v1.0.0")
    creator = data.value(tcan, DCTERMS.creator)
    assert (creator, RDF.type, FOAF.Agent) in data
    assert (creator, RDFS.label, Literal("W. J. Reynolds", lang="en")) in data


CATALOGUE = ROOT / "ontology" / "catalogue.ttl"
LANDING = "    dcat:landingPage <https://w3id.org/thai-smart-city/> ;"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('    dcterms:title "Data theme"@en .', '    dcterms:title "Data theme@en .', "not valid Turtle"),
        (
            "    dcat:landingPage <https://w3id.org/thai-smart-city/> ;",
            '    dcterms:issued "2022" ;',
            "dcterms:issued is computed by every build",
        ),
        ("    dcat:landingPage <https://w3id.org/thai-smart-city/> ;", "    dcat:byteSize 7 ;", "dcat:byteSize is computed by every build"),
    ],
)
def test_a_wrong_statement_of_the_catalogue_is_refused_at_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    from smartcity_kg.core.config import Config
    from smartcity_kg.core.problems import DataError
    from smartcity_kg.pipeline.catalogue import catalogue

    text = CATALOGUE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    line = text.splitlines().index(old) + 1
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "catalogue.ttl").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        catalogue(Config(tmp_path))
    (problem,) = raised.value.problems
    assert problem.file == "ontology/catalogue.ttl"
    assert problem.line in (line, line + 1), problem.render()  # an unclosed string ends on the next line
    assert message in problem.message, problem.render()


def test_the_catalogue_moves_to_another_base_and_keeps_its_blank_node_labels() -> None:
    from rdflib import BNode

    from smartcity_kg.core.config import Config
    from smartcity_kg.pipeline.catalogue import catalogue

    other = "https://data.example.go.th/smart-city/"
    statements = catalogue(Config(ROOT, base=other))
    terms = {term for statement in statements for term in statement}
    assert not [term for term in terms if "w3id.org/thai-smart-city" in str(term)]
    assert URIRef(other + "id/dataset/thai-smart-city") in terms
    assert {BNode("rights"), BNode("provenance")} <= terms
