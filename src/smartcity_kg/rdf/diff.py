"""What changed between two versions of the graph, entity by entity (docs/diff.md).

A version is the quads of a release (releases/, core/releases.py: its files from graph/ or from git by their
blob ids), of a folder written by `build` (smartcity.nq, and gazetteer.nq.gz when it has one) or of a git revision
(the same files of that commit, read with `git show`). Blank nodes are structures
hanging off an entity (its owner): each structure is labelled by RDFC-1.0 together with its owner's IRI,
so reordering or relabelling blank nodes changes nothing. Then the quads are compared as sets, and the
differences are grouped by the entity they describe: added, removed, changed, renamed or succeeded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri, releases

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode, Quad

    Term = NamedNode | BlankNode | Literal

DATA_FILE = "smartcity.nq"
GAZETTEER_FILE = "gazetteer.nq.gz"
GRAPH_FOLDER = "graph"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
IS_REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
LABELS = (SKOS_PREF_LABEL, RDFS_LABEL)
"""Where an entity's name is looked for, in this order, in Thai and in English."""
OWNER_PLACEHOLDER = "urn:x-smartcity-kg:owner"
"""Stands for the owner of a blank-node structure while the structure is canonicalized, so that two
owners with equal structures give them equal shapes (what a rename is recognised by)."""


class DiffError(Exception):
    """A version that cannot be read: no such folder or revision, or a file that does not parse."""


@dataclass(frozen=True)
class Version:
    """The quads of one version of the graph, as lines of N-Quads: those are compared as they are, and only the
    lines that differ, and those about an entity that changed, are ever parsed."""

    name: str
    """What the user called it: a folder or a revision."""
    identity: str
    """urn:sha256:... of its N-Quads files as read: names it in an RDF Patch (`H prev`)."""
    lines: frozenset[bytes]
    """The lines of smartcity.nq and gazetteer.nq.gz without `_:` (none has a blank node), as they are."""
    blank: tuple[Quad, ...] = ()
    """The quads of the other lines: those with a blank node (and any whose literal holds `_:`)."""

    def quads(self) -> list[Quad]:
        """Every quad, blank nodes as the files label them."""
        return [*parsed(self.lines, self.name), *self.blank]


def parsed(lines: Iterable[bytes], name: str) -> list[Quad]:
    from pyoxigraph import RdfFormat, parse

    try:
        return list(parse(b"\n".join(lines), format=RdfFormat.N_QUADS))
    except SyntaxError as error:
        raise DiffError(f"{name}: not N-Quads: {error}") from None


def version_of(data: Iterable[bytes], name: str, identity: str | None = None) -> Version:
    digest = hashlib.sha256()
    lines: set[bytes] = set()
    blank: list[Quad] = []
    for chunk in data:
        digest.update(hashlib.sha256(chunk).digest())
        # The lines as they are: comments, empty lines and other spacing are harmless, as a line that differs is
        # parsed (a comment gives no quad) and a quad written two ways is no change.
        found = set(chunk.split(b"\n"))
        with_blank = {line for line in found if b"_:" in line} if b"_:" in chunk else set()
        lines |= found - with_blank
        blank += parsed(with_blank, name)
    lines.discard(b"")
    return Version(name, identity or f"urn:sha256:{digest.hexdigest()}", frozenset(lines), tuple(blank))


def read_folder(folder: Path) -> Version:
    """The version in a folder written by `build` (or a repository holding one as graph/)."""
    if not (folder / DATA_FILE).is_file() and (folder / GRAPH_FOLDER / DATA_FILE).is_file():
        folder = folder / GRAPH_FOLDER
    if not (folder / DATA_FILE).is_file():
        raise DiffError(f"{folder} has no {DATA_FILE}: not a folder written by `smartcity-kg build`")
    chunks = [(folder / DATA_FILE).read_bytes()]
    if (folder / GAZETTEER_FILE).is_file():
        chunks.append(gzip.decompress((folder / GAZETTEER_FILE).read_bytes()))
    return version_of(chunks, str(folder))


def git_show(repository: Path, revision: str, path: str) -> bytes | None:
    """The bytes of `path` at `revision`, None if that commit has no such file; DiffError if it is no revision."""
    known = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=repository, capture_output=True, check=False
    )
    if known.returncode != 0:
        raise DiffError(f"{revision!r} is neither a folder written by `smartcity-kg build` nor a git revision of {repository}")
    shown = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=repository, capture_output=True, check=False)
    return shown.stdout if shown.returncode == 0 else None


