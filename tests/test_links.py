"""`smartcity-kg links`: coverage per kind as the reference tables give it, the one gap reported, and every kind of
inconsistency refused with a clear message, by the command over graph/ and by the build over the seeds."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline.stages import check

from .conftest import ROOT

TCAN1 = ROOT / "seeds" / "sources" / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv"


def table() -> list[dict[str, str]]:
    with TCAN1.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_report_counts_what_the_tables_give(repo: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("links", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    rows = table()
    province = report["kinds"]["province"]
    assert province["entities"] == len(rows) == 77
    for scheme, column in (("wikidata", "wikidata_qid"), ("geonames", "geonames_id"), ("openstreetmap", "osm_relation_id")):
        assert province["links"][scheme]["entities"] == sum(1 for row in rows if row[column])
    assert province["links"]["openstreetmap"]["coverage_percent"] == round(100 * 76 / 77, 1)
    assert report["kinds"]["district"]["links"]["dopa"] == {"entities": 928, "coverage_percent": 100.0}
    assert report["kinds"]["subdistrict"]["links"]["dopa"] == {"entities": 7436, "coverage_percent": 100.0}
    assert len(report["kinds"]["area"]["without_any_link"]) == 37  # no source gives an area an outside id
    assert [gap.split(":")[0] for gap in report["gaps"]] == ["province/TH-82"]
    assert report["problems"] == []


@pytest.mark.slow
def test_the_text_report_shows_coverage_and_the_gap(repo: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("links", cwd=repo)
    assert result.returncode == 0
    assert "76 (98.7%)" in result.stdout and "7436 (100.0%)" in result.stdout
    assert "province/TH-82: no OpenStreetMap id" in result.stdout
    assert "Consistency with the reference tables: 0 problem(s)" in result.stdout


def tamper(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / "graph" / name
    data = path.read_bytes()
    text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
    assert old in text, old
    changed = text.replace(old, new).encode("utf-8")
    path.write_bytes(gzip.compress(changed) if name.endswith(".gz") else changed)


ID = "https://w3id.org/thai-smart-city/id/"


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        pytest.param(
            "smartcity.nq",
            f"<{ID}province/TH-21> <https://w3id.org/thai-smart-city/def/wikidata> <http://www.wikidata.org/entity/Q335221>",
            f"<{ID}province/TH-21> <https://w3id.org/thai-smart-city/def/wikidata> <http://www.wikidata.org/entity/Q207068>",
            "error: province/TH-21 has Wikidata Q207068, but thailand-adm1-provinces-v1.0.0.csv (line 13) gives Q335221",
            id="wikidata-of-another-province",
        ),
        pytest.param(  # further cases, each a run of `links`: the whole suite's
            "smartcity.nq",
            f"<{ID}province/TH-21> <https://w3id.org/thai-smart-city/def/wikidata> <http://www.wikidata.org/entity/Q335221>",
            f"<{ID}province/TH-21> <https://w3id.org/thai-smart-city/def/wikidata> <http://www.wikidata.org/entity/Q207068>",
            "error: province/TH-20 and province/TH-21 claim the same Wikidata id Q207068",
            id="claimed-twice",
            marks=pytest.mark.slow,
        ),
        pytest.param(
            "gazetteer.nq.gz",
            f"<{ID}district/2104> <http://www.opengis.net/ont/geosparql#sfWithin> <{ID}province/TH-21>",
            f"<{ID}district/2104> <http://www.opengis.net/ont/geosparql#sfWithin> <{ID}province/TH-20>",
            "error: district/2104 lies in province/TH-20, but thailand-adm2-districts-v1.0.0.csv (line",
            id="district-parent-disagrees",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_an_inconsistent_graph_fails_with_a_clear_message(
    repo_copy: Path, cli: Callable[..., CompletedProcess[str]], name: str, old: str, new: str, message: str
) -> None:
    tamper(repo_copy, name, old, new)
    result = cli("links", cwd=repo_copy)
    assert result.returncode == 1
    assert message in result.stdout, result.stdout[-3000:]


def test_the_build_refuses_a_link_the_table_does_not_give_at_its_yaml_entry(repo_copy: Path) -> None:
    path = repo_copy / "seeds" / "reference" / "provinces.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  geonames: gn:1607016/\n", "  geonames: gn:1/\n"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy, gazetteer=False))
    (problem,) = [p for p in raised.value.problems if p.rule == "reference-links"]
    line = path.read_text(encoding="utf-8").splitlines().index("  geonames: gn:1/") + 1
    assert (problem.file, problem.line, problem.column, problem.entity) == ("seeds/reference/provinces.yaml", line, 3, "province/TH-21")
    assert "GeoNames 1, but thailand-adm1-provinces-v1.0.0.csv" in problem.message and "gives 1607016" in problem.message


# ontology/links.toml: the one declaration of the outside links; a wrong entry is refused at its line.
LINKS = ROOT / "ontology" / "links.toml"


def test_the_declared_schemes_are_those_the_pages_the_metadata_and_the_report_use() -> None:
    from smartcity_kg.core import iri, outside
    from smartcity_kg.present.pages import outside_links

    declared = outside.links()
    assert list(declared.schemes) == ["wikidata", "geonames", "openstreetmap", "iso3166", "dopa"]
    assert outside_links() == {"tsc:wikidata": "Wikidata", "tsc:geonames": "GeoNames", "tsc:openStreetMap": "OpenStreetMap"}
    prefixes = iri.prefixes(iri.load_context(ROOT / "ontology"))
    assert {scheme.prefix: prefixes[scheme.prefix] for scheme in declared.iri_schemes().values()} == {
        "wd": "http://www.wikidata.org/entity/",
        "gn": "https://sws.geonames.org/",
        "osmrel": "https://www.openstreetmap.org/relation/",
    }
    for table in declared.tables.values():
        with (ROOT / table.path).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert {table.key, *table.columns.values(), *([table.parent] if table.parent else [])} <= set(header), table.path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "GeoNames"', 'titel = "GeoNames"', "unknown key scheme.geonames.titel"),
        ('property = "tsc:geonames"', 'property = "geonames"', "must be a compact IRI"),
        ('prefix = "gn"', "prefix = 7", "scheme.geonames.prefix must be a string, not an integer"),
        (
            'columns = { dopa = "tis1099_district_code" }',
            'columns = { dopa_code = "tis1099_district_code" }',
            "the scheme 'dopa_code', which [scheme] does not declare",
        ),
        ("[table.subdistrict]", "[table.tambon]", "the table of 'tambon': not a kind of the IRI policy"),
        ('parent_kind = "district"', 'parent_kind = "region"', "the parent kind 'region' of subdistrict has no table above this one"),
        ('homepage = "https://www.geonames.org/"', "homepage = ", "not valid TOML"),
    ],
)
def test_a_wrong_entry_of_the_links_is_refused_at_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    from smartcity_kg.core import outside
    from smartcity_kg.core.problems import DataError

    text = LINKS.read_text(encoding="utf-8")
    assert text.count(old) == 1
    expected = next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(old))
    path = tmp_path / "links.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        outside.read_links(path, "ontology/links.toml")
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == ("ontology/links.toml", expected), problem.render()
    assert message in problem.message, problem.render()
