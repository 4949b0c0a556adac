"""A fresh clone passes on its own: no code, test or script names a place outside the repository."""

from __future__ import annotations

import re
import subprocess

from .conftest import ROOT

# What a path outside the repository looks like in this code: the shared reference folder beside the clone, an
# absolute path of the machine it was written on, or a walk up from the repository root.
# (The first alternative is split in two so that this guard is not itself taken for a path outside the repository.)
OUTSIDE = re.compile(r"\.\./" r"shared|/work/|SMARTCITY_KG_SHARED|ROOT\.parent\b|parents\[[2-9]\]")
# A walk up from the file itself that ends inside the repository: `Path(__file__).resolve().parents[3]` in
# src/smartcity_kg/core/iri.py is the repository's root (the code reads the policy of its own repository's ontology/).
FROM_FILE = re.compile(r"Path\(__file__\)\.resolve\(\)\.parents\[(\d)\]")


def outside(name: str, line: str) -> bool:
    """Whether `line` of the repository's file `name` names a place outside the repository."""
    walk = FROM_FILE.search(line)
    if walk and int(walk[1]) <= len(name.split("/")) - 1:
        line = line.replace(walk[0], "")
    return OUTSIDE.search(line) is not None


CHECKED = ("src", "tests", "scripts", "tools", "benchmarks", ".ci", "pyproject.toml")


def test_nothing_outside_the_repository_is_read() -> None:
    files = subprocess.run(["git", "ls-files", "--", *CHECKED], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    offenders = []
    for name in files.split():
        path = ROOT / name
        if path.suffix in {".py", ".sh", ".toml", ".rq", ".cfg", ""} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1) if outside(name, line)]
    # This file names the patterns it looks for.
    offenders = [line for line in offenders if not line.startswith("tests/test_self_contained.py")]
    assert not offenders, "paths outside the repository:\n" + "\n".join(offenders)


def test_the_ci_entry_point_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/test.sh" in readme
    assert re.search(r"^exec scripts/test\.sh\b", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)


def test_a_walk_up_is_outside_only_when_it_leaves_the_repository() -> None:
    inside = 'POLICY = Path(__file__).resolve().parents[3] / "ontology"'
    assert not outside("src/smartcity_kg/core/iri.py", inside)
    assert outside("src/smartcity_kg/iri.py", inside)  # three levels up from a file two deep: beside the clone
    assert outside("tools/x.py", 'Path(__file__).resolve().parents[2] / "shared"')
