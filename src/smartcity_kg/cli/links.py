"""`smartcity-kg links`: the report of the links to outside datasets, and their check against the reference tables."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from smartcity_kg.core import outside
from smartcity_kg.core.config import BASE_HELP, reading_base
from smartcity_kg.rdf import query

DESCRIPTION = (
    "Count the links to Wikidata, GeoNames, OpenStreetMap, ISO 3166-2 and DOPA per kind of place, organisation and person;"
    " check them against the reference tables; compare the gazetteer's two sources (counts per kind of difference)."
)


def add_parser(commands: Any) -> None:
    sub = commands.add_parser("links", help="report and check the links to outside datasets", description=DESCRIPTION)
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding graph/ and seeds/sources/ (default: .)")
    sub.add_argument("--base", default=None, help=BASE_HELP)
    sub.add_argument("--format", choices=("text", "json"), default="text", help="how to print the report (default: text)")


def command(args: argparse.Namespace) -> int:
    from smartcity_kg.pipeline import crosscheck  # start-up: it reads the gazetteer's decisions with PyYAML
    from smartcity_kg.pipeline.links import render, report  # start-up: as above (it runs the cross-check)

    root = args.root.resolve()
    graph = root / "graph"
    tables = [table.path for table in outside.links().tables.values()] + crosscheck.inputs(root)
    if not (graph / query.DATA_FILE).is_file() or not all((root / path).is_file() for path in tables):
        print(f"smartcity-kg: {root} has no graph/{query.DATA_FILE} or no reference tables; run `smartcity-kg build`", file=sys.stderr)
        return EXIT_USAGE
    base = reading_base(args.base, graph)
    found = report(query.open_store(graph), base, root)
    print(json.dumps(found.as_json(), ensure_ascii=False, indent=2) if args.format == "json" else render(found))
    return EXIT_PROBLEMS if found.failed else EXIT_OK
