"""Stage 5, publish: `smartcity-kg serve`, a SPARQL endpoint and dereferenceable linked data over graph/.

This module holds the settings, the command-line options and the entry points; the routes are in web.py
(imported only when the server starts, so `smartcity-kg --help` stays instant).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_kg.core.config import BASE_HELP, Config, reading_base
from smartcity_kg.rdf.sparql import Limits

if TYPE_CHECKING:
    from starlette.applications import Starlette

DESCRIPTION = (
    "Serve graph/ (or, with --endpoint, any SPARQL endpoint) over HTTP, read-only: SPARQL 1.1 at /sparql,"
    " linked-data pages at /id/... (303 to /doc/...), the ontology at /def/, a query page at /query."
)
YASGUI_BUILD = Path("web/node_modules/@zazuko/yasgui/build")


@dataclass(frozen=True)
class ServeSettings:
    """Everything the server is started with."""

    config: Config
    """Repository root (graph/, queries/, web/) and base IRI of the data."""
    endpoint: str | None = None
    """Answer from this SPARQL endpoint instead of the embedded store."""
    limits: Limits = field(default_factory=Limits)
    workers: int = 2
    """Worker processes for /sparql queries (embedded store)."""
    page_workers: int = 1
    """Worker processes for the server's own page queries, apart so that /sparql load cannot starve the pages."""
    memory_mb: int = 2048
    """Address-space limit of each worker process."""

    @property
    def graph(self) -> Path:
        return self.config.graph

    @property
    def queries(self) -> Path:
        return self.config.root / "queries"

    @property
    def yasgui(self) -> Path:
        return self.config.root / YASGUI_BUILD


def create_app(settings: ServeSettings) -> Starlette:
    """The ASGI application (Starlette)."""
    from smartcity_kg.web.app import application

    return application(settings)


def serve(
    config: Config,
    host: str = "127.0.0.1",
    port: int = 8000,
    endpoint: str | None = None,
    limits: Limits | None = None,
    workers: int = 2,
    memory_mb: int = 2048,
    log_level: str = "info",
) -> None:
    """Run the server until interrupted."""
    import uvicorn

    limits = limits or Limits()
    settings = ServeSettings(config, endpoint, limits, workers=workers, memory_mb=memory_mb)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        limit_concurrency=512,  # more open connections than this get 503 at once
        h11_max_incomplete_event_size=limits.max_body + 16_384,  # request line and headers; bodies are capped in web.py
    )


def add_arguments(sub: argparse.ArgumentParser) -> None:
    defaults = Limits()
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding graph/ (default: .)")
    sub.add_argument("--base", default=None, help=BASE_HELP)
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1; 0.0.0.0 for all)")
    sub.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sub.add_argument("--endpoint", default=None, metavar="URL", help="answer from this SPARQL endpoint instead of graph/")
    sub.add_argument("--workers", type=int, default=2, help="query worker processes (default: 2)")
    sub.add_argument("--timeout", type=float, default=defaults.timeout, help=f"seconds a query may run (default: {defaults.timeout:g})")
    sub.add_argument(
        "--max-query-length",
        type=int,
        default=defaults.max_query_length,
        help=f"characters in a query (default: {defaults.max_query_length})",
    )
    sub.add_argument("--max-body", type=int, default=defaults.max_body, help=f"bytes in a request body (default: {defaults.max_body})")
    sub.add_argument(
        "--max-result",
        type=int,
        default=defaults.max_result,
        help=f"bytes in one answer (default: {defaults.max_result})",
    )
    sub.add_argument(
        "--queue-timeout",
        type=float,
        default=defaults.queue_timeout,
        help=f"seconds a query may wait for a free worker before 503 (default: {defaults.queue_timeout:g})",
    )
    sub.add_argument("--memory-mb", type=int, default=2048, help="address-space limit of each worker in MB (default: 2048)")


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    base = reading_base(args.base, root / "graph")
    if args.endpoint is None and not (root / "graph" / "smartcity.nq").is_file():
        print(f"smartcity-kg: {root / 'graph' / 'smartcity.nq'} is missing; run `smartcity-kg build` or pass --endpoint", file=sys.stderr)
        return 2
    limits = Limits(
        timeout=args.timeout,
        max_query_length=args.max_query_length,
        max_body=args.max_body,
        max_result=args.max_result,
        queue_timeout=args.queue_timeout,
    )
    serve(Config(root=root, base=base), args.host, args.port, args.endpoint, limits, args.workers, args.memory_mb)
    return 0
