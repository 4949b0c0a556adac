"""The gazetteer layer and the provinces, checked against the reference tables themselves (the copies in
seeds/sources/), never against the build's own output: every expectation here is read from a CSV row."""

from __future__ import annotations

import csv
import gzip
import unicodedata
from pathlib import Path

import pytest
import yaml
from pyoxigraph import DefaultGraph, Literal, NamedNode, QuerySolutions, RdfFormat, Store

from smartcity_kg.rdf import query
from smartcity_kg.rdf.examples import examples

from .conftest import ID, ROOT

TCAN1 = ROOT / "seeds" / "sources" / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv"
TCAN23 = ROOT / "seeds" / "sources" / "tcan-adm2-adm3-v1.0.0"
GAZETTEER_GRAPH = ID + "source/tcan-adm2-adm3-v1.0.0"
TSC = "https://w3id.org/thai-smart-city/def/"
GEO = "http://www.opengis.net/ont/geosparql#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


PROVINCES = rows(TCAN1)
DISTRICTS = rows(TCAN23 / "thailand-adm2-districts-v1.0.0.csv")
SUBDISTRICTS = rows(TCAN23 / "thailand-adm3-subdistricts-v1.0.0.csv")
# The names the curators took from the second source instead of the table's (tests/test_crosscheck.py tests them).
REPLACED = {
    (entry["code"], entry["field"][-2:]): entry["kept"]
    for entry in yaml.safe_load((ROOT / "seeds" / "gazetteer" / "corrections.yaml").read_text(encoding="utf-8"))["corrections"]
    if entry["source"] != "source/tcan-adm2-adm3-v1.0.0"
}
ISO_OF = {row["tis1099_code"]: row["iso3166_2"] for row in PROVINCES}


@pytest.fixture(scope="module")
def store(written: Path) -> Store:
    return query.open_store(written)


def values(store: Store, subject: str, predicate: str) -> set[str]:
    found = store.quads_for_pattern(NamedNode(ID + subject), NamedNode(predicate), None)
    return {quad.object.value for quad in found if isinstance(quad.object, (NamedNode, Literal))}


def labels(store: Store, subject: str) -> dict[str, str]:
    found = store.quads_for_pattern(NamedNode(ID + subject), NamedNode(RDFS_LABEL), None)
    return {quad.object.language or "": quad.object.value for quad in found if isinstance(quad.object, Literal)}


def instances(store: Store, cls: str) -> set[str]:
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    found = store.quads_for_pattern(None, rdf_type, NamedNode(TSC + cls))
    return {quad.subject.value.removeprefix(ID) for quad in found if isinstance(quad.subject, NamedNode)}


def test_the_reference_tables_are_the_release_copied_with_its_licence() -> None:
    assert (len(PROVINCES), len(DISTRICTS), len(SUBDISTRICTS)) == (77, 928, 7436)
    for folder in (TCAN1.parent, TCAN23):
        assert "Creative Commons Attribution 4.0" in (folder / "LICENSE-DATA").read_text(encoding="utf-8")
        assert (folder / "NOTICE.md").is_file()


def test_every_district_and_subdistrict_of_the_tables_and_no_other(store: Store) -> None:
    assert instances(store, "District") == {f"district/{row['tis1099_district_code']}" for row in DISTRICTS}
    assert instances(store, "Subdistrict") == {f"subdistrict/{row['tis1099_subdistrict_code']}" for row in SUBDISTRICTS}


@pytest.mark.parametrize("kind", ["district", "subdistrict"])
def test_each_parent_is_the_table_parent_and_its_code_begins_the_code(store: Store, kind: str) -> None:
    table, code_column, digits = (
        (DISTRICTS, "tis1099_district_code", 2) if kind == "district" else (SUBDISTRICTS, "tis1099_subdistrict_code", 4)
    )
    wrong = []
    for row in table:
        code = row[code_column]
        parent_code = row["parent_province_tis1099_code"] if kind == "district" else row["parent_district_tis1099_code"]
        parent = ID + (f"province/{ISO_OF[parent_code]}" if kind == "district" else f"district/{parent_code}")
        within = values(store, f"{kind}/{code}", GEO + "sfWithin")
        broader = values(store, f"{kind}/{code}", SKOS_BROADER)
        if code[:digits] != parent_code or within != {parent} or broader != {parent}:
            wrong.append((code, parent_code, within, broader))
    assert wrong == []


