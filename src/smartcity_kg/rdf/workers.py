"""The embedded runner: a small pool of worker processes, each with the whole graph in memory.

Each worker loads graph/smartcity.nq (one named graph per source) and graph/ontology.ttl (into the
default graph) into its own in-memory pyoxigraph Store once, as `smartcity-kg query` does; queries see the
union of all graphs as their default graph. Then it answers one query at a time, serialized in the requested format.
The event loop only waits on pipes. A query that runs past the time limit gets its worker killed and a
new one started, so a slow or hostile query costs its client an error and nobody else anything.

Each worker also: dies with the server (PR_SET_PDEATHSIG), has an address-space limit (RLIMIT_AS), and
where the kernel allows it, runs in a network namespace of its own with no interfaces up, so that even
a SERVICE clause the check missed could reach nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg.rdf import formats
from smartcity_kg.rdf.results import GraphStyle, serialize_results, serialize_triples
from smartcity_kg.rdf.runners import Answer, Job, Limits
from smartcity_kg.rdf.sparql import QueryFailed, QueryTimeout, ServerBusy

if TYPE_CHECKING:
    import pyoxigraph

log = logging.getLogger("smartcity_kg.web.serve")

CLONE_NEWNET, CLONE_NEWUSER, PR_SET_PDEATHSIG = 0x40000000, 0x10000000, 1


@dataclass(frozen=True)
class WorkerSettings:
    """What every worker of a pool is started with."""

    files: tuple[Path, ...]
    """RDF files to load, N-Quads into their named graphs, others into the default graph."""
    style: GraphStyle
    max_result: int
    """Bytes in one serialized answer."""
    memory_mb: int = 2048
    """Address-space limit of the worker (0: none)."""
    nice: int = 0
    """Added to the worker's niceness: user queries yield the CPU to the server's own page queries."""
    isolate_network: bool = True


# ---------------------------------------------------------------------------------------------------
# Inside a worker process
# ---------------------------------------------------------------------------------------------------


def confine(settings: WorkerSettings) -> bool:
    """Limits on this process; True if it now has no network."""
    if not sys.platform.startswith("linux"):
        return False
    import resource

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if settings.nice:
        os.nice(settings.nice)
    if settings.memory_mb:
        limit = settings.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if not settings.isolate_network:
        return False
    return bool(libc.unshare(CLONE_NEWNET) == 0 or libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0)


def load_store(files: tuple[Path, ...]) -> pyoxigraph.Store:
    import pyoxigraph as ox

    store = ox.Store()
    for path in files:
        if path.suffix == ".gz":  # a layer's dump (gazetteer.nq.gz)
            import gzip

            store.bulk_load(gzip.decompress(path.read_bytes()), format=ox.RdfFormat.N_QUADS)
            continue
        rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
        store.bulk_load(path=path, format=rdf_format)
    return store


def execute(store: pyoxigraph.Store, job: Job, settings: WorkerSettings) -> bytes:
    import pyoxigraph as ox

    options: dict[str, Any] = {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    results = store.query(job.query, **options)
    if isinstance(results, ox.QueryTriples):
        return serialize_triples(results, job.format, settings.style, settings.max_result)
    return serialize_results(results, job.format, settings.max_result)


def child() -> None:
    """The worker process: `python -c '...child()' IN_FD OUT_FD`; settings come first on IN_FD."""
    inbox, outbox = Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    settings: WorkerSettings = inbox.recv()
    serve_queries(inbox, outbox, settings)


def serve_queries(inbox: Connection, conn: Connection, settings: WorkerSettings) -> None:
    isolated = confine(settings)
    store = load_store(settings.files)
    conn.send(("ready", isolated))
    while True:
        try:
            job: Job = inbox.recv()
        except EOFError:  # the server is gone
            return
        try:
            conn.send(("ok", execute(store, job, settings)))
        except QueryFailed as error:
            conn.send(("error", error.status, error.message))
        except SyntaxError as error:
            conn.send(("error", 400, f"the query does not parse: {error}"))
        except (OSError, ValueError, TypeError, RuntimeError) as error:
            conn.send(("error", 500, f"the query failed: {error}"))
        except MemoryError:
            conn.send(("error", 500, f"the query needed more than the {settings.memory_mb} MB a query may use"))


# ---------------------------------------------------------------------------------------------------
# In the server
# ---------------------------------------------------------------------------------------------------


class Worker:
    """One worker process and the two pipes to it."""

    def __init__(self, process: subprocess.Popen[bytes], send: Connection, recv: Connection) -> None:
        self.process = process
        self.send = send
        self.recv = recv

    def ask(self, job: Job) -> tuple[Any, ...]:
        """Blocking: run in a thread. EOFError if the worker dies (or is killed) meanwhile."""
        self.send.send(job)
        reply: tuple[Any, ...] = self.recv.recv()
        return reply

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.send.close()
        self.recv.close()


def start_worker(settings: WorkerSettings) -> tuple[Worker, bool]:
    """Blocking: start one worker and wait until it has loaded the graph.

    A plain subprocess with two pipes rather than multiprocessing's spawn, which would re-import the
    main module of whatever program started the server.
    """
    to_child, child_in = os.pipe()[::-1]
    child_out, from_child = os.pipe()[::-1]
    command = [sys.executable, "-c", "from smartcity_kg.rdf.workers import child; child()", str(child_in), str(child_out)]
    process = subprocess.Popen(command, pass_fds=(child_in, child_out), stdin=subprocess.DEVNULL)
    os.close(child_in)
    os.close(child_out)
    worker = Worker(process, Connection(to_child, readable=False), Connection(from_child, writable=False))
    try:
        worker.send.send(settings)
        if not worker.recv.poll(120):
            raise RuntimeError("no answer within 120 s")
        _, isolated = worker.recv.recv()
    except (EOFError, OSError, RuntimeError) as error:
        worker.kill()
        raise RuntimeError(f"a SPARQL worker failed to start ({error}; exit code {process.returncode})") from None
    return worker, bool(isolated)


class EmbeddedRunner:
    """Queries against graph/ in `size` worker processes."""

    union_default_graph = True

    def __init__(self, settings: WorkerSettings, limits: Limits, size: int = 2, name: str = "sparql") -> None:
        self.settings = settings
        self.limits = limits
        self.size = size
        self.name = name
        self.description = ", ".join(path.name for path in settings.files)
        self.network_isolated = False
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        # One thread per worker waits on its pipe; a killed worker's thread returns with EOFError.
        self.threads = ThreadPoolExecutor(max_workers=size * 2 + 2, thread_name_prefix=f"{name}-pipe")
        self.closed = False

    async def start(self) -> None:
        await asyncio.gather(*(self.add_worker() for _ in range(self.size)))
        log.info("%s: %d workers, network isolation %s", self.name, self.size, "on" if self.network_isolated else "unavailable")

    async def add_worker(self) -> None:
        worker, isolated = await asyncio.get_running_loop().run_in_executor(self.threads, start_worker, self.settings)
        if self.closed:
            worker.kill()
            return
        self.network_isolated = isolated
        self.workers.add(worker)
        self.idle.put_nowait(worker)

    def replace(self, worker: Worker) -> None:
        """Kill `worker` and start another in the background."""
        self.workers.discard(worker)
        worker.kill()
        if not self.closed:
            task = asyncio.get_running_loop().create_task(self.add_worker())
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def run(self, job: Job, timeout: float | None = None) -> Answer:
        limit = timeout or self.limits.timeout
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.limits.queue_timeout)
        except TimeoutError:
            raise ServerBusy(f"all {self.size} query workers stayed busy for {self.limits.queue_timeout:g} s; try again later") from None
        loop = asyncio.get_running_loop()
        try:
            reply = await asyncio.wait_for(loop.run_in_executor(self.threads, worker.ask, job), limit)
        except TimeoutError:
            self.replace(worker)
            raise QueryTimeout(f"the query took longer than {limit:g} s, the time limit of this endpoint; it was stopped") from None
        except (EOFError, OSError):
            self.replace(worker)
            raise QueryFailed(
                f"the query stopped its worker; it may have needed more than the {self.settings.memory_mb} MB a query may use", 500
            ) from None
        except BaseException:  # cancelled while the worker still runs the query: never hand it out busy
            self.replace(worker)
            raise
        self.idle.put_nowait(worker)
        if reply[0] == "error":
            raise QueryFailed(reply[2], reply[1])
        return Answer(reply[1], formats.for_form(job.form)[job.format].media_type)

    async def close(self) -> None:
        self.closed = True
        for worker in list(self.workers):
            worker.kill()
        self.workers.clear()
        self.threads.shutdown(wait=False, cancel_futures=True)
