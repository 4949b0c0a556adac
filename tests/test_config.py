"""The project configuration, smartcity-kg.toml: read into Config by every command, flags override it, and a wrong
key or value is refused at its line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from smartcity_kg.cli.main import config_from, parser
from smartcity_kg.core.config import PROJECT_FILE, SETTINGS, Config, project, read_project, reading_base, refuse_unknown
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline.checks import CHECKS, GRAPH_CHECKS
from smartcity_kg.pipeline.exports import EXPORTS, written

from .conftest import BASE, ROOT

FILE = ROOT / PROJECT_FILE


def test_the_committed_configuration_is_the_defaults_spelled_out() -> None:
    config = read_project(FILE)
    assert config.base == BASE
    assert (config.max_problems, config.gazetteer, config.cache) == (200, True, True)
    assert config.exports == ("provinces", "districts", "subdistricts", "areas", "cities") == tuple(EXPORTS)
    assert set(config.checks or ()) == {*CHECKS, *GRAPH_CHECKS}


def test_every_setting_is_a_documented_field_of_config() -> None:
    documented = FILE.read_text(encoding="utf-8")
    names = {field.name for field in fields(Config)}
    for key, (name, _) in SETTINGS.items():
        assert name in names
        assert f"{key[-1]} =" in documented
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8").count("`") > 20


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / PROJECT_FILE).write_text(text, encoding="utf-8")
    return tmp_path / PROJECT_FILE


def test_flags_override_the_file_and_the_file_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, 'base = "https://example.org/kg"\nmax_problems = 5\n[layers]\ngazetteer = true\n[build]\ncache = true\n')
    project.cache_clear()
    plain = config_from(parser().parse_args(["validate", "--root", str(tmp_path)]))
    assert (plain.base, plain.max_problems, plain.gazetteer, plain.cache) == ("https://example.org/kg/", 5, True, True)
    assert plain.exports is None and plain.checks is None
    flags = [
        "validate",
        "--root",
        str(tmp_path),
        "--base",
        "https://other.example/",
        "--max-problems",
        "9",
        "--without-gazetteer",
        "--no-cache",
    ]
    given = config_from(parser().parse_args(flags))
    assert (given.base, given.max_problems, given.gazetteer, given.cache) == ("https://other.example/", 9, False, False)
    # A command that reads graph/ takes the base graph/ was built with, else the project's.
    assert reading_base(None, tmp_path / "graph") == "https://example.org/kg/"
    assert reading_base("https://x.example/", tmp_path / "graph") == "https://x.example/"
    project.cache_clear()


def test_the_exports_and_checks_chosen_are_those_run() -> None:
    config = Config(ROOT, exports=("areas",))
    assert [name for name in EXPORTS if written(config, name)] == ["areas"]
    assert not written(Config(ROOT, gazetteer=False), "districts")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("max_problems = 200\n[layers]\ngazeteer = true\n", 3, "unknown key layers.gazeteer"),
        ('# a comment\nmax_problems = "200"\n', 2, "max_problems must be an integer, not a string"),
        ("[build]\ncache = 1\n", 2, "build.cache must be a boolean, not an integer"),
        ('base = "not an iri"\n', 1, "is not an absolute IRI"),
        ('[exports]\nwrite = "areas"\n', 2, "exports.write must be a list of strings"),
        ('[output]\nfolder = "x"\n', 1, "unknown key output"),
        ("max_problems = 0\n", 1, "max_problems must be 1 or more"),
        ("[layers\n", 1, "not valid TOML"),
    ],
)
def test_a_wrong_setting_is_refused_at_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(DataError) as raised:
        read_project(write(tmp_path, text))
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == (PROJECT_FILE, line), problem.render()
    assert message in problem.message, problem.render()


def test_an_export_or_check_that_does_not_exist_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[checks]\nrun = ["local-copy"]\n\n[exports]\nwrite = ["areas", "towns"]\n')
    config = read_project(path)
    with pytest.raises(DataError) as raised:
        refuse_unknown(config, {"exports": tuple(EXPORTS), "checks": (*CHECKS, *GRAPH_CHECKS)})
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == (PROJECT_FILE, 5)
    assert "exports.write names 'towns'" in problem.message


def test_the_command_reports_a_wrong_configuration_without_a_traceback(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    write(repo_copy, "[layers]\ngazetter = false\n")
    result = cli("validate", "--root", str(repo_copy), cwd=repo_copy)
    assert result.returncode == 2
    assert f"{PROJECT_FILE}:2: error: unknown key layers.gazetter" in result.stderr
    assert "Traceback" not in result.stderr
