"""Shared fixtures: the repository, this session's own build of it, and scratch copies.

The tests of the code read the graph/ that the session builds (`repo`, `written`), never the committed one:
tests/test_outputs.py has the one test that keeps the committed graph/ equal to a fresh build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from smartcity_kg.core.config import Config
from smartcity_kg.pipeline import write
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.stages import check

from .serving import LIMITED, Server, running

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/thai-smart-city/"
ID = BASE + "id/"
ARTICLE = ROOT / "seeds" / "sources" / "article-mdes-subcommittee-1-2565" / "article.txt"


@pytest.fixture(scope="session")
def built() -> Built:
    """The repository's seeds, loaded, built and validated once per test session."""
    return check(Config(ROOT))


# What a build reads: the seeds, the ontology and the checks of queries/ (copied into `repo` and `repo_copy`), and the
# project configuration.
INPUTS = ("seeds", "ontology", "queries")
CONFIG_FILE = "smartcity-kg.toml"
RELEASES_FOLDER = "releases"  # read by a build too (the last release's ids, the version chain); copied where it is kept


@pytest.fixture(scope="session")
def repo(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository made once per session in a temporary folder: the inputs of the working tree copied, web/ linked
    (the server's YASGUI, read only), and graph/ written from `built` as `smartcity-kg build` writes it
    (pipeline.stages.check, then write.render and write.write). Read only: a test that writes takes `repo_copy`."""
    root = tmp_path_factory.mktemp("repo")
    for folder in (*INPUTS, RELEASES_FOLDER):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / CONFIG_FILE, root / CONFIG_FILE)
    (root / "web").symlink_to(ROOT / "web", target_is_directory=True)
    write.write(write.render(built), root / "graph")
    borrow_history(root)
    return root


@pytest.fixture(scope="session")
def written(repo: Path) -> Path:
    """The graph/ of this session's build (`repo`)."""
    return repo / "graph"


@pytest.fixture
def repo_copy(repo: Path, tmp_path: Path) -> Path:
    """A scratch copy of what the build reads (seeds/, ontology/, the checks of queries/) and the session's graph/."""
    for folder in (*INPUTS, RELEASES_FOLDER, "graph"):
        shutil.copytree(repo / folder, tmp_path / folder)
    shutil.copy(repo / CONFIG_FILE, tmp_path / CONFIG_FILE)
    borrow_history(tmp_path)
    return tmp_path


def borrow_history(root: Path) -> None:
    """Make `root` a git repository that reads the objects of this one (git's alternates), as a clone would: the files
    of an earlier release are found there by their blob ids (core/releases.py). Nothing is copied."""
    objects = git(ROOT, "rev-parse", "--path-format=absolute", "--git-common-dir")
    git(root, "init", "-q")
    (root / ".git" / "objects" / "info" / "alternates").write_text(f"{objects}/objects\n", encoding="utf-8")


def one_of_each(cases: Iterable[T], kind: Callable[[T], object], name: Callable[[T], str]) -> list[Any]:
    """`cases` as pytest parameters, named by `name`: the first case of each kind runs in the fast tier, the others are
    marked slow (the whole suite runs them all). For a family of data-driven cases through one code path."""
    seen: set[object] = set()
    params = []
    for case in cases:
        params.append(pytest.param(case, id=name(case), marks=pytest.mark.slow if kind(case) in seen else ()))
        seen.add(kind(case))
    return params


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
    """The owl:versionIRI of the ontology, read with rdflib from its source, ontology/smartcity.ttl (not with the code
    under test, and at collection time, before any build: graph/ontology.ttl carries it unchanged)."""
    from rdflib import OWL, RDF, Graph

    ontology = Graph().parse(ROOT / "ontology" / "smartcity.ttl", format="turtle")
    found = [str(v) for o in ontology.subjects(RDF.type, OWL.Ontology) for v in ontology.objects(o, OWL.versionIRI)]
    assert found, "ontology/smartcity.ttl names no owl:versionIRI"
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """The files under `folder` (graph/ has a subfolder, exports/), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def static_site(repo: Path) -> Iterator[Path]:
    """`smartcity-kg site` of the session's graph/, written once per session into a world-readable folder
    (a web server running as another user, Apache's www-data, reads it)."""
    folder = Path(tempfile.mkdtemp(prefix="smartcity-site-"))
    folder.chmod(0o755)
    try:
        result = run_cli("site", str(folder / "site"), cwd=repo)
        assert result.returncode == 0, result.stderr
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`smartcity-kg serve` over the session's graph/ with a 2 s time limit and small size limits (serving.LIMITED),
    started once for the modules that talk to a server (test_serve, test_advertised_iris)."""
    with running(*LIMITED, root=repo, log_dir=tmp_path_factory.mktemp("serve")) as started:
        yield started


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


# Two releases of known changes, for tests/test_release.py and the releases pages: what changed from 1.0.0 to 1.1.0,
# written by hand (tests/releases/README.md says the same).
RELEASES = {
    "1.0.0": ("2026-12-01", "รุ่นแรกของข้อมูล", "The first release of the data."),
    "1.1.0": ("2026-12-02", "เปลี่ยนชื่อพื้นที่แม่เมาะ และนำโครงการหนึ่งออก", "Mae Moh's id renamed; one programme removed; a name corrected."),
}
RENAMED = ("area/mae-moh", "area/mae-moh-livable")
REMOVED = "programme/smart-city-ambassadors"
RETITLED = ("area/khon-kaen", "Khon Kaen Smart City", "Khon Kaen Smart City (renamed in 1.1.0)")


def git(root: Path, *args: str) -> str:
    """A git command in `root` as a test's committer (no signing), its output without the final newline."""
    command = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=True).stdout.strip()


def change_for_release(root: Path) -> None:
    """The changes of release 1.1.0: a successor (`replaces:`), a removal declared in releases/next.toml, a value."""
    import re

    old, new = RENAMED
    for path in (root / "seeds").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if re.search(rf"{re.escape(old)}\b", text):
            path.write_text(re.sub(rf"{re.escape(old)}\b", new, text), encoding="utf-8")
    areas = root / "seeds" / "reference" / "smart-city-areas.yaml"
    text = areas.read_text(encoding="utf-8")
    text = text.replace(f"- id: {new}\n  type: SmartCityArea\n", f"- id: {new}\n  type: SmartCityArea\n  replaces: [{old}]\n")
    text = text.replace(f"name_en: {RETITLED[1]}\n", f"name_en: {RETITLED[2]}\n")
    areas.write_text(text, encoding="utf-8")
    programmes = root / "seeds" / "article" / "programmes.yaml"
    text = programmes.read_text(encoding="utf-8")
    start = text.index(f"  - id: {REMOVED}")
    programmes.write_text(text[:start] + text[text.index("  - id: ", start + 5) :], encoding="utf-8")
    (root / "releases").mkdir(exist_ok=True)
    (root / "releases" / "next.toml").write_text(
        f'[[removed]]\nid = "{REMOVED}"\nwhy = "a test: no source names it any more"\n', encoding="utf-8"
    )


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of the working tree's inputs with two releases, 1.0.0 and 1.1.0 (the changes above), each cut
    by `smartcity-kg release` and committed, as a curator would; graph/ holds 1.1.0, so 1.0.0's files come from git."""
    root = tmp_path_factory.mktemp("released")
    for folder in INPUTS:  # not releases/: these two are the first
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / CONFIG_FILE, root / CONFIG_FILE)
    git(root, "init", "-q")
    for version, (date, th, en) in RELEASES.items():
        if version != "1.0.0":
            change_for_release(root)
        result = run_cli("release", version, "--date", date, "--notes-th", th, "--notes-en", en, "--quiet", cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"release {version}")
    return root
