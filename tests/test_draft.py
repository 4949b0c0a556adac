"""`smartcity-kg draft`: announcements drafted into seeds, compared with expectations written by hand.

tests/announcements/ holds announcements written for these tests, each beside NAME.expected.yaml: the areas in order
with their provinces, districts, subdistricts and status, the meeting, the secretary, the decision's stated counts,
the dates, the entities of the graph it names, the questions a person must answer, and whether the draft passes
`validate` as it is. The seed article is a case of its own, compared with the curated YAML of seeds/article/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
import yaml

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError, Problem
from smartcity_kg.core.terms import Terms
from smartcity_kg.curate.compose import Facts
from smartcity_kg.curate.draft import ARTICLE, Assistant, Draft, write
from smartcity_kg.curate.text import InputError
from smartcity_kg.pipeline.conform import check_document
from smartcity_kg.pipeline.read import read_file
from smartcity_kg.pipeline.stages import check

from .conftest import ROOT

CASES = ROOT / "tests" / "announcements"
SOURCE = ROOT / "seeds" / "sources" / "article-mdes-subcommittee-1-2565"
ARTICLE_FILES = ("seeds/article/areas-1-2565.yaml", "seeds/article/meeting-1-2565.yaml")
INPUTS = ("seeds", "ontology", "queries")


@dataclass(frozen=True)
class Case:
    path: Path
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.stem


def cases() -> list[Case]:
    found = []
    for path in sorted(CASES.glob("*.txt")):
        expected = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        found.append(Case(path, expected))
    return found


ALL = cases()


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant(ROOT)


def drafted(assistant: Assistant, case: Case, folder: str = "") -> Draft:
    return assistant.draft(case.path.read_bytes(), case.path.name, case.name, folder or f"seeds/drafts/{case.name}")


def area_facts(facts: Facts) -> list[dict[str, Any]]:
    return [
        {
            "position": a.position,
            "name": a.name,
            "province": a.province,
            "district": a.district,
            "subdistrict": a.subdistrict,
            "status": a.status,
            "existing": a.id if a.existing else None,
        }
        for a in facts.areas
    ]


def expected_areas(case: Case) -> list[dict[str, Any]]:
    keys = ("position", "name", "province", "district", "subdistrict", "status", "existing")
    return [{key: area.get(key) for key in keys} for area in case.expected["areas"]]


def test_the_command_names_the_drafts_folder_as_the_assistant_does() -> None:
    """cli/draft.py repeats DRAFTS so that --help loads nothing of the assistant."""
    from smartcity_kg.cli import draft as command
    from smartcity_kg.curate import draft

    assert command.DRAFTS == draft.DRAFTS


def test_there_are_at_least_eight_announcements_and_one_in_english() -> None:
    assert len(ALL) >= 8
    assert any(not any("\u0e00" <= c <= "\u0e7f" for c in case.path.read_text(encoding="utf-8")) for case in ALL)


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_the_draft_finds_what_the_announcement_says(assistant: Assistant, case: Case) -> None:
    facts = drafted(assistant, case).composition.facts
    assert area_facts(facts) == expected_areas(case)
    meeting = case.expected["meeting"]
    if meeting is None:
        assert facts.meeting == {}
    else:
        found = {key: facts.meeting.get(key) for key in ("number", "date", "committee", "chair")}
        assert found == {key: meeting.get(key) for key in ("number", "date", "committee", "chair")}
    secretary = case.expected.get("secretary")
    assert {k: facts.secretary[k] for k in ("person", "committee")} == secretary if secretary else facts.secretary == {}
    decision = case.expected["decision"]
    if decision is None:
        assert facts.decisions == []
    else:
        assert len(facts.decisions) == 1
        assert {k: v for k, v in facts.decisions[0].items() if k.startswith("stated_")} == decision
    assert sorted(facts.dates) == sorted(case.expected["dates"])
    assert facts.references == set(case.expected["references"])


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_what_a_person_must_decide_is_asked(assistant: Assistant, case: Case) -> None:
    questions = [q.text for q in drafted(assistant, case).composition.questions]
    wanted = case.expected["questions"]
    assert len(questions) == len(wanted), questions
    for words, question in zip(wanted, questions, strict=True):
        assert words in question


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_the_yaml_is_the_projects_and_its_quotes_are_verbatim(assistant: Assistant, case: Case, tmp_path: Path) -> None:
    """Each file reads with the strict reader and fits the context; only open questions are refused; quotes are in article.txt."""
    draft = drafted(assistant, case)
    article = draft.files[ARTICLE].decode("utf-8")
    terms = Terms(iri.load_context(ROOT / "ontology"))
    for name, content in draft.files.items():
        if not name.endswith(".yaml"):
            continue
        (tmp_path / name).write_bytes(content)
        problems: list[Problem] = []
        seed = read_file(tmp_path, tmp_path / name, problems)
        assert seed is not None, problems
        check_document(seed, terms, problems)
        assert {p.rule for p in problems} <= {"open-question"}, [p.render() for p in problems]
        for entity in seed.data["entities"]:
            for quote in entity.get("quote", []):
                assert quote in article, (name, entity["id"], quote)


def scratch_repository(tmp_path: Path) -> Path:
    """A copy of what `validate` reads (as tests/conftest.py's repo_copy, without a built graph/)."""
    for folder in INPUTS:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "smartcity-kg.toml", tmp_path / "smartcity-kg.toml")
    return tmp_path


