"""Chromium for the browser tests and benchmarks: Debian's package, driven by Playwright
(Playwright's own browser download is not available here; .ci/run installs chromium)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """$CHROMIUM, /usr/bin/chromium or chromium on PATH; None when there is none."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def launch(playwright):
    """A headless Chromium from a started sync_playwright()."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
