"""`smartcity-kg release VERSION`: record graph/ as a release in releases/ (docs/releases.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_USAGE
from smartcity_kg.core import releases
from smartcity_kg.core.config import Config

DESCRIPTION = (
    "Build graph/ (if it is not up to date), then record it as release VERSION in releases/VERSION/: the date, the notes "
    "in Thai and English (from releases/next.toml, or --notes-th and --notes-en), the size, SHA-256 and git blob id of "
    "each file, the ids it holds, and the changelog against the previous release. Then build again, so that "
    "graph/void.ttl describes the new release (the dumps do not change). Commit releases/ and graph/ afterwards."
)


def add_parser(commands: Any, common: Any) -> None:
    """Register `smartcity-kg release` on the sub-command parsers of the main command."""
    sub = commands.add_parser("release", help="record graph/ as a release, with its changelog", description=DESCRIPTION)
    sub.add_argument("version", metavar="VERSION", help="the release's version, MAJOR.MINOR.PATCH (after the last release)")
    sub.add_argument("--date", default=None, help="the release's date, YYYY-MM-DD (default: today, UTC)")
    sub.add_argument("--notes-th", default=None, help="the release notes in Thai (default: [notes] th of releases/next.toml)")
    sub.add_argument("--notes-en", default=None, help="the release notes in English (default: [notes] en of releases/next.toml)")
    common(sub)


def notes(args: argparse.Namespace, config: Config) -> releases.Notes:
    """The flags' notes, else those of releases/next.toml; its removals either way."""
    planned = releases.read_next(config.root)
    return releases.Notes(args.notes_th or planned.th, args.notes_en or planned.en, planned.removed)


def check(args: argparse.Namespace, config: Config) -> int:
    """Before anything is built: 2 (usage) if the release cannot be cut as asked."""
    from smartcity_kg.pipeline.release import ReleaseError, planned  # start-up: the pipeline imports PyYAML, pyoxigraph

    try:
        planned(config, args.version, args.date, notes(args, config))
    except ReleaseError as error:
        print(f"smartcity-kg release: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def record(args: argparse.Namespace, config: Config) -> int:
    """Cut the release from the graph/ just built; 2 (usage) if it cannot be cut as asked."""
    from smartcity_kg.pipeline.release import ReleaseError, cut  # start-up: the pipeline imports PyYAML, pyoxigraph

    try:
        made = cut(config, args.version, args.date, notes(args, config))
    except ReleaseError as error:
        print(f"smartcity-kg release: {error}", file=sys.stderr)
        return EXIT_USAGE
    where = made.folder.relative_to(config.root) if made.folder.is_relative_to(config.root) else made.folder
    changes = where / releases.CHANGELOG_MARKDOWN
    print(f"recorded release {made.version} ({made.date}) in {where}/: {len(made.files)} files; the changelog is {changes}")
    return EXIT_OK
