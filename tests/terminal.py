"""Run the command line with stderr on a pseudo-terminal, as a person at a terminal sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path


def started_on_a_terminal(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], int]:
    """`smartcity-kg ARGS` started with stderr on a pseudo-terminal (stdout discarded): the process and the
    terminal's other end, to read what it shows (the caller closes it)."""
    leader, follower = pty.openpty()
    # A terminal of 120 columns: openpty's is 0 by 0, where tqdm draws its bars with no room at all.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    command = [sys.executable, "-m", "smartcity_kg", *args]
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    return process, leader


def read_until(leader: int, marker: str | None = None) -> str:
    """What the terminal shows until `marker` has been shown, or (None) until the command closes it."""
    seen = b""
    while marker is None or marker.encode() not in seen:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen.decode("utf-8", errors="replace")


def on_a_terminal(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> tuple[int, str]:
    """`smartcity-kg ARGS` with stderr on a pseudo-terminal (stdout discarded): its exit code and what it showed."""
    process, leader = started_on_a_terminal(*args, cwd=cwd, env=env)
    try:
        shown = read_until(leader)
    finally:
        os.close(leader)
    return process.wait(timeout=timeout), shown
