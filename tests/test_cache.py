"""The build cache (.cache/smartcity-kg/): a build that uses it writes what a build without it writes, and it
never hides a change, whether to the seeds, the ontology, the options or graph/ itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from smartcity_kg.pipeline.cache import FOLDER

from .conftest import snapshot

Cli = Callable[..., CompletedProcess[str]]
UP_TO_DATE = "is up to date"


def build(cli: Cli, root: Path, *args: str) -> CompletedProcess[str]:
    result = cli("build", "--without-gazetteer", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return result


def test_a_second_build_with_nothing_changed_does_nothing(repo_copy: Path, cli: Cli) -> None:
    first = build(cli, repo_copy)
    assert UP_TO_DATE not in first.stdout
    before = snapshot(repo_copy / "graph")
    second = build(cli, repo_copy)
    assert UP_TO_DATE in second.stdout
    assert "triples:" in second.stdout  # the summary of the build that is still there
    assert snapshot(repo_copy / "graph") == before


@pytest.mark.slow
def test_every_kind_of_change_rebuilds(repo_copy: Path, cli: Cli) -> None:
    build(cli, repo_copy)
    people = repo_copy / "seeds" / "article" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n# a comment changes no statement\n", encoding="utf-8")
    assert UP_TO_DATE not in build(cli, repo_copy).stdout
    (repo_copy / "graph" / "smartcity.ttl").write_text("damaged", encoding="utf-8")  # graph/ edited by hand
    assert UP_TO_DATE not in build(cli, repo_copy).stdout
    assert (repo_copy / "graph" / "smartcity.ttl").read_text(encoding="utf-8") != "damaged"
    check = repo_copy / "queries" / "persons-without-post-violation.rq"
    check.write_text(check.read_text(encoding="utf-8") + "\n# the checks are inputs too\n", encoding="utf-8")
    assert UP_TO_DATE not in build(cli, repo_copy).stdout
    shapes = repo_copy / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert UP_TO_DATE not in build(cli, repo_copy).stdout
    assert UP_TO_DATE not in build(cli, repo_copy, "--base", "https://example.org/smartcity/").stdout
    assert UP_TO_DATE not in build(cli, repo_copy).stdout  # back to the default base
    assert UP_TO_DATE in build(cli, repo_copy).stdout


def test_a_build_from_the_cache_writes_what_a_build_without_it_writes(repo_copy: Path, cli: Cli, tmp_path: Path) -> None:
    build(cli, repo_copy)  # fills the cache
    areas = repo_copy / "seeds" / "article" / "areas-1-2565.yaml"
    areas.write_text(areas.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")  # read again; the others from the cache
    cached = build(cli, repo_copy, "--out", str(tmp_path / "cached"))
    fresh = build(cli, repo_copy, "--no-cache", "--out", str(tmp_path / "fresh"))
    assert cached.stdout.splitlines()[:-1] == fresh.stdout.splitlines()[:-1]
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "fresh")


def test_an_edit_that_breaks_a_file_is_reported_although_the_old_version_is_cached(repo_copy: Path, cli: Cli) -> None:
    build(cli, repo_copy)
    people = repo_copy / "seeds" / "article" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("    type: Person\n", "    type: Person\n    typo_key: x\n", 1), encoding="utf-8"
    )
    result = cli("build", "--without-gazetteer", cwd=repo_copy)
    assert result.returncode == 1
    assert "seeds/article/people.yaml:" in result.stderr and "typo_key" in result.stderr


@pytest.mark.slow
def test_damaged_cache_entries_are_read_again_from_the_yaml(repo_copy: Path, cli: Cli, tmp_path: Path) -> None:
    build(cli, repo_copy)
    entries = [p for p in (repo_copy / FOLDER).rglob("*") if p.is_file() and p.parent.name in ("files", "quads")]
    assert entries
    for path in entries:
        path.write_bytes(b"\x00not marshal data")
    people = repo_copy / "seeds" / "article" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # so the build runs
    build(cli, repo_copy, "--out", str(tmp_path / "out"))
    assert snapshot(tmp_path / "out") == snapshot(repo_copy / "graph")


@pytest.mark.slow
def test_entries_of_edited_and_deleted_files_are_pruned(repo_copy: Path, cli: Cli) -> None:
    build(cli, repo_copy)
    files = repo_copy / FOLDER / "files"
    before = {p.name for p in files.iterdir()}
    people = repo_copy / "seeds" / "article" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(cli, repo_copy)
    after = {p.name for p in files.iterdir()}
    assert len(after) == len(before) and len(after - before) == 1  # the edited file's new entry replaced its old one


@pytest.mark.slow
def test_no_cache_leaves_no_cache(repo_copy: Path, cli: Cli) -> None:
    build(cli, repo_copy, "--no-cache")
    assert not (repo_copy / FOLDER).exists()
