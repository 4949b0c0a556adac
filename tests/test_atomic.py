"""graph/ is replaced in one step: an interrupted build leaves either the old or the new graph, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import run_cli, snapshot


def test_killing_a_build_at_any_moment_never_leaves_a_partial_graph(repo_copy: Path, tmp_path: Path) -> None:
    graph = repo_copy / "graph"
    old = snapshot(graph)
    # Make the next build differ from the committed graph, and learn what it writes.
    areas = repo_copy / "seeds" / "article" / "areas-1-2565.yaml"
    text = areas.read_text(encoding="utf-8")
    areas.write_text(text.replace("    list_position: 1\n", "    list_position: 1\n    alt_name_en: [Rayong test]\n", 1), encoding="utf-8")
    expected = run_cli("build", "--out", str(tmp_path / "new"), cwd=repo_copy)
    assert expected.returncode == 0, expected.stderr
    new = snapshot(tmp_path / "new")
    assert new != old

    started = time.monotonic()
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0, 2.4, 3.0, 4.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "smartcity_kg", "build"],
            cwd=repo_copy,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ},
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = snapshot(graph)
        assert state in (old, new), f"graph/ is neither the old nor the new version after a kill at {delay}s"
        if state == new:
            break
    assert time.monotonic() - started < 120
    # A later build cleans up what the killed ones left behind and finishes the job.
    finished = run_cli("build", cwd=repo_copy)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(graph) == new
    assert not list(repo_copy.glob(".graph-*")), "temporary folders of killed builds were not removed"
