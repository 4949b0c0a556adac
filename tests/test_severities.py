"""SHACL results of severity sh:Warning and sh:Info are reported like violations, at the YAML key, but do not fail.

SHACL (https://www.w3.org/TR/shacl/#severity) gives each result the sh:severity of its shape: sh:Violation,
sh:Warning or sh:Info. tests/severities/shapes.ttl adds one shape of each non-fatal severity to a scratch
copy of the shapes, and tests/severities/town.yaml a city they report on; the positions expected are read
from that file's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from rdflib import Graph, Namespace, URIRef

from smartcity_kg.pipeline.built import Built

from .conftest import ID, ROOT

Cli = Callable[..., CompletedProcess[str]]
FIXTURES = ROOT / "tests" / "severities"
TOWN = "seeds/zz-severities/town.yaml"
SH = Namespace("http://www.w3.org/ns/shacl#")


def key_position(name: str) -> tuple[int, int]:
    """Line and column of the key `name` in town.yaml, as an editor counts them."""
    for number, line in enumerate((FIXTURES / "town.yaml").read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(f"{name}:"):
            return number, len(line) - len(line.lstrip()) + 1
    raise AssertionError(f"town.yaml has no key {name}")


def with_severity_shapes(repo: Path) -> Path:
    shapes = repo / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n" + (FIXTURES / "shapes.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    (repo / TOWN).parent.mkdir(parents=True)
    (repo / TOWN).write_bytes((FIXTURES / "town.yaml").read_bytes())
    return repo


def expected_lines() -> tuple[str, str]:
    (warn_line, warn_column), (info_line, info_column) = key_position("name_en"), key_position("province")
    return (
        f"{TOWN}:{warn_line}:{warn_column}: warning: city/test-town: A label should have no spaces",
        f"{TOWN}:{info_line}:{info_column}: info: city/test-town: The city is not in Bangkok",
    )


def test_warnings_are_printed_at_their_key_and_the_build_still_writes_graph(repo_copy: Path, cli: Cli) -> None:
    repo = with_severity_shapes(repo_copy)
    for _ in range(2):  # a build with warnings is never "up to date": the second shows them again
        result = cli("build", "--without-gazetteer", cwd=repo)
        assert result.returncode == 0, result.stderr
        assert "is up to date" not in result.stdout
        warning, info = expected_lines()
        lines = result.stderr.splitlines()
        assert any(line.startswith(warning) and line.endswith("[tscsh:TestWarningShape]") for line in lines), result.stderr
        assert any(line.startswith(info) and line.endswith("[tscsh:TestInfoShape]") for line in lines), result.stderr
        assert "error:" not in result.stderr
        assert "wrote " in result.stdout
        assert f"<{ID}city/test-town>" in (repo / "graph" / "smartcity.nq").read_text(encoding="utf-8")


@pytest.mark.slow
def test_warnings_in_json_and_in_the_report(repo_copy: Path, cli: Cli, tmp_path: Path) -> None:
    repo = with_severity_shapes(repo_copy)
    report_file = tmp_path / "report.ttl"
    result = cli("validate", "--without-gazetteer", "--format", "json", "--report", str(report_file), cwd=repo)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # stdout is the JSON document alone; the summary went to stderr
    assert "valid: nothing written" in result.stderr
    assert (document["errors"], document["warnings"]) == (0, 2)
    found = {(p["severity"], p["file"], p["line"], p["column"], p["rule"]) for p in document["problems"]}
    assert found == {
        ("warning", TOWN, *key_position("name_en"), "tscsh:TestWarningShape"),
        ("info", TOWN, *key_position("province"), "tscsh:TestInfoShape"),
    }
    report = Graph().parse(report_file, format="turtle")
    town = URIRef(ID + "city/test-town")
    severities = {report.value(result, SH.resultSeverity) for result in report.subjects(SH.focusNode, town)}
    assert severities == {SH.Warning, SH.Info}


def test_a_violation_still_fails_and_warnings_are_listed_with_it(repo_copy: Path, cli: Cli) -> None:
    repo = with_severity_shapes(repo_copy)
    (repo / "seeds" / "zz-bad").mkdir()
    bad = (ROOT / "tests" / "bad-seeds" / "shacl-thai-label-in-latin.yaml").read_text(encoding="utf-8")
    (repo / "seeds" / "zz-bad" / "label.yaml").write_text(bad.replace("city/test-town", "city/other-town"), encoding="utf-8")
    result = cli("build", "--without-gazetteer", cwd=repo)
    assert result.returncode == 1
    assert "seeds/zz-bad/label.yaml:6:5: error: city/other-town:" in result.stderr  # its case's `# expect:` line
    assert any(line.startswith(expected_lines()[0]) for line in result.stderr.splitlines()), result.stderr
    assert "1 error(s), 2 warning(s)" in result.stderr
    assert "nothing written" in result.stderr


def test_the_real_shapes_give_no_warnings_on_the_real_seeds(built: Built) -> None:
    report = built.validation.report
    severities = {report.value(result, SH.resultSeverity) for result in report.subjects(SH.focusNode, None)}
    assert severities <= {SH.Violation}, severities  # and there are no violations, or `built` would have failed
    assert built.validation.warnings == []
