"""`smartcity-kg serve`: its options, and the server started with them (imported only then: it imports Starlette)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartcity_kg.cli.exits import EXIT_OK, EXIT_USAGE
from smartcity_kg.core.config import BASE_HELP, Config, reading_base
from smartcity_kg.rdf.runners import Limits

DESCRIPTION = (
    "Serve graph/ (or, with --endpoint, any SPARQL endpoint) over HTTP, read-only: SPARQL 1.1 at /sparql,"
    " linked-data pages at /id/... (303 to /doc/...), the ontology at /def/, a query page at /query."
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
    from smartcity_kg.web.serve import serve  # start-up: the server imports Starlette, uvicorn and Jinja

    root = args.root.resolve()
    base = reading_base(args.base, root / "graph")
    if args.endpoint is None and not (root / "graph" / "smartcity.nq").is_file():
        print(f"smartcity-kg: {root / 'graph' / 'smartcity.nq'} is missing; run `smartcity-kg build` or pass --endpoint", file=sys.stderr)
        return EXIT_USAGE
    limits = Limits(
        timeout=args.timeout,
        max_query_length=args.max_query_length,
        max_body=args.max_body,
        max_result=args.max_result,
        queue_timeout=args.queue_timeout,
    )
    serve(Config(root=root, base=base), args.host, args.port, args.endpoint, limits, args.workers, args.memory_mb)
    return EXIT_OK
