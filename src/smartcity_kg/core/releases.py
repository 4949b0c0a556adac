"""The releases of the dataset, recorded in releases/ (docs/releases.md): what each one is, and where its files are.

A release is a folder releases/<version>/ written by `smartcity-kg release`: release.toml (version, date, the
previous release, the notes in Thai and English, the removals it declared, and for each file of graph/ its size,
SHA-256 and git blob id), the changelog against the previous release (changelog.md, changelog.json) and the IRIs
it held (entities.txt.gz, what the next build's breaking-change check needs). The dumps themselves are not copied:
git already has them. A file of a release is read from graph/ while graph/ still holds it (same SHA-256), else
from the repository's git objects by its blob id, and checked against its SHA-256 either way.

releases/next.toml holds what the next release will say, written while its changes are made: its notes and the
IRIs it removes on purpose (which the breaking-change check then lets go).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from smartcity_kg.core import datafile, iri
from smartcity_kg.core.problems import DataError, Problem

FOLDER = "releases"
RECORD_FILE = "release.toml"
NEXT_FILE = "next.toml"
CHANGELOG_MARKDOWN = "changelog.md"
CHANGELOG_JSON = "changelog.json"
ENTITIES_FILE = "entities.txt.gz"
LANGUAGES = ("th", "en")

VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
"""Semantic versioning's MAJOR.MINOR.PATCH (no pre-release or build part: a release here is a published one)."""
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


DATASET = "dataset/thai-smart-city"
"""The key of the version-agnostic dataset, under <base>id/; a release is the dataset <base>id/<DATASET>-<version>."""


def dataset_iri(base: str) -> str:
    return iri.id_base(base) + DATASET


def release_iri(base: str, version: str) -> str:
    return f"{dataset_iri(base)}-{version}"


def download_url(base: str, version: str, name: str) -> str:
    """Where a file of a release is published: <base>release/<version>/<name> (serve and the static site)."""
    return f"{base}release/{version}/{name}"


def version_key(version: str) -> tuple[int, int, int]:
    """`1.10.0` -> (1, 10, 0): versions sort by number, not by text."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


@dataclass(frozen=True)
class ReleasedFile:
    """A file of graph/ as the release holds it."""

    name: str
    size: int
    sha256: str
    blob: str
    """Its git blob id (`git hash-object`): how it is found in the repository's history once graph/ moved on."""


@dataclass(frozen=True)
class Removal:
    """An entity removed on purpose, with no successor: declared, so the breaking-change check lets it go."""

    id: str
    """Its id as the seeds write it (`area/old-name`), relative to <base>id/."""
    why: str


@dataclass(frozen=True)
class Notes:
    """What a release says of itself, in Thai and in English, and the removals it declares."""

    th: str = ""
    en: str = ""
    removed: tuple[Removal, ...] = ()

    def missing(self) -> list[str]:
        return [language for language in LANGUAGES if not getattr(self, language).strip()]


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    """The day it was cut (ISO 8601): its dcterms:issued."""
    previous: str | None
    notes: Notes
    files: dict[str, ReleasedFile]
    folder: Path

    @property
    def key(self) -> tuple[int, int, int]:
        return version_key(self.version)

    def entities(self) -> dict[str, str]:
        """The ids it held (`area/x`, relative to <base>id/), each with its layer (`main` or `gazetteer`)."""
        return read_entities(self.folder / ENTITIES_FILE)

    def changelog(self) -> dict[str, object] | None:
        """Its changelog against the previous release (the JSON of docs/diff.md), None for the first release."""
        path = self.folder / CHANGELOG_JSON
        if not path.is_file():
            return None
        found = json.loads(path.read_text(encoding="utf-8"))
        return found if isinstance(found, dict) else None


def folder(root: Path) -> Path:
    return root / FOLDER


