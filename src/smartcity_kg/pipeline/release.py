"""Releases: cutting one from graph/ (`smartcity-kg release`), and the build's check that nothing a release
published is dropped without a word (docs/releases.md).

The record itself (releases/<version>/release.toml, what it holds, where its files are found) is core/releases.py;
this module makes one: the checksums of graph/, the ids it holds, and its changelog against the previous release,
by the entity diff of rdf/diff.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_kg.core import iri, releases
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import Problem
from smartcity_kg.pipeline.catalogue import DISTRIBUTIONS
from smartcity_kg.pipeline.write import write
from smartcity_kg.rdf import diff

if TYPE_CHECKING:
    from pyoxigraph import Store

    from smartcity_kg.pipeline.integrity import Seeds

# The files of graph/ a release holds: its distributions, and the context, ontology and shapes they were made with.
# Not void.ttl (it describes the releases, so it changes when one is cut), the validation report nor README.md.
RELEASED = (*DISTRIBUTIONS, "context.jsonld", "ontology.ttl", "shapes.ttl")
MAIN_DUMP = "smartcity.nq"
GAZETTEER_DUMP = "gazetteer.nq.gz"
RULE = "breaking-change"


class ReleaseError(Exception):
    """A release that cannot be cut as asked (a version not after the last one, notes missing, graph/ incomplete)."""


def graph_entities(graph: Path, ids: str) -> dict[str, str]:
    """The ids that are subjects in the dumps of `graph` (a build's folder), each with its layer."""
    import gzip

    found = dict.fromkeys(releases.subjects((graph / MAIN_DUMP).read_bytes(), ids), "main")
    if (graph / GAZETTEER_DUMP).is_file():
        for local in releases.subjects(gzip.decompress((graph / GAZETTEER_DUMP).read_bytes()), ids):
            found.setdefault(local, "gazetteer")
    return found


def first_changelog(entities: dict[str, str]) -> str:
    """The changelog of the first release: what it holds, by kind of thing (there is nothing to compare it with)."""
    kinds = Counter(local.split("/", 1)[0] for local in entities)
    lines = ["## What it holds", "", "There is no earlier release to compare it with. It holds:", ""]
    lines += ["| kind | things |", "| --- | ---: |"]
    lines += [f"| `{kind}` | {count:,} |" for kind, count in sorted(kinds.items())]
    lines += [
        "",
        f"{len(entities):,} things in all ({sum(1 for layer in entities.values() if layer == 'gazetteer'):,} in the gazetteer layer).",
    ]
    return "\n".join(lines) + "\n"


def changelog(previous: releases.Release, version: str, config: Config, prefixes: dict[str, str]) -> tuple[str, str]:
    """The changelog against the previous release, in Markdown and in the JSON of docs/diff.md."""
    from dataclasses import replace

    old = diff.read_release(config.root, previous, config.base)
    new = replace(diff.read_folder(config.graph), name=version)
    found = diff.compare(old, new)
    view = diff.View(prefixes, iri.id_base(config.base))
    return diff.markdown(found, view), diff.as_json(found, view)


def notes_section(version: str, date: str, previous: str | None, notes: releases.Notes) -> str:
    lines = [f"# Release {version} ({date})", ""]
    lines.append(f"Previous release: {previous}." if previous else "The first release.")
    lines += ["", "## บันทึกประจำรุ่น", "", notes.th.strip(), "", "## Notes", "", notes.en.strip(), ""]
    if notes.removed:
        lines += ["## Removed on purpose / นำออกโดยตั้งใจ", ""]
        lines += [f"- `{removal.id}`: {removal.why}" for removal in notes.removed]
        lines.append("")
    return "\n".join(lines)


def planned(config: Config, version: str, date: str | None, notes: releases.Notes) -> tuple[str, releases.Release | None]:
    """The day and the previous release of release `version`, or ReleaseError if it cannot be cut as asked."""
    if not releases.VERSION.fullmatch(version):
        raise ReleaseError(f"{version!r} is not a version: MAJOR.MINOR.PATCH, such as 1.0.0")
    day = date or dt.datetime.now(dt.UTC).date().isoformat()
    if not releases.DATE.fullmatch(day):
        raise ReleaseError(f"--date {day!r} is not YYYY-MM-DD")
    if not config.gazetteer:
        raise ReleaseError("a release holds both layers: cut it without --without-gazetteer")
    existing = releases.read_all(config.root)
    previous = existing[-1] if existing else None
    if releases.find(config.root, version) is not None:
        raise ReleaseError(f"release {version} exists already (releases/{version}/)")
    if previous is not None and releases.version_key(version) <= previous.key:
        raise ReleaseError(f"{version} does not come after the last release, {previous.version}")
    if previous is not None and day < previous.date:
        raise ReleaseError(f"{day} is before the last release's date, {previous.date}")
    if missing := notes.missing():
        raise ReleaseError(
            f"release {version} has no notes in {' and '.join(missing)}: write them in releases/{releases.NEXT_FILE} "
            "([notes] th = ..., en = ...) or give --notes-th and --notes-en"
        )
    return day, previous


def cut(config: Config, version: str, date: str | None = None, notes: releases.Notes | None = None) -> releases.Release:
    """Record graph/ as release `version` in releases/<version>/ (written to a temporary folder, then renamed)."""
    notes = notes or releases.read_next(config.root)
    day, previous = planned(config, version, date, notes)
    if not (config.graph / MAIN_DUMP).is_file():
        raise ReleaseError(f"{config.graph} has no {MAIN_DUMP}: build first")
    files = {}
    for name in RELEASED:
        path = config.graph / name
        if path.is_file():
            data = path.read_bytes()
            files[name] = releases.ReleasedFile(name, len(data), hashlib.sha256(data).hexdigest(), releases.blob_id(data))
    entities = graph_entities(config.graph, iri.id_base(config.base))
    release = releases.Release(version, day, previous.version if previous else None, notes, files, releases.folder(config.root) / version)
    prefixes = iri.prefixes(iri.load_context(config.ontology, config.base))
    head = notes_section(version, day, release.previous, notes)
    written = {releases.RECORD_FILE: releases.record_text(release, f"smartcity-kg release {version}").encode("utf-8")}
    written[releases.ENTITIES_FILE] = releases.entities_file(entities)
    if previous is None:
        written[releases.CHANGELOG_MARKDOWN] = (head + "\n" + first_changelog(entities)).encode("utf-8")
    else:
        markdown, document = changelog(previous, version, config, prefixes)
        # The diff's sections one level down, under the release's title.
        body = "\n".join("#" + line if line.startswith("#") else line for line in markdown.splitlines())
        written[releases.CHANGELOG_MARKDOWN] = (head + "\n" + body + "\n").encode("utf-8")
        written[releases.CHANGELOG_JSON] = document.encode("utf-8")
    write(written, release.folder)  # to a temporary folder beside it, then renamed into place
    (releases.folder(config.root) / releases.NEXT_FILE).unlink(missing_ok=True)  # its notes are the release's now
    return releases.find(config.root, version) or release


# --- the build's check ------------------------------------------------------------------------------------


SUBJECTS = "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?s), STR(<{ids}>))) }"


def check_breaking_changes(store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    """Every id the last release held is still a subject (the gazetteer's, when that layer is built), or releases/next.toml
    declares its removal. An entity that took another's place says so (`replaces:`, dcterms:isReplacedBy), which
    keeps the old IRI a subject."""
    from pyoxigraph import NamedNode, QuerySolutions

    previous = releases.latest(config.root)
    if previous is None:
        return []
    planned = releases.read_next(config.root)
    ids = iri.id_base(config.base)
    rows = store.query(SUBJECTS.replace("{ids}", ids))
    assert isinstance(rows, QuerySolutions)
    now = set()
    for row in rows:
        subject = row["s"]
        if isinstance(subject, NamedNode):
            now.add(subject.value[len(ids) :])
    held = previous.entities()
    next_label = f"{releases.FOLDER}/{releases.NEXT_FILE}"
    declared = {removal.id for removal in planned.removed}
    problems = []
    for removal in planned.removed:
        if removal.id not in held:
            problems.append(
                Problem(
                    next_label,
                    0,
                    0,
                    f"{removal.id} is declared removed, but release {previous.version} did not hold it",
                    hint="correct the id, or drop the entry",
                    entity=removal.id,
                    rule=RULE,
                )
            )
        elif removal.id in now:
            problems.append(
                Problem(
                    next_label,
                    0,
                    0,
                    f"{removal.id} is declared removed, but the graph still holds it",
                    hint="drop the entry, or remove the entity",
                    entity=removal.id,
                    rule=RULE,
                )
            )
    for local, layer in sorted(held.items()):
        if local in now or local in declared or (layer == "gazetteer" and not config.gazetteer):
            continue
        problems.append(
            Problem(
                next_label,
                0,
                0,
                f"{local} was in release {previous.version} and is gone without a successor: a breaking change for those who link to it",
                hint=f"give the entity that takes its place `replaces: [{local}]`, or declare the removal in {next_label}: "
                f'[[removed]] id = "{local}" why = "..."',
                entity=local,
                rule=RULE,
            )
        )
    return problems
