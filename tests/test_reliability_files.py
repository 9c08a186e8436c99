"""The build never writes outside its output folder, never destroys a folder it should
not, swaps the new site in only when complete, and keeps files it did not make."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govreport_site.publish import write
from govreport_site.render import views
from reliability_support import EXCERPT_001, REPORT_000, build_site, tree
from render_sitecheck import check_site

REGION_000 = "region: [黑龙江省, 双鸭山市, 宝山区]\n"


def review_tail() -> str:
    """001's last review paragraphs: the text names no region and no year."""
    return "\n".join(EXCERPT_001.splitlines()[:6]) + "\n"


# Region names, file names and titles that try to leave the output folder.
HOSTILE_PATHS = {
    "reports/up/2024.txt": REPORT_000,
    "reports/up/2024.yaml": "region: ['..', '../..', '../../etc']\n",
    "reports/abs/2024.txt": REPORT_000,
    "reports/abs/2024.yaml": "region: ['/etc/passwd', 'C:\\Windows\\System32', '~']\n",
    "reports/dots/2024.txt": REPORT_000,
    "reports/dots/2024.yaml": "region: ['.', '..\\..\\x', '%2e%2e%2f']\n",
    # Region names that differ only in case, and file names that do.
    "reports/case/2024.txt": REPORT_000,
    "reports/case/2024.yaml": "region: [Baoshan]\n",
    "reports/case2/2024.txt": REPORT_000,
    "reports/case2/2024.yaml": "region: [BAOSHAN]\n",
    "reports/names/A.txt": review_tail(),
    "reports/names/a.txt": review_tail(),
    "reports/names/x..2024.txt": review_tail(),
    "reports/names/%2e%2e.txt": review_tail(),
}


def test_hostile_ids_slugs_and_region_names_stay_inside_the_output(tmp_path):
    outer = tmp_path / "home"
    root = outer / "project"
    (outer / "etc").mkdir(parents=True)
    (outer / "etc" / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    (outer / "keep.txt").write_text("不要动\n", encoding="utf-8")
    before = tree(tmp_path)
    run = build_site(root, HOSTILE_PATHS)
    assert run.code == 0, run.err

    after = tree(tmp_path)
    inputs = {f"home/project/{name}" for name in HOSTILE_PATHS}
    new = {name for name in set(after) - set(before) if name not in inputs}
    assert new and all(name.startswith("home/project/_site/") for name in new), sorted(new)[:5]
    assert {n: after[n] for n in before} == before  # nothing outside was touched

    # Every report got its own page with an ASCII name inside reports/.
    data = run.data()
    assert len(data["reports"]) == len([n for n in HOSTILE_PATHS if n.endswith(".txt")])
    urls = [r["url"] for r in data["reports"]]
    assert len(set(u.casefold() for u in urls)) == len(urls)  # distinct, even ignoring case
    for r in data["reports"]:
        assert r["url"].startswith("reports/") and r["url"].count("/") == 1
        assert r["url"][len("reports/") :].replace("-", "").replace(".html", "").isalnum()
    regions = [r["url"] for r in data["regions"]]
    assert len(set(u.casefold() for u in regions)) == len(regions)
    assert check_site(run.site) == []  # and the site's links all resolve


def test_the_writer_refuses_escaping_paths(tmp_path):
    for name in ("../x.html", "/etc/passwd", "a/../../x", "C:/x", "a\\..\\x", "", "a//b", "./x"):
        with pytest.raises(ValueError, match="refusing"):
            write.check_relative_path(name)


# ---- --out -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("/", "is the file system root"),
        ("HOME", "is your home folder"),
        (".", "is the current folder"),
        ("..", "holds the current folder"),
        ("reports", "overlaps the reports folder"),
        ("reports/2024", "overlaps the reports folder"),
        ("notes.txt", "is a file, not a folder"),
    ],
)
def test_precious_output_folders_are_refused(tmp_path, monkeypatch, out, message):
    home = tmp_path / "home"
    root = home / "work" / "project"
    monkeypatch.setenv("HOME", str(home))
    files = {"reports/2024/a.txt": REPORT_000, "notes.txt": "mine\n"}
    out = str(home) if out == "HOME" else out
    before = tree(tmp_path)
    run = build_site(root, files, "--out", out)
    assert run.code == 2
    assert run.err.startswith("build-site: error: --out ")
    assert message in run.err
    written = {f"home/work/project/{k}": v.encode() for k, v in files.items()}
    assert tree(tmp_path) == {**before, **written}  # nothing built, nothing removed


