"""graph/exports/: CSV and JSON per kind for people who do not use RDF, with expectations from the reference tables."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from smartcity_kg.pipeline.catalogue import distribution_iri
from smartcity_kg.pipeline.exports import EXPORTS

from .conftest import BASE, ROOT

SOURCES = ROOT / "seeds" / "sources"
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def read_csv(path: object) -> list[dict[str, str]]:
    assert hasattr(path, "read_text")
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_csv_and_json_hold_the_same_records_in_id_order(written: Path, name: str) -> None:
    rows = read_csv(written / "exports" / f"{name}.csv")
    document = json.loads((written / "exports" / f"{name}.json").read_text(encoding="utf-8"))
    assert "do not edit" in document["$comment"] and document["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert rows == document["records"]
    assert list(rows[0]) == document["columns"][: len(rows[0])] and document["columns"][:4] == ["id", "iri", "name_th", "name_en"]
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    assert all(row["iri"] == "https://w3id.org/thai-smart-city/id/" + row["id"] for row in rows)


def test_provinces_are_the_rows_of_the_table_blank_cells_empty(written: Path) -> None:
    table = read_csv(SOURCES / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv")
    exported = {row["iso3166_2"]: row for row in read_csv(written / "exports" / "provinces.csv")}
    assert len(exported) == len(table) == 77
    for row in table:
        mine = exported[row["iso3166_2"]]
        assert (mine["name_th"], mine["name_en"], mine["dopa_code"], mine["region"]) == (
            row["name_th"],
            row["name_en_canonical"],
            row["tis1099_code"],
            row["region"],
        )
        assert mine["wikidata"] == f"http://www.wikidata.org/entity/{row['wikidata_qid']}"
        relation = row["osm_relation_id"]
        assert mine["openstreetmap"] == (f"https://www.openstreetmap.org/relation/{relation}" if relation else "")
        assert (mine["latitude"], mine["longitude"]) == (row["centroid_lat"], row["centroid_lon"])


def test_districts_and_subdistricts_carry_their_parents_from_the_tables(written: Path) -> None:
    iso = {row["tis1099_code"]: row["iso3166_2"] for row in read_csv(SOURCES / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv")}
    districts = read_csv(SOURCES / "tcan-adm2-adm3-v1.0.0" / "thailand-adm2-districts-v1.0.0.csv")
    exported = {row["dopa_code"]: row for row in read_csv(written / "exports" / "districts.csv")}
    assert len(exported) == len(districts) == 928
    assert all(exported[row["tis1099_district_code"]]["province"] == iso[row["parent_province_tis1099_code"]] for row in districts)
    subdistricts = read_csv(SOURCES / "tcan-adm2-adm3-v1.0.0" / "thailand-adm3-subdistricts-v1.0.0.csv")
    exported = {row["dopa_code"]: row for row in read_csv(written / "exports" / "subdistricts.csv")}
    assert len(exported) == len(subdistricts) == 7436
    for row in subdistricts:
        mine = exported[row["tis1099_subdistrict_code"]]
        assert (mine["district"], mine["province"]) == (row["parent_district_tis1099_code"], iso[row["parent_province_tis1099_code"]])
        assert (mine["latitude"], mine["longitude"]) == (row["centroid_lat"], row["centroid_lon"])  # blank stays blank


def test_areas_have_their_province_and_the_districts_sources_give(written: Path) -> None:
    rows = {row["id"]: row for row in read_csv(written / "exports" / "areas.csv")}
    assert len(rows) == 37  # the 37 rows of smart_city_areas.csv (batches 1 to 4)
    assert rows["area/ko-samui"]["province"] == "TH-84" and rows["area/ko-samui"]["district"] == "8404"
    assert rows["area/ko-samui"]["city"] == "city/ko-samui-city-municipality"
    assert rows["area/satun"]["name_th"] == ""  # the article writes it in English only
    assert sum(1 for row in rows.values() if row["district"]) == 4


def test_every_export_is_a_dcat_distribution_of_the_dataset(written: Path) -> None:
    metadata = Graph().parse(written / "void.ttl", format="turtle")
    dataset = URIRef(BASE + "id/dataset/thai-smart-city")
    for name in EXPORTS:
        for suffix, media in (("csv", "text/csv"), ("json", "application/json")):
            node = URIRef(distribution_iri(BASE, f"exports/{name}.{suffix}"))
            assert (dataset, DCAT.distribution, node) in metadata
            assert (node, DCAT.downloadURL, URIRef(f"{BASE}graph/exports/{name}.{suffix}")) in metadata
            assert (node, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")) in metadata
    readme = (written / "exports" / "README.md").read_text(encoding="utf-8")
    assert "do not edit" in readme and "CC BY 4.0" in readme


def test_the_queries_beside_the_code_are_package_data_and_part_of_the_cache_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fnmatch
    import shutil
    import tomllib

    from smartcity_kg.pipeline import cache

    package = ROOT / "src" / "smartcity_kg"
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    folders = {name: package / name.removeprefix("smartcity_kg.").replace(".", "/") for name in data}
    queries = sorted(package.rglob("*.rq"))
    assert len(queries) >= 11
    for path in queries:
        globs = [glob for name, folder in folders.items() if folder in path.parents for glob in data[name]]
        owner = next(folder for folder in folders.values() if folder in path.parents)
        assert any(fnmatch.fnmatch(path.relative_to(owner).as_posix(), glob) for glob in globs), path
    copy = tmp_path / "smartcity_kg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    context = ROOT / "ontology" / "context.jsonld"
    before = cache.code_digest.__wrapped__(context)
    query = copy / "pipeline" / "sparql" / "exports" / "areas.rq"
    query.write_text(query.read_text(encoding="utf-8").replace("ORDER BY ?id", "ORDER BY DESC(?id)"), encoding="utf-8")
    assert cache.code_digest.__wrapped__(context) != before
