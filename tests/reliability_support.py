"""Helpers for the reliability tests: build a site from files through the real CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from govreport_site import cli

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "reports"
ZHUMADIAN = REPO.parent / "shared" / "corpus" / "zhumadian"

# Real report text: 000 (宝山区 2024, whole) and 001 (an excerpt that starts mid-review,
# whose text names neither its region nor its year).
REPORT_000 = (SAMPLES / "000_b4b53c33c4814be1.txt").read_text(encoding="utf-8")
EXCERPT_001 = (SAMPLES / "001_6cdde31dd99d9c5b.txt").read_text(encoding="utf-8")


@dataclass
class Run:
    code: int
    out: str
    err: str
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "_site"

    def data(self) -> dict:
        return json.loads((self.site / "data" / "reports.json").read_text(encoding="utf-8"))

    def messages(self, name: str) -> list[str]:
        """The diagnostic lines printed under the file `name` (relative to reports/)."""
        lines = self.err.splitlines()
        header = os.path.join("reports", *name.split("/"))
        try:
            start = lines.index(header)
        except ValueError:
            return []
        found = []
        for line in lines[start + 1 :]:
            if not line.startswith("  "):
                break
            found.append(line.strip())
        return found


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} under `root` (text as UTF-8)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)


def build_site(
    root: Path, files: dict[str, str | bytes] | None = None, *args: str, cache: bool = False
) -> Run:
    """Write `files` under `root`, run `build-site build` there; the exit code and output.

    The current folder is `root` while it runs, so printed paths are short
    ("reports/x.txt") and the output goes to root/_site. Without `cache` the build runs
    with --no-cache (every report processed, no record of the last build).
    """
    write_files(root, files or {})
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["build", *([] if cache else ["--no-cache"]), *args])
    finally:
        os.chdir(here)
    return Run(code, out.getvalue(), err.getvalue(), root)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`: relative path -> bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
