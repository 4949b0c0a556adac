"""graph/ is replaced in one step: an interrupted build leaves either the old or the new graph, never a mix."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smartcity_kg.pipeline.write import STOP_AT_SWAP

from .conftest import run_cli, snapshot


def started(repo: Path, stop_at: str) -> subprocess.Popen[bytes]:
    """A build that stops itself (SIGSTOP) at `stop_at` ("before" or "after") the swap: the hook of write.write."""
    command = [sys.executable, "-m", "smartcity_kg", "build", "--without-gazetteer"]
    env = {**os.environ, STOP_AT_SWAP: stop_at}
    return subprocess.Popen(command, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def wait_until_stopped(process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    """Until the kernel reports the process stopped (waitpid, WUNTRACED): it is at the hook, nowhere else."""
    deadline = time.monotonic() + seconds  # a safety net for a build that hangs, not a measurement
    while time.monotonic() < deadline:
        pid, status = os.waitpid(process.pid, os.WUNTRACED | os.WNOHANG)
        if pid == 0:
            time.sleep(0.05)
            continue
        assert os.WIFSTOPPED(status), f"the build ended (status {status}) before it reached the swap"
        return
    process.kill()
    pytest.fail(f"the build did not reach the swap within {seconds:.0f} s")


def killed(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)  # a stopped process dies of SIGKILL at once
    _, status = os.waitpid(process.pid, 0)
    process.returncode = -signal.SIGKILL  # reaped here: Popen must not wait for it again
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert process.stderr is not None
    process.stderr.close()


def test_a_build_killed_at_the_swap_leaves_the_old_or_the_new_graph_whole(repo_copy: Path, tmp_path: Path) -> None:
    """Killed just before the swap, graph/ is wholly the old one; just after, wholly the new one. The build stops
    itself at each moment (write.STOP_AT_SWAP) and the test kills it there, so each kill is known to land in the window."""
    graph = repo_copy / "graph"
    old = snapshot(graph)
    # Make the next build differ from the graph there, and learn what it writes.
    areas = repo_copy / "seeds" / "article" / "areas-1-2565.yaml"
    text = areas.read_text(encoding="utf-8")
    areas.write_text(text.replace("    list_position: 1\n", "    list_position: 1\n    alt_name_en: [Rayong test]\n", 1), encoding="utf-8")
    expected = run_cli("build", "--without-gazetteer", "--out", str(tmp_path / "new"), cwd=repo_copy)
    assert expected.returncode == 0, expected.stderr
    new = snapshot(tmp_path / "new")
    assert new != old

    # Just before: every file is staged beside graph/, and graph/ is still the old one.
    process = started(repo_copy, "before")
    wait_until_stopped(process)
    (staging,) = repo_copy.glob(".graph-*")
    assert snapshot(staging) == new, "stopped before the swap, the staging folder should hold the whole new graph"
    assert snapshot(graph) == old
    killed(process)
    assert snapshot(graph) == old, "killed before the swap, graph/ should be wholly the old version"

    # Just after: graph/ is the new one, and the old one waits in the staging folder to be removed.
    process = started(repo_copy, "after")
    wait_until_stopped(process)
    assert snapshot(graph) == new
    killed(process)
    assert snapshot(graph) == new, "killed after the swap, graph/ should be wholly the new version"
    assert list(repo_copy.glob(".graph-*")), "the swapped-out old version should still be there, the build being killed"

    # A later build cleans up what the killed ones left behind and finishes the job.
    finished = run_cli("build", "--without-gazetteer", cwd=repo_copy)
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


@pytest.mark.slow
def test_without_the_lock_held_two_builds_both_succeed(repo_copy: Path, tmp_path: Path) -> None:
    expected = run_cli("build", "--no-cache", "--without-gazetteer", "--out", str(tmp_path / "alone"), cwd=repo_copy)
    assert expected.returncode == 0, expected.stderr
    builds = [build(repo_copy), build(repo_copy)]
    for process in builds:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert snapshot(repo_copy / "graph") == snapshot(tmp_path / "alone")
    assert not list(repo_copy.glob(".graph-*"))
