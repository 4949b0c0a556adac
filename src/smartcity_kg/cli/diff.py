"""`smartcity-kg diff OLD NEW`: what changed between two versions of the graph, entity by entity (docs/diff.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_USAGE
from smartcity_kg.core import iri
from smartcity_kg.core.config import BASE_HELP, reading_base

FORMATS = ("text", "markdown", "json", "rdf-patch")
"""The names of rdf/diff.py's FORMATS, repeated here so that --help loads no RDF library (a test keeps them equal)."""


def add_parser(commands: Any) -> None:
    """Register `smartcity-kg diff` on the sub-command parsers of the main command."""
    sub = commands.add_parser(
        "diff",
        help="what changed between two versions of the graph",
        description="Compare two versions of the graph entity by entity: added, removed, changed (statements by property, "
        "with their source), renamed and succeeded (dcterms:isReplacedBy). OLD and NEW are each a release of --root "
        "(releases/<version>/, `smartcity-kg release`), a folder written by `smartcity-kg build` (or a repository holding "
        "one as graph/) or a git revision of --root (its graph/smartcity.nq and graph/gazetteer.nq.gz, read without a checkout).",
    )
    sub.add_argument("old", metavar="OLD", help="the earlier version: a release (1.0.0), a folder or a git revision")
    sub.add_argument("new", metavar="NEW", help="the later version: a release, a folder or a git revision")
    sub.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default, for the terminal), markdown, json (docs/diff.md) or rdf-patch (turns OLD into NEW)",
    )
    sub.add_argument("--root", type=Path, default=Path("."), help="the git repository revisions are read from (default: .)")
    sub.add_argument("--base", default=None, help=BASE_HELP)


def command(args: argparse.Namespace) -> int:
    """Print the difference; 2 (usage) if a version cannot be read."""
    from smartcity_kg.rdf import diff  # start-up: the comparison imports pyoxigraph

    root = args.root.resolve()
    base = reading_base(args.base, root / "graph")
    try:
        old = diff.read_version(args.old, root, base)
        new = diff.read_version(args.new, root, base)
    except (diff.DiffError, OSError) as error:
        print(f"smartcity-kg diff: {error}", file=sys.stderr)
        return EXIT_USAGE
    ontology = root / "ontology"
    prefixes = iri.prefixes(iri.load_context(ontology, base)) if (ontology / iri.CONTEXT_FILE).is_file() else {}
    view = diff.View(prefixes, iri.id_base(base))
    output = diff.FORMATS[args.format](diff.compare(old, new), view)
    sys.stdout.buffer.write(output.encode("utf-8"))
    sys.stdout.buffer.flush()
    return EXIT_OK