def test_codes_names_and_centroids_are_those_of_the_tables(store: Store) -> None:
    wrong = []
    for kind, table, code_column in (
        ("district", DISTRICTS, "tis1099_district_code"),
        ("subdistrict", SUBDISTRICTS, "tis1099_subdistrict_code"),
    ):
        for row in table:
            code = row[code_column]
            subject = f"{kind}/{code}"
            expected_names = {"th": unicodedata.normalize("NFC", row["name_th"]), "en": row["name_en"]}
            expected_names = {language: REPLACED.get((code, language), name) for language, name in expected_names.items()}
            centroid = {f"POINT({row['centroid_lon']} {row['centroid_lat']})"} if row["centroid_lat"] else set()
            geometries = values(store, subject, GEO + "hasGeometry")
            found_centroid = {wkt for geometry in geometries for wkt in values(store, geometry.removeprefix(ID), GEO + "asWKT")}
            if (
                values(store, subject, TSC + "dopaCode") != {code}
                or values(store, subject, "http://purl.org/dc/terms/identifier") != {code}
                or labels(store, subject) != expected_names
                or found_centroid != centroid
            ):
                wrong.append(code)
    assert wrong == []


def test_a_unit_without_coordinates_in_the_table_has_no_centroid(store: Store) -> None:
    blank = [row["tis1099_subdistrict_code"] for row in SUBDISTRICTS if not row["centroid_lat"]]
    assert len(blank) == 14
    for code in blank:
        assert values(store, f"subdistrict/{code}", GEO + "hasGeometry") == set()
        assert not list(store.quads_for_pattern(NamedNode(ID + f"centroid/{code}"), None, None))


def test_every_province_has_all_five_identifiers_where_the_table_has_them(store: Store) -> None:
    """ISO 3166-2, DOPA, Wikidata, GeoNames and OpenStreetMap, as the table gives them; a blank cell stays a gap."""
    columns = {
        "iso3166Code": ("iso3166_2", "{}"),
        "dopaCode": ("tis1099_code", "{}"),
        "wikidata": ("wikidata_qid", "http://www.wikidata.org/entity/{}"),
        "geonames": ("geonames_id", "https://sws.geonames.org/{}/"),
        "openStreetMap": ("osm_relation_id", "https://www.openstreetmap.org/relation/{}"),
    }
    gaps = []
    for row in PROVINCES:
        for prop, (column, form) in columns.items():
            expected = {form.format(row[column])} if row[column] else set()
            assert values(store, f"province/{row['iso3166_2']}", TSC + prop) == expected, (row["iso3166_2"], prop)
            if not row[column]:
                gaps.append((row["iso3166_2"], prop))
    assert gaps == [("TH-82", "openStreetMap")]  # the one blank cell of the table, reported by `smartcity-kg links`


def test_province_centroids_and_neighbours_are_those_of_the_table(store: Store) -> None:
    for row in PROVINCES:
        subject = f"province/{row['iso3166_2']}"
        neighbours = {ID + f"province/{ISO_OF[code]}" for code in row["neighbors"].split("|") if code}
        assert values(store, subject, TSC + "adjacentTo") == neighbours
        assert values(store, f"centroid/{row['tis1099_code']}", GEO + "asWKT") == {f"POINT({row['centroid_lon']} {row['centroid_lat']})"}
        assert values(store, subject, GEO + "hasGeometry") == {ID + f"centroid/{row['tis1099_code']}"}


def test_the_gazetteer_is_its_own_named_graph_and_file(written: Path) -> None:
    gazetteer = gzip.decompress((written / "gazetteer.nq.gz").read_bytes()).decode("utf-8")
    lines = [line for line in gazetteer.splitlines() if line and not line.startswith("#")]
    # The table's graph, and the second source's (the names the curators took from it, seeds/gazetteer/geothai.yaml).
    graphs = (GAZETTEER_GRAPH, ID + "source/geothai-3.2.1")
    assert lines and all(line.endswith(tuple(f"<{graph}> ." for graph in graphs)) for line in lines)
    main = (written / "smartcity.nq").read_text(encoding="utf-8")
    assert all(graph + "> ." not in main for graph in graphs) and f"<{TSC}District>" not in main


def test_areas_are_placed_in_districts_only_where_a_source_names_the_place(written: Path) -> None:
    """The four links of seeds/curation/districts.yaml, each to the district of the table with the name the source gives."""
    store = query.open_store(written)
    links = select(store, "SELECT ?area ?district { ?area tsc:district ?district }")
    found = {(r["area"].value.removeprefix(ID), r["district"].value.removeprefix(ID)) for r in links}
    by_name = {(row["parent_province_tis1099_code"], row["name_th"]): row["tis1099_district_code"] for row in DISTRICTS}
    expected = {
        ("area/ko-samui", by_name[("84", "เกาะสมุย")]),
        ("city/ko-samui-city-municipality", by_name[("84", "เกาะสมุย")]),
        ("area/hat-yai-green", by_name[("90", "หาดใหญ่")]),
        ("city/hat-yai", by_name[("90", "หาดใหญ่")]),
        ("area/mae-moh", by_name[("52", "แม่เมาะ")]),
        ("area/wangchan-valley", by_name[("21", "วังจันทร์")]),
    }
    assert found == {(place, f"district/{code}") for place, code in expected}


