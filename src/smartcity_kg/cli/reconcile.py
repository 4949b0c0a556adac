"""`smartcity-kg reconcile TABLE.csv --column NAME --type District`: a spreadsheet's names linked to the graph
(docs/reconciliation.md), with the matcher of `serve`'s /reconcile."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from smartcity_kg.core.config import reading_base

DESCRIPTION = (
    "Match the names of one column of a CSV table to the provinces, districts, subdistricts, areas, agencies, committees "
    "or persons of graph/, and write the table back with four columns added: <column>_iri, _code, _name and _score (empty "
    "when the name is ambiguous or not found). Prints how many rows were matched, ambiguous and not found. "
    "The same matching as `serve`'s reconciliation service for OpenRefine."
)


def add_parser(commands: Any) -> None:
    sub = commands.add_parser("reconcile", help="link a column of a CSV table to the graph's entities", description=DESCRIPTION)
    sub.add_argument("table", type=Path, metavar="TABLE.csv", help="a CSV file with a header row (UTF-8)")
    sub.add_argument("--column", required=True, metavar="NAME", help="the column holding the names to match")
    sub.add_argument(
        "--type", required=True, metavar="TYPE", help="Province, District, Subdistrict, SmartCityArea, City, ... (docs/reconciliation.md)"
    )
    sub.add_argument(
        "--province-column", default=None, metavar="P", help="a column naming the province of each row, to tell namesakes apart"
    )
    sub.add_argument("--out", type=Path, default=None, metavar="FILE", help="write the table here (default: stdout)")
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding graph/ (default: .)")
    sub.add_argument("--base", default=None, help="base IRI of the data (default: the one graph/ was built with)")


def command(args: argparse.Namespace) -> int:
    from smartcity_kg.reconcile.index import open_index  # start-up: the index loads pyoxigraph and rapidfuzz
    from smartcity_kg.reconcile.table import TableError, reconcile  # start-up: as above

    graph = args.root.resolve() / "graph"
    if not (graph / "smartcity.nq").is_file():
        print(f"smartcity-kg reconcile: {graph / 'smartcity.nq'} is missing; run `smartcity-kg build` first", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = args.table.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"smartcity-kg reconcile: cannot read {args.table}: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        done = reconcile(text, open_index(graph, reading_base(args.base, graph)), args.column, args.type, args.province_column)
    except TableError as error:
        print(f"smartcity-kg reconcile: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.out is None:
        sys.stdout.write(done.text)
    else:
        args.out.write_text(done.text, encoding="utf-8")
    total = sum(done.counts.values())
    print(
        f"{total} rows: {done.counts['matched']} matched, {done.counts['ambiguous']} ambiguous, {done.counts['not found']} not found",
        file=sys.stderr,
    )
    return EXIT_OK if total == done.counts["matched"] else EXIT_PROBLEMS