def read_revision(repository: Path, revision: str) -> Version:
    """The version committed at a git revision: its graph/smartcity.nq and graph/gazetteer.nq.gz, no checkout."""
    main = git_show(repository, revision, f"{GRAPH_FOLDER}/{DATA_FILE}")
    if main is None:
        raise DiffError(f"revision {revision} has no {GRAPH_FOLDER}/{DATA_FILE}")
    chunks = [main]
    if (gazetteer := git_show(repository, revision, f"{GRAPH_FOLDER}/{GAZETTEER_FILE}")) is not None:
        chunks.append(gzip.decompress(gazetteer))
    return version_of(chunks, revision)


def read_release(repository: Path, release: releases.Release, base: str) -> Version:
    """A release of `repository`: its files from graph/ while graph/ holds them, else from git; `H prev` of a patch
    from it names the release (its dataset IRI)."""
    chunks = []
    for name in (DATA_FILE, GAZETTEER_FILE):
        if name not in release.files:
            continue
        data = releases.file_bytes(release, name, repository)
        if data is None:
            raise DiffError(
                f"release {release.version}: {GRAPH_FOLDER}/{name} is neither in {GRAPH_FOLDER}/ nor in the git objects of "
                f"{repository} (blob {release.files[name].blob}); a clone with its history has it (git fetch --unshallow)"
            )
        chunks.append(gzip.decompress(data) if name.endswith(".gz") else data)
    return version_of(chunks, release.version, releases.release_iri(base, release.version))


def read_version(name: str, repository: Path, base: str = iri.DEFAULT_BASE) -> Version:
    """A release of `repository` if it has one by that name, else a folder if there is one, else a git revision."""
    if releases.VERSION.fullmatch(name) and (release := releases.find(repository, name)) is not None:
        return read_release(repository, release, base)
    path = Path(name)
    if path.is_dir():
        return read_folder(path)
    return read_revision(repository, name)


# Blank nodes -------------------------------------------------------------------------------------------------


@dataclass
class Canonical:
    """A version's quads with every blank node labelled from its structure and its owner."""

    quads: set[Quad]
    owner: dict[str, str] = field(default_factory=dict)
    """Blank-node label -> IRI of the entity whose structure it is ("" if no IRI refers to it)."""
    shape: dict[str, str] = field(default_factory=dict)
    """Blank-node label -> the same label as if the owner had another IRI (renames are recognised by it)."""


def canonical(candidates: Iterable[Quad]) -> Canonical:
    """Each connected structure of blank nodes belongs to an owner (the least IRI that refers to it); the
    structures of an owner are canonicalized (RDFC-1.0) with the quads that mention them, the owner replaced by a
    placeholder; their nodes are then named `b<hash of owner and canonical structures>n<RDFC label>`: stable
    under any reordering or relabelling.
    The `candidates` may have blank nodes; those that have none are kept as they are."""
    from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, NamedNode, Quad

    result = Canonical(set())
    parent: dict[BlankNode, BlankNode] = {}

    def root(node: BlankNode) -> BlankNode:
        while (up := parent.get(node, node)) != node:
            parent[node] = parent.get(up, up)
            node = up
        return node

    mentioning: list[Quad] = []
    for q in candidates:
        nodes = [t for t in (q.subject, q.object) if isinstance(t, BlankNode)]
        if not nodes:
            result.quads.add(q)
            continue
        mentioning.append(q)
        first = root(nodes[0])
        for other in nodes[1:]:
            if (top := root(other)) != first:
                parent[top] = first
    groups: dict[BlankNode, list[Quad]] = defaultdict(list)
    for q in mentioning:
        groups[root(q.subject if isinstance(q.subject, BlankNode) else q.object)].append(q)  # type: ignore[arg-type]
    # The structures of one owner are canonicalized together, so that two equal ones stay two.
    owned: dict[str, list[Quad]] = defaultdict(list)
    for group in groups.values():
        owner = min((q.subject.value for q in group if isinstance(q.subject, NamedNode) and isinstance(q.object, BlankNode)), default="")
        owned[owner] += group
    placeholder = NamedNode(OWNER_PLACEHOLDER)
    for owner, group in owned.items():

        def hide(term: Any, owner: str = owner) -> Any:
            return placeholder if isinstance(term, NamedNode) and term.value == owner else term

        dataset = Dataset(Quad(hide(q.subject), q.predicate, hide(q.object), q.graph_name) for q in group)
        dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
        structure = "\n".join(sorted(str(q) for q in dataset))
        own = hashlib.sha256(f"{owner}\n{structure}".encode()).hexdigest()[:16]
        shaped = hashlib.sha256(structure.encode()).hexdigest()[:16]
        named: dict[str, BlankNode] = {}

        def label(term: Any, own: str = own, shaped: str = shaped, named: dict[str, BlankNode] = named, owner: str = owner) -> Any:
            if isinstance(term, NamedNode) and term.value == OWNER_PLACEHOLDER:
                return NamedNode(owner)
            if not isinstance(term, BlankNode):
                return term
            if term.value not in named:
                suffix = term.value.removeprefix("c14n")
                named[term.value] = BlankNode(f"b{own}n{suffix}")
                result.owner[f"b{own}n{suffix}"] = owner
                result.shape[f"b{own}n{suffix}"] = f"b{shaped}n{suffix}"
            return named[term.value]

        result.quads.update(Quad(label(q.subject), q.predicate, label(q.object), q.graph_name) for q in dataset)
    return result


