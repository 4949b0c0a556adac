"""The `smartcity-kg` command: a thin layer of sub-commands over the pipeline stages.

Heavy libraries (rdflib, pyshacl, pyld) are imported by the stages that use them, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartcity_kg import __version__
from smartcity_kg.cli import diff, draft, links, policy, publish, query, reconcile, release, serve, site
from smartcity_kg.cli.exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from smartcity_kg.core import iri
from smartcity_kg.core.config import PROJECT_FILE, Config, configured, refuse_unknown, slashed
from smartcity_kg.core.problems import DataError, render_json, render_text
from smartcity_kg.core.progress import Progress


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="smartcity-kg",
        description="Linked-data publisher for Thailand's Smart City programme: curated YAML -> validated RDF.",
    )
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--root", type=Path, default=Path("."), help="repository root holding seeds/ and ontology/ (default: .)")
        sub.add_argument("--base", default=None, help=f"base IRI of the dataset (default: the base of {PROJECT_FILE})")
        sub.add_argument("--format", choices=("text", "json"), default="text", help="how to print problems (default: text)")
        sub.add_argument("--max-problems", type=int, default=None, help=f"list at most this many problems (default: {PROJECT_FILE})")
        sub.add_argument("--report", type=Path, default=None, help="also write the SHACL validation report (Turtle) to this file")
        sub.add_argument(
            "--without-gazetteer",
            action="store_true",
            help="skip the gazetteer layer (seeds/gazetteer/: districts, subdistricts): faster; graph/gazetteer.* is not written",
        )
        sub.add_argument("--quiet", action="store_true", help="no progress on the terminal (there is none when stderr is not one)")
        sub.add_argument(
            "--no-cache",
            action="store_true",
            help="neither use nor keep the build cache (.cache/smartcity-kg/): read every file again, rebuild even if nothing changed",
        )

    build = commands.add_parser(
        "build", help="validate seeds/ and write graph/", description="Load, build, validate, then write graph/ in one step."
    )
    common(build)
    build.add_argument("--out", type=Path, default=None, help="write here instead of <root>/graph")
    validate = commands.add_parser(
        "validate", help="check seeds/ without writing anything", description="Load, build and validate; write nothing."
    )
    common(validate)
    query.add_parser(commands)
    links.add_parser(commands)
    publish.add_parser(commands)
    site.add_parser(commands)
    policy.add_parser(commands)
    diff.add_parser(commands)
    draft.add_parser(commands)
    reconcile.add_parser(commands)
    release.add_parser(commands, common)
    serve.add_arguments(
        commands.add_parser("serve", help="serve graph/: SPARQL endpoint and linked-data pages", description=serve.DESCRIPTION)
    )
    return main


def config_from(args: argparse.Namespace) -> Config:
    """The project configuration (smartcity-kg.toml of --root), with the flags given instead of its settings."""
    return configured(
        args.root.resolve(),
        base=slashed(args.base) if args.base is not None else None,
        out=getattr(args, "out", None),
        max_problems=args.max_problems,
        gazetteer=False if getattr(args, "without_gazetteer", False) else None,
        cache=False if getattr(args, "no_cache", False) else None,
    )


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    if not (root / "seeds").is_dir() or not (root / "ontology").is_dir():
        print(f"smartcity-kg: {root} has no seeds/ and ontology/; run from the repository root or pass --root", file=sys.stderr)
        return EXIT_USAGE
    config = config_from(args)  # before the check above, a smartcity-kg.toml of a folder that is no repository would be read
    if reason := iri.iri_error(iri.id_base(config.base)):  # every IRI of the graph is made from it
        print(f"smartcity-kg: --base {config.base} is not an absolute IRI: {reason}", file=sys.stderr)
        return EXIT_USAGE
    if args.command not in ("build", "release"):
        return checked(args, config)
    from smartcity_kg.pipeline.write import locked  # start-up: the pipeline imports PyYAML, pyoxigraph

    # One build of a graph/ at a time: the second waits, then usually finds graph/ up to date.
    with locked(config.graph, waiting=lambda message: print(f"smartcity-kg: {message}", file=sys.stderr)):
        if args.command == "build":
            return checked(args, config)
        # A release is of graph/ as the inputs build it; once recorded, void.ttl is built again to describe it.
        building = argparse.Namespace(**{**vars(args), "command": "build"})
        if (
            (code := release.check(args, config)) != EXIT_OK
            or (code := checked(building, config)) != EXIT_OK
            or (code := release.record(args, config)) != EXIT_OK
        ):
            return code
        return checked(building, config)


def checked(args: argparse.Namespace, config: Config) -> int:
    """validate, or build (with the lock of graph/ held)."""
    # With --format json, stdout carries one JSON document of the problems (none, or warnings) and the summary goes to stderr.
    out = sys.stderr if args.format == "json" else sys.stdout
    from smartcity_kg.pipeline import cache, stages, statistics, write  # start-up: the pipeline imports PyYAML, pyoxigraph
    from smartcity_kg.pipeline.checks import CHECKS, GRAPH_CHECKS  # start-up: as above
    from smartcity_kg.pipeline.exports import EXPORTS  # start-up: as above

    refuse_unknown(config, {"exports": tuple(EXPORTS), "checks": (*CHECKS, *GRAPH_CHECKS)})

    progress = Progress(f"smartcity-kg {args.command}", quiet=args.quiet)
    digest = cache.inputs_digest(config) if config.cache else ""
    if args.command == "build" and args.report is None and (previous := cache.up_to_date(config, digest)) is not None:
        if args.format == "json":
            print(render_json([], 0))
        print(previous, file=out)
        print(f"{config.graph} is up to date: seeds/, ontology/ and the code are as they were when it was built", file=out)
        return EXIT_OK
    files: dict[str, bytes] = {}
    try:
        # A build renders graph/ while SHACL still runs; the report is read (and waited for) before anything is written.
        built = stages.check(config, wait=args.command != "build", progress=progress)
        if args.command == "build":
            progress.step(f"rendering the files of {config.graph} (while SHACL runs)")
            files = write.render(built)
        built.validation.report  # noqa: B018 (raises DataError if SHACL found violations)
    except DataError as error:
        render = render_json if args.format == "json" else render_text
        print(render(error.problems, error.total), file=sys.stdout if args.format == "json" else sys.stderr)
        if args.report is not None:
            write_report(error.report, args.report)
        if args.command == "build":
            print(f"nothing written: {config.graph} is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:  # an unreadable file or folder: say which, without a traceback
        print(f"smartcity-kg: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.report is not None:
        write_report(built.validation.report, args.report)
    warnings = built.validation.warnings  # SHACL results of severity sh:Warning or sh:Info: reported, not fatal
    if args.format == "json":
        print(render_json(warnings, 0))
    elif warnings:
        print(render_text(warnings, 0), file=sys.stderr)
    if args.command == "build":
        progress.step(f"writing {len(files)} files to {config.graph} (replaced in one step)")
        write.write(files, config.graph)
        text = statistics.summary(built)
        if not warnings:  # a build with warnings is never "up to date", so that each build shows them again
            cache.record(config, digest, text)
        if built.seeds.cache is not None:
            built.seeds.cache.prune()
        print(text, file=out)
        print(f"wrote {len(files)} files to {config.graph}", file=out)
    else:
        print(statistics.summary(built), file=out)
        print("valid: nothing written", file=out)
    return EXIT_OK


def write_report(report: object, path: Path) -> None:
    """The SHACL report graph, for tools; absent when loading failed before SHACL could run."""
    if report is None:
        print(f"no SHACL report: the seeds could not be loaded, so {path} was not written", file=sys.stderr)
        return
    from rdflib import Graph

    assert isinstance(report, Graph)
    report.bind("sh", "http://www.w3.org/ns/shacl#")
    path.write_text(report.serialize(format="turtle"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return dispatch(args)
    except DataError as error:  # a wrong declaration (smartcity-kg.toml, ontology/*.toml), at its line
        print(render_text(error.problems, error.total), file=sys.stderr)
        return EXIT_USAGE


def dispatch(args: argparse.Namespace) -> int:
    if args.command == "query":
        return query.command(args)
    if args.command == "links":
        return links.command(args)
    if args.command == "publish":
        return publish.command(args)
    if args.command == "serve":
        return serve.run(args)
    if args.command == "site":
        return site.command(args)
    if args.command == "diff":
        return diff.command(args)
    if args.command == "draft":
        return draft.command(args)
    if args.command == "reconcile":
        return reconcile.command(args)
    if args.command == "iri-shapes":
        return policy.command(args)
    return run(args)
