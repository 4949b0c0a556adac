"""The quality checks queries/*-violation.rq run on every build: seeds that break one are refused, with the
problem at the YAML entry concerned, the query named and its row shown, and graph/ left as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline.stages import check

from .conftest import snapshot

DISTRICT_2104 = (
    "- {id: district/2104, type: District, identifier: '2104', dopa_code: '2104', name_th: วังจันทร์, name_en: Wang Chan,"
    " within: province/TH-21, broader: province/TH-21, centroid: centroid/2104, source: [source/tcan-adm2-adm3-v1.0.0]}"
)

BREAKS = [
    # (file, text, replacement, check that must fail, where it must point: (line text, column))
    (
        "seeds/reference/smart-city-areas.yaml",
        "  province: province/TH-60\n",
        "",
        "areas-without-province-violation",
        ("- id: area/nakhon-sawan", 3),
    ),
    (
        "seeds/reference/smart-city-events.yaml",
        "    name_en: Approval of smart city development plans for 10 areas\n",
        "",
        "entities-without-label-violation",
        ("  - id: decision/smart-city-projects-2-2564-plans", 5),
    ),
    (
        "seeds/article/meeting-1-2565.yaml",
        "stated_total_area_count: 30",
        "stated_total_area_count: 31",
        "stated-totals-violation",
        ("    stated_total_area_count: 31", 5),
    ),
    (
        "seeds/article/people.yaml",
        "member: person/prawit-wongsuwan\n    post: post/deputy-prime-minister",
        "member: person/prayut-chan-o-cha\n    post: post/deputy-prime-minister",
        "persons-without-post-violation",
        ("  - id: person/prawit-wongsuwan", 5),
    ),
    (
        "seeds/curation/translations.yaml",
        "{id: area/krabi, name_en: Krabi Smart City, source: [source/project-curation]}",
        "{id: area/krabi, name_en: Krabi Smart City}",
        "statements-without-source-violation",
        ("  - {id: area/krabi, name_en: Krabi Smart City}", 5),
    ),
    (
        "seeds/curation/vocabularies.yaml",
        "    pref_label_th: กรรมการ\n",
        "",
        "terms-without-thai-and-english-label-violation",
        ("  - id: role/member", 5),
    ),
    # The gazetteer layer (seeds/gazetteer/, loaded for these cases only): the table's codes nest.
    (
        "seeds/gazetteer/districts.yaml",
        "within: province/TH-21, broader: province/TH-21, centroid: centroid/2104",
        "within: province/TH-20, broader: province/TH-20, centroid: centroid/2104",
        "gazetteer-codes-violation",
        (DISTRICT_2104.replace("TH-21", "TH-20"), 118),
    ),
    (
        "seeds/gazetteer/districts.yaml",
        "name_th: วังจันทร์, name_en: Wang Chan, within: province/TH-21",
        "name_th: วังจันทร์, name_en: วังจันทร์, within: province/TH-21",
        "gazetteer-units-violation",
        (DISTRICT_2104.replace("name_en: Wang Chan", "name_en: วังจันทร์"), 98),
    ),
    (
        "seeds/gazetteer/districts.yaml",
        "wkt: POINT(101.51748 12.97473)",
        "wkt: POINT(12.97473 101.51748)",
        "centroids-violation",
        ("- {id: centroid/2104, type: Centroid, wkt: POINT(12.97473 101.51748), source: [source/tcan-adm2-adm3-v1.0.0]}", 39),
    ),
    (
        "seeds/curation/districts.yaml",
        "    district: district/2104\n",
        "    district: district/2004\n",
        "districts-of-places-violation",
        ("    district: district/2004", 5),
    ),
    (
        "seeds/reference/provinces.yaml",
        "  wikidata: wd:Q207068\n",
        "  wikidata: wd:Q335221\n",
        "shared-external-ids-violation",
        ("  wikidata: wd:Q335221", 3),
    ),
]


# A case of the gazetteer layer loads and checks all its 100,000 statements (about 4 s): slow.
CASES = [pytest.param(case, id=case[3], marks=pytest.mark.slow if case[0].startswith("seeds/gazetteer/") else ()) for case in BREAKS]


@pytest.mark.parametrize("case", CASES)
def test_seeds_that_break_a_check_are_refused_at_the_entry_concerned(
    case: tuple[str, str, str, str, tuple[str, int]], repo_copy: Path
) -> None:
    file, old, new, rule, (line_text, column) = case
    path = repo_copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy, gazetteer=file.startswith("seeds/gazetteer/")))
    found = [p for p in raised.value.problems if p.rule == rule]
    assert found, "\n".join(p.render() for p in raised.value.problems)
    line = path.read_text(encoding="utf-8").splitlines().index(line_text) + 1
    assert (found[0].file, found[0].line, found[0].column) == (file, line, column), found[0].render()
    assert f"queries/{rule}.rq" in found[0].message and found[0].details[0].startswith("row: ")


def test_a_failed_check_fails_the_build_naming_the_query_and_its_rows(repo_copy: Path, cli: Any) -> None:
    path = repo_copy / "seeds" / "article" / "meeting-1-2565.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("stated_total_province_count: 23", "stated_total_province_count: 24"), encoding="utf-8"
    )
    before = snapshot(repo_copy / "graph")
    result = cli("build", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    assert "queries/stated-totals-violation.rq" in result.stderr
    assert (
        "row: decision=decision/smart-city-projects-1-2565-plans, property=tsc:statedTotalProvinceCount, stated=24, counted=23"
        in result.stderr
    )
    assert "nothing written" in result.stderr
    assert snapshot(repo_copy / "graph") == before


def test_a_broken_check_is_reported_not_skipped(repo_copy: Path) -> None:
    (repo_copy / "queries" / "broken-violation.rq").write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy, gazetteer=False))
    assert [p.file for p in raised.value.problems] == ["queries/broken-violation.rq"]
    assert "cannot run" in raised.value.problems[0].message


def test_checks_follow_another_base(repo_copy: Path) -> None:
    """Under --base the checks are moved to the new base; otherwise they would match nothing and always pass."""
    path = repo_copy / "seeds" / "article" / "meeting-1-2565.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("stated_total_area_count: 30", "stated_total_area_count: 29"), encoding="utf-8"
    )
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy, base="https://data.example.go.th/smart-city/", gazetteer=False))
    assert any(p.rule == "stated-totals-violation" for p in raised.value.problems)