# The difference -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """A thing of the graph as a reader recognises it."""

    iri: str
    classes: tuple[str, ...]
    """The IRIs of its rdf:type, sorted."""
    label_th: str | None
    label_en: str | None


@dataclass(frozen=True)
class Statement:
    """One quad of an entity's description."""

    predicate: str
    object: str
    """The object in N-Triples syntax (an IRI in <>, a literal with its language or datatype, a blank node)."""
    graph: str | None
    """The named graph (the source) it is in; None for the default graph."""
    via: str | None = None
    """The blank node it is about (`_:b...`), when it is part of a structure of the entity, not about the entity."""


@dataclass(frozen=True)
class Change:
    """An entity whose statements changed, perhaps one that took the place of another."""

    entity: Entity
    added: dict[str, list[Statement]]
    """Statements added, by predicate IRI."""
    removed: dict[str, list[Statement]]
    """Statements removed, by predicate IRI."""
    previous: Entity | None = None
    """The entity of OLD it took the place of (a rename or a successor), else None."""
    how: str | None = None
    """`renamed` (OLD's entity is gone, this one has the same statements) or `successor` (NEW says
    `previous dcterms:isReplacedBy this`); None for a plain change."""


@dataclass(frozen=True)
class Diff:
    """The entities of NEW not in OLD, those of OLD not in NEW, the changed ones, and the quads that differ."""

    old: Version
    new: Version
    added: list[Entity]
    removed: list[Entity]
    changed: list[Change]
    removed_quads: list[Quad]
    """In OLD's canonical blank-node labels, sorted."""
    added_quads: list[Quad]
    """In NEW's canonical blank-node labels, sorted."""


