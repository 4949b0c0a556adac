"""Property-based tests: whatever a curator writes, the tool answers with located errors, never a traceback,
and never leaves a partial graph/.

Random YAML documents and random mutations of the real seeds are dropped into a scratch copy of the
repository; loading, building and validating must either succeed or raise DataError.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity_kg.cli.main import main
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline.stages import check

from .conftest import ROOT, snapshot

pytestmark = pytest.mark.fuzz  # hypothesis: many generated seeds, each checked or built

CONTEXT_KEYS = sorted(
    k for k in json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"] if not k.startswith("@")
)
# The gazetteer layer is skipped (a build without it takes a second, with it several): these tests are about
# reading and checking YAML, which the gazetteer's files share with the others (tests/test_gazetteer.py).
SEED_FILES = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "seeds").rglob("*.yaml") if not {"sources", "gazetteer"} & set(p.parts[-2:-1])
)
IDS = ["area/nakhon-rayong", "province/TH-21", "source/project-curation", "area/x", "province/TH-99", "meeting/m", "TH-21", "", "wd:Q1"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([*IDS, "2565-08-06", "2022-11-09", "2022-02-30", "1/2565", "ระยอง", "Rayong", "e\u0301"]),
    st.text(max_size=20),
)
keys = st.one_of(st.sampled_from(CONTEXT_KEYS), st.text(min_size=1, max_size=12))
values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=12
)
entities = st.dictionaries(keys, values, max_size=8).map(lambda d: d | {"id": d.get("id", "city/fuzz")})
documents = st.one_of(
    st.fixed_dictionaries(
        {"named_graph": st.sampled_from(["source/project-curation", "source/nope", "x"]), "entities": st.lists(entities, max_size=4)}
    ),
    st.dictionaries(keys, values, max_size=4),
    values,
)


@pytest.fixture(scope="module")
def scratch(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("seeds", "ontology", "graph"):
        shutil.copytree(repo / folder, root / folder)
    yield root


def outcome(root: Path) -> str:
    try:
        check(Config(root, max_problems=50, gazetteer=False))
    except DataError as error:
        assert error.problems, "DataError without problems"
        for problem in error.problems:
            assert problem.file and problem.message
        return "refused"
    return "accepted"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=documents)
def test_random_yaml_documents_are_refused_or_accepted_never_crash(scratch: Path, document: Any) -> None:
    target = scratch / "seeds" / "zz-fuzz.yaml"
    target.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        assert outcome(scratch) in ("refused", "accepted")
    finally:
        target.unlink()


mutations = st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "truncate", "swap"])


def mutate(text: str, kind: str, where: int, payload: str) -> str:
    lines = text.split("\n")
    index = where % max(len(lines), 1)
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "indent":
        lines[index] = "  " + lines[index]
    elif kind == "dedent":
        lines[index] = lines[index].lstrip()
    elif kind == "insert":
        position = where % (len(lines[index]) + 1)
        lines[index] = lines[index][:position] + payload + lines[index][position:]
    elif kind == "truncate":
        return text[: where % (len(text) + 1)]
    elif kind == "swap" and index + 1 < len(lines):
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    file=st.sampled_from(SEED_FILES),
    kind=mutations,
    where=st.integers(min_value=0, max_value=10_000),
    payload=st.sampled_from([":", "- ", "&a ", "*a", "!!str ", "'", '"', "{", "2565", "TH-99", "\t", "\u00a0", "ฯ", "#"]),
)
def test_mutated_seeds_are_refused_or_accepted_never_crash(scratch: Path, file: str, kind: str, where: int, payload: str) -> None:
    target = scratch / file
    original = target.read_bytes()
    target.write_text(mutate(original.decode("utf-8"), kind, where, payload), encoding="utf-8")
    try:
        assert outcome(scratch) in ("refused", "accepted")
    finally:
        target.write_bytes(original)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file=st.sampled_from(SEED_FILES), where=st.integers(min_value=0, max_value=10_000))
def test_a_refused_build_never_changes_graph(repo: Path, scratch: Path, file: str, where: int, capsys: pytest.CaptureFixture[str]) -> None:
    target = scratch / file
    original = target.read_bytes()
    before = snapshot(scratch / "graph")
    target.write_text(mutate(original.decode("utf-8"), "insert", where, "provnce: province/TH-99\n"), encoding="utf-8")
    try:
        code = main(["build", "--root", str(scratch), "--without-gazetteer"])
        capsys.readouterr()
        if code != 0:
            assert snapshot(scratch / "graph") == before
    finally:
        target.write_bytes(original)
        if code == 0:  # an accepted mutation rewrote graph/: put the session's build back
            shutil.rmtree(scratch / "graph")
            shutil.copytree(repo / "graph", scratch / "graph")
