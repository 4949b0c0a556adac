"""`smartcity-kg diff`: two graphs written by hand that differ in known ways (tests/diff/README.md), every
output format against its expectation written by hand, the RDF Patch applied, folders and git revisions."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import CanonicalizationAlgorithm, Dataset, RdfFormat, parse

from smartcity_kg.cli import diff as diff_command
from smartcity_kg.core import iri
from smartcity_kg.rdf import diff

from .conftest import ROOT, git

CASES = ROOT / "tests" / "diff"
BLANK = re.compile(r"_:b[0-9a-f]{16}n[0-9]+")
EXPECTED = {"text": "expected.txt", "markdown": "expected.md", "json": "expected.json", "rdf-patch": "expected.patch"}


def versions() -> tuple[diff.Version, diff.Version]:
    old, new = diff.read_folder(CASES / "old"), diff.read_folder(CASES / "new")
    return dataclasses.replace(old, name="old"), dataclasses.replace(new, name="new")


def view() -> diff.View:
    return diff.View(iri.prefixes(iri.load_context(ROOT / "ontology")))


def numbered(output: str) -> str:
    """Blank-node labels as _:B1, _:B2... in the order of their first mention; the patch's ids as ID and OLD."""
    labels: dict[str, str] = {}
    output = BLANK.sub(lambda m: labels.setdefault(m[0], f"_:B{len(labels) + 1}"), output)
    output = re.sub(r"^H id <urn:sha256:[0-9a-f]{64}>", "H id <urn:sha256:ID>", output, flags=re.M)
    return re.sub(r"^H prev <urn:sha256:[0-9a-f]{64}>", "H prev <urn:sha256:OLD>", output, flags=re.M)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_format_gives_what_was_written_by_hand(name: str) -> None:
    output = numbered(diff.FORMATS[name](diff.compare(*versions()), view()))
    expected = (CASES / EXPECTED[name]).read_text(encoding="utf-8")
    if name == "json":
        assert json.loads(output) == json.loads(expected)
    else:
        assert output == expected


def test_the_cli_offers_every_format_of_the_registry() -> None:
    assert tuple(diff.FORMATS) == diff_command.FORMATS


def test_applying_the_patch_to_old_gives_new() -> None:
    old, new = versions()
    patch = diff.rdf_patch(diff.compare(old, new), view())
    patched = diff.apply_patch(diff.canonical(old.quads()).quads, patch)
    assert canonical_form(patched) == canonical_form(new.quads())
    assert canonical_form(patched) != canonical_form(old.quads())
    assert patch.splitlines()[1] == f"H prev <{old.identity}> ."


def canonical_form(quads: object) -> list[str]:
    dataset = Dataset(quads)  # type: ignore[arg-type]
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def test_the_patch_is_the_same_bytes_each_time_and_names_its_content() -> None:
    first = diff.rdf_patch(diff.compare(*versions()), view())
    assert diff.rdf_patch(diff.compare(*versions()), view()) == first
    old, new = versions()
    other = diff.rdf_patch(diff.compare(old, dataclasses.replace(new, lines=frozenset(sorted(new.lines)[:-1]))), view())
    assert other.splitlines()[0] != first.splitlines()[0]


def test_blank_nodes_relabelled_and_reordered_are_no_change(tmp_path: Path) -> None:
    old, _ = versions()
    text = (CASES / "old" / "smartcity.nq").read_text(encoding="utf-8")
    shuffled = "".join(reversed(text.replace("_:a1", "_:x").replace("_:u1", "_:y").replace("_:p ", "_:z ").splitlines(keepends=True)))
    (tmp_path / "smartcity.nq").write_text(shuffled, encoding="utf-8")
    same = diff.compare(old, diff.read_folder(tmp_path))
    assert (same.added, same.removed, same.changed, same.added_quads, same.removed_quads) == ([], [], [], [], [])


