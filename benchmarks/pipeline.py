"""Benchmark of the pipeline stages on the real seeds and on a synthetic copy N times larger.

Prints numbers; asserts nothing. Run from the repository root:

    .venv/bin/python benchmarks/pipeline.py [--scale 10] [--repeat 3]

The synthetic copy repeats every entity of the article and of the smart-city reference tables under new
keys (`area/korat` -> `area/korat-x2`, references renamed alike); the provinces, regions, vocabularies,
source notes and the gazetteer, which other entities point at, are shared rather than copied.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smartcity_kg.core.config import Config
from smartcity_kg.pipeline.build import build, build_gazetteer
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.load import load
from smartcity_kg.pipeline.validate import validate
from smartcity_kg.pipeline.write import render

ROOT = Path(__file__).resolve().parents[1]
SHARED_KINDS = ("province", "region", "source", "role", "status", "comparator", "dimension")
SHARED_SCHEMES = ("smart-city-dimensions", "committee-roles", "area-statuses", "comparators")
COPIED = (
    "article",
    "reference/smart-city-areas.yaml",
    "reference/smart-city-events.yaml",
    "reference/entity-names.yaml",
    "curation/translations.yaml",
)


def rename(kind: str, key: str, copy: int) -> str:
    # Batch keys are numbers; every other copied key takes a suffix.
    return f"{kind}/{key}{copy:02d}" if kind == "batch" else f"{kind}/{key}-x{copy}"


def synthetic(root: Path, scale: int) -> None:
    """Write into `root` a repository whose seeds hold `scale` copies of the copied entities."""
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shared = f"(?:{'|'.join(SHARED_KINDS)})/|scheme/(?:{'|'.join(SHARED_SCHEMES)})\\b"
    reference = re.compile(rf"\b(?!{shared})([a-z]+)/([A-Za-z0-9][A-Za-z0-9.-]*)")
    files = [p for name in COPIED for p in sorted((ROOT / "seeds").glob(name + ("/*.yaml" if not name.endswith(".yaml") else "")))]
    for copy in range(2, scale + 1):
        for path in files:
            text = path.read_text(encoding="utf-8")

            # Only rename ids and references (kind/key at a value position), never free text or URLs.
            def renamed_line(line: str, copy: int = copy) -> str:
                if line.lstrip().startswith(("#", "- http", "quote")):
                    return line
                return reference.sub(lambda m: rename(m[1], m[2], copy), line)

            renamed = "\n".join(renamed_line(line) for line in text.split("\n"))
            target = root / "seeds" / f"copy-{copy}" / path.relative_to(ROOT / "seeds")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(renamed, encoding="utf-8")


def timed(step: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(root: Path, repeat: int, gazetteer: bool = True) -> None:
    config = Config(root, gazetteer=gazetteer)
    t_load, seeds = timed(lambda: load(config), repeat)
    t_build, (dataset, layer) = timed(lambda: (build(seeds, config), build_gazetteer(seeds, config)), repeat)
    t_validate, validation = timed(lambda: validate(dataset, seeds, config, layer), repeat)
    t_write, files = timed(lambda: render(Built(config, seeds, validation)), repeat)
    entities = sum(1 for _ in seeds.occurrences)
    triples = len(validation.main) + len(validation.gazetteer)
    print(f"  entities {entities:>6}   triples {triples:>7} ({len(validation.gazetteer)} in the gazetteer)   files {len(files)}")
    print(f"  load     {t_load * 1000:8.0f} ms")
    print(f"  build    {t_build * 1000:8.0f} ms")
    print(f"  validate {t_validate * 1000:8.0f} ms   (checks + SHACL)")
    print(f"  render   {t_write * 1000:8.0f} ms   (all formats, in memory)")
    print(f"  total    {(t_load + t_build + t_validate + t_write) * 1000:8.0f} ms")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--scale", type=int, default=10)
    arguments.add_argument("--repeat", type=int, default=3)
    options = arguments.parse_args()
    print(f"real seeds (median of {options.repeat}):")
    measure(ROOT, options.repeat)
    print(f"real seeds without the gazetteer layer (median of {options.repeat}):")
    measure(ROOT, options.repeat, gazetteer=False)
    with tempfile.TemporaryDirectory() as scratch:
        synthetic(Path(scratch), options.scale)
        print(f"synthetic copy x{options.scale} (median of {options.repeat}):")
        measure(Path(scratch), options.repeat)


if __name__ == "__main__":
    main()
