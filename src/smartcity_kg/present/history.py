"""What happened to each thing in which release, and the releases page: both read from releases/ (core/releases.py),
for `serve` and the static site alike.

A thing's history comes from the changelogs (changelog.json, the entity diff of docs/diff.md) of every release but
the first, and from the first release's entities.txt.gz: everything the first release held was first published in
it. One event per thing and release: added, changed, removed, renamed (to a new IRI, or from the old one), a
successor (it took the place of another) or replaced (another took its place, dcterms:isReplacedBy).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartcity_kg.core import iri, releases
from smartcity_kg.present.asks import fetch_labels
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.present.pages import Presenter, Value, collation_key
from smartcity_kg.present.vocabulary import Labels
from smartcity_kg.rdf.runners import Runner

KINDS = ("first", "added", "changed", "renamed", "renamed_to", "successor", "replaced", "removed")
"""What an event can be: the texts of messages.py are `history_<kind>`."""
GONE = ("removed", "renamed_to")
"""Events after which the IRI is no longer a subject of the graph."""


@dataclass(frozen=True)
class Event:
    """What happened to one thing in one release."""

    version: str
    date: str
    kind: str
    other: str | None = None
    """The IRI on the other side of a rename or a succession."""
    other_label: tuple[tuple[str, str], ...] = ()
    """The other's names in the changelog, (language, text): it may be gone from the graph."""
    why: str = ""
    """For a removal the release declared (releases/next.toml): why it is gone."""


@dataclass(frozen=True)
class Step:
    """An event as a page shows it: the other thing as a link named in the page's language."""

    version: str
    date: str
    kind: str
    other: Value | None = None
    why: str = ""