def select(store: Store, text: str) -> QuerySolutions:
    result = store.query(text, use_default_graph_as_union=True, prefixes={"tsc": TSC})
    assert isinstance(result, QuerySolutions)
    return result


# The gazetteer is checked in the build by SPARQL (queries/gazetteer-*-violation.rq, centroids-violation.rq);
# the SHACL shapes state the same rules for other tools. The two must agree.
GAZETTEER_RULES = ("gazetteer-codes-violation", "gazetteer-units-violation", "centroids-violation")
GAZETTEER_CHECKS = [e for e in examples(ROOT / "queries") if e.name in GAZETTEER_RULES]
GAZETTEER_BAD = sorted(
    p for p in (ROOT / "tests" / "shapes" / "bad").glob("*.ttl") if p.name.startswith(("district-", "subdistrict-", "centroid-"))
)


@pytest.mark.parametrize("case", GAZETTEER_BAD, ids=lambda case: case.stem)
def test_a_defect_the_gazetteer_shapes_catch_the_sparql_checks_catch_too(case: Path) -> None:
    store = Store()
    store.load(path=case, format=RdfFormat.TURTLE, to_graph=NamedNode(ID + "source/tcan"))
    store.load(path=ROOT / "ontology" / "smartcity.ttl", format=RdfFormat.TURTLE, to_graph=DefaultGraph())
    assert len(GAZETTEER_CHECKS) == 3
    rows_found = [row for check in GAZETTEER_CHECKS for row in select(store, check.text)]
    assert rows_found, f"{case.name}: no SPARQL check of the gazetteer finds the defect"


@pytest.mark.slow
def test_the_gazetteer_conforms_to_its_shapes(written: Path) -> None:
    """pyshacl with the shapes of districts, subdistricts and centroids over every district and the subdistricts of
    Rayong (the whole layer would take pyshacl a quarter of a minute; the build checks all of it with SPARQL)."""
    import re

    import pyshacl
    from rdflib import Graph, URIRef
    from rdflib.namespace import SH

    wanted = re.compile(r"^<[^>]*/id/(?:district/|centroid/[0-9]{4}>|subdistrict/21|centroid/21[0-9]{4}>)")
    text = gzip.decompress((written / "gazetteer.nq.gz").read_bytes()).decode("utf-8")
    lines = [line for line in text.splitlines() if wanted.match(line)]
    typed = re.compile(r"^<[^>]*/id/(?:province|source)/[^>]*> <[^>]*#type>")
    lines += [line for line in (written / "smartcity.nq").read_text(encoding="utf-8").splitlines() if typed.match(line)]
    data = Graph()
    for line in lines:  # the classes of provinces and sources come along, for sh:class
        data.add(next(iter(Graph().parse(data=line.rsplit(" <", 1)[0] + " .", format="nt"))))
    assert len(instances_in(data, "District")) == 928 and len(instances_in(data, "Subdistrict")) > 50
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    names = ("DistrictShape", "SubdistrictShape", "CentroidShape")
    keep = {URIRef(f"https://w3id.org/thai-smart-city/def/shapes/{name}") for name in names}
    for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        for shape in list(shapes.subjects(target, None)):
            if shape not in keep:  # only the gazetteer's shapes keep their targets
                shapes.remove((shape, target, None))
    ontology = Graph().parse(ROOT / "ontology" / "smartcity.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, report[:2000]


def instances_in(graph: object, cls: str) -> set[object]:
    from rdflib import RDF, Graph, URIRef

    assert isinstance(graph, Graph)
    return set(graph.subjects(RDF.type, URIRef(TSC + cls)))


@pytest.mark.slow
def test_a_district_no_file_defines_is_refused_unless_the_layer_is_skipped(repo_copy: Path) -> None:
    from smartcity_kg.core.config import Config
    from smartcity_kg.core.problems import DataError
    from smartcity_kg.pipeline.stages import check

    path = repo_copy / "seeds" / "curation" / "districts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("district: district/2104", "district: district/2199"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy))
    assert [(p.rule, p.entity) for p in raised.value.problems] == [("dangling-reference", "area/wangchan-valley")]
    check(Config(repo_copy, gazetteer=False))  # the IRI form and the province (21 = TH-21) still fit


@pytest.mark.slow
def test_a_named_graph_is_in_one_layer(repo_copy: Path) -> None:
    from smartcity_kg.core.config import Config
    from smartcity_kg.core.problems import DataError
    from smartcity_kg.pipeline.load import load

    (repo_copy / "seeds" / "gazetteer" / "more.yaml").write_text(
        "named_graph: source/project-curation\nentities:\n  - {id: district/1001, note: [a note], source: [source/project-curation]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load(Config(repo_copy))
    (problem,) = raised.value.problems
    assert (problem.rule, problem.file) == ("layer", "seeds/gazetteer/more.yaml")
    assert "also filled by seeds/" in problem.message