@pytest.mark.parametrize("second", ["b", "a"])
def test_two_equal_structures_stay_two(second: str) -> None:
    first = '<http://e/a> <http://e/p> _:1 .\n_:1 <http://e/v> "1" .\n'
    data = (first + f'<http://e/{second}> <http://e/p> _:2 .\n_:2 <http://e/v> "1" .\n').encode()
    quads = diff.canonical(parse(data, format=RdfFormat.N_QUADS)).quads
    assert len(quads) == 4
    assert canonical_form(quads) == canonical_form(parse(data, format=RdfFormat.N_QUADS))


def smartcity_kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "smartcity_kg", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_git_revisions_read_without_checkout_give_what_folders_give(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    (repository / "graph").mkdir(parents=True)
    git(repository, "init", "-q")
    for name in ("old", "new"):
        shutil.copy(CASES / name / "smartcity.nq", repository / "graph" / "smartcity.nq")
        git(repository, "add", "graph")
        git(repository, "commit", "-q", "-m", name)
    (repository / "graph" / "smartcity.nq").write_text("not N-Quads, and not committed\n", encoding="utf-8")
    by_revision = smartcity_kg("diff", "HEAD~1", "HEAD", "--format", "json", "--root", str(repository))
    by_folder = smartcity_kg("diff", str(CASES / "old"), str(CASES / "new"), "--format", "json", "--root", str(repository))
    assert by_revision.returncode == 0, by_revision.stderr
    assert by_revision.stdout == by_folder.stdout
    assert json.loads(numbered(by_revision.stdout)) == json.loads((CASES / "expected.json").read_text(encoding="utf-8"))


def test_what_is_neither_a_folder_nor_a_revision_is_a_usage_error(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = smartcity_kg("diff", "no-such-thing", str(CASES / "new"), "--root", str(tmp_path))
    assert result.returncode == 2
    assert "'no-such-thing' is neither a folder written by `smartcity-kg build` nor a git revision" in result.stderr
    empty = smartcity_kg("diff", str(tmp_path), str(CASES / "new"), "--root", str(tmp_path))
    assert empty.returncode == 2
    assert "has no smartcity.nq" in empty.stderr


def test_the_terminal_text_from_the_command_reads_thai() -> None:
    result = smartcity_kg("diff", "tests/diff/old", "tests/diff/new")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("tests/diff/old -> tests/diff/new: 1 added, 1 removed, 4 changed")
    assert "  + area/added  เมืองใหม่ / New City" in result.stdout


def test_a_revision_with_a_gazetteer_layer_reads_both_files(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    (repository / "graph").mkdir(parents=True)
    git(repository, "init", "-q")
    lines = (CASES / "new" / "smartcity.nq").read_bytes().splitlines(keepends=True)
    (repository / "graph" / "smartcity.nq").write_bytes(b"".join(lines[:10]))
    (repository / "graph" / "gazetteer.nq.gz").write_bytes(gzip.compress(b"".join(lines[10:])))
    git(repository, "add", "graph")
    git(repository, "commit", "-q", "-m", "split")
    split = diff.read_revision(repository, "HEAD")
    same = diff.compare(diff.read_folder(CASES / "new"), split)
    assert (same.added, same.removed, same.changed, same.added_quads, same.removed_quads) == ([], [], [], [], [])
    output = numbered(diff.as_json(diff.compare(diff.read_folder(CASES / "old"), split), view()))
    assert json.loads(output) == json.loads((CASES / "expected.json").read_text(encoding="utf-8"))


def test_a_quad_written_another_way_is_no_change(tmp_path: Path) -> None:
    text = (CASES / "old" / "smartcity.nq").read_text(encoding="utf-8")
    respelled = text.replace("> <http://www.w3.org/2000/01/rdf-schema#label> ", ">\t<http://www.w3.org/2000/01/rdf-schema#label>  ")
    respelled = respelled.replace('"เมืองเดิม"@th', '"\\u0E40มืองเดิม"@th')
    assert respelled != text
    (tmp_path / "smartcity.nq").write_text(respelled, encoding="utf-8")
    same = diff.compare(diff.read_folder(CASES / "old"), diff.read_folder(tmp_path))
    assert (same.added, same.removed, same.changed, same.added_quads, same.removed_quads) == ([], [], [], [], [])
