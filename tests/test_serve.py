"""build-site serve: watching the inputs, rebuilding in the process, live reload."""

from __future__ import annotations

import filecmp
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from govreport_site import cli
from govreport_site.serve import BUILD_PATH, LiveSite, inject
from govreport_site.watch import Watcher, snapshot

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "reports"
FAST = {"interval": 0.02, "quiet": 0.05}  # seconds: polls often so tests wait little


def wait_for(condition, timeout: float = 120.0) -> None:
    """Wait until condition() holds; a generous limit, only against a hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def touch_later(path: Path, text: str) -> None:
    """Write `text` with a modification time that differs from the old one even on file
    systems with coarse times (size alone may not change)."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    if st.st_mtime_ns == old:
        os.utime(path, ns=(st.st_atime_ns, old + 10_000_000))


# -- the watcher ---------------------------------------------------------------------------


def test_snapshot_sees_every_input_but_editor_files_and_the_build_output(tmp_path):
    reports = tmp_path / "reports"
    (reports / "henan").mkdir(parents=True)
    for name in ("a.txt", "_meta.yaml", "henan/b.md", "henan/b.yaml"):
        (reports / name).write_text("x", encoding="utf-8")
    for name in (".a.txt.swp", "a.txt~", ".#a.txt", "4913"):
        (reports / name).write_text("x", encoding="utf-8")
    (reports / ".govreport-cache").mkdir()
    (reports / ".govreport-cache" / "x.pickle").write_text("x", encoding="utf-8")
    out = tmp_path / "_site"
    out.mkdir()
    (out / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "site.yaml").write_text("title: x\n", encoding="utf-8")

    seen = snapshot([reports, tmp_path / "templates", tmp_path / "site.yaml", tmp_path], [out])
    names = sorted(Path(p).relative_to(tmp_path).as_posix() for p in seen)
    assert names == [
        "reports/_meta.yaml",
        "reports/a.txt",
        "reports/henan/b.md",
        "reports/henan/b.yaml",
        "site.yaml",
    ]


def run_watcher(tmp_path, rebuild):
    watcher = Watcher([tmp_path], **FAST)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(rebuild, stop), daemon=True)
    thread.start()
    return watcher, stop, thread


def test_a_burst_of_saves_makes_one_rebuild(tmp_path):
    calls = []
    watcher, stop, thread = run_watcher(tmp_path, lambda: calls.append(time.monotonic()))
    try:
        time.sleep(3 * FAST["interval"])  # the watcher has its first state
        # Saved over several polls, each within the quiet time of the last: one rebuild.
        watcher.quiet = 0.5
        for n in range(5):
            (tmp_path / f"{n}.txt").write_text("x", encoding="utf-8")
            time.sleep(2 * FAST["interval"])
        wait_for(lambda: calls)
        time.sleep(0.2)  # a second rebuild would start within a few polls
        assert len(calls) == 1
    finally:
        stop.set()
        thread.join(timeout=10)


def test_a_change_during_a_rebuild_makes_one_more(tmp_path):
    started, release = threading.Event(), threading.Event()
    calls = []

    def rebuild():
        calls.append(1)
        if len(calls) == 1:
            started.set()
            release.wait(30)  # a slow build, during which the user saves twice more

    _, stop, thread = run_watcher(tmp_path, rebuild)
    try:
        time.sleep(3 * FAST["interval"])
        (tmp_path / "a.txt").write_text("1", encoding="utf-8")
        assert started.wait(30)
        (tmp_path / "a.txt").write_text("22", encoding="utf-8")
        (tmp_path / "b.txt").write_text("3", encoding="utf-8")
        release.set()
        wait_for(lambda: len(calls) == 2)
        time.sleep(0.2)
        assert len(calls) == 2
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


# -- the server ----------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path):
    """Serve a small folder with live reload; yields (url, builds, folder)."""
    (tmp_path / "index.html").write_bytes(b"<html><body><h1>\xe5\xba\x93</h1></body></html>\n")
    (tmp_path / "404.html").write_text("<body>页面不存在</body>", encoding="utf-8")
    (tmp_path / "data.json").write_text('{"a": "</body>"}', encoding="utf-8")
    with LiveSite(tmp_path, port=0) as live:  # reloads, without watching
        yield live.url, live.builds, tmp_path


def test_served_pages_carry_the_reload_script_and_the_files_do_not(served):
    url, builds, folder = served
    status, body = get(url)
    assert status == 200
    assert body == inject((folder / "index.html").read_bytes(), 0)
    assert body.index(BUILD_PATH.encode()) < body.index(b"</body>")
    assert BUILD_PATH.encode() not in (folder / "index.html").read_bytes()
    assert get(url + "index.html")[1] == body
    status, body = get(url + "nowhere/")
    assert status == 404 and BUILD_PATH.encode() in body and "页面不存在".encode() in body
    # Not HTML: sent as it is.
    assert get(url + "data.json") == (200, (folder / "data.json").read_bytes())


def test_the_build_number_moves_on_after_a_rebuild(served):
    url, builds, _ = served
    assert get(url + BUILD_PATH.lstrip("/")) == (200, b"0")
    builds.bump()
    assert get(url + BUILD_PATH.lstrip("/") + "?t=1") == (200, b"1")
    # The page served now is marked with the new number, so it does not reload again.
    assert b"'1'" in get(url)[1]