def label(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_notes(source: datafile.DataFile, allowed_top: dict[str, str]) -> Notes:
    """The [notes] and [[removed]] of a release.toml or of next.toml."""
    data = source.data
    datafile.only_keys(source, (), data, allowed_top)
    notes = datafile.table_of(source, ("notes",), data.get("notes", {}))
    datafile.only_keys(source, ("notes",), notes, {"th": "the notes in Thai", "en": "the notes in English"})
    texts = {language: datafile.string_of(source, ("notes", language), notes.get(language, "")) for language in LANGUAGES}
    removed = []
    entries = data.get("removed", [])
    if not isinstance(entries, list):
        raise source.error(("removed",), "removed must be a list of tables ([[removed]] entries)")
    for entry in entries:
        table = datafile.table_of(source, ("removed",), entry)
        datafile.only_keys(
            source,
            ("removed",),
            table,
            {"id": "the id of the entity removed (area/old-name)", "why": "why it is gone and has no successor"},
            required=("id", "why"),
        )
        local = datafile.string_of(source, ("removed", "id"), table["id"])
        if reason := iri.check_local_id(local):
            raise source.error(("removed", "id"), f"removed id {local!r} is not an id of the graph: {reason}")
        removed.append(Removal(local, datafile.string_of(source, ("removed", "why"), table["why"])))
    return Notes(texts["th"], texts["en"], tuple(removed))


RECORD_KEYS = {
    "version": "the version, MAJOR.MINOR.PATCH",
    "date": "the day it was cut, YYYY-MM-DD",
    "previous": "the version of the release before it (absent for the first)",
    "notes": "its notes, th and en",
    "removed": "the entities it removed on purpose",
    "files": "the files of graph/ it holds, with size, sha256 and git blob id",
}
NEXT_KEYS = {"notes": "the notes of the next release, th and en", "removed": "the entities the next release removes on purpose"}


def read_record(path: Path, root: Path) -> Release:
    source = datafile.read(path, label(path, root))
    data = source.data
    notes = read_notes(source, RECORD_KEYS)
    for key in ("version", "date", "files"):
        if key not in data:
            raise source.error((), f"{source.label} has no {key} ({RECORD_KEYS[key]})")
    version = datafile.string_of(source, ("version",), data["version"])
    if not VERSION.fullmatch(version):
        raise source.error(("version",), f"version {version!r} is not MAJOR.MINOR.PATCH")
    if path.parent.name != version:
        raise source.error(("version",), f"version {version} is recorded in the folder of {path.parent.name}")
    date = datafile.string_of(source, ("date",), data["date"])
    if not DATE.fullmatch(date):
        raise source.error(("date",), f"date {date!r} is not YYYY-MM-DD")
    previous = datafile.string_of(source, ("previous",), data["previous"]) if "previous" in data else None
    files = {}
    for name, entry in datafile.table_of(source, ("files",), data["files"]).items():
        table = datafile.table_of(source, ("files", name), entry)
        allowed = {"bytes": "its size", "sha256": "its SHA-256, hex", "git": "its git blob id"}
        datafile.only_keys(source, ("files", name), table, allowed, required=tuple(allowed))
        size, sha, blob = table["bytes"], table["sha256"], table["git"]
        if not isinstance(size, int) or not isinstance(sha, str) or not isinstance(blob, str):
            raise source.error(("files", name), f"files.{name}: bytes is an integer, sha256 and git are strings")
        files[name] = ReleasedFile(name, size, sha, blob)
    return Release(version, date, previous, notes, files, path.parent)


def read_all(root: Path) -> list[Release]:
    """The releases of the repository at `root`, oldest first; a broken record or chain is a DataError at its line."""
    return list(_read_all(folder(root).resolve(), stamp(folder(root))))


def stamp(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What the cache of `_read_all` is keyed by: every record's name, size and time."""
    if not path.is_dir():
        return ()
    found = []
    for record in sorted(path.glob(f"*/{RECORD_FILE}")):
        status = record.stat()
        found.append((record.as_posix(), status.st_size, status.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=8)
def _read_all(path: Path, _stamp: tuple[tuple[str, int, int], ...]) -> tuple[Release, ...]:
    if not path.is_dir():
        return ()
    root = path.parent
    releases = [read_record(record, root) for record in path.glob(f"*/{RECORD_FILE}")]
    releases.sort(key=lambda release: release.key)
    problems = []
    for before, release in zip([None, *releases], releases, strict=False):
        expected = before.version if before is not None else None
        if release.previous != expected:
            where = label(release.folder / RECORD_FILE, root)
            said = f"previous = {release.previous!r}" if release.previous else "no previous"
            wanted = f'previous = "{expected}"' if expected else "no previous (it is the first release)"
            problems.append(
                Problem(
                    where,
                    0,
                    0,
                    f"release {release.version} says {said}, but the release before it is {expected}",
                    hint=f"write {wanted}",
                    rule="release",
                )
            )
        if before is not None and release.date < before.date:
            where = label(release.folder / RECORD_FILE, root)
            problems.append(
                Problem(
                    where,
                    0,
                    0,
                    f"release {release.version} is dated {release.date}, before {before.version} ({before.date})",
                    rule="release",
                )
            )
    if problems:
        raise DataError(problems)
    return tuple(releases)


def latest(root: Path) -> Release | None:
    found = read_all(root)
    return found[-1] if found else None


def find(root: Path, version: str) -> Release | None:
    return next((release for release in read_all(root) if release.version == version), None)


def read_next(root: Path) -> Notes:
    """What releases/next.toml says of the next release (nothing, when there is no such file)."""
    path = folder(root) / NEXT_FILE
    if not path.is_file():
        return Notes()
    return read_notes(datafile.read(path, label(path, root)), NEXT_KEYS)


# --- the files of a release ------------------------------------------------------------------------------


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (`git hash-object`), without git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def in_graph(recorded: ReleasedFile, graph: Path) -> bytes | None:
    """The file's bytes if graph/ still holds them (the size first, then the SHA-256), else None."""
    candidate = graph / recorded.name
    if candidate.is_file() and candidate.stat().st_size == recorded.size:
        data = candidate.read_bytes()
        if hashlib.sha256(data).hexdigest() == recorded.sha256:
            return data
    return None


def file_bytes(release: Release, name: str, root: Path, graph: Path | None = None) -> bytes | None:
    """The bytes of a file of a release: from graph/ while it still holds them, else from the git objects of the
    repository at `root`; None if neither has them (a copy without the history). Checked by SHA-256."""
    recorded = release.files.get(name)
    if recorded is None:
        return None
    if (data := in_graph(recorded, graph if graph is not None else root / "graph")) is not None:
        return data
    shown = subprocess.run(["git", "cat-file", "blob", recorded.blob], cwd=root, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    if shown.returncode != 0 or hashlib.sha256(shown.stdout).hexdigest() != recorded.sha256:
        return None
    return shown.stdout


def available(release: Release, root: Path, graph: Path) -> set[str]:
    """The files of `release` this copy can give: graph/ still holds them, or git has their blobs (one
    `git cat-file --batch-check` for all). file_bytes checks the bytes again when they are read."""
    found = set()
    wanted = {}
    for name, recorded in release.files.items():
        if in_graph(recorded, graph) is not None:
            found.add(name)
        else:
            wanted[recorded.blob] = name
    if wanted:
        asked = "".join(f"{blob}\n" for blob in wanted).encode("ascii")
        done = subprocess.run(["git", "cat-file", "--batch-check"], cwd=root, input=asked, capture_output=True, check=False)
        if done.returncode == 0:
            for line in done.stdout.decode("utf-8", "replace").splitlines():
                blob, _, kind = line.partition(" ")
                if kind.startswith("blob") and blob in wanted:
                    found.add(wanted[blob])
    return found


# --- the ids of a release -------------------------------------------------------------------------------


def read_entities(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    found = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        layer, _, local = line.partition("\t")
        if local:
            found[local] = layer
    return found


def entities_file(entities: dict[str, str]) -> bytes:
    """`layer<TAB>id` lines, sorted by id, gzip-compressed with no timestamp (the same ids give the same bytes)."""
    text = "".join(f"{entities[local]}\t{local}\n" for local in sorted(entities))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def subjects(nquads: bytes, ids: str) -> set[str]:
    """The ids (relative to `ids`, <base>id/) that are subjects of these N-Quads lines."""
    start = b"<" + ids.encode("utf-8")
    found = set()
    for line in nquads.split(b"\n"):
        if line.startswith(start):
            end = line.find(b">", len(start))
            if end > 0:
                found.add(line[len(start) : end].decode("utf-8"))
    return found


# --- writing a record -----------------------------------------------------------------------------------


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, for the characters JSON escapes)."""
    return json.dumps(value, ensure_ascii=False)


def record_text(release: Release, command: str) -> str:
    lines = [
        f"# Written by `{command}`; the notes and removals came from releases/{NEXT_FILE} (docs/releases.md).",
        "# The checksums are those of graph/ when the release was cut: do not edit them.",
        f"version = {toml_string(release.version)}",
        f"date = {toml_string(release.date)}",
    ]
    if release.previous:
        lines.append(f"previous = {toml_string(release.previous)}")
    lines += ["", "[notes]", *(f"{language} = {toml_string(getattr(release.notes, language))}" for language in LANGUAGES)]
    for removal in release.notes.removed:
        lines += ["", "[[removed]]", f"id = {toml_string(removal.id)}", f"why = {toml_string(removal.why)}"]
    for name, found in sorted(release.files.items()):
        lines += [
            "",
            f"[files.{toml_string(name)}]",
            f"bytes = {found.size}",
            f"sha256 = {toml_string(found.sha256)}",
            f"git = {toml_string(found.blob)}",
        ]
    return "\n".join(lines) + "\n"
