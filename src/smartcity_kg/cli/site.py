"""`smartcity-kg site OUTDIR`: a static site of graph/, written in one step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS
from smartcity_kg.core.config import BASE_HELP, reading_base
from smartcity_kg.core.progress import Progress
from smartcity_kg.site.builder import SiteError, SiteSettings
from smartcity_kg.site.render import check_outdir, render_site, write_site

DESCRIPTION = (
    "Write a static site of graph/ to OUTDIR: a page per thing in Thai and English (with Turtle, JSON-LD, N-Triples"
    " and RDF/XML beside it), the ontology documentation, search, a map and statistics, the dumps with their"
    " checksums, and content-negotiation rules for Apache (.htaccess) and nginx. OUTDIR is replaced in one step."
)


def add_parser(commands: Any) -> None:
    sub = commands.add_parser("site", help="write a static site of graph/ (pages, ontology docs, map, metadata)", description=DESCRIPTION)
    sub.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder to write the site to (replaced as a whole)")
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding graph/ (default: .)")
    sub.add_argument("--base", default=None, help=BASE_HELP)
    sub.add_argument(
        "--site-url",
        default=None,
        metavar="URL",
        help="where the site will be hosted (https://host/path/); also writes deploy/w3id.htaccess redirecting the base there",
    )
    sub.add_argument("--quiet", action="store_true", help="no progress on the terminal (there is none when stderr is not one)")


def command(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    base = reading_base(args.base, root / "graph")
    settings = SiteSettings(root, base, args.site_url)
    progress = Progress("smartcity-kg site", quiet=args.quiet)
    try:
        check_outdir(args.outdir.resolve())  # before the work of rendering
        files = render_site(settings, progress)
        progress.step(f"writing {len(files)} files to {args.outdir} (replaced in one step)")
        write_site(files, args.outdir.resolve())
    except SiteError as error:
        print(f"smartcity-kg site: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"smartcity-kg site: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    pages = sum(1 for name in files if name.endswith(".html"))
    print(f"wrote {len(files)} files ({pages} pages) to {args.outdir}")
    return EXIT_OK
