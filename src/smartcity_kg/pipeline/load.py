"""Stage 1, load: the YAML files of seeds/ -> checked documents with the source position of every value.

Three steps, as linkml-runtime splits its loaders: strict YAML reading with positions (read.py), each document
checked against the JSON-LD context (conform.py), the rules across files (integrity.py). Files read before come
from the build cache (cache.py); the others are read in worker processes, which also turn them into quads.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from smartcity_kg.core import iri
from smartcity_kg.core.config import GAZETTEER_FOLDER, Config
from smartcity_kg.core.problems import DataError, Problem
from smartcity_kg.core.terms import Terms
from smartcity_kg.pipeline.build import file_quads
from smartcity_kg.pipeline.cache import Cache
from smartcity_kg.pipeline.conform import check_document
from smartcity_kg.pipeline.crosscheck import DECISIONS
from smartcity_kg.pipeline.integrity import Seeds, check_entities, check_layers
from smartcity_kg.pipeline.read import SeedFile, read_file, relative

SOURCE_FOLDER = "sources"  # seeds/sources/ holds the source documents, not curated YAML


def load(config: Config) -> Seeds:
    """Read and check every curated YAML file; raise DataError listing all problems found.

    Files read before come from the build cache; the others are read in parallel, one process per core,
    when there is enough of them to pay for the processes. Each is also turned into quads there (build.py),
    since that too needs nothing but the file.
    """
    context = iri.load_context(config.ontology, config.base)
    terms = Terms(context, config.base)
    cache = Cache(config)
    problems: list[Problem] = []
    found: dict[Path, SeedFile | None] = {}
    unread: list[tuple[Path, str]] = []
    paths = seed_paths(config, problems)
    for path in paths:
        key = cache.key(path.read_bytes())
        data = cache.file(key)
        if data is None:
            unread.append((path, key))
        else:  # read and checked before, byte for byte the same, by the same code
            found[path] = SeedFile(relative(config.root, path), data, key=key, source=path)
    for (path, key), (seed, its_problems) in zip(unread, read_all(config, terms, unread), strict=True):
        problems += its_problems
        found[path] = seed
        if seed is not None:
            cache.write("files", key, seed.data)
    files = [seed for path in paths if (seed := found[path]) is not None]
    seeds = Seeds(files, terms, cache=cache)
    if not problems:
        check_entities(seeds, problems, unchecked=() if config.gazetteer else iri.gazetteer_kinds())
        check_layers(seeds, problems)
    if problems:
        raise DataError(problems[: config.max_problems], total=len(problems))
    return seeds


# Below this many bytes to read, worker processes cost more than they save.
PARALLEL_FROM = 8_000_000


def read_all(config: Config, terms: Terms, unread: list[tuple[Path, str]]) -> list[tuple[SeedFile | None, list[Problem]]]:
    """read_checked for every (path, cache key), in worker processes (forked: they share `terms`) when it pays."""
    jobs = [(config, terms, path, key) for path, key in unread]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1  # Linux / elsewhere
    workers = min(cores, len(jobs))
    # Forked workers share `terms` without pickling; where there is no fork (Windows), or in a daemon process,
    # which may not start processes, the files are read here.
    can_fork = "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon
    if workers < 2 or not can_fork or sum(path.stat().st_size for path, _ in unread) < PARALLEL_FROM:
        return [read_checked(*job) for job in jobs]
    # Largest first, so that no worker is left with a big file at the end.
    order = sorted(range(len(jobs)), key=lambda index: -unread[index][0].stat().st_size)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        done = dict(zip(order, pool.map(read_checked_job, [jobs[index] for index in order]), strict=True))
    return [done[index] for index in range(len(jobs))]


def read_checked_job(job: tuple[Config, Terms, Path, str]) -> tuple[SeedFile | None, list[Problem]]:
    return read_checked(*job)


def read_checked(config: Config, terms: Terms, path: Path, key: str) -> tuple[SeedFile | None, list[Problem]]:
    """One file read and checked on its own (read_file, check_document), with its quads (build.file_quads)."""

    problems: list[Problem] = []
    seed = read_file(config.root, path, problems)
    if seed is None or not check_document(seed, terms, problems):
        return None, problems
    seed.key = key
    seed.nquads = file_quads(seed, config)
    return seed, problems


def seed_paths(config: Config, problems: list[Problem]) -> list[Path]:
    """The curated YAML files: *.yaml anywhere under seeds/ except seeds/sources/ and the gazetteer's decision file.

    seeds/gazetteer/corrections.yaml is curated too, but no RDF document: the curators' decisions on where the
    two sources of the gazetteer disagree, read by the cross-check (crosscheck.py) and by the import.
    """
    if not config.seeds.is_dir():
        problems.append(Problem("seeds", 0, 0, "the seeds/ folder is missing", hint="run from the repository root"))
        return []
    paths = []
    for path in sorted(config.seeds.rglob("*")):
        if not path.is_file() or path.suffix not in (".yaml", ".yml"):
            continue
        rel = relative(config.root, path)
        if rel == DECISIONS:
            continue
        inside_sources = path.relative_to(config.seeds).parts[0] == SOURCE_FOLDER
        if not config.gazetteer and path.relative_to(config.seeds).parts[0] == GAZETTEER_FOLDER:
            continue
        if inside_sources:
            problems.append(
                Problem(
                    rel,
                    0,
                    0,
                    "curated YAML inside seeds/sources/, the folder of source documents",
                    hint="move it to seeds/ or a subfolder such as seeds/article/; sources/ keeps the documents facts are taken from",
                    rule="file-placement",
                )
            )
        elif path.suffix == ".yml":
            problems.append(Problem(rel, 0, 0, "curated files end in .yaml", hint=f"rename it to {path.stem}.yaml", rule="file-placement"))
        else:
            paths.append(path)
    if not paths and not problems:
        problems.append(Problem("seeds", 0, 0, "no curated YAML files under seeds/", rule="file-placement"))
    return paths
