"""The naive baseline: the pipeline as plain PyYAML + rdflib + pySHACL would do it, and Oxigraph's bulk load as a floor.

Prints numbers; asserts nothing but that the naive validation agrees the data conforms. Run on any
repository, the real one or one written by benchmarks/scale.py:

    .venv/bin/python benchmarks/naive.py ROOT

Stages of the baseline (seconds each): `load` reads every curated YAML file (seeds/**/*.yaml but
seeds/sources/, the gazetteer included) with libyaml; `build` parses each file as a JSON-LD document (the
project's context inlined, `@base` <base>id/, as smartcity_kg.pipeline.build does) with rdflib's own JSON-LD parser
into one rdflib Dataset, then merges its named graphs into one Graph; `validate` runs pySHACL on that
Graph; `write_*` serialize it with rdflib. The floor loads the same N-Triples into Oxigraph (`oxigraph
load`, the Rust bulk loader) and dumps them again as Turtle and N-Triples. Each pipeline runs in a process
of its own, so that each has its own peak memory (maximum resident set, the interpreter included).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

from smartcity_kg.core import iri

T = TypeVar("T")
SOURCE_FOLDER = "sources"
# Stage -> rdflib format and file name.
WRITERS = {
    "write_turtle": ("turtle", "graph.ttl"),
    "write_jsonld": ("json-ld", "graph.jsonld"),
    "write_ntriples": ("nt", "graph.nt"),
}


def seed_files(root: Path) -> list[Path]:
    """The curated YAML files: seeds/**/*.yaml except seeds/sources/ (the source documents)."""
    seeds = root / "seeds"
    return [path for path in sorted(seeds.rglob("*.yaml")) if path.relative_to(seeds).parts[0] != SOURCE_FOLDER]


def naive(root: Path, out: Path | None = None) -> dict[str, float]:
    """Seconds per stage of the naive pipeline on the repository at `root`; the written files go to `out` if given."""
    import pyshacl
    import yaml
    from rdflib import Dataset, Graph

    times: dict[str, float] = {}
    start = time.perf_counter()
    documents = [yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for path in seed_files(root)]
    times["load"] = time.perf_counter() - start

    start = time.perf_counter()
    # The document smartcity_kg.pipeline.build.jsonld_document makes of a file: the context, then `@base` for relative ids.
    context = [iri.load_context(root / "ontology"), {"@base": iri.id_base(iri.DEFAULT_BASE)}]
    dataset = Dataset()
    for data in documents:
        # libyaml reads unquoted dates (2021-12-24) as dates: JSON-LD wants their text.
        text = json.dumps({"@context": context, **data}, ensure_ascii=False, default=str)
        dataset.parse(data=text, format="json-ld")
    graph = Graph(bind_namespaces="none")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    times["build"] = time.perf_counter() - start

    start = time.perf_counter()
    ontology = Graph().parse(root / "ontology" / "smartcity.ttl", format="turtle")
    shapes = Graph().parse(root / "ontology" / "shapes.ttl", format="turtle")
    # ont_graph: the ontology's rdfs:subClassOf, mixed into the data, lets sh:class accept instances of
    # subclasses (a tsc:Ministry where a tsc:GovernmentAgency is required), as smartcity_kg.pipeline.validate has it.
    # No other option differs from pySHACL's defaults: the SHACL-SPARQL constraints of shapes.ttl (sh:sparql)
    # are evaluated by default; `advanced=True`, which smartcity_kg.pipeline.validate also passes, only adds SHACL
    # Advanced Features (rules, custom targets, sh:expression), none of which the shapes use.
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology)
    times["validate"] = time.perf_counter() - start
    if not conforms:
        raise RuntimeError(f"pySHACL finds violations that smartcity-kg validate does not:\n{str(report)[:2000]}")

    with tempfile.TemporaryDirectory() as scratch:
        folder = out if out is not None else Path(scratch)
        for stage, (rdf_format, name) in WRITERS.items():
            start = time.perf_counter()
            graph.serialize(destination=folder / name, format=rdf_format, encoding="utf-8")
            times[stage] = time.perf_counter() - start
    return times


def oxigraph_command() -> str:
    """The `oxigraph` CLI of this virtual environment (pip package oxigraph), else the one on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise FileNotFoundError("no oxigraph command: pip install oxigraph")
    return found


