"""`smartcity-kg query`: a SPARQL query over graph/ with the embedded engine, printed as a table, JSON or RDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_USAGE
from smartcity_kg.core.config import BASE_HELP, reading_base
from smartcity_kg.rdf.query import (
    CONTEXT_FILE,
    DATA_FILE,
    ONTOLOGY_FILE,
    OUTPUTS,
    QueryError,
    open_store,
    render,
    run,
    view_of,
)


def add_parser(commands: Any) -> None:
    """Register `smartcity-kg query` on the sub-command parsers of the main command."""
    formats = "; ".join(f"{name}: {f.what}" for name, f in OUTPUTS.items())
    sub = commands.add_parser(
        "query",
        help="run a SPARQL query over graph/",
        description="Run a SPARQL 1.1 query over graph/ (the union of its named graphs, plus the ontology) with an embedded engine. "
        "The prefixes of the JSON-LD context are predeclared and relative IRIs resolve against <base>id/, "
        "so `--query 'SELECT * { <area/satun> ?p ?o }'` works as it is.",
    )
    sub.add_argument("file", nargs="?", type=Path, help="a file holding the query, e.g. queries/areas-approved-1-2565.rq")
    sub.add_argument("--query", dest="text", metavar="TEXT", help="the query itself instead of a file")
    sub.add_argument("--format", choices=list(OUTPUTS), default=None, help=f"output format ({formats})")
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding graph/ (default: .)")
    sub.add_argument("--base", default=None, help=BASE_HELP)


def command(args: argparse.Namespace) -> int:
    """Run the query of `smartcity-kg query` and print its result; 2 (usage) on any problem with the query."""

    def fail(message: str) -> int:
        print(f"smartcity-kg query: {message}", file=sys.stderr)
        return EXIT_USAGE

    if (args.file is None) == (args.text is None):
        return fail("give a query file or --query TEXT (one of them)")
    if args.file is not None:
        if not args.file.is_file():
            return fail(f"{args.file}: no such file")
        text = args.file.read_text(encoding="utf-8")
    else:
        text = args.text
    graph_dir = args.root.resolve() / "graph"
    missing = [name for name in (DATA_FILE, ONTOLOGY_FILE, CONTEXT_FILE) if not (graph_dir / name).is_file()]
    if missing:
        return fail(f"{graph_dir} has no {', '.join(missing)}; run `smartcity-kg build` first, or pass --root")
    base = reading_base(args.base, graph_dir)
    view = view_of(graph_dir, base)
    try:
        result = run(open_store(graph_dir), text, base, prefixes=view.prefixes)
        output = render(result, view, args.format)
    except QueryError as error:
        return fail(str(error))
    sys.stdout.buffer.write(output.encode("utf-8"))
    sys.stdout.buffer.flush()
    return EXIT_OK
