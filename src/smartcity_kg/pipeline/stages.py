"""The stages in their order: load -> build -> validate (`check`), then write (write.render, write.write).

The CLI runs them one after the other, saying what it is doing; tests and benchmarks call `check` directly.
"""

from __future__ import annotations

from smartcity_kg.core.config import Config
from smartcity_kg.core.progress import QUIET, Progress
from smartcity_kg.pipeline.build import build, build_gazetteer
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.load import load
from smartcity_kg.pipeline.validate import validate


def check(config: Config, *, wait: bool = True, progress: Progress = QUIET) -> Built:
    """load -> build -> validate; raises DataError. With `wait=False`, SHACL may still be running (validate.py)."""
    progress.step(f"reading and checking the YAML of {config.seeds}")
    seeds = load(config)
    progress.step("turning the seeds into RDF")
    main, gazetteer = build(seeds, config), build_gazetteer(seeds, config)
    progress.step("validating: the SHACL shapes of ontology/ and the checks of queries/")
    validation = validate(main, seeds, config, gazetteer, wait=wait)
    return Built(config, seeds, validation)
