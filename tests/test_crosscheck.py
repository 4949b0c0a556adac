"""The gazetteer against its second source (issue 16): the names the issue found wrong are corrected, with their
sources, in the graph; every kind of disagreement (code, parent, Thai name, English name) is reported at its place;
a wrong entry of seeds/gazetteer/corrections.yaml is refused at its line; two units of one parent with one name, and
Thai names no Thai word could be, are caught. Tables are tampered in small copies in tmp_path, never in the repo."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
import yaml
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline import crosscheck
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.stages import check

from .conftest import ID, ROOT

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
TCAN = ID + "source/tcan-adm2-adm3-v1.0.0"
GEOTHAI = ID + "source/geothai-3.2.1"
DISTRICTS_YAML = ROOT / "seeds" / "gazetteer" / "districts.yaml"
SUBDISTRICTS_YAML = ROOT / "seeds" / "gazetteer" / "subdistricts.yaml"
DECISIONS = ROOT / "seeds" / "gazetteer" / "corrections.yaml"
TABLES = (
    "seeds/sources/tcan-adm2-adm3-v1.0.0/thailand-adm2-districts-v1.0.0.csv",
    "seeds/sources/tcan-adm2-adm3-v1.0.0/thailand-adm3-subdistricts-v1.0.0.csv",
    "seeds/sources/geothai-3.2.1/districts.json",
    "seeds/sources/geothai-3.2.1/subdistricts.json",
    "seeds/gazetteer/corrections.yaml",
)


def names(built: Built, entity: str, prop: str = LABEL) -> set[tuple[str, str, str]]:
    """(value, language, named graph) of the entity's labels (or alternative labels) in the dataset built."""
    quads = built.validation.store.quads_for_pattern(NamedNode(ID + entity), NamedNode(prop), None, None)
    found = set()
    for quad in quads:
        assert isinstance(quad.object, Literal) and isinstance(quad.graph_name, NamedNode)
        found.add((quad.object.value, quad.object.language or "", quad.graph_name.value))
    return found


# The issue's six districts named after a neighbour, its misspellings, and the misspelt Thai subdistrict name:
# (entity, language, the wrong name of TCAN, the name of GeoThai, from DOPA), as the issue and the DOPA list give them.
CORRECTED = [
    ("district/8419", "en", "Chai Buri", "Vibhavadi"),
    ("district/5402", "en", "Mueang Phrae", "Rong Kwang"),
    ("district/9603", "en", "Tak Bai", "Bacho"),
    ("district/4904", "en", "Don Tan", "Dong Luang"),
    ("district/4106", "en", "Nong Saeng", "Nong Han"),
    ("district/3117", "en", "Non Din Daeng", "Non Suwan"),
    ("district/7201", "en", "Mueang Saphan Buri", "Mueang Suphan Buri"),
    ("district/9001", "en", "Muaeng Songkhla", "Mueang Songkhla"),
    ("district/8503", "en", "Papoe", "Kapoe"),
    ("district/6010", "en", "Phayuha Hkiri", "Phayuha Khiri"),
    ("district/4705", "en", "Phanh Khon", "Phang Khon"),
    ("subdistrict/301417", "th", "ธงชัยหนือ", "ธงชัยเหนือ"),
]


@pytest.mark.parametrize(("entity", "language", "wrong", "right"), CORRECTED, ids=[c[0] + "@" + c[1] for c in CORRECTED])
def test_the_names_the_issue_found_wrong_are_corrected_in_the_graph_of_their_source(
    built: Built, entity: str, language: str, wrong: str, right: str
) -> None:
    labels = {(value, graph) for value, lang, graph in names(built, entity) if lang == language}
    assert labels == {(right, GEOTHAI)}  # one name, stated in the named graph of the source it is taken from
    assert all(value != wrong for value, _, _ in names(built, entity) | names(built, entity, ALT))
    # The other language stays TCAN's, in TCAN's graph.
    other = {graph for _, lang, graph in names(built, entity) if lang != language}
    assert other == {TCAN}


def test_surat_thani_lists_chai_buri_once(built: Built) -> None:
    text = f"""SELECT ?district {{ ?district geo:sfWithin <{ID}province/TH-84> ; rdfs:label "Chai Buri"@en }}"""
    prefixes = "PREFIX geo: <http://www.opengis.net/ont/geosparql#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    rows = built.validation.store.query(prefixes + text, use_default_graph_as_union=True)
    assert isinstance(rows, QuerySolutions)
    assert [row["district"].value for row in rows] == [ID + "district/8418"]


