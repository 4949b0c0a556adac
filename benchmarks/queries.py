"""Time every query of queries/ on pyoxigraph (the engine of `smartcity-kg query`) and on rdflib.

Prints numbers; asserts nothing (the tests check the results). Run from the repository root:

    .venv/bin/python benchmarks/queries.py [--repeat 5]

Both engines get graph/ as `smartcity-kg query` loads it: the named graphs of smartcity.nq and the
ontology in the default graph, queried through the union of all graphs. A query is timed from the call to
the last row read; the best of --repeat runs is shown.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smartcity_kg.rdf import query, sparql
from smartcity_kg.rdf.examples import examples

ROOT = Path(__file__).resolve().parents[1]


def drain(result: Any) -> Any:
    """Read every row (or triple) of a result; an ASK answer is already complete."""
    return result if isinstance(result, bool) or type(result).__name__ == "QueryBoolean" else list(result)


def timings(run: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def best(run: Callable[[], Any], repeat: int) -> float:
    return min(timings(run, repeat))


def median(run: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timings(run, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from rdflib import Dataset

    graph = ROOT / "graph"
    start = time.perf_counter()
    store = query.open_store(graph)
    oxigraph_load = time.perf_counter() - start
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(graph / "smartcity.nq", format="nquads")
    dataset.default_graph.parse(graph / "ontology.ttl", format="turtle")
    rdflib_load = time.perf_counter() - start
    print(f"{'load graph/':48} {oxigraph_load * 1000:9.1f} ms {rdflib_load * 1000:9.1f} ms {rdflib_load / oxigraph_load:6.0f}x")
    print(f"{'query':48} {'pyoxigraph':>12} {'rdflib':>12} {'ratio':>7}")
    total_ox = total_rdflib = 0.0
    questions = []
    for example in examples(ROOT / "queries"):
        text = example.text
        if sparql.uses_service(text):  # the federated example needs the network
            continue
        if not example.violation:
            questions.append(median(lambda: drain(query.run(store, text)), args.repeat))  # noqa: B023
        ox = best(lambda: drain(query.run(store, text)), args.repeat)  # noqa: B023 (run before the loop moves on)
        rl = best(lambda: drain(dataset.query(text)), args.repeat)  # noqa: B023
        total_ox, total_rdflib = total_ox + ox, total_rdflib + rl
        print(f"{example.name:48} {ox * 1000:9.1f} ms {rl * 1000:9.1f} ms {rl / ox:6.0f}x")
    print(f"{'all queries':48} {total_ox * 1000:9.1f} ms {total_rdflib * 1000:9.1f} ms {total_rdflib / total_ox:6.0f}x")
    print(f"example questions on pyoxigraph (median of {args.repeat} runs each): p50 {statistics.median(questions) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