# The command's test takes the one with a meeting; the others are validated in the whole suite.
VALIDATING = sorted((case for case in ALL if case.expected["validates"]), key=lambda case: case.expected["meeting"] is None)


@pytest.mark.slow
@pytest.mark.parametrize("case", VALIDATING[1:], ids=lambda c: c.name)
def test_a_draft_with_nothing_to_decide_passes_validate(assistant: Assistant, case: Case, tmp_path: Path) -> None:
    root = scratch_repository(tmp_path)
    write(drafted(assistant, case), root / "seeds" / "drafts" / case.name)
    check(Config(root, gazetteer=False, cache=False)).validation.report  # noqa: B018 (raises DataError on a violation)


def test_the_command_drafts_and_validate_takes_the_draft(tmp_path: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    root = scratch_repository(tmp_path)
    case = VALIDATING[0]
    result = cli("draft", str(case.path), "--root", str(root), cwd=root)
    assert result.returncode == 0, result.stderr
    folder = root / "seeds" / "drafts" / case.name
    assert sorted(p.name for p in folder.iterdir()) == [
        "areas.yaml",
        "article.txt",
        "meeting.yaml",
        "original.txt",
        "review.md",
        "source.yaml",
    ]
    assert "0 question(s)" in result.stdout
    validated = cli("validate", "--without-gazetteer", "--no-cache", "--root", str(root), cwd=root)
    assert validated.returncode == 0, validated.stderr
    again = cli("draft", str(case.path), "--root", str(root), cwd=root)
    assert again.returncode == 2 and "exists and is not empty" in again.stderr  # a draft is never overwritten


def test_validate_refuses_an_open_question_at_its_line_with_its_text(assistant: Assistant, tmp_path: Path) -> None:
    case = next(c for c in ALL if c.name == "a7-ambiguous-district")
    root = scratch_repository(tmp_path)
    draft = drafted(assistant, case)
    write(draft, root / "seeds" / "drafts" / case.name)
    with pytest.raises(DataError) as raised:
        check(Config(root, gazetteer=False, cache=False))
    asked = [p for p in raised.value.problems if p.rule == "open-question"]
    lines = draft.files["areas.yaml"].decode("utf-8").split("\n")
    assert len(asked) == len(draft.composition.questions) == 3
    for problem, question in zip(asked, draft.composition.questions, strict=True):
        assert problem.file == f"seeds/drafts/{case.name}/areas.yaml"
        assert question.text in problem.message
        assert yaml.safe_load(lines[problem.line - 1].strip()) == [question.text]  # the line of the question itself


# --- the seed article ----------------------------------------------------------------------------------


def curated(name: str) -> list[dict[str, Any]]:
    entities: list[dict[str, Any]] = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))["entities"]
    return entities


def test_the_scraped_page_is_cleaned_to_the_curated_article(assistant: Assistant) -> None:
    draft = assistant.draft((SOURCE / "original.txt").read_bytes(), "original.txt", "article", "seeds/drafts/article")
    assert draft.files[ARTICLE] == (SOURCE / "article.txt").read_bytes()
    assert "Click Donate Support Web" not in draft.cleaned.text and "WORLD7" in draft.cleaned.dropped


def test_the_seed_article_drafted_afresh_matches_the_curated_facts() -> None:
    """Without the article's areas and meeting in the graph, the draft of the scraped page gives the curated facts."""
    fresh = Assistant(ROOT, leave_out=ARTICLE_FILES)
    facts = fresh.draft((SOURCE / "original.txt").read_bytes(), "original.txt", "article", "seeds/drafts/article").composition.facts
    areas = [e for e in curated(ARTICLE_FILES[0]) if e["type"] == "SmartCityArea"]
    assert [(a.position, a.name, a.province, a.status) for a in facts.areas] == [
        (e["list_position"], e.get("name_th") or e["name_en"], e["province"], e["status"]) for e in areas
    ]
    meeting = next(e for e in curated(ARTICLE_FILES[1]) if e["type"] == "Meeting")
    assert (facts.meeting["number"], facts.meeting["committee"], facts.meeting["chair"]) == (
        meeting["number"],
        meeting["meeting_of"],
        meeting["chaired_by"],
    )
    assert facts.meeting["date"] is None  # the article gives no date, so none is drafted
    secretary = next(e for e in curated("seeds/article/people.yaml") if e.get("role") == "role/secretary")
    assert facts.secretary == {"person": secretary["member"], "committee": secretary["organization"], "id": secretary["id"]}
    decision = next(e for e in curated(ARTICLE_FILES[1]) if e["type"] == "Decision")
    assert len(facts.decisions) == 1
    assert {k: v for k, v in facts.decisions[0].items() if k.startswith("stated_")} == {
        k: v for k, v in decision.items() if k.startswith("stated_")
    }  # 15 in 14, and the national total 30 in 23


