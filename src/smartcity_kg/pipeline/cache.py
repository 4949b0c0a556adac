"""The build cache, <root>/.cache/smartcity-kg/: work a build need not do again, found by content, never by time.

- `files/`: each curated YAML file as `load` checked it (its data; positions are read again when needed),
  under the SHA-256 of the file's bytes and of everything that decides what loading makes of them (this
  package's code, the JSON-LD context, the Python and library versions, the base IRI, against which IRIs are
  checked). A changed file has a new key, so nothing is ever invalidated by hand; entries nobody asks for again
  are removed by `prune`.
- `quads/`: the statements `build` made of such a file (N-Quads), under the same key and the base IRI.
- `builds/`: per output folder, the digest of all inputs of the build that wrote it and the size and
  modification time of each file it wrote: `build` does nothing when both still hold (`up_to_date`).

The entries are `marshal` data, which only this package writes and reads (the Python version is part of
the key); a damaged or unreadable entry counts as missing. `--no-cache` runs without any of this.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from smartcity_kg import __version__
from smartcity_kg.core import iri, releases
from smartcity_kg.core.config import Config
from smartcity_kg.rdf.examples import FOLDER as CHECKS_FOLDER  # its *-violation.rq run in every build

FOLDER = Path(".cache") / "smartcity-kg"
PACKAGE = Path(__file__).resolve().parents[1]
"""The whole package: the code of every floor counts, as a file read in a worker goes through several."""
# The code: Python, and the SPARQL queries it runs (.rq files beside the modules).
CODE_SUFFIXES = (".py", ".rq")
# The libraries whose output the entries hold: a new version may parse or serialize differently.
LIBRARIES = ("PyYAML", "pyoxigraph")


@functools.cache
def code_digest(context_file: Path) -> str:
    """What decides how a YAML file is read and turned into quads: the code, the context, the IRI policy, the versions."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{__version__} {sys.version} {[version(name) for name in LIBRARIES]}".encode())
    for path in sorted(path for suffix in CODE_SUFFIXES for path in PACKAGE.rglob(f"*{suffix}")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(context_file.read_bytes())
    digest.update(iri.POLICY_PATH.read_bytes())  # the kinds and key forms the ids of every file are checked against
    return digest.hexdigest()


class Cache:
    """The cache of one repository; every method is a no-op when `config.cache` is off."""

    def __init__(self, config: Config) -> None:
        self.enabled = config.cache
        self.folder = config.root / FOLDER
        self.code = code_digest(config.ontology / "context.jsonld") if self.enabled else ""
        self.base = hashlib.sha256(config.base.encode()).hexdigest()[:16]
        self.used: set[str] = set()

    def key(self, data: bytes) -> str:
        """The key of a file's bytes under this code and base (the IRIs checked while loading are expanded against it)."""
        return hashlib.sha256(self.code.encode() + b"\0" + self.base.encode() + b"\0" + data).hexdigest()

    def read(self, kind: str, key: str) -> Any:
        """The entry, or None when there is none (or it cannot be read: then it is rebuilt)."""
        if not self.enabled:
            return None
        self.used.add(key)
        try:
            return marshal.loads((self.folder / kind / key).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def write(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            self.used.add(key)
            atomic_write(self.folder / kind / key, marshal.dumps(value))

    def file(self, key: str) -> dict[str, Any] | None:
        found = self.read("files", key)
        return found if isinstance(found, dict) else None

    def quads(self, key: str) -> bytes | None:
        found = self.read("quads", f"{key}-{self.base}")
        return found if isinstance(found, bytes) else None

    def write_quads(self, key: str, nquads: bytes) -> None:
        self.write("quads", f"{key}-{self.base}", nquads)

    def prune(self) -> None:
        """Remove the entries of files this run did not read: old versions of edited files, deleted files."""
        if not self.enabled:
            return
        for kind in ("files", "quads"):
            folder = self.folder / kind
            for path in folder.iterdir() if folder.is_dir() else ():
                if path.name.split("-")[0] not in self.used:
                    path.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half an entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def inputs_digest(config: Config) -> str:
    """Everything a build reads: every file under seeds/, ontology/, queries/ (the checks) and releases/, the code, the settings."""
    digest = hashlib.sha256(f"{config.base} {config.gazetteer} {config.exports} {config.checks}".encode())
    digest.update(code_digest(config.ontology / "context.jsonld").encode())
    # releases/: the last release's ids (the breaking-change check) and the version chain of void.ttl.
    for folder in (config.seeds, config.ontology, config.root / CHECKS_FOLDER, config.root / releases.FOLDER):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(config.root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stamp_path(config: Config) -> Path:
    return config.root / FOLDER / "builds" / hashlib.sha256(str(config.graph.resolve()).encode()).hexdigest()[:16]


def outputs(folder: Path) -> dict[str, list[int]]:
    """Size and modification time (ns) of every file in `folder`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(folder).as_posix()] = [status.st_size, status.st_mtime_ns]
    return found


def up_to_date(config: Config, digest: str) -> str | None:
    """The summary of the last build into config.graph when its inputs were these and its files are untouched."""
    if not config.cache or not config.graph.is_dir():
        return None
    try:
        stamp = json.loads(stamp_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("inputs") != digest or stamp.get("outputs") != outputs(config.graph):
        return None
    summary = stamp.get("summary")
    return summary if isinstance(summary, str) else None


def record(config: Config, digest: str, summary: str) -> None:
    """Remember that config.graph now holds the build of these inputs."""
    if config.cache:
        stamp = {"inputs": digest, "outputs": outputs(config.graph), "summary": summary}
        atomic_write(stamp_path(config), json.dumps(stamp, ensure_ascii=False).encode("utf-8"))
