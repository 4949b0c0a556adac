"""`smartcity-kg publish`: graph/ into a triple store, all or nothing; credentials from the environment only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from smartcity_kg.core.config import BASE_HELP, Config, reading_base
from smartcity_kg.core.progress import Progress
from smartcity_kg.publish.publisher import KINDS, PublishError, UnknownStore, credentials, find_target, publish


def add_parser(commands: Any) -> None:
    """Register `smartcity-kg publish` on the sub-command parsers of the main command."""
    sub = commands.add_parser(
        "publish",
        allow_abbrev=False,  # `--password secret` must not pass as --password-env
        help="load graph/ into a triple store (SPARQL 1.1 Update / Graph Store Protocol)",
        description="Replace the previous publication in a triple store by graph/, all or nothing. "
        "Credentials come from the environment only: --user NAME with the password in $SMARTCITY_KG_PASSWORD "
        "(or --password-env VAR), or a bearer token in --token-env VAR.",
    )
    sub.add_argument("--store", required=True, help="base URL of the store, e.g. http://127.0.0.1:7878")
    sub.add_argument(
        "--kind",
        choices=sorted(KINDS),
        help="which store, to find its endpoints (default: asked of the server; generic when both endpoints are given)",
    )
    sub.add_argument("--query-endpoint", help="SPARQL query endpoint URL (overrides --kind)")
    sub.add_argument("--update-endpoint", help="SPARQL Update endpoint URL (overrides --kind)")
    sub.add_argument("--gsp-endpoint", help="Graph Store Protocol endpoint URL, for staged uploads (overrides --kind)")
    sub.add_argument("--user", help="account name; the password is read from the environment")
    sub.add_argument("--auth", choices=("auto", "basic", "digest"), default="auto", help="HTTP authentication (auto: digest for Virtuoso)")
    sub.add_argument("--password-env", default="SMARTCITY_KG_PASSWORD", help="environment variable holding the password")
    sub.add_argument("--token-env", help="environment variable holding a bearer token")
    layer = sub.add_mutually_exclusive_group()
    layer.add_argument("--with-gazetteer", action="store_true", help="also send the gazetteer layer (graph/gazetteer.nq.gz)")
    layer.add_argument(
        "--without-gazetteer", action="store_true", help="drop a gazetteer layer an earlier publication sent (default: leave it as it is)"
    )
    sub.add_argument(
        "--dry-run", action="store_true", help="say what would be sent, send nothing (without --kind, asks the server which store it is)"
    )
    sub.add_argument("--max-request-mb", type=float, default=16.0, help="above this, upload in chunks to staging graphs (default: 16)")
    sub.add_argument("--chunk", type=int, default=50_000, help="triples per staged upload request (default: 50000)")
    sub.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each answer (default: 120)")
    sub.add_argument("--quiet", action="store_true", help="no progress output")
    sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding graph/ (default: .)")
    sub.add_argument("--base", default=None, help=BASE_HELP)


def command(args: Any) -> int:
    """Run `smartcity-kg publish`."""
    base = reading_base(args.base, args.root.resolve() / "graph")
    return run(Config(root=args.root.resolve(), base=base), args)


def run(config: Config, args: Any) -> int:
    """The `publish` sub-command."""
    progress = Progress("smartcity-kg publish", quiet=args.quiet)
    try:
        target = find_target(args, progress)
        scheme = args.auth if args.auth != "auto" else "digest" if target.kind == "virtuoso" else "basic"
        target = credentials(target, args.user, scheme, args.password_env, args.token_env)
        gazetteer = "send" if args.with_gazetteer else "drop" if args.without_gazetteer else "keep"
        report = publish(
            config,
            target,
            dry_run=args.dry_run,
            max_request_mb=args.max_request_mb,
            chunk=args.chunk,
            progress=progress,
            gazetteer=gazetteer,
        )
    except PublishError as error:
        print(f"smartcity-kg publish: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, UnknownStore) else EXIT_PROBLEMS
    print(report)
    return EXIT_OK
