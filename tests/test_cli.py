"""The command line: sub-commands, summary, usage errors, and a start that loads no RDF library."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from .conftest import ROOT


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from smartcity_kg.cli import parser\n"
        "try:\n    parser().parse_args(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('rdflib', 'pyshacl', 'pyld', 'yaml') if m in sys.modules)\n"
        "print('heavy:', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: smartcity-kg" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "heavy: []"


def test_build_prints_a_summary(repo_copy: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path) -> None:
    result = cli("build", "--out", str(tmp_path / "out"), cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "SmartCityArea" in out and "Province" in out
    assert "validation: conforms" in out
    assert "named graphs" in out


def test_validate_writes_nothing(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in (repo_copy / "graph").iterdir()}
    result = cli("validate", cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    assert "nothing written" in result.stdout
    assert {p.name: p.stat().st_mtime_ns for p in (repo_copy / "graph").iterdir()} == before


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no seeds/ and ontology/" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_sub_command_is_a_usage_error(cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("publish-everything", cwd=ROOT)
    assert result.returncode == 2