def floor(ntriples_path: Path, workdir: Path) -> dict[str, float]:
    """Seconds Oxigraph's CLI takes to bulk-load `ntriples_path` into a store in `workdir` and to dump it as Turtle and N-Triples."""
    oxigraph = oxigraph_command()
    store = workdir / "store"
    steps = {
        "load": ["load", "--location", str(store), "--file", str(ntriples_path)],
        # Turtle and N-Triples hold one graph: the N-Triples were loaded into the default graph.
        "dump_turtle": ["dump", "--location", str(store), "--file", str(workdir / "dump.ttl"), "--graph", "default"],
        "dump_ntriples": ["dump", "--location", str(store), "--file", str(workdir / "dump.nt"), "--graph", "default"],
    }
    times = {}
    for step, arguments in steps.items():
        start = time.perf_counter()
        subprocess.run([oxigraph, *arguments], check=True, capture_output=True)
        times[step] = time.perf_counter() - start
    return times


def measured(fn: Callable[[], T]) -> tuple[T, int]:
    """Run `fn` here and return its result with this process's peak memory in bytes (or its children's, if higher)."""
    result = fn()
    # VmHWM, not ru_maxrss: a spawned process is a fork of this one made anew by exec, and ru_maxrss keeps the
    # parent's peak across exec, where the high-water mark of the new address space starts from nothing.
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    own = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the oxigraph commands of floor()
    return result, max(own, children) * 1024  # both in KiB


def peak_memory(fn: Callable[[], T]) -> tuple[T, int]:
    """Run `fn` (picklable: a module-level function or a partial of one) in a fresh process; its result and peak memory in bytes.

    A spawned process starts with nothing but the interpreter, so its peak is the stage's own; a forked one
    would inherit the resident memory of this process. Not a Pool: its workers are daemons, which may not
    start processes of their own (smartcity_kg reads large seeds in worker processes).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=run_and_send, args=(fn, sender))
    process.start()
    sender.close()
    outcome = receiver.recv()
    process.join()
    if isinstance(outcome, BaseException):
        raise outcome
    found: tuple[T, int] = outcome
    return found


def run_and_send(fn: Callable[[], T], sender: Connection) -> None:
    try:
        sender.send(measured(fn))
    except BaseException as error:
        sender.send(error)
        raise


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("root", type=Path, help="repository holding seeds/ and ontology/")
    options = arguments.parse_args()
    root = options.root.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        written = Path(scratch) / "naive"
        written.mkdir()
        times, peak = peak_memory(partial(naive, root, written))
        ntriples = written / WRITERS["write_ntriples"][1]
        with ntriples.open("rb") as handle:
            triples = sum(1 for _ in handle)
        print(f"naive pipeline (PyYAML, rdflib, pySHACL) on {root}: {triples} triples, peak memory {peak / 2**20:.0f} MiB")
        for stage, seconds in times.items():
            print(f"  {stage:<16} {seconds:9.2f} s")
        print(f"  {'total':<16} {sum(times.values()):9.2f} s")
        (Path(scratch) / "floor").mkdir()
        floor_times, floor_peak = peak_memory(partial(floor, ntriples, Path(scratch) / "floor"))
        print(f"floor (oxigraph CLI, the same N-Triples): peak memory {floor_peak / 2**20:.0f} MiB")
        for step, seconds in floor_times.items():
            print(f"  {step:<16} {seconds:9.2f} s")
        print(f"  {'total':<16} {sum(floor_times.values()):9.2f} s")


if __name__ == "__main__":
    main()