def compare(old: Version, new: Version) -> Diff:
    """Entity by entity, what changed from `old` to `new`."""
    from pyoxigraph import BlankNode, NamedNode

    before, after = canonical(old.blank), canonical(new.blank)
    # A line in both versions is a quad in both; the others are parsed, and a quad written two ways is no change.
    removed_plain = set(parsed(old.lines - new.lines, old.name))
    added_plain = set(parsed(new.lines - old.lines, new.name))
    same = removed_plain & added_plain
    removed_quads = (removed_plain - same) | (before.quads - after.quads)
    added_quads = (added_plain - same) | (after.quads - before.quads)

    def owner_in(version: Canonical) -> Callable[[Quad], str]:
        def owner(q: Quad) -> str:
            subject = q.subject
            return version.owner.get(subject.value, "") if isinstance(subject, BlankNode) else value_of(subject)

        return owner

    removed_by: dict[str, list[Quad]] = defaultdict(list)
    added_by: dict[str, list[Quad]] = defaultdict(list)
    for q in removed_quads:
        removed_by[owner_in(before)(q)].append(q)
    for q in added_quads:
        added_by[owner_in(after)(q)].append(q)
    touched = (set(removed_by) | set(added_by)) - {""}
    old_about, new_about = about(old, before, touched), about(new, after, touched)
    old_subjects, new_subjects = set(old_about), set(new_about)
    gone = sorted(e for e in removed_by if e and e not in new_subjects)
    came = sorted(e for e in added_by if e and e not in old_subjects)

    # Successors: NEW says `X dcterms:isReplacedBy Y`, Y new. Renames: X gone, Y new, the same statements.
    previous: dict[str, tuple[str, str]] = {}
    for q in sorted(added_quads, key=str):
        replaced = q.predicate.value == IS_REPLACED_BY and isinstance(q.object, NamedNode) and value_of(q.subject) in old_subjects
        if replaced and value_of(q.object) in came and value_of(q.object) not in previous:
            previous[value_of(q.object)] = (value_of(q.subject), "successor")
    shapes: dict[frozenset[tuple[str, str, str]], list[str]] = defaultdict(list)
    for e in gone:
        shapes[shape_of(removed_by[e], e, before)].append(e)
    taken = {x for x, _ in previous.values()}
    for e in came:
        if e in previous:
            continue
        for x in shapes.get(shape_of(added_by[e], e, after), []):
            if x not in taken:
                previous[e] = (x, "renamed")
                taken.add(x)
                break

    old_info, new_info = read_entities(old_about), read_entities(new_about)

    def entity(e: str, info: dict[str, Entity]) -> Entity:
        """As `info` has it; what it lacks (a class, a label) as the other version has it."""
        found, other = info.get(e), (old_info if info is new_info else new_info).get(e)
        if found is None or other is None:
            return found or other or Entity(e, (), None, None)
        return Entity(e, found.classes or other.classes, found.label_th or other.label_th, found.label_en or other.label_en)

    added = [entity(e, new_info) for e in came if e not in previous]
    removed = [entity(e, old_info) for e in gone if e not in taken]
    changed: list[Change] = []
    for e in sorted(set(removed_by) | set(added_by)):
        if not e or (e in gone and e in taken):
            continue
        if e in previous:
            x, how = previous[e]
            was = old_about.get(x, removed_by[x])
            mapped = statements(was, before, rename=(x, e))
            now = statements(added_by[e], after)
            changed.append(Change(entity(e, new_info), grouped(now - mapped), grouped(mapped - now), entity(x, old_info), how))
        elif e in old_subjects and e in new_subjects:
            changed.append(
                Change(
                    entity(e, new_info),
                    grouped(statements(added_by[e], after)),
                    grouped(statements(removed_by[e], before)),
                )
            )

    def key(x: Entity) -> tuple[tuple[str, ...], str]:
        return x.classes, x.iri

    return Diff(
        old,
        new,
        sorted(added, key=key),
        sorted(removed, key=key),
        sorted(changed, key=lambda c: key(c.entity)),
        sorted(removed_quads, key=str),
        sorted(added_quads, key=str),
    )


def value_of(term: object) -> str:
    """The IRI of a named node, the text of a literal, the label of a blank node (a quoted triple as N-Triples)."""
    return str(getattr(term, "value", term))


def shape_of(quads: list[Quad], entity: str, version: Canonical) -> frozenset[tuple[str, str, str]]:
    """An entity's description with its own IRI and its blank nodes' owner left out: equal for a renamed entity."""
    from pyoxigraph import BlankNode, NamedNode

    def term(t: Any) -> str:
        if isinstance(t, BlankNode):
            return "_:" + version.shape.get(t.value, t.value)
        return "<>" if isinstance(t, NamedNode) and t.value == entity else str(t)

    return frozenset((term(q.subject), q.predicate.value, term(q.object) + " " + str(q.graph_name)) for q in quads)


def statements(quads: Iterable[Quad], version: Canonical, rename: tuple[str, str] | None = None) -> set[Statement]:
    """Quads as statements of their entity; `rename` (X, Y) writes X's statements as if they were Y's."""
    from pyoxigraph import BlankNode, NamedNode

    def statement(q: Quad) -> Statement:
        obj = str(q.object)
        if rename is not None and isinstance(q.object, NamedNode) and q.object.value == rename[0]:
            obj = f"<{rename[1]}>"
        via = None
        if isinstance(q.subject, BlankNode):
            via = str(q.subject)
            if rename is not None:  # the structure of X compared with that of Y: by shape, the owner left out
                via = "_:" + version.shape.get(q.subject.value, q.subject.value)
        if rename is not None and isinstance(q.object, BlankNode):
            obj = "_:" + version.shape.get(q.object.value, q.object.value)
        graph = q.graph_name.value if isinstance(q.graph_name, NamedNode) else None
        return Statement(q.predicate.value, obj, graph, via)

    return {statement(q) for q in quads}


def grouped(statements: Iterable[Statement]) -> dict[str, list[Statement]]:
    by: dict[str, list[Statement]] = defaultdict(list)
    for s in sorted(statements, key=lambda s: (s.predicate, s.via or "", s.object, s.graph or "")):
        by[s.predicate].append(s)
    return dict(sorted(by.items()))