def label_pairs(entity: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    names = entity.get("label") or {}
    return tuple((language, names[language]) for language in LANGUAGES if names.get(language))


def release_events(release: releases.Release, base: str) -> dict[str, Event]:
    """The events of one release, by IRI."""
    ids = iri.id_base(base)
    if release.previous is None:
        return {ids + local: Event(release.version, release.date, "first") for local in release.entities()}
    changelog: dict[str, Any] = release.changelog() or {}
    why = {ids + removal.id: removal.why for removal in release.notes.removed}
    found: dict[str, Event] = {}

    def event(kind: str, other: dict[str, Any] | None = None, reason: str = "") -> Event:
        pairs = label_pairs(other) if other else ()
        return Event(release.version, release.date, kind, other["iri"] if other else None, pairs, reason)

    for entity in changelog.get("added", []):
        found[entity["iri"]] = event("added")
    for entity in changelog.get("removed", []):
        found[entity["iri"]] = event("removed", reason=why.get(entity["iri"], ""))
    changed = changelog.get("changed", [])
    for entity in changed:
        previous, how = entity.get("previous"), entity.get("how")
        if previous and how in ("renamed", "successor"):
            found[entity["iri"]] = event(how, previous)
            # The old IRI: gone after a rename; still there, pointing on, after a succession (it is also `changed`).
            found[previous["iri"]] = event("renamed_to" if how == "renamed" else "replaced", entity)
    for entity in changed:
        found.setdefault(entity["iri"], event("changed"))
    return found


@lru_cache(maxsize=4)
def _index(folder: Path, base: str, _stamp: tuple[tuple[str, int, int], ...]) -> dict[str, tuple[Event, ...]]:
    by_iri: dict[str, list[Event]] = {}
    for release in releases.read_all(folder.parent):
        for subject, event in release_events(release, base).items():
            by_iri.setdefault(subject, []).append(event)
    return {subject: tuple(events) for subject, events in by_iri.items()}


def index(root: Path, base: str) -> dict[str, tuple[Event, ...]]:
    """Every thing any release mentions, with its events oldest first (read again when releases/ changes)."""
    folder = releases.folder(root).resolve()
    return _index(folder, base, releases.stamp(folder))


def steps(events: tuple[Event, ...], presenter: Presenter, lang: str) -> list[Step]:
    """The events of a thing as its page shows them, newest first."""
    shown = []
    for event in reversed(events):
        other = None
        if event.other:
            labels = Labels(shortener=lambda value: local_name(value, presenter.base))
            for language, text in event.other_label:
                labels.add(event.other, text, language)
            text, text_lang = labels.pick(event.other, lang)
            other = Value(text, presenter.href(event.other) or event.other, event.other, lang=text_lang)
        shown.append(Step(event.version, event.date, event.kind, other, event.why))
    return shown


def history(root: Path, base: str, subject: str, presenter: Presenter, lang: str) -> list[Step]:
    """What happened to `subject` in which release, newest first; empty when no release mentions it."""
    return steps(index(root, base).get(subject, ()), presenter, lang)


def gone(found: list[Step]) -> Step | None:
    """The step after which the thing is no longer in the graph, if the newest says so."""
    return found[0] if found and found[0].kind in GONE else None


def local_name(value: str, base: str) -> str:
    """`area/x` for a thing under <base>id/, the IRI otherwise: the name of a thing no label names."""
    ids = iri.id_base(base)
    return value[len(ids) :] if value.startswith(ids) else value


# --- the releases page ----------------------------------------------------------------------------------


@dataclass
class Statement:
    """A statement added or removed: its property, its object and the source (named graph) it is in."""

    prop: Value
    value: Value
    graph: Value | None
    via: str | None = None


@dataclass
class Change:
    """A thing of a changelog: added, removed or changed (a rename or a successor with the thing it follows)."""

    kind: str
    entity: Value
    previous: Value | None = None
    """The thing on the other side: the one a rename or a successor follows, or the successor of one replaced."""
    added: list[Statement] = field(default_factory=list)
    removed: list[Statement] = field(default_factory=list)


@dataclass
class Group:
    """The changes of one class."""

    cls: Value | None
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class File:
    """A file of a release, at <base>release/<version>/<name>."""

    name: str
    href: str
    size: int
    sha256: str
    available: bool
    """Whether this copy has its bytes (graph/ still holds them, or the git history does)."""


@dataclass
class ReleaseView:
    """Everything the releases page shows of one release."""

    version: str
    date: str
    previous: str | None
    notes: dict[str, str]
    removals: list[tuple[Value, str]]
    files: list[File]
    groups: list[Group] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    """added, removed, changed: how many things (for every release but the first)."""
    kinds: list[tuple[str, int]] = field(default_factory=list)
    """For the first release: what it holds, by kind of thing."""
    total: int = 0
    gazetteer: int = 0


def parse_term(text: str) -> Any:
    """An object of a changelog (N-Triples syntax) as a pyoxigraph term."""
    import pyoxigraph as ox

    quads = list(ox.parse(f"<urn:x:s> <urn:x:p> {text} .".encode(), ox.RdfFormat.N_TRIPLES))
    return quads[0].object


class ReleasesPage:
    """The releases page in one language: every release, newest first, with its changelog."""

    def __init__(self, presenter: Presenter, root: Path, graph: Path) -> None:
        self.presenter = presenter
        self.root = root
        self.graph = graph

    async def views(self, runner: Runner, lang: str, have: dict[str, set[str]] | None = None) -> list[ReleaseView]:
        """`have`: the files each release has in this copy, by version (default: `releases.available`)."""
        found = releases.read_all(self.root)
        changelogs: dict[str, dict[str, Any]] = {release.version: release.changelog() or {} for release in found}
        labels = Labels(shortener=lambda value: local_name(value, self.presenter.base))
        wanted: set[str] = set()
        for changelog in changelogs.values():
            for entity in self.entities(changelog):
                for language, text in label_pairs(entity):
                    labels.add(entity["iri"], text, language)
                wanted.add(entity["iri"])
                for statements in (*entity.get("added", {}).values(), *entity.get("removed", {}).values()):
                    for statement in statements:
                        if statement["object"].startswith("<"):
                            wanted.add(statement["object"][1:-1])
                        if statement.get("graph"):
                            wanted.add(statement["graph"])
        ids = iri.id_base(self.presenter.base)
        await fetch_labels(runner, {w for w in wanted if w.startswith(ids) and not labels.has(w)}, self.presenter.vocabulary, labels)
        views = []
        for release in reversed(found):
            files = have.get(release.version, set()) if have is not None else releases.available(release, self.root, self.graph)
            views.append(self.view(release, changelogs[release.version], labels, lang, files))
        return views

    @staticmethod
    def entities(changelog: dict[str, Any]) -> list[dict[str, Any]]:
        listed = [*changelog.get("added", []), *changelog.get("removed", []), *changelog.get("changed", [])]
        return listed + [entity["previous"] for entity in changelog.get("changed", []) if entity.get("previous")]

    def view(self, release: releases.Release, changelog: dict[str, Any], labels: Labels, lang: str, have: set[str]) -> ReleaseView:
        ids = iri.id_base(self.presenter.base)
        files = [
            File(name, f"/release/{release.version}/{name}", recorded.size, recorded.sha256, name in have)
            for name, recorded in sorted(release.files.items())
        ]
        removals = [(self.link(ids + removal.id, labels, lang), removal.why) for removal in release.notes.removed]
        notes = {language: getattr(release.notes, language).strip() for language in LANGUAGES}
        view = ReleaseView(release.version, release.date, release.previous, notes, removals, files)
        if release.previous is None:
            entities = release.entities()
            view.kinds = sorted(Counter(local.split("/", 1)[0] for local in entities).items())
            view.total = len(entities)
            view.gazetteer = sum(1 for layer in entities.values() if layer == "gazetteer")
            return view
        groups: dict[str, Group] = {}
        # The thing a successor took the place of is changed too (it gained dcterms:isReplacedBy): shown as replaced.
        successors = {
            entity["previous"]["iri"]: entity
            for entity in changelog.get("changed", [])
            if entity.get("how") == "successor" and entity.get("previous")
        }
        for key in ("added", "removed", "changed"):
            view.summary[key] = len(changelog.get(key, []))
            for entity in changelog.get(key, []):
                classes = entity.get("class") or [""]
                group = groups.get(classes[0])
                if group is None:
                    cls = self.term(classes[0], lang) if classes[0] else None
                    group = groups.setdefault(classes[0], Group(cls))
                change = self.change(key, entity, labels, lang)
                if key == "changed" and entity["iri"] in successors:
                    change.kind, change.previous = "replaced", self.link(successors[entity["iri"]]["iri"], labels, lang)
                getattr(group, key).append(change)
        view.groups = sorted(groups.values(), key=lambda g: (g.cls is None, collation_key(g.cls.text) if g.cls else ("", "")))
        return view

    def change(self, key: str, entity: dict[str, Any], labels: Labels, lang: str) -> Change:
        previous = entity.get("previous")
        kind = entity.get("how", key) if previous else key
        found = Change(kind, self.link(entity["iri"], labels, lang), self.link(previous["iri"], labels, lang) if previous else None)
        for side in ("added", "removed"):
            for prop, statements in sorted(entity.get(side, {}).items()):
                for statement in statements:
                    graph = self.link(statement["graph"], labels, lang) if statement.get("graph") else None
                    value = self.value(statement["object"], labels, lang)
                    getattr(found, side).append(Statement(self.term(prop, lang), value, graph, statement.get("via")))
        return found

    def link(self, subject: str, labels: Labels, lang: str) -> Value:
        text, text_lang = labels.pick(subject, lang)
        return Value(text, self.presenter.href(subject) or subject, subject, lang=text_lang)

    def term(self, value: str, lang: str) -> Value:
        """A class or property, named as the ontology names it."""
        text, text_lang = self.presenter.vocabulary.labels.pick(value, lang)
        return Value(text, self.presenter.href(value) or value, value, lang=text_lang)

    def value(self, text: str, labels: Labels, lang: str) -> Value:
        import pyoxigraph as ox

        term = parse_term(text)
        if isinstance(term, ox.NamedNode):
            if term.value.startswith(self.presenter.base) and not term.value.startswith(iri.id_base(self.presenter.base)):
                return self.term(term.value, lang)
            return self.link(term.value, labels, lang)
        if isinstance(term, ox.BlankNode):
            return Value(text)
        datatype = None if term.language else self.presenter.vocabulary.datatype_label(term.datatype.value, lang)
        return Value(term.value, lang=term.language, datatype=datatype)