def test_the_seed_article_refers_to_the_graphs_entities_and_defines_nothing_again(assistant: Assistant) -> None:
    draft = assistant.draft((SOURCE / "original.txt").read_bytes(), "original.txt", "article", "seeds/drafts/article")
    facts = draft.composition.facts
    areas = [e["id"] for e in curated(ARTICLE_FILES[0]) if e["type"] == "SmartCityArea"]
    assert [a.id for a in facts.areas if a.existing] == areas
    assert facts.meeting["id"] == "meeting/smart-city-projects-1-2565" and facts.meeting["existing"]
    assert facts.decisions[0]["id"] == "decision/smart-city-projects-1-2565-plans"
    defined = [
        e
        for name, content in draft.files.items()
        if name != "source.yaml" and name.endswith(".yaml")
        for e in yaml.safe_load(content)["entities"]
    ]
    assert not [e["id"] for e in defined if "type" in e]
    assert draft.composition.questions == []


# --- bad input -----------------------------------------------------------------------------------------

THAI_PROSE = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัลจัดงานสัมมนาเรื่องการพัฒนาเมืองอัจฉริยะ โดยมีผู้เข้าร่วมจากหลายหน่วยงาน\n"

BAD = {
    "empty": (b"", "draft-empty", "the file is empty"),
    "blank": (b" \n\n\t\n", "draft-empty", "the file is empty"),
    "french": ("La ville intelligente de Phuket a été certifiée par le comité.\n".encode(), "draft-language", "neither Thai nor English"),
    "chinese": ("普吉岛智慧城市获得认证，委员会批准了计划。\n".encode(), "draft-language", "neither Thai nor English"),
    "tis-620": (
        (ROOT / "tests/announcements/a1-numbered-dot.txt").read_text(encoding="utf-8").encode("cp874"),
        "draft-encoding",
        "TIS-620",
    ),
    "utf-16": ((ROOT / "tests/announcements/a1-numbered-dot.txt").read_text(encoding="utf-8").encode("utf-16"), "draft-encoding", "UTF-16"),
    "no list": (THAI_PROSE.encode(), "draft-no-list", "no list of areas found"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_refused_with_a_clear_message(assistant: Assistant, name: str) -> None:
    raw, rule, words = BAD[name]
    with pytest.raises(InputError) as raised:
        assistant.draft(raw, "announcement.txt", "bad", "seeds/drafts/bad")
    problem = raised.value.problem
    assert (problem.file, problem.rule) == ("announcement.txt", rule)
    assert words in problem.message and problem.hint


def test_the_command_refuses_bad_input_without_a_traceback_and_writes_nothing(
    tmp_path: Path, cli: Callable[..., CompletedProcess[str]]
) -> None:
    bad = tmp_path / "prachasamphan.txt"
    bad.write_bytes(BAD["tis-620"][0])
    result = cli("draft", str(bad), "--root", str(ROOT), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:1:1: error: the file is not UTF-8" in result.stderr and "iconv -f CP874" in result.stderr
    assert "nothing written" in result.stderr
    assert not (tmp_path / "out").exists()


# --- offline ----------------------------------------------------------------------------------------------

OFFLINE = """
import socket, sys
def refuse(*args, **kwargs):
    raise AssertionError("a connection was attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
from smartcity_kg.curate import text
text.pythainlp()  # as the command imports it: offline, read-only; then its download is made to fail
import pythainlp.corpus, pythainlp.corpus.core
pythainlp.corpus.download = pythainlp.corpus.core.download = refuse
from smartcity_kg.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_pythainlp_downloads_nothing_and_writes_no_data_folder(tmp_path: Path) -> None:
    """With connections refused and PyThaiNLP's download replaced by a failure, a draft is made; no ~/pythainlp-data appears."""
    home = tmp_path / "home"
    home.mkdir()
    case = ALL[0]
    env = {key: value for key, value in __import__("os").environ.items() if not key.startswith("PYTHAINLP")}
    result = subprocess.run(
        [sys.executable, "-c", OFFLINE, "draft", str(case.path), "--root", str(ROOT), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env={**env, "HOME": str(home)},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "areas.yaml").is_file()
    assert list(home.iterdir()) == []