def about(version: Version, blank: Canonical, entities: set[str]) -> dict[str, list[Quad]]:
    """Every quad of each of `entities` that is a subject of `version`, with its blank-node structures; one pass
    over the lines that reads only where a line's subject ends."""
    from pyoxigraph import NamedNode

    wanted = {b"<" + e.encode() for e in entities}
    lines = [line for line in version.lines if line.partition(b">")[0] in wanted]
    found: dict[str, list[Quad]] = defaultdict(list)
    for q in parsed(lines, version.name):
        found[value_of(q.subject)].append(q)
    for q in blank.quads:
        e = blank.owner.get(value_of(q.subject), "") if not isinstance(q.subject, NamedNode) else q.subject.value
        if e in entities:
            found[e].append(q)
    return dict(found)


def read_entities(about: dict[str, list[Quad]]) -> dict[str, Entity]:
    """The classes and the Thai and English labels of each entity described."""
    from pyoxigraph import Literal

    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for e, quads in about.items():
        for q in quads:
            if value_of(q.subject) != e:
                continue
            p = q.predicate.value
            if p == RDF_TYPE:
                classes[e].add(value_of(q.object))
            elif p in LABELS and isinstance(q.object, Literal) and q.object.language in ("th", "en"):
                found = labels[(e, q.object.language)]
                found[p] = min(found.get(p, q.object.value), q.object.value)

    def label(e: str, language: str) -> str | None:
        found = labels.get((e, language), {})
        return next((found[p] for p in LABELS if p in found), None)

    return {e: Entity(e, tuple(sorted(classes.get(e, ()))), label(e, "th"), label(e, "en")) for e in about}


# Outputs ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """How IRIs are shown to people: compacted with the project's prefixes, things relative to <base>id/."""

    prefixes: dict[str, str]
    ids: str = iri.id_base(iri.DEFAULT_BASE)

    def name(self, value: str) -> str:
        if value.startswith(self.ids):
            return value[len(self.ids) :]
        return iri.compact(value, self.prefixes)

    def term(self, text: str) -> str:
        """A term in N-Triples syntax, its IRI shortened."""
        if text.startswith("<") and text.endswith(">"):
            return self.name(text[1:-1])
        if text.startswith('"') and "^^<" in text:
            value, _, datatype = text.rpartition("^^<")
            return f"{value}^^{self.name(datatype[:-1])}"
        return text

    def classes(self, entity: Entity) -> str:
        return ", ".join(self.name(c) for c in entity.classes) or "(no class)"

    def labels(self, entity: Entity) -> str:
        return " / ".join(label for label in (entity.label_th, entity.label_en) if label) or "(no label)"


def by_class(diff: Diff, view: View) -> dict[str, tuple[list[Entity], list[Entity], list[Change]]]:
    """The entities added, removed and changed, under the name of their classes."""
    found: dict[str, tuple[list[Entity], list[Entity], list[Change]]] = {}
    for kind, entities in enumerate((diff.added, diff.removed, [c.entity for c in diff.changed])):
        for i, e in enumerate(entities):
            bucket = found.setdefault(view.classes(e), ([], [], []))
            bucket[kind].append(diff.changed[i] if kind == 2 else e)  # type: ignore[arg-type]
    return dict(sorted(found.items()))


def summary(diff: Diff) -> str:
    renamed = sum(c.how == "renamed" for c in diff.changed)
    succeeded = sum(c.how == "successor" for c in diff.changed)
    return (
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed "
        f"(renamed: {renamed}, successors: {succeeded}); {len(diff.removed_quads)} quads removed, {len(diff.added_quads)} added"
    )


def statement_lines(change: Change, view: View) -> list[tuple[str, str, str]]:
    """(predicate, sign, the object with its graph) for each statement of a change."""
    lines = []
    for sign, statements in (("-", change.removed), ("+", change.added)):
        for predicate, found in statements.items():
            for s in found:
                about = f"{s.via} " if s.via else ""
                graph = f"  [{view.name(s.graph)}]" if s.graph else ""
                lines.append((view.name(predicate), sign, f"{about}{view.term(s.object)}{graph}"))
    return sorted(lines, key=lambda line: (line[0], line[1] != "-"))


def heading(change: Change, view: View) -> str:
    if change.previous is None:
        return ""
    how = "renamed from" if change.how == "renamed" else "successor of"
    return f"  ({how} {view.name(change.previous.iri)})"


