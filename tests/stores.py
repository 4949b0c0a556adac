"""Real triple stores for the tests: Oxigraph server (PyPI `oxigraph`) and Virtuoso Open Source (Debian
`virtuoso-opensource`), started on 127.0.0.1 with free ports in a scratch folder, and stopped afterwards."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .processes import free_port, stop, wait_until_up

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # the account of a new Virtuoso database
ASK = {"query": "ASK {}"}


@dataclass(frozen=True)
class Store:
    """A running store and the arguments of `smartcity-kg publish` that reach it."""

    name: str
    url: str
    kind: str
    query: str
    user: str | None = None
    password: str | None = None


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Store]:
    """`oxigraph serve` from the PyPI package `oxigraph` (installed with the test dependencies)."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.fail("the `oxigraph` command is missing: scripts/test.sh installs it with the test dependencies")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/query", process, log, seconds=90, params=ASK)
        yield Store("oxigraph", url, "oxigraph", url + "/query")
    finally:
        stop(process, seconds=20)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Store]:
    """Virtuoso with its own database, ini and ports in `folder`."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.is_file():
        # Loud on purpose: CI must not pass without having published into Virtuoso.
        pytest.fail(
            "Virtuoso is not installed (Debian package virtuoso-opensource): scripts/test.sh installs it; run it as root or with sudo"
        )
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = re.sub(r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\d+", rf"\g<1>{sql_port}", ini)
    ini = re.sub(r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\d+", rf"\g<1>127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(DirsAllowed\s*=\s*)", rf"\g<1>{folder}, ", ini)
    (folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder, stdout=out, stderr=out, start_new_session=True
        )
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_up(url + "/sparql", process, log, seconds=90, params=ASK)
        yield Store("virtuoso", url, "virtuoso", url + "/sparql", VIRTUOSO_USER, VIRTUOSO_PASSWORD)
    finally:
        stop(process, seconds=20)