@pytest.mark.parametrize(
    ("entity", "language", "name", "alternative", "graph"),
    [
        ("district/1039", "en", "Watthana", "Vadhana", GEOTHAI),
        ("district/1027", "en", "Bung Kum", "Bueng Kum", GEOTHAI),
        ("district/5025", "en", "Kanlayaniwatthana", "Galyani Vadhana", GEOTHAI),
        ("district/1913", "en", "Chaloem Phra Kiet", "Chaloem Phra Kiat", GEOTHAI),
        ("subdistrict/450109", "th", "ปอภาร", "ปอพาน", GEOTHAI),  # GeoThai: ปอภาร (ปอพาน)
        ("subdistrict/342504", "en", "Nikhom Sang Ton-eng Lam Dom Noi", "Nikhom Lam Dom Noi", TCAN),  # TCAN's short form
    ],
)
def test_other_official_spellings_stay_as_alternative_labels(
    built: Built, entity: str, language: str, name: str, alternative: str, graph: str
) -> None:
    assert {value for value, lang, _ in names(built, entity) if lang == language} == {name}
    assert (alternative, language, graph) in names(built, entity, ALT)


def test_the_decisions_explain_every_disagreement_and_the_counts_add_up() -> None:
    found, _, _ = crosscheck.compare(ROOT)
    assert found.findings == [] and found.problems == []
    entries = yaml.safe_load(DECISIONS.read_text(encoding="utf-8"))["corrections"]
    by_source = {
        source: sum(1 for e in entries if e["source"] == source) for source in ("source/tcan-adm2-adm3-v1.0.0", "source/geothai-3.2.1")
    }
    assert found.total("corrected") == by_source["source/geothai-3.2.1"]
    assert found.total("recorded") == by_source["source/tcan-adm2-adm3-v1.0.0"]
    assert found.alt_labels == sum(len(e["alt"]) for e in entries)
    for aspect in ("code", "parent"):  # every code in both, every parent the same
        assert found.counts[("district", aspect, "agreed")] == 928
        assert found.counts[("subdistrict", aspect, "agreed")] == 7436
    units = 928 + 7436
    assert found.total("agreed") + found.total("rule") + found.total("corrected") + found.total("recorded") == 4 * units
    assert found.counts[("district", "name_th", "rule:unit-type-word")] == 50  # Bangkok's เขต
    assert all(entry["kind"] in crosscheck.DIFFERENCES and entry["reason"].strip() for entry in entries)


