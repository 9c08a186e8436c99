"""The build-site command as installed (console.run): it leaves without the interpreter's
teardown, so what it prints and writes must all be there, and its exit code must be
cli.main's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from govreport_site import cli

ROOT = Path(__file__).resolve().parents[1]


def command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    code = (
        f"import sys; sys.argv = ['build-site', *{list(args)!r}];"
        "from govreport_site.console import run; run()"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_command_writes_the_same_site_as_main_and_says_so(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "reports", tmp_path / "reports")
    done = command("build", "--out", "by-command", "--strict", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Built 5 reports" in done.stdout  # printed output is flushed before leaving

    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--out", "by-main", "--no-cache"]) == 0
    by_command, by_main = files_of(tmp_path / "by-command"), files_of(tmp_path / "by-main")
    assert len(by_command) > 100
    assert by_command == by_main  # every file complete, none missing


def test_command_exit_code_is_mains(tmp_path):
    done = command("build", "--reports", "no-such-folder", cwd=tmp_path)
    assert done.returncode == 2
    assert "no-such-folder" in done.stderr
