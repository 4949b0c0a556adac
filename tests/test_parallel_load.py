"""Reading the seeds in worker processes (large repositories) gives what reading them here gives: the same
documents in the same order, the same statements, the same located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline import load as load_module
from smartcity_kg.pipeline.build import build, build_gazetteer
from smartcity_kg.pipeline.load import load

pytestmark = pytest.mark.slow  # each test loads the seeds three or four times, in worker processes too


def both(config: Config, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """What load makes of `config` read here, then in worker processes (or the DataError each raises)."""
    outcomes: list[object] = []
    for threshold in (10**12, 0):
        monkeypatch.setattr(load_module, "PARALLEL_FROM", threshold)
        try:
            seeds = load(config)
        except DataError as error:
            outcomes.append([(p.file, p.line, p.column, p.message) for p in error.problems])
            continue
        outcomes.append(([(s.path, s.data) for s in seeds.files], sorted(map(str, build(seeds, config) + build_gazetteer(seeds, config)))))
    return outcomes[0], outcomes[1]


def test_the_seeds_read_in_workers_are_the_seeds_read_here(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here, workers = both(Config(repo_copy, cache=False), monkeypatch)
    assert here == workers
    assert isinstance(here, tuple) and len(here[0]) > 10


def test_problems_found_in_workers_are_located_as_here(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    people = repo_copy / "seeds" / "article" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("    type: Person\n", "    type: Person\n    typo_key: x\n", 1), encoding="utf-8"
    )
    areas = repo_copy / "seeds" / "article" / "areas-1-2565.yaml"
    areas.write_text(areas.read_text(encoding="utf-8") + "\n  - id: area/x\n    id: area/y\n", encoding="utf-8")
    here, workers = both(Config(repo_copy, cache=False), monkeypatch)
    assert here == workers
    assert isinstance(here, list) and {file for file, *_ in here} == {"seeds/article/people.yaml", "seeds/article/areas-1-2565.yaml"}
    assert all(line > 0 for _, line, _, _ in here)