def test_without_reload_pages_and_the_site_404_are_sent_as_they_are(tmp_path):
    """--no-watch, as serve was before watching: the files as built."""
    (tmp_path / "index.html").write_text("<body>政府工作报告库</body>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>页面不存在</h1>", encoding="utf-8")
    with LiveSite(tmp_path, port=0, reload=False) as live:
        url = live.url
        assert url.startswith("http://127.0.0.1:")
        assert get(url) == (200, (tmp_path / "index.html").read_bytes())
        assert get(url + "regions/nowhere/") == (404, (tmp_path / "404.html").read_bytes())
        assert get(url + BUILD_PATH.lstrip("/"))[0] == 404


# -- rebuilding the real site in the process -------------------------------------------------


@pytest.fixture
def live(tmp_path, monkeypatch):
    """The sample site built once and served with watching, as `build-site serve` does,
    with fast polling; yields (site folder, LiveSite)."""
    site = tmp_path / "site"
    shutil.copytree(SAMPLES, site / "reports")
    monkeypatch.chdir(site)
    args = cli._parser().parse_args(["serve", "--port", "0"])
    config, code, written = cli.run_build(args)
    assert code == 0 and written and config is not None
    watch, skip = cli.watched(config)
    rebuild = lambda: cli.rebuild(args)  # noqa: E731
    with LiveSite(config.out_dir, port=0, rebuild=rebuild, watch=watch, skip=skip, **FAST) as live:
        thread = threading.Thread(target=live.run, daemon=True)  # the watcher
        thread.start()
        yield site, live
        live.stopped.set()
        thread.join(timeout=30)


def fresh_build(site: Path, tmp_path: Path) -> Path:
    """`build-site build` of the same inputs in a new folder, without any cache."""
    copy = tmp_path / f"fresh{len(list(tmp_path.glob('fresh*')))}"
    copy.mkdir()
    for name in ("reports", "templates", "static"):
        if (site / name).is_dir():
            shutil.copytree(site / name, copy / name)
    if (site / "site.yaml").is_file():
        shutil.copy2(site / "site.yaml", copy / "site.yaml")
    assert cli.main(["build", "--root", str(copy), "--no-cache"]) == 0
    return copy / "_site"


def same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when byte-identical)."""
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return sorted(set(files_a) ^ set(files_b))
    return [n for n in files_a if not filecmp.cmp(a / n, b / n, shallow=False)]


def rebuilt(server: LiveSite, before: int) -> None:
    wait_for(lambda: server.builds.number > before)


def test_edits_rebuild_in_the_process_as_a_fresh_build_would(live, tmp_path, capsys):
    site, server = live
    capsys.readouterr()
    report = sorted((site / "reports").glob("*.txt"))[0]

    # A report's text and a sidecar.
    touch_later(report, report.read_text(encoding="utf-8") + "\n加快建设现代化产业体系。\n")
    rebuilt(server, 0)
    assert "Rebuilt 5 reports" in capsys.readouterr().out
    assert same_tree(site / "_site", fresh_build(site, tmp_path)) == []

    # A template override.
    (site / "templates").mkdir()
    base = (cli.load_config(site)[0].template_dirs[-1] / "base.html").read_text(encoding="utf-8")
    touch_later(site / "templates" / "base.html", base.replace("</body>", "<p>自定</p></body>"))
    rebuilt(server, 1)
    assert "<p>自定</p>" in (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert same_tree(site / "_site", fresh_build(site, tmp_path)) == []

    # site.yaml, read again by each rebuild.
    touch_later(site / "site.yaml", "title: 我的报告库\n")
    rebuilt(server, 2)
    assert "我的报告库" in (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert same_tree(site / "_site", fresh_build(site, tmp_path)) == []
    served = get(server.url)[1].decode("utf-8")
    assert "我的报告库" in served and BUILD_PATH in served


def test_a_failed_rebuild_keeps_the_last_site_served(live, capsys):
    site, server = live
    before = get(server.url)[1]
    (site / "templates").mkdir()
    touch_later(site / "templates" / "base.html", "{% if %}\n")
    wait_for(lambda: "still serving" in capsys.readouterr().err)
    assert server.builds.number == 0
    assert get(server.url)[1] == before  # same page, same build number

    # The next good save rebuilds, with the template fixed.
    (site / "templates" / "base.html").unlink()
    rebuilt(server, 0)
    assert get(server.url)[1] == before.replace(b"'0'", b"'1'")


def test_a_broken_sidecar_is_a_warning_and_the_site_rebuilds(live, capsys):
    site, server = live
    sidecar = sorted((site / "reports").glob("*.yaml"))[0]
    capsys.readouterr()
    touch_later(sidecar, "region: [河南省\n")
    rebuilt(server, 0)
    out, err = capsys.readouterr()
    assert "Rebuilt 5 reports" in out and "1 warning" in out
    assert sidecar.name in err and "warning" in err


def test_errors_in_the_input_rebuild_and_serve_the_new_site(live, capsys):
    """A second report of one region and year is an error (exit code 1 for a build), but
    the site is whole: serve swaps it in, reloads pages, and says so truthfully."""
    site, server = live
    first = sorted((site / "reports").glob("*.txt"))[0]
    capsys.readouterr()
    copy = first.with_name("copy-" + first.name)
    shutil.copy(first.with_suffix(".yaml"), copy.with_suffix(".yaml"))
    touch_later(copy, first.read_text(encoding="utf-8"))
    rebuilt(server, 0)
    out, err = capsys.readouterr()
    assert "Rebuilt 6 reports" in out and "error" in err
    assert "serving the new site despite the errors" in err and "still serving" not in err
