"""benchmarks/scale.py: a synthetic repository of about 10,000 triples passes validation, and is reproducible."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from .conftest import ROOT, snapshot

pytestmark = pytest.mark.slow  # a synthetic graph of many triples, generated and built

TARGET = 10_000
TOLERANCE = 0.15
# What the generator writes; a validation may add caches of its own next to them.
WRITTEN = ("ontology", "queries", "seeds")


def generate(out: Path) -> Path:
    """Run the generator's command line, as a benchmark would."""
    command = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), str(out), "--triples", str(TARGET)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("scale") / "repository")


def test_a_synthetic_repository_validates_at_about_its_target_size(
    synthetic: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path
) -> None:
    result = cli("validate", "--root", str(synthetic), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-4000:]
    triples = re.search(r"^triples: ([0-9]+) ", result.stdout, re.MULTILINE)
    assert triples is not None, result.stdout
    assert abs(int(triples[1]) - TARGET) <= TOLERANCE * TARGET
    assert "SmartCityArea" in result.stdout and "PostHolding" in result.stdout


def written(root: Path) -> dict[str, bytes]:
    return {f"{folder}/{name}": data for folder in WRITTEN for name, data in snapshot(root / folder).items()}


def test_the_same_arguments_write_the_same_bytes(synthetic: Path, tmp_path: Path) -> None:
    again = written(generate(tmp_path / "again"))
    first = written(synthetic)
    assert sorted(again) == sorted(first)
    assert any(name.startswith("seeds/synthetic/") for name in first)
    assert [name for name in first if again[name] != first[name]] == []
