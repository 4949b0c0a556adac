"""The command line: sub-commands, summary, usage errors, and a start that loads no RDF library."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from .conftest import ROOT
from .terminal import on_a_terminal


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from smartcity_kg.cli.main import parser\n"
        "try:\n    parser().parse_args(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('rdflib', 'pyshacl', 'pyld', 'yaml', 'pyoxigraph', 'httpx', 'jinja2', 'asyncio') if m in sys.modules)\n"
        "print('heavy:', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: smartcity-kg" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "heavy: []"


@pytest.mark.slow
def test_build_prints_a_summary(repo_copy: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path) -> None:
    result = cli("build", "--out", str(tmp_path / "out"), cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "SmartCityArea" in out and "Province" in out
    assert re.search(r"\n  District +928\n", out) and re.search(r"\n  Subdistrict +7436\n", out)
    assert "gazetteer layer: " in out and "(graph/gazetteer.*)" in out
    assert "validation: conforms" in out
    assert "named graphs" in out


def test_a_build_without_the_gazetteer_says_so_and_writes_none_of_it(
    repo_copy: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path
) -> None:
    result = cli("build", "--without-gazetteer", "--out", str(tmp_path / "out"), cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    assert "gazetteer layer: skipped" in result.stdout and "District" not in result.stdout
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert "smartcity.nq" in written and "exports/areas.csv" in written
    assert not {name for name in written if name.startswith("gazetteer") or name.startswith(("exports/districts", "exports/subdistricts"))}


def test_validate_writes_nothing(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    before = {p: p.stat().st_mtime_ns for p in (repo_copy / "graph").rglob("*")}
    result = cli("validate", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    assert "nothing written" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in (repo_copy / "graph").rglob("*")} == before


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no seeds/ and ontology/" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_sub_command_is_a_usage_error(cli: Callable[..., CompletedProcess[str]]) -> None:
    result = cli("publish-everything", cwd=ROOT)
    assert result.returncode == 2


@pytest.mark.slow
def test_every_command_works_under_the_base_graph_was_built_with(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    """After `build --base X`, query, links, publish and site find X in graph/ without being told."""
    base = "https://data.example.go.th/smart-city/"
    assert cli("build", "--base", base, "--without-gazetteer", "--no-cache", cwd=repo_copy).returncode == 0
    # A relative IRI resolves against <base>id/: under the wrong base it would name nothing.
    query = cli("query", "--format", "csv", "--query", "SELECT ?name WHERE { <area/satun> rdfs:label ?name }", cwd=repo_copy)
    assert query.returncode == 0, query.stderr
    assert len(query.stdout.splitlines()) > 1, query.stdout
    published = cli("publish", "--store", "http://127.0.0.1:9", "--kind", "oxigraph", "--dry-run", cwd=repo_copy)
    assert published.returncode == 0, published.stderr
    graphs = re.findall(r"^\s+<([^>]+)>", published.stdout, re.M)
    assert graphs and all(g.startswith(base) for g in graphs), graphs
    links = cli("links", "--format", "json", cwd=repo_copy)
    provinces = json.loads(links.stdout)["kinds"]["province"]
    assert provinces["entities"] == 77 and provinces["links"]["wikidata"]["entities"] == 77
    site = cli("site", str(repo_copy / "public"), cwd=repo_copy)
    assert site.returncode == 0, site.stderr
    assert base + "id/area/satun" in (repo_copy / "public" / "doc" / "area" / "satun.html").read_text(encoding="utf-8")


def build_on_a_terminal(repo: Path, *extra: str) -> tuple[int, str]:
    return on_a_terminal("build", "--without-gazetteer", "--no-cache", *extra, cwd=repo, timeout=120)


def test_a_build_on_a_terminal_says_what_it_is_doing(repo_copy: Path) -> None:
    code, shown = build_on_a_terminal(repo_copy)
    assert code == 0, shown
    steps = ["reading and checking the YAML", "turning the seeds into RDF", "validating", "rendering the files", "writing"]
    positions = [shown.find(f"smartcity-kg build: {step}") for step in steps]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), shown


@pytest.mark.slow
def test_progress_is_quiet_with_quiet_and_off_a_terminal(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    code, shown = build_on_a_terminal(repo_copy, "--quiet")
    assert code == 0 and "smartcity-kg build:" not in shown, shown
    piped = cli("build", "--without-gazetteer", "--no-cache", cwd=repo_copy)  # stderr is a pipe here
    assert piped.returncode == 0 and "smartcity-kg build:" not in piped.stderr, piped.stderr


@pytest.mark.parametrize(
    "base",
    [
        "https://data example.org/",
        pytest.param("smart-city/", marks=pytest.mark.slow),
        pytest.param("https://example.org/{x}/", marks=pytest.mark.slow),
    ],
)
def test_a_base_that_is_not_an_absolute_iri_is_a_usage_error(base: str, cli: Callable[..., CompletedProcess[str]]) -> None:
    # Every IRI of the graph is made from the base: refused before anything is read, not a traceback mid-build.
    result = cli("validate", "--base", base, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert "is not an absolute IRI" in result.stderr
    assert "Traceback" not in result.stderr
