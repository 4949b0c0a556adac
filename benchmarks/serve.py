"""Load benchmark of `smartcity-kg serve` beside `oxigraph serve`, on the same data and queries, loopback only.

Prints a table; asserts nothing. Needs the PyPI package oxigraph, installed with the test dependencies
(`scripts/test.sh` sets them up). Run from the repository root:

    .venv/bin/python benchmarks/serve.py [--requests 300] [--seconds 20] [--levels 1,8,32,64]

Both servers run on 127.0.0.1 with graph/smartcity.nq and graph/ontology.ttl (oxigraph: `oxigraph load`
then `oxigraph serve --union-default-graph`). Each workload runs at each concurrency level for at most --requests requests or
--seconds seconds, whichever ends first. Workloads:

- entity page: ours is GET /doc/area/nakhon-rayong.html (three SPARQL queries and a template); Oxigraph
  has no pages, so it runs the SPARQL query the page is built from (statements both ways with graphs);
- simple SELECT: the 30 areas with their Thai names and provinces;
- heavy aggregate: per class, the statements of everything that shares an object with its instances
  (about 0.2 s in pyoxigraph on its own).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from smartcity_kg.present.asks import describe_query

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/thai-smart-city/id/"
TSC = "https://w3id.org/thai-smart-city/def/"
SIMPLE = f"""SELECT ?area ?name ?province WHERE {{
  ?area a <{TSC}SmartCityArea> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name ; <{TSC}province> ?province .
  FILTER(LANG(?name) = "th")
}} ORDER BY ?name"""
HEAVY = f"""SELECT ?class (COUNT(*) AS ?n) WHERE {{
  ?s a ?class ; ?p ?o . ?x ?q ?o . ?x ?r ?y . FILTER(STRSTARTS(STR(?class), "{TSC}"))
}} GROUP BY ?class ORDER BY DESC(?n)"""


@dataclass
class Workload:
    name: str
    path: str
    """GET path on our server (None: a query)."""
    query: str | None


def workloads() -> list[Workload]:
    return [
        Workload("entity page", "/doc/area/nakhon-rayong.html", describe_query(ID + "area/nakhon-rayong", 5000)),
        Workload("simple SELECT", "", SIMPLE),
        Workload("heavy aggregate", "", HEAVY),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s")


@contextmanager
def started(command: list[str], sparql: str) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(sparql, process)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    def row(self) -> str:
        ordered = sorted(self.latencies) or [float("nan")]
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return f"{self.requests:>6} {self.errors:>6} {self.requests / self.seconds:>9.1f} {p50:>9.1f} {p99:>9.1f}"


async def load(url: str, method: str, params: dict[str, str], concurrency: int, requests: int, seconds: float) -> Result:
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60, trust_env=False) as client:

        async def one_client() -> None:
            nonlocal errors, sent
            while sent < requests and time.monotonic() < deadline:
                sent += 1
                start = time.perf_counter()
                try:
                    if method == "GET":
                        response = await client.get(url, headers={"accept": "text/html"})
                    else:
                        response = await client.post(url, data=params, headers={"accept": "application/sparql-results+json"})
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - start)
                errors += not ok

        start = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        took = time.perf_counter() - start
    return Result(len(latencies), errors, took, latencies)


def measure(label: str, base: str, sparql: str, levels: list[int], requests: int, seconds: float, pages: bool, only: str) -> None:
    for workload in workloads():
        if only and workload.name not in only.split(","):
            continue
        for concurrency in levels:
            if pages and workload.path:
                url, method, params = base + workload.path, "GET", {}
            else:
                url, method, params = sparql, "POST", {"query": workload.query or ""}
            asyncio.run(load(url, method, params, concurrency, min(concurrency * 2, requests), seconds))  # warm up
            result = asyncio.run(load(url, method, params, concurrency, requests, seconds))
            print(f"{label:<22} {workload.name:<16} {concurrency:>4} {result.row()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per workload and level (default: 300)")
    parser.add_argument("--seconds", type=float, default=20, help="time limit per workload and level (default: 20)")
    parser.add_argument("--levels", default="1,8,32,64", help="concurrency levels (default: 1,8,32,64)")
    parser.add_argument("--workloads", default="", help="only these workloads, comma-separated (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="query workers of smartcity-kg serve (default: 2)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out
    levels = [int(level) for level in args.levels.split(",")]
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    print(f"{'server':<22} {'workload':<16} {'conc':>4} {'reqs':>6} {'errors':>6} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}")
    port = free_port()
    ours = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "smartcity_kg", "serve", "--port", str(port), "--workers", str(args.workers)]
    with started(command, ours + "/sparql"):
        measure("smartcity-kg serve", ours, ours + "/sparql", levels, args.requests, args.seconds, pages=True, only=args.workloads)
    with tempfile.TemporaryDirectory(prefix="oxigraph-") as location:
        for name in ("smartcity.nq", "ontology.ttl"):  # as smartcity-kg serve: the ontology in the default graph
            subprocess.run([oxigraph, "load", "--location", location, "--file", str(ROOT / "graph" / name)], check=True)
        port = free_port()
        theirs = f"http://127.0.0.1:{port}"
        command = [oxigraph, "serve", "--location", location, "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "10"]
        with started(command, theirs + "/query"):
            measure("oxigraph serve", theirs, theirs + "/query", levels, args.requests, args.seconds, pages=False, only=args.workloads)


if __name__ == "__main__":
    main()