def test_the_site_root_is_refused_when_building_from_elsewhere(tmp_path, monkeypatch):
    root = tmp_path / "project"
    run = build_site(tmp_path / "elsewhere", {"../project/reports/a.txt": REPORT_000})
    assert run.code == 2  # no reports/ in the current folder
    run = build_site(tmp_path / "elsewhere", {}, "--root", str(root), "--out", str(root))
    assert run.code == 2
    assert "is the site's root folder" in run.err
    run = build_site(tmp_path / "elsewhere", {}, "--root", str(root), "--out", str(tmp_path))
    assert run.code == 2
    assert "holds the site" in run.err


# ---- atomic swap -------------------------------------------------------------------


def two_reports() -> dict[str, str]:
    return {
        "reports/a/2024.txt": REPORT_000,
        "reports/a/2024.yaml": REGION_000,
        "reports/b/2023.txt": EXCERPT_001,
        "reports/b/2023.yaml": REGION_000 + "year: 2023\n",
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("._site"))


@pytest.fixture
def built(tmp_path):
    run = build_site(tmp_path, two_reports())
    assert run.code == 0, run.err
    return tmp_path, tree(run.site)


def test_a_render_step_failing_mid_build_leaves_the_previous_site(built, monkeypatch):
    root, previous = built
    calls = []
    real = views.report_page

    def fail_on_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("template exploded")
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "report_page", fail_on_the_second)
    (root / "reports" / "a" / "2024.txt").write_text(REPORT_000 + "\n新增一段。\n", "utf-8")
    run = build_site(root, {})
    assert run.code == 1
    assert "the build failed: RuntimeError: template exploded" in run.err
    assert tree(root / "_site") == previous
    assert leftovers(root) == []


def test_an_interrupted_build_leaves_the_previous_site(built, monkeypatch):
    root, previous = built

    def interrupted(new, out):
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_swap", interrupted)
    (root / "reports" / "a" / "2024.txt").write_text(REPORT_000 + "\n新增一段。\n", "utf-8")
    run = build_site(root, {})
    assert run.code == 130  # Ctrl-C
    assert tree(root / "_site") == previous
    assert leftovers(root) == []


def test_a_failed_swap_puts_the_previous_site_back(built, monkeypatch):
    root, previous = built
    real = os.replace
    out = root / "_site"

    def moving_the_new_site_in_fails(src, dst):
        # Other stages rename their cache files into place too: only the swap fails,
        # after the old site has been moved away.
        if Path(dst) == out and Path(src).name.startswith("._site.new-"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", moving_the_new_site_in_fails)
    (root / "reports" / "a" / "2024.txt").write_text(REPORT_000 + "\n新增一段。\n", "utf-8")
    run = build_site(root, {})
    assert run.code == 1
    assert "No space left on device" in run.err
    assert tree(root / "_site") == previous
    assert leftovers(root) == []


# ---- an edit build changes the site in place ----------------------------------------


@pytest.fixture
def built_with_cache(tmp_path):
    run = build_site(tmp_path, two_reports(), cache=True)
    assert run.code == 0, run.err
    return tmp_path, tree(run.site)


def edit_report_a(root: Path):
    return build_site(root, {"reports/a/2024.txt": REPORT_000 + "\n新增一段。\n"}, cache=True)


def test_an_edit_build_replaces_only_the_files_that_differ(built_with_cache, tmp_path):
    root, previous = built_with_cache
    site = root / "_site"
    inodes = {name: (site / name).stat().st_ino for name in previous}
    folder = site.stat().st_ino
    run = edit_report_a(root)
    assert run.code == 0, run.err
    now = tree(site)
    changed = {n for n in now if previous.get(n) != now[n]}
    assert "新增一段" in now["reports/heilongjiang-shuangyashan-baoshan-2024.html"].decode()
    assert changed and "static/site.css" not in changed
    # The folder was not swapped; files with the same bytes are the very same files.
    assert site.stat().st_ino == folder
    for name in set(now) - changed:
        assert (site / name).stat().st_ino == inodes[name], name
    assert leftovers(root) == []
    # The same site as a build from nothing.
    write_files_like(root, tmp_path / "fresh")
    fresh = build_site(tmp_path / "fresh", {})
    assert fresh.code == 0 and tree(fresh.site) == now


def write_files_like(root: Path, other: Path) -> None:
    for path in (root / "reports").rglob("*"):
        if path.is_file():
            target = other / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())


