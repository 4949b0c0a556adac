"""Shared fixtures: the repository, a built dataset, and scratch copies of the repository."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smartcity_kg.core.config import Config
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.stages import check

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/thai-smart-city/"
ID = BASE + "id/"
ARTICLE = ROOT / "seeds" / "sources" / "article-mdes-subcommittee-1-2565" / "article.txt"


@pytest.fixture(scope="session")
def built() -> Built:
    """The repository's seeds, loaded, built and validated once per test session."""
    return check(Config(ROOT))


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A scratch copy of what the build reads (seeds/, ontology/, the checks of queries/) and its committed graph/."""
    for folder in ("seeds", "ontology", "queries", "graph"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `smartcity-kg` as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "smartcity_kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


def version_iris() -> list[str]:
    """The owl:versionIRI of the ontology in graph/ontology.ttl, read with rdflib (not with the code under test)."""
    from rdflib import OWL, RDF, Graph

    ontology = Graph().parse(ROOT / "graph" / "ontology.ttl", format="turtle")
    found = [str(v) for o in ontology.subjects(RDF.type, OWL.Ontology) for v in ontology.objects(o, OWL.versionIRI)]
    assert found, "graph/ontology.ttl names no owl:versionIRI"
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """The files under `folder` (graph/ has a subfolder, exports/), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def static_site() -> Iterator[Path]:
    """`smartcity-kg site` of the committed graph/, written once per session into a world-readable folder
    (a web server running as another user, Apache's www-data, reads it)."""
    folder = Path(tempfile.mkdtemp(prefix="smartcity-site-"))
    folder.chmod(0o755)
    try:
        result = run_cli("site", str(folder / "site"), cwd=ROOT)
        assert result.returncode == 0, result.stderr
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """No network in this process for the duration of the block: every DNS lookup and connection fails.

    For the JSON-LD processors' default document loaders: a document that needs a context from elsewhere
    fails to parse inside, whatever network the machine has (and w3id.org/thai-smart-city/ serves nothing yet).
    """

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("network access refused by the test (tests/conftest.py: offline)")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        yield


def jsonld_js(path: Path) -> subprocess.CompletedProcess[str]:
    """`path` as N-Quads by jsonld.js (web/node_modules) with its default loader and no network (tests/jsonld_to_nquads.js)."""
    script = Path(__file__).resolve().parent / "jsonld_to_nquads.js"
    return subprocess.run(["node", str(script), str(path)], capture_output=True, text=True, timeout=120, check=False)
