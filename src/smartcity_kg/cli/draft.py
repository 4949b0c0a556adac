"""`smartcity-kg draft ANNOUNCEMENT.txt`: a Thai announcement -> draft seeds with a review (docs/curation.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from smartcity_kg.core.problems import render_text

DRAFTS = "seeds/drafts"
"""Where drafts go by default (curate/draft.py's DRAFTS, repeated so that --help loads nothing)."""

DESCRIPTION = (
    "Draft curated YAML from a Thai (or English) announcement of smart city areas: the areas of its lists with their "
    "provinces, districts and subdistricts resolved to the gazetteer's codes, the status its wording gives them, the "
    "meeting with its date, chair and secretary, the stated counts, the entities of the graph it names. Writes the "
    f"cleaned text as the source document, a source note, the draft YAML and review.md into DIR (default: {DRAFTS}/<source>/). "
    "What a person must decide is a `question:` in the YAML, which `smartcity-kg validate` refuses until it is answered."
)


def add_parser(commands: Any) -> None:
    sub = commands.add_parser("draft", help="draft seeds from a Thai announcement (the curation assistant)", description=DESCRIPTION)
    sub.add_argument("announcement", type=Path, metavar="ANNOUNCEMENT", help="the text of the announcement (UTF-8; a scraped page is fine)")
    sub.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help=f"the folder to write (default: {DRAFTS}/<source>/ under --root)"
    )
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding seeds/ (default: .)")


def command(args: argparse.Namespace) -> int:
    from smartcity_kg.curate import draft  # start-up: the assistant imports PyYAML and PyThaiNLP
    from smartcity_kg.curate.text import InputError  # start-up: as above

    root = args.root.resolve()
    if not (root / "seeds").is_dir():
        print(f"smartcity-kg draft: {root} has no seeds/; run from the repository root or pass --root", file=sys.stderr)
        return EXIT_USAGE
    path: Path = args.announcement
    try:
        raw = path.read_bytes()
    except OSError as error:
        print(f"smartcity-kg draft: cannot read {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    assistant = draft.Assistant(root)
    key = draft.source_key(path, assistant.wording)
    out = (args.out or root / DRAFTS / key).resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"smartcity-kg draft: {out} exists and is not empty: remove it or give another --out", file=sys.stderr)
        return EXIT_USAGE
    folder = out.relative_to(root).as_posix() if out.is_relative_to(root) else f"{DRAFTS}/{key}"
    try:
        made = assistant.draft(raw, str(path), key, folder)
    except InputError as error:
        print(render_text([error.problem], 1), file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    draft.write(made, out)
    questions = len(made.composition.questions)
    print(f"wrote {len(made.files)} files to {out}: {len(made.composition.facts.areas)} areas, {questions} question(s) to answer")
    print(f"read {out / draft.REVIEW}, answer the questions, then run `smartcity-kg validate`")
    return EXIT_OK
