"""`smartcity-kg iri-shapes`: write the IRI patterns of ontology/shapes.ttl from the IRI policy (ontology/iri-policy.toml)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from smartcity_kg.core import iri
from smartcity_kg.core.problems import DataError, render_text

DESCRIPTION = (
    f"Rewrite the sh:pattern of every shape of ontology/shapes.ttl on <base>id/ IRIs from {iri.POLICY_LABEL}, the one"
    " declaration of the kinds and their keys; nothing else in the file changes."
)


def add_parser(commands: Any) -> None:
    sub = commands.add_parser("iri-shapes", help="generate the IRI patterns of the shapes from the IRI policy", description=DESCRIPTION)
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding ontology/ (default: .)")
    sub.add_argument("--check", action="store_true", help="change nothing; exit 1 if the shapes disagree with the policy")


def command(args: argparse.Namespace) -> int:
    from smartcity_kg.pipeline import iri_shapes  # start-up: the pipeline floor

    ontology = args.root.resolve() / "ontology"
    path = ontology / iri_shapes.SHAPES_FILE
    if not path.is_file():
        print(f"smartcity-kg: {path} does not exist; run from the repository root or pass --root", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.check:
            _, changes = iri_shapes.regenerate(path.read_text(encoding="utf-8"), iri.policy())
        else:
            changes = iri_shapes.write(ontology)
    except DataError as error:
        print(render_text(error.problems, error.total), file=sys.stderr)
        return EXIT_USAGE
    for change in changes:
        where = f"ontology/{iri_shapes.SHAPES_FILE}" + (f":{change.line}" if change.line else "")
        print(f"{where}: {'differs' if args.check else 'rewritten'}: {change.message}")
    unplaced = [change for change in changes if not change.line]
    if args.check:
        return EXIT_PROBLEMS if changes else EXIT_OK
    print(f"ontology/{iri_shapes.SHAPES_FILE}: {'up to date' if not changes else f'{len(changes) - len(unplaced)} pattern(s) rewritten'}")
    return EXIT_PROBLEMS if unplaced else EXIT_OK
