"""Start `smartcity-kg serve` as a user would, on 127.0.0.1 and a free port, and stop it again."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .processes import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
# The limits of the session's server (conftest `server`): small, so that tests/test_serve.py reaches them.
MAX_QUERY, MAX_BODY, MAX_RESULT = 4000, 20_000, 400_000
LIMITED = ("--timeout", "2", "--max-query-length", str(MAX_QUERY), "--max-body", str(MAX_BODY), "--max-result", str(MAX_RESULT))


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextmanager
def running(*options: str, root: Path, log_dir: Path) -> Iterator[Server]:
    """A server process over `root`'s graph/ (the session's build, conftest `repo`), in its own process group with its
    workers, for the duration of the block."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "smartcity_kg", "serve", "--port", str(port), *options],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_up(server.sparql, process, log, headers={"accept": "text/turtle"})
        yield server
    finally:
        stop(process)