@pytest.mark.slow
def test_links_reports_the_cross_check_with_counts_per_kind(cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("links", "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    report = json.loads(result.stdout)["crosscheck"]
    assert report["unexplained"] == 0 and report["findings"] == [] and report["decision_problems"] == []
    assert report["units"]["district"]["name_en"]["corrected"] >= 14
    assert set(report["kinds_of_difference"]) <= set(crosscheck.DIFFERENCES)
    text = cli("links", cwd=ROOT).stdout
    assert "Cross-check of the gazetteer" in text and "unexplained 0" in text


# --- each kind of disagreement, reported at its place ---------------------------------------------------------------


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A copy of the two sources' tables and the decisions, in the layout of the repository."""
    for name in TABLES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def entry_position(path: Path, entity: str, key: str | None) -> tuple[str, int, int]:
    """Where the one-line entry of `entity` in a gazetteer file writes `key` (or where the entry begins)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith(f"- {{id: {entity},"))
    column = lines[number - 1].index(key + ":") + 1 if key else 3
    return path.relative_to(ROOT).as_posix(), number, column


@pytest.mark.parametrize(
    ("table", "old", "new", "aspect", "entity", "place"),
    [
        # A Thai name of the second source differs: at the unit's name_th in seeds/gazetteer/.
        (TABLES[3], '["210401","วังจันทร์"', '["210401","วังจันท"', "name_th", "subdistrict/210401", (SUBDISTRICTS_YAML, "name_th")),
        # An English name of the first source differs: at the unit's name_en.
        (TABLES[0], "2104,21,Wang Chan,", "2104,21,Wang Chant,", "name_en", "district/2104", (DISTRICTS_YAML, "name_en")),
        # A parent differs: at the unit's `within`.
        (TABLES[1], "210401,2104,21,", "210401,2105,21,", "parent", "subdistrict/210401", (SUBDISTRICTS_YAML, "within")),
        # A code of the first source missing from the second: at the unit's entry.
        (TABLES[2], '["2104","วังจันทร์","Wang Chan"],', "", "code", "district/2104", (DISTRICTS_YAML, None)),
    ],
    ids=["thai-name", "english-name", "parent", "code-only-in-the-first"],
)
def test_each_kind_of_disagreement_is_reported_at_its_place(
    built: Built, tables: Path, table: str, old: str, new: str, aspect: str, entity: str, place: tuple[Path, str | None]
) -> None:
    edit(tables, table, old, new)
    found, _, _ = crosscheck.compare(tables)
    assert [(f.aspect, f.entity) for f in found.findings] == [(aspect, entity)]
    assert found.counts[(entity.split("/")[0], aspect, "unexplained")] == 1
    (problem,) = crosscheck.problems_of(found, built.seeds, "gazetteer-crosscheck")
    assert (problem.file, problem.line, problem.column) == entry_position(place[0], entity, place[1]), problem.render()
    assert problem.entity == entity and problem.rule == "gazetteer-crosscheck"


def test_a_code_only_in_the_second_source_is_reported_at_its_row(built: Built, tables: Path) -> None:
    edit(tables, TABLES[2], '["2104","วังจันทร์","Wang Chan"],', '["2104","วังจันทร์","Wang Chan"],["2199","ทดลอง","Thot Long"],')
    found, _, _ = crosscheck.compare(tables)
    (problem,) = crosscheck.problems_of(found, built.seeds, "gazetteer-crosscheck")
    text = (tables / TABLES[2]).read_text(encoding="utf-8")
    assert (problem.file, problem.line, problem.column) == (TABLES[2], 1, text.index('"2199"') + 1)
    assert "district 2199 (ทดลอง" in problem.message and "is not in the first source" in problem.message


def test_a_decided_difference_is_no_finding_and_an_undecided_one_is(tables: Path) -> None:
    """Without its entry, district 8419's two English names are a disagreement again."""
    text = (tables / TABLES[4]).read_text(encoding="utf-8")
    start = text.index("  - code: '8419'\n    field: name_en")
    end = text.index("  - code:", start + 1)
    (tables / TABLES[4]).write_text(text[:start] + text[end:], encoding="utf-8")
    found, _, _ = crosscheck.compare(tables)
    (finding,) = found.findings
    assert (finding.aspect, finding.entity) == ("name_en", "district/8419")
    assert "'Chai Buri'" in finding.message and "'Vibhavadi'" in finding.message


# --- corrections.yaml: a wrong entry is refused at its line ---------------------------------------------------------


def first_fast(cases: list[tuple[str, ...]], ids: list[str]) -> list[Any]:
    """One family of cases through one code path: the first runs in the fast tier, the others in the whole suite."""
    return [
        pytest.param(*case, id=name, marks=() if n == 0 else pytest.mark.slow)
        for n, (case, name) in enumerate(zip(cases, ids, strict=True))
    ]


ENTRY_8419 = "  - code: '8419'\n    field: name_en\n    imported: Chai Buri\n"


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    first_fast(
        [
            ("    imported: Chai Buri\n", "    imported: Chai Bury\n", "imported", "the first source gives 'Chai Buri', not 'Chai Bury'"),
            ("    second: Vibhavadi\n", "    second: Wiphawadi\n", "second", "the second source gives 'Vibhavadi', not 'Wiphawadi'"),
            ("    kept: Vibhavadi\n", "    kept: Wiphawadi\n", "kept", "'Wiphawadi' is not the value source/geothai-3.2.1 gives"),
            (
                "    source: source/geothai-3.2.1\n    alt: []\n    kind: wrong-name\n",
                "    source: source/wikipedia\n    alt: []\n    kind: wrong-name\n",
                "source",
                "source/wikipedia is neither",
            ),
            (
                "    alt: []\n    kind: wrong-name\n    reason: Chai Buri",
                "    alt: [Chai Bari]\n    kind: wrong-name\n    reason: Chai Buri",
                "alt",
                "'Chai Bari' is neither source's other name",
            ),
            (
                "    kind: wrong-name\n    reason: Chai Buri",
                "    kind: typo\n    reason: Chai Buri",
                "kind",
                "no kind of difference is named typo",
            ),
            (
                "    kind: wrong-name\n    reason: Chai Buri",
                "    kind: wrong-name\n    why: it is\n    reason: Chai Buri",
                "why",
                "unknown key `why`",
            ),
            ("  - code: '8419'\n    field: name_en\n", "  - code: '8419'\n    field: name_fr\n", "field", "no field is named name_fr"),
        ],
        ["imported", "second", "kept", "source", "alt", "kind", "unknown-key", "field"],
    ),
)
def test_a_wrong_entry_of_the_decisions_is_refused_at_its_line(tables: Path, old: str, new: str, key: str, message: str) -> None:
    text = (tables / TABLES[4]).read_text(encoding="utf-8")
    start = text.index(ENTRY_8419)
    at = text.index(old, start)
    changed = text[:at] + new + text[at + len(old) :]
    (tables / TABLES[4]).write_text(changed, encoding="utf-8")
    line = changed[: changed.index(f"    {key}:", start)].count("\n") + 1
    _, problems = crosscheck.read_decisions(tables, crosscheck.read_first(tables), crosscheck.read_second(tables))
    assert [(p.file, p.line) for p in problems] == [("seeds/gazetteer/corrections.yaml", line)], [p.render() for p in problems]
    assert message in problems[0].message and problems[0].rule == "gazetteer-decisions"


def test_an_entry_for_names_that_agree_is_refused(tables: Path) -> None:
    entry = (
        "  - {code: '2104', field: name_en, imported: Wang Chan, second: Wang Chan, kept: Wang Chan,"
        " source: source/tcan-adm2-adm3-v1.0.0, alt: [], kind: misspelling, reason: None.}\n"
    )
    edit(tables, TABLES[4], "corrections:\n", "corrections:\n" + entry)
    _, problems = crosscheck.read_decisions(tables, crosscheck.read_first(tables), crosscheck.read_second(tables))
    line = (tables / TABLES[4]).read_text(encoding="utf-8").splitlines().index(entry.rstrip("\n")) + 1
    assert [(p.line, p.message) for p in problems] == [(line, "district/2104: the sources agree on name_en; there is nothing to decide")]


@pytest.mark.slow
def test_the_build_fails_on_an_undecided_disagreement_at_the_yaml_of_the_name(repo_copy: Path) -> None:
    """The check runs in every build: a second source's name nobody decided on fails it, at the unit's name."""
    edit(repo_copy, TABLES[2], '["2104","วังจันทร์","Wang Chan"]', '["2104","วังจันทร์","Wang Chun"]')
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy, cache=False))
    problems = [p for p in raised.value.problems if p.rule == "gazetteer-crosscheck"]
    assert [(p.file, p.line, p.column) for p in problems] == [entry_position(DISTRICTS_YAML, "district/2104", "name_en")]
    assert "'Wang Chan'" in problems[0].message and "'Wang Chun'" in problems[0].message