def text(diff: Diff, view: View) -> str:
    """For the terminal: a block per class, + added, - removed, ~ changed with the statements by property."""
    out = [f"{diff.old.name} -> {diff.new.name}: {summary(diff)}"]
    for name, (added, removed, changed) in by_class(diff, view).items():
        out.append("")
        out.append(name)
        out.extend(f"  + {view.name(e.iri)}  {view.labels(e)}" for e in added)
        out.extend(f"  - {view.name(e.iri)}  {view.labels(e)}" for e in removed)
        for change in changed:
            out.append(f"  ~ {view.name(change.entity.iri)}  {view.labels(change.entity)}{heading(change, view)}")
            last = None
            for predicate, sign, rest in statement_lines(change, view):
                if predicate != last:
                    out.append(f"      {predicate}")
                    last = predicate
                out.append(f"        {sign} {rest}")
    return "\n".join(out) + "\n"


def markdown(diff: Diff, view: View) -> str:
    """For a changelog or a pull request: a section per class, lists of entities, statements as code."""

    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("`", "'")

    out = [f"# Changes from `{diff.old.name}` to `{diff.new.name}`", "", summary(diff) + "."]
    for name, (added, removed, changed) in by_class(diff, view).items():
        out += ["", f"## {name}", ""]
        out.extend(f"- added `{view.name(e.iri)}` {cell(view.labels(e))}" for e in added)
        out.extend(f"- removed `{view.name(e.iri)}` {cell(view.labels(e))}" for e in removed)
        for change in changed:
            out.append(f"- changed `{view.name(change.entity.iri)}` {cell(view.labels(change.entity))}{heading(change, view)}")
            for predicate, sign, rest in statement_lines(change, view):
                out.append(f"  - `{predicate}` {'removed' if sign == '-' else 'added'} `{cell(rest)}`")
    return "\n".join(out) + "\n"


def entity_json(entity: Entity) -> dict[str, Any]:
    return {"iri": entity.iri, "class": list(entity.classes), "label": {"th": entity.label_th, "en": entity.label_en}}


def statements_json(statements: dict[str, list[Statement]]) -> dict[str, list[dict[str, Any]]]:
    return {
        predicate: [{"object": s.object, "graph": s.graph, **({"via": s.via} if s.via else {})} for s in found]
        for predicate, found in statements.items()
    }


def as_json(diff: Diff, view: View) -> str:
    """The document of docs/diff.md: top-level keys `added`, `removed`, `changed`."""
    changed = []
    for change in diff.changed:
        entry = entity_json(change.entity)
        if change.previous is not None:
            entry["previous"] = entity_json(change.previous)
            entry["how"] = change.how
        entry["added"] = statements_json(change.added)
        entry["removed"] = statements_json(change.removed)
        changed.append(entry)
    document = {"added": [entity_json(e) for e in diff.added], "removed": [entity_json(e) for e in diff.removed], "changed": changed}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def rdf_patch(diff: Diff, view: View) -> str:
    """A Jena RDF Patch that turns OLD (in its canonical blank-node labels) into NEW: D rows, then A rows, in one
    transaction; `H prev` names OLD, `H id` this patch, both by content hash, so the same diff gives the same bytes."""
    rows = [f"D {q} ." for q in diff.removed_quads] + [f"A {q} ." for q in diff.added_quads]
    body = "\n".join(["TX .", *rows, "TC ."]) + "\n"
    patch_id = "urn:sha256:" + hashlib.sha256(f"{diff.old.identity}\n{body}".encode()).hexdigest()
    return f"H id <{patch_id}> .\nH prev <{diff.old.identity}> .\n" + body


def apply_patch(quads: Iterable[Quad], patch: str) -> set[Quad]:
    """The quads after an RDF Patch of `rdf_patch` (blank nodes taken by their labels, as a store keeps them)."""
    from pyoxigraph import RdfFormat, parse

    found = set(quads)
    for line in patch.splitlines():
        sign, _, row = line.partition(" ")
        if sign in ("A", "D"):
            (q,) = parse(row.encode(), format=RdfFormat.N_QUADS)
            if sign == "A":
                found.add(q)
            else:
                found.discard(q)
        elif sign not in ("H", "TX", "TC", ""):
            raise DiffError(f"not a row of an RDF Patch: {line}")
    return found


FORMATS: dict[str, Callable[[Diff, View], str]] = {"text": text, "markdown": markdown, "json": as_json, "rdf-patch": rdf_patch}
"""The outputs of `smartcity-kg diff`, by the name --format takes."""
