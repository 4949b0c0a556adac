"""Servers the tests start (smartcity-kg serve, triple stores, web servers): a free port on 127.0.0.1,
waiting until the server answers, and stopping it with everything it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(response: httpx.Response) -> bool:
    return response.status_code == 200


def wait_until_up(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    seconds: float = 60,
    ready: Callable[[httpx.Response], bool] = answers,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Poll `url` until `ready` says yes; fail with the end of the server's log if it exits or never does."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"{url}: the server exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if ready(httpx.get(url, params=params, headers=headers, timeout=5)):
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer within {seconds:.0f} s:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], seconds: float = 15) -> None:
    """SIGTERM to the server's process group (started with start_new_session=True), SIGKILL if it lingers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=seconds)
