"""Debian's chromium driven by Playwright for Python (never Playwright's own browser download)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags chromium tries Google's hosts, which this machine refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def artifacts(kind: str) -> Path:
    """The folder for the screenshots of one kind of browser test: test-artifacts/<kind>/ (git ignores it), or
    $SMARTCITY_KG_ARTIFACTS/<kind>/."""
    folder = Path(os.environ.get("SMARTCITY_KG_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts")) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def chromium() -> Iterator[BrowserContext]:
    """A headless chromium with a new, empty profile."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": 1280, "height": 900}
        )
        try:
            yield context
        finally:
            context.close()