# --- two units of one parent with one name; Thai word forms ---------------------------------------------------------


def test_the_graph_has_no_shared_names_but_the_declared_real_cases(built: Built) -> None:
    shared = crosscheck.same_names(built.validation.store, "https://w3id.org/thai-smart-city/")
    assert shared == {
        ("province/TH-14", "en", "bang sai"): ["district/1404", "district/1413"],
        ("district/5009", "en", "mae kha"): ["subdistrict/500910", "subdistrict/500911"],
    }
    config = Config(ROOT)
    assert crosscheck.check_same_names(built.validation.store, built.seeds, config) == []
    assert crosscheck.check_thai_word_forms(built.validation.store, built.seeds, config) == []


def copy_with(built: Built, *added: Quad) -> Store:
    store = Store()
    store.extend(built.validation.store.quads_for_pattern(None, None, None, None))
    store.extend(added)
    return store


def test_two_districts_of_one_province_with_one_name_fail_at_both(built: Built) -> None:
    """What the check would have said of TCAN's name of district 8419: Surat Thani's Chai Buri twice."""
    extra = Quad(NamedNode(ID + "district/8419"), NamedNode(LABEL), Literal("Chai Buri", language="en"), NamedNode(TCAN))
    problems = crosscheck.check_same_names(copy_with(built, extra), built.seeds, Config(ROOT))
    assert [(p.entity, p.file) for p in problems] == [
        ("district/8418", "seeds/gazetteer/districts.yaml"),
        ("district/8419", "seeds/gazetteer/geothai.yaml"),  # where its English name is written now
    ]
    assert all("in the same province/TH-84" in p.message and p.severity == "error" for p in problems)


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("ธงชัยเหนือ", True),
        ("เกาะสมุย", True),
        ("นครศรีฯ", True),
        ("กรุงเทพมหานคร", True),
        ("เเม่ริม", False),  # two sara e typed for sara ae
        ("แม่ี่ริม", False),  # a vowel mark after a tone mark
        ("่แม่ริม", False),  # a tone mark at the start
        ("กุุดชุม", False),  # a doubled vowel mark
        ("บ้านนาา", False),  # a doubled sara aa
    ],
)
def test_thai_word_forms(name: str, plausible: bool) -> None:
    assert (crosscheck.thai_word_form(name) == []) is plausible


def test_an_implausible_thai_name_is_a_warning_at_its_yaml(built: Built) -> None:
    extra = Quad(NamedNode(ID + "subdistrict/210401"), NamedNode(ALT), Literal("วังจันทร์ี", language="th"), NamedNode(TCAN))
    (problem,) = crosscheck.check_thai_word_forms(copy_with(built, extra), built.seeds, Config(ROOT))
    assert problem.severity == "warning" and problem.rule == "thai-word-form" and problem.entity == "subdistrict/210401"
    assert problem.file == "seeds/gazetteer/subdistricts.yaml" and "follows no consonant" in problem.message
