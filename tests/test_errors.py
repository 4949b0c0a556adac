"""Bad input gets one clear, located error and never touches graph/.

Each file in tests/bad-seeds/ is dropped into a scratch copy of the repository (as seeds/zz-bad/<name>,
or where its `# place:` line says) and must be refused with the error its `# expect:` line names:
`# expect: <line>:<column> <rule> <words of the message>` (line 0 = the whole file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline.stages import check

from .conftest import ROOT, one_of_each, snapshot

CASES = ROOT / "tests" / "bad-seeds"


@dataclass(frozen=True)
class Case:
    path: Path
    line: int
    column: int
    rule: str
    words: str
    place: str

    @property
    def target(self) -> str:
        return "seeds/" + (self.place or f"zz-bad/{self.path.name}")


def read_case(path: Path) -> Case:
    head = path.read_bytes().decode("utf-8", errors="replace")
    match = re.search(r"^# expect: (\d+):(\d+) (\S+) (.+)$", head, re.M)
    assert match, f"{path.name} has no `# expect:` line"
    place = re.search(r"^# place: (\S+)$", head, re.M)
    return Case(path, int(match[1]), int(match[2]), match[3], match[4].strip(), place[1] if place else "")


ALL = sorted((read_case(p) for p in CASES.rglob("*") if p.is_file()), key=lambda c: c.path.name)


def test_there_are_at_least_30_cases() -> None:
    assert len(ALL) >= 30


@pytest.mark.parametrize("case", one_of_each(ALL, lambda c: c.rule, lambda c: c.path.name))
def test_bad_input_is_refused_with_a_located_error(case: Case, repo_copy: Path) -> None:
    target = repo_copy / case.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.path.read_bytes())
    with pytest.raises(DataError) as raised:
        check(Config(repo_copy, gazetteer=False))
    problems = raised.value.problems
    matching = [p for p in problems if p.file == case.target and p.rule == case.rule and case.words in p.message + " " + p.hint]
    assert matching, "\n".join(p.render() for p in problems)
    assert (matching[0].line, matching[0].column) == (case.line, case.column), matching[0].render()


def test_cli_reports_like_a_compiler_and_exits_non_zero(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    (repo_copy / "seeds" / "zz-bad").mkdir()
    (repo_copy / "seeds" / "zz-bad" / "typo.yaml").write_bytes((CASES / "unknown-key.yaml").read_bytes())
    result = cli("validate", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "seeds/zz-bad/typo.yaml:8:5: error: city/test-town: unknown key 'provnce' [unknown-key]" in result.stderr
    assert "hint: did you mean 'province'?" in result.stderr


def test_cli_json_format(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    import json

    (repo_copy / "seeds" / "zz-bad").mkdir()
    (repo_copy / "seeds" / "zz-bad" / "typo.yaml").write_bytes((CASES / "dangling-reference.yaml").read_bytes())
    result = cli("validate", "--format", "json", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    (problem,) = report["problems"]
    assert (problem["file"], problem["line"], problem["column"], problem["rule"]) == ("seeds/zz-bad/typo.yaml", 7, 15, "dangling-reference")


def test_a_failed_build_leaves_graph_untouched(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    before = snapshot(repo_copy / "graph")
    (repo_copy / "seeds" / "zz-bad").mkdir()
    (repo_copy / "seeds" / "zz-bad" / "typo.yaml").write_bytes((CASES / "unknown-key.yaml").read_bytes())
    result = cli("build", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    assert "nothing written" in result.stderr
    assert snapshot(repo_copy / "graph") == before


def test_the_shacl_report_is_written_on_request(repo_copy: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path) -> None:
    from rdflib import Graph, Literal, Namespace, URIRef

    sh = Namespace("http://www.w3.org/ns/shacl#")
    (repo_copy / "seeds" / "zz-bad").mkdir()
    (repo_copy / "seeds" / "zz-bad" / "count.yaml").write_bytes((CASES / "shacl-stated-count.yaml").read_bytes())
    report_file = tmp_path / "report.ttl"
    result = cli("validate", "--report", str(report_file), "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    report = Graph().parse(report_file, format="turtle")
    assert (None, sh.conforms, Literal(False)) in report
    assert (None, sh.focusNode, URIRef("https://w3id.org/thai-smart-city/id/decision/test-decision")) in report


def test_messages_come_in_thai_too_where_the_shape_has_one(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    (repo_copy / "seeds" / "zz-bad").mkdir()
    (repo_copy / "seeds" / "zz-bad" / "class.yaml").write_bytes((CASES / "shacl-wrong-class.yaml").read_bytes())
    result = cli("validate", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("seeds/zz-bad/class.yaml:7:5: error: area/test-area:"))
    assert "[tscsh:SmartCityAreaShape]" in lines[first]
    assert "จังหวัด" in lines[first + 1]  # the shape's Thai message follows the English one
    assert lines[first + 2].strip() == "value: region/north"


@pytest.mark.slow
def test_checks_follow_another_base(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    (repo_copy / "seeds" / "zz-bad").mkdir()
    (repo_copy / "seeds" / "zz-bad" / "quote.yaml").write_bytes((CASES / "quote-not-in-source.yaml").read_bytes())
    result = cli("validate", "--base", "https://data.example.org/sc/", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    assert "[quote-in-source]" in result.stderr