@pytest.mark.parametrize(
    ("error", "code"), [(KeyboardInterrupt(), 130), (OSError(28, "No space left on device"), 1)]
)
def test_a_failure_while_changing_the_site_in_place_puts_every_file_back(
    built_with_cache, monkeypatch, error, code
):
    root, previous = built_with_cache
    site = root / "_site"
    real = os.replace
    placed = []

    def fails_on_the_third_file(src, dst):
        # Only moves of a new file into the site count (the stages' own cache files
        # are renamed into place with os.replace too).
        if "._site.new-" in str(src) and str(dst).startswith(str(site) + os.sep):
            placed.append(dst)
            if len(placed) == 3:
                raise error
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", fails_on_the_third_file)
    run = edit_report_a(root)
    assert run.code == code
    assert len(placed) == 3  # two files were in place already: they were taken back
    assert tree(site) == previous
    assert leftovers(root) == []


def test_a_file_where_the_new_site_needs_a_folder_is_replaced(built_with_cache):
    """In place cannot put a folder where a file is: the whole site is swapped instead."""
    root, previous = built_with_cache
    site = root / "_site"
    search = next(n for n in previous if n.startswith("search/u/"))
    folder = search.rsplit("/", 1)[0]
    for name in [n for n in previous if n.startswith(folder + "/")]:
        (site / name).unlink()
    (site / folder).rmdir()
    (site / folder).write_text("a file put here by hand", encoding="utf-8")
    run = build_site(root, {}, cache=True)
    assert run.code == 0, run.err
    assert tree(site) == previous
    assert leftovers(root) == []


# ---- files the build did not make ----------------------------------------------------

MINE = {"CNAME": b"reports.example.org\n", "extra/notes.txt": "备注\n".encode()}
STALE = "reports/heilongjiang-shuangyashan-baoshan-2023.html"  # the page of report b


def add_my_files(site: Path) -> None:
    for name, data in MINE.items():
        (site / name).parent.mkdir(exist_ok=True)
        (site / name).write_bytes(data)


def remove_report_b(root: Path) -> None:
    for name in ("2023.txt", "2023.yaml"):
        (root / "reports" / "b" / name).unlink()


def test_files_no_build_made_are_kept_unless_clean(tmp_path):
    run = build_site(tmp_path, two_reports(), cache=True)
    site = run.site
    add_my_files(site)
    first = tree(site)
    times = {name: (site / name).stat().st_mtime_ns for name in first}

    # Report b removed, a edited: b's page goes (the last build made it), mine stay.
    remove_report_b(tmp_path)
    home = (site / "index.html").read_bytes()
    run = build_site(tmp_path, {"reports/a/2024.txt": REPORT_000 + "\n新增一段。\n"}, cache=True)
    assert run.code == 0, run.err
    second = tree(site)
    assert {n: second.get(n) for n in MINE} == MINE
    assert STALE in first and STALE not in second
    assert (site / "index.html").read_bytes() != home  # the site was rebuilt
    # Files whose bytes did not change keep their modification time.
    unchanged = [n for n in first if n in second and first[n] == second[n]]
    assert "static/site.css" in unchanged and "CNAME" in unchanged
    for name in unchanged:
        assert (site / name).stat().st_mtime_ns == times[name], name

    assert build_site(tmp_path, cache=True).code == 0  # nothing changed: nothing touched
    assert tree(site) == second

    run = build_site(tmp_path, {}, "--clean", cache=True)
    assert run.code == 0, run.err
    third = tree(site)
    assert not set(MINE) & set(third)
    assert set(third) == set(second) - set(MINE)
    # …and it says which files it removed, since the build did not make them.
    said = next(line for line in run.out.splitlines() if "--clean removed" in line)
    assert f"{len(MINE)} files" in said and all(name in said for name in MINE)
    # --clean again, nothing changed but a file put in by hand since: it goes too.
    add_my_files(site)
    assert build_site(tmp_path, {}, "--clean", cache=True).code == 0
    assert tree(site) == third


def test_without_a_record_of_the_last_build_nothing_is_deleted(tmp_path):
    """--no-cache (or a deleted cache): the build cannot tell its own old pages from
    files put there by hand, so it keeps both until --clean."""
    site = build_site(tmp_path, two_reports()).site
    add_my_files(site)
    remove_report_b(tmp_path)
    assert build_site(tmp_path).code == 0
    kept = tree(site)
    assert STALE in kept and {n: kept[n] for n in MINE} == MINE
    assert build_site(tmp_path, {}, "--clean").code == 0
    cleaned = tree(site)
    assert STALE not in cleaned and not set(MINE) & set(cleaned)
