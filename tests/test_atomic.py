"""graph/ is replaced in one step: an interrupted build leaves either the old or the new graph, never a mix."""

from __future__ import annotations

import fcntl
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


def build(repo: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "smartcity_kg", "build", "--no-cache", "--without-gazetteer"]
    return subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_started_together_take_turns(repo_copy: Path, tmp_path: Path) -> None:
    """The second build waits for the first's lock instead of deleting its staging folder.

    The test holds the lock itself first, so both builds are seen waiting (an event, not a delay); then it lets
    them go at once, and both must succeed and leave the graph a single build writes.
    """
    expected = run_cli("build", "--no-cache", "--without-gazetteer", "--out", str(tmp_path / "alone"), cwd=repo_copy)
    assert expected.returncode == 0, expected.stderr
    before = snapshot(repo_copy / "graph")
    with (repo_copy / ".graph.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        builds = [build(repo_copy), build(repo_copy)]
        for process in builds:
            assert process.stderr is not None
            line = process.stderr.readline()  # blocks until the build says it waits
            assert "waiting for another build" in line, line
        assert snapshot(repo_copy / "graph") == before, "a build wrote while another held the lock"
        assert not list(repo_copy.glob(".graph-*"))
    results = [(process.wait(timeout=300), process.communicate()) for process in builds]
    for code, (out, err) in results:
        assert code == 0, err
        assert "wrote" in out
    assert snapshot(repo_copy / "graph") == snapshot(tmp_path / "alone")
    assert not list(repo_copy.glob(".graph-*")), "a staging folder was left behind"


def test_without_the_lock_held_two_builds_both_succeed(repo_copy: Path, tmp_path: Path) -> None:
    expected = run_cli("build", "--no-cache", "--without-gazetteer", "--out", str(tmp_path / "alone"), cwd=repo_copy)
    assert expected.returncode == 0, expected.stderr
    builds = [build(repo_copy), build(repo_copy)]
    for process in builds:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert snapshot(repo_copy / "graph") == snapshot(tmp_path / "alone")
    assert not list(repo_copy.glob(".graph-*"))
