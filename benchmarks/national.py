"""National-scale benchmark: our pipeline, the naive one and Oxigraph's floor on synthetic data of 10k to 1M triples.

Prints numbers; asserts nothing. Run from the repository root (the 1M size takes about 15 minutes, most
of it in the naive pipeline):

    .venv/bin/python benchmarks/national.py [--sizes 10000 100000 1000000] [--skip-naive]

For each size, benchmarks/scale.py writes a repository shaped like the real data, and then, each in a process
of its own (so that each has its own peak memory):
- ours: the stages of smartcity_kg (load, build, validate = SHACL and the checks side by side, every file of
  graph/ rendered, written to disk), SHACL alone once more for the engine comparison, and the example queries
  (queries/*.rq, median of 5 runs each, on the embedded engine);
- naive: PyYAML, rdflib, pySHACL with its defaults, rdflib's serializers (benchmarks/naive.py);
- floor: `oxigraph load` and `dump` of the same N-Triples (benchmarks/naive.py).
Then the command as a user runs it, interpreter start included: `smartcity-kg build` with an empty cache,
again with nothing changed, and after editing one synthetic YAML file.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from importlib.metadata import version
from pathlib import Path

from naive import floor, naive, peak_memory
from pyoxigraph import QueryBoolean
from scale import generate

from smartcity_kg.core.config import Config
from smartcity_kg.pipeline.build import build, build_gazetteer
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.load import load
from smartcity_kg.pipeline.validate import SHAPES_FILE, read_turtle, shacl, validate
from smartcity_kg.pipeline.write import FILES, write
from smartcity_kg.rdf.examples import examples
from smartcity_kg.rdf.query import run
from smartcity_kg.rdf.sparql import uses_service

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, 1_000_000)
MAIN_FORMATS = {"smartcity.ttl": "write_turtle", "smartcity.jsonld": "write_jsonld", "smartcity.nt": "write_ntriples"}
LIBRARIES = ("pyoxigraph", "pyshacl-turbo", "pyshacl", "rdflib", "PyYAML", "PyLD")


def ours(root: Path, out: Path) -> dict[str, float]:
    """Seconds per stage of smartcity_kg on the repository at `root` (no cache), writing to `out`."""
    config = Config(root, out=out, cache=False)
    times: dict[str, float] = {}

    def step(name: str, start: float) -> float:
        now = time.perf_counter()
        times[name] = times.get(name, 0.0) + now - start
        return now

    start = time.perf_counter()
    seeds = load(config)
    start = step("load", start)
    main, gazetteer = build(seeds, config), build_gazetteer(seeds, config)
    start = step("build", start)
    validation = validate(main, seeds, config, gazetteer)
    start = step("validate", start)
    built = Built(config, seeds, validation)
    for name, (_, writer) in FILES.items():
        data = writer(built)
        if data is None:
            built.skipped.add(name)
        else:
            built.rendered[name] = data
        start = step(MAIN_FORMATS.get(name, "write_other"), start)
    write(built.rendered, out)
    step("write_disk", start)
    times["total"] = sum(times.values())
    shapes = read_turtle(config, SHAPES_FILE)
    start = time.perf_counter()
    shacl(validation.store, shapes)
    times["shacl_alone"] = time.perf_counter() - start
    medians = []
    for example in examples(ROOT / "queries"):
        if example.violation or uses_service(example.text):  # the federated example needs the network
            continue
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            result = run(validation.store, example.text, config.base)
            if not isinstance(result, QueryBoolean):  # read every row: the engine evaluates lazily
                list(result)
            runs.append(time.perf_counter() - start)
        medians.append(statistics.median(runs))
    times["queries_p50"] = statistics.median(medians)
    times["queries_max"] = max(medians)
    times["triples"] = float(sum(1 for _ in (out / "smartcity.nt").open("rb")) + len(gazetteer))
    return times


def command(root: Path, *args: str) -> float:
    """Wall seconds of `smartcity-kg build`, as a user runs it."""
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).with_name("smartcity-kg")), "build", "--root", str(root), *args], check=True, capture_output=True
    )
    return time.perf_counter() - start


def commands(root: Path) -> dict[str, float]:
    """The build command with an empty cache, with nothing changed, and after one file was edited."""
    found = {"cold": command(root), "unchanged": command(root)}
    edited = sorted((root / "seeds" / "synthetic").rglob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    found["one_file_edited"] = command(root)
    return found


def show(title: str, times: dict[str, float], peak: int) -> None:
    print(f"  {title}: peak memory {peak / 2**20:,.0f} MiB")
    for name, seconds in times.items():
        if name != "triples":
            value, unit = (seconds * 1000, "ms") if name.startswith("queries") else (seconds, "s")
            print(f"    {name:<18} {value:10.2f} {unit}")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    arguments.add_argument("--skip-naive", action="store_true", help="leave out the naive pipeline (the slow part)")
    options = arguments.parse_args()
    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, Python {platform.python_version()}, {platform.platform()}")
    print("versions: " + ", ".join(f"{name} {version(name)}" for name in LIBRARIES))
    print(f"real graph, `smartcity-kg build` on this repository: {commands_real()}")
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch) / "repo"
            generate(root, size)
            print(f"size {size:,} (target):")
            times, peak = peak_memory(partial(ours, root, Path(scratch) / "ours"))
            print(f"  triples: {times['triples']:,.0f}")
            show("ours", times, peak)
            if not options.skip_naive:
                naive_times, naive_peak = peak_memory(partial(naive, root, None))
                naive_times["total"] = sum(naive_times.values())
                show("naive", naive_times, naive_peak)
                print(
                    f"  ours vs naive: {naive_times['total'] / times['total']:.1f}x end to end (same stages),"
                    f" SHACL {naive_times['validate'] / times['shacl_alone']:.1f}x"
                )
            floor_times, floor_peak = peak_memory(partial(floor, Path(scratch) / "ours" / "smartcity.nt", Path(scratch)))
            show("floor (oxigraph CLI)", floor_times, floor_peak)
            show("smartcity-kg build (interpreter start included)", commands(root), 0)


def commands_real() -> str:
    """The build command on a scratch copy of this repository: with an empty cache, unchanged, one file edited."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for folder in ("seeds", "ontology", "queries"):
            shutil.copytree(ROOT / folder, root / folder)
        found = {"cold": command(root), "unchanged": command(root)}
        people = root / "seeds" / "article" / "people.yaml"
        people.write_text(people.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        found["one_file_edited"] = command(root)
        found["unchanged_again"] = command(root)
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in found.items())


if __name__ == "__main__":
    main()
