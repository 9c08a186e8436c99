"""publish.write: atomic swap of the output folder, refusal of escaping paths."""

from __future__ import annotations

import os

import pytest

from govreport_site.publish import write as write_module
from govreport_site.publish.write import check_relative_path, write_output
from render_fixtures import config_for


def tree(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_writes_files_and_replaces_the_previous_site(tmp_path):
    config = config_for(tmp_path)
    write_output({"index.html": b"one", "reports/a.html": b"A"}, config)
    assert tree(tmp_path / "_site") == {"index.html": b"one", "reports/a.html": b"A"}
    # Without --clean a file this build does not make is carried over, not deleted …
    write_output({"index.html": b"two", "years/2024.html": b"Y"}, config)
    assert tree(tmp_path / "_site") == {
        "index.html": b"two",
        "reports/a.html": b"A",
        "years/2024.html": b"Y",
    }
    # … with --clean the folder holds exactly what the build made.
    config.clean = True
    write_output({"index.html": b"two", "years/2024.html": b"Y"}, config)
    assert tree(tmp_path / "_site") == {"index.html": b"two", "years/2024.html": b"Y"}
    # No temporary or old folders are left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_failure_in_the_middle_leaves_the_previous_site(tmp_path, monkeypatch):
    config = config_for(tmp_path)
    write_output({"index.html": b"old", "reports/a.html": b"A"}, config)
    calls = {"n": 0}
    real = write_module._keep_mtime

    def fail_on_second(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(write_module, "_keep_mtime", fail_on_second)
    with pytest.raises(OSError, match="disk full"):
        write_output({"index.html": b"new", "reports/a.html": b"B", "z.html": b"Z"}, config)
    assert tree(tmp_path / "_site") == {"index.html": b"old", "reports/a.html": b"A"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    config = config_for(tmp_path)
    write_output({"index.html": b"old"}, config)
    real = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:  # old moved away; moving the new one in fails
            raise OSError("rename failed")
        return real(src, dst)

    monkeypatch.setattr(write_module.os, "replace", flaky)
    with pytest.raises(OSError, match="rename failed"):
        write_output({"index.html": b"new"}, config)
    monkeypatch.undo()
    assert tree(tmp_path / "_site") == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


@pytest.mark.parametrize(
    "name",
    [
        "/etc/passwd",
        "../outside.html",
        "reports/../../outside.html",
        "C:/Windows/x.html",
        "c:x.html",
        "reports\\..\\x.html",
        "\\\\server\\share\\x",
        "reports//a.html",
        "./a.html",
        "",
        "a\0b",
    ],
)
def test_paths_that_escape_the_folder_are_refused(tmp_path, name):
    config = config_for(tmp_path)
    with pytest.raises(ValueError) as err:
        write_output({"index.html": b"x", name: b"evil"}, config)
    assert repr(name) in str(err.value)
    assert not (tmp_path / "_site").exists()
    assert list(tmp_path.iterdir()) == []


def test_plain_relative_paths_are_accepted():
    for name in (
        "index.html",
        "reports/a-2024.html",
        "static/site.css",
        ".nojekyll",
        "data/reports.json",
    ):
        check_relative_path(name)


def test_paths_differing_only_in_case_are_refused(tmp_path):
    with pytest.raises(ValueError, match="case"):
        write_output({"reports/A.html": b"1", "reports/a.html": b"2"}, config_for(tmp_path))


def test_output_folder_that_holds_other_things_is_refused(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("报告", encoding="utf-8")
    for out in (tmp_path, tmp_path / "reports", tmp_path.parent, "/"):
        config = config_for(tmp_path)
        config.out_dir = out
        with pytest.raises(ValueError, match="refusing"):
            write_output({"index.html": b"x"}, config)
    assert (tmp_path / "reports" / "a.txt").read_text(encoding="utf-8") == "报告"


def test_unchanged_files_keep_their_modification_time(tmp_path):
    config = config_for(tmp_path)
    write_output({"same.html": b"same", "changed.html": b"v1"}, config)
    old = 1_600_000_000_000_000_000
    for name in ("same.html", "changed.html"):
        os.utime(tmp_path / "_site" / name, ns=(old, old))
    write_output({"same.html": b"same", "changed.html": b"v2"}, config)
    assert (tmp_path / "_site" / "same.html").stat().st_mtime_ns == old
    assert (tmp_path / "_site" / "changed.html").stat().st_mtime_ns != old


def test_output_folder_is_readable_by_a_web_server(tmp_path):
    write_output({"index.html": b"x"}, config_for(tmp_path))
    mode = (tmp_path / "_site").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask
