"""End to end: the sample reports become a site; the cache never serves a stale page."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from govreport_site.build import CACHE_FOLDER, build
from govreport_site.config import Config, load_config

ROOT = Path(__file__).resolve().parents[1]


def make_site(tmp_path: Path) -> Config:
    shutil.copytree(ROOT / "reports", tmp_path / "reports")
    return Config(
        root=tmp_path,
        reports_dir=tmp_path / "reports",
        out_dir=tmp_path / "_site",
        base_url="https://example.org/govreports/",
    )


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    config = make_site(tmp)
    result = build(config)
    return config, result


def test_sample_site_has_the_pages_the_issue_asks_for(sample_site):
    config, result = sample_site
    out = config.out_dir
    assert result.reports == 5
    assert len(list((out / "reports").glob("*.html"))) == 5
    assert len(list((out / "regions").glob("*.html"))) == 4  # the two 宝山区 are two regions
    assert sorted(p.stem for p in (out / "years").glob("*.html")) == ["2021", "2023", "2024"]
    for name in ("index.html", "404.html", "sitemap.xml", "data/reports.json"):
        assert (out / name).is_file(), name
    assert not result.errors


def test_reports_json_reads_the_samples_as_a_reader_would(sample_site):
    config, _ = sample_site
    data = json.loads((config.out_dir / "data" / "reports.json").read_text(encoding="utf-8"))
    by_file = {r["source_file"].split("_")[0]: r for r in data["reports"]}
    expect = {
        "000": (2024, ["review", "plan"], "刘志军"),
        "001": (2023, ["excerpt", "plan"], None),
        "002": (2023, ["review", "plan"], "朱峻峰"),
        "003": (2024, ["review", "plan"], "王晓宇"),
        "004": (2021, ["review", "outlook", "plan"], "黄远志"),
    }
    for key, (year, kinds, speaker) in expect.items():
        report = by_file[key]
        main_kinds = [
            p["kind"] for p in report["parts"] if p["kind"] not in ("title", "opening", "closing")
        ]
        assert report["year"] == year, key
        assert main_kinds == kinds, key
        if speaker:
            assert report["speaker"] == speaker, key
        assert report["targets_passage"] is not None, key
        assert (config.out_dir / report["url"]).is_file()
    assert by_file["000"]["date"] == "2024-01-14"
    assert by_file["003"]["date"] == "2024-01-10"
    assert "year" in by_file["000"]["inferred"]
    assert "year" not in by_file["001"]["inferred"]  # given in its sidecar
    baoshan = [r for r in data["regions"] if r["names"][-1] == "宝山区"]
    assert len(baoshan) == 1 and baoshan[0]["names"][0] == "黑龙江省"
    assert len(by_file["000"]["region"]["id"]) > 0
    assert by_file["000"]["region"]["id"] != by_file["002"]["region"]["id"]


def test_two_builds_give_the_same_bytes(tmp_path):
    config = make_site(tmp_path)
    build(config, use_cache=False)
    first = site_files(config.out_dir)
    build(config)  # cold cache this time
    assert site_files(config.out_dir) == first
    shutil.rmtree(tmp_path / CACHE_FOLDER)
    build(config)
    assert site_files(config.out_dir) == first


def test_cache_follows_edits_to_text_and_metadata(tmp_path):
    config = make_site(tmp_path)
    build(config)
    report = config.reports_dir / "003_097f914945e8a5ad.txt"
    added = "\n各位代表，这是编辑后新增的一句话。\n"
    report.write_text(report.read_text(encoding="utf-8") + added, encoding="utf-8")
    build(config)
    pages = "".join(p.read_text(encoding="utf-8") for p in (config.out_dir / "reports").glob("*"))
    assert "这是编辑后新增的一句话" in pages

    sidecar = config.reports_dir / "003_097f914945e8a5ad.yaml"
    sidecar.write_text("region: [黑龙江省, 牡丹江市, 东安区]\n", encoding="utf-8")
    build(config)
    data = json.loads((config.out_dir / "data" / "reports.json").read_text(encoding="utf-8"))
    names = [r["region"]["names"][-1] for r in data["reports"]]
    assert "东安区" in names and "爱民区" not in names


# ---- incremental builds: only what changed is rendered, and never a stale page ----------


def load_site(root: Path):
    config, problems = load_config(
        root, out_dir=root / "_site", base_url="https://example.org/govreports/"
    )
    assert not problems
    return config


def fresh_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same site built from nothing: no cache, an empty output folder."""
    config = load_site(root)
    config.out_dir = tmp_path / "fresh" / "_site"
    build(config, use_cache=False)
    files = site_files(config.out_dir)
    shutil.rmtree(tmp_path / "fresh")
    return files


def html_pages(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")
    }


@pytest.fixture
def site_root(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(ROOT / "reports", root / "reports")
    (root / "site.yaml").write_text("title: 报告库\n", encoding="utf-8")
    config = load_site(root)
    first = build(config)
    assert first.processed == 5 and not first.errors
    return root


def test_a_build_with_nothing_changed_renders_and_writes_nothing(site_root):
    config = load_site(site_root)
    before = {p: p.stat().st_mtime_ns for p in config.out_dir.rglob("*") if p.is_file()}
    again = build(config)
    assert (again.processed, again.rendered) == (0, 0)
    assert again.reports == 5 and again.pages > 5
    after = {p: p.stat().st_mtime_ns for p in config.out_dir.rglob("*") if p.is_file()}
    assert after == before


def test_editing_one_report_renders_its_pages_only_and_matches_a_fresh_build(site_root, tmp_path):
    config = load_site(site_root)
    old = site_files(config.out_dir)
    report = config.reports_dir / "003_097f914945e8a5ad.txt"
    added = "\n各位代表，这是编辑后新增的一句话。\n"
    report.write_text(report.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = build(config)
    assert result.processed == 1
    new = site_files(config.out_dir)
    assert new == fresh_build(site_root, tmp_path)
    changed = {name for name in new if new[name] != old.get(name)}
    # An added paragraph renumbers the report's later paragraphs in the search index (and
    # every later report's, when its block of ids grows): many of the index's files may
    # change, and only those count as made; of the pages, far fewer than half are made.
    search = sum(1 for name in new if name.startswith("search/"))
    search_changed = sum(1 for name in changed if name.startswith("search/"))
    assert len(changed) <= result.rendered and result.files == len(new)
    assert 0 < result.rendered - search_changed < (len(old) - search) // 2
    assert any(name.startswith("reports/") for name in changed)
    assert "这是编辑后新增的一句话" in "".join(html_pages(config.out_dir).values())


def test_editing_a_template_renders_every_page_again(site_root, tmp_path):
    config = load_site(site_root)
    own = site_root / "templates"
    shutil.copytree(config.template_dirs[-1], own)
    base = own / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</body>", "<p>模板已修改</p>\n</body>"),
        encoding="utf-8",
    )
    data = sorted((config.out_dir / "data" / "reports").iterdir())
    before = [p.stat().st_mtime_ns for p in data]
    result = build(config)
    assert result.processed == 0
    pages = html_pages(config.out_dir)
    assert all("模板已修改" in html for html in pages.values())
    # The reports' texts for the browser are data, not pages: not even made again. Made:
    # every page, and the search group (its page and meta.json).
    assert result.rendered == result.pages + 2, (result.rendered, result.pages)
    assert len(data) == 5 and [p.stat().st_mtime_ns for p in data] == before
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_compiled_templates_are_kept_in_the_cache_for_the_next_build(site_root, monkeypatch):
    from govreport_site.render import pages

    config = load_site(site_root)
    cache = site_root / CACHE_FOLDER
    folders = list((cache / pages.TEMPLATE_CACHE).iterdir())
    assert len(folders) == 1 and any(folders[0].iterdir())
    env = pages.environment(config, cache)
    monkeypatch.setattr(env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    env.get_template("report.html")  # with base.html and the macros it imports

    # Another version of the code compiles into its own folder; the old one is removed.
    monkeypatch.setattr(pages, "code_fingerprint", lambda: "0" * 64)
    pages.environment(config, cache).get_template("report.html")
    pages.prune_template_cache(cache)
    assert [f.name for f in (cache / pages.TEMPLATE_CACHE).iterdir()] == ["0" * 16]


def test_changing_the_site_title_in_site_yaml_shows_on_every_page(site_root, tmp_path):
    (site_root / "site.yaml").write_text("title: 新的报告库名称\n", encoding="utf-8")
    config = load_site(site_root)
    build(config)
    pages = html_pages(config.out_dir)
    assert all("新的报告库名称" in html for name, html in pages.items() if name != "404.html")
    assert not any(">报告库<" in html for html in pages.values())
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_changing_a_folder_meta_yaml_reaches_the_reports_below_it(site_root, tmp_path):
    config = load_site(site_root)
    meta = config.reports_dir / "_meta.yaml"
    meta.write_text("source: https://example.org/first\n", encoding="utf-8")
    build(config)
    assert "https://example.org/first" in "".join(html_pages(config.out_dir).values())
    meta.write_text("source: https://example.org/second\n", encoding="utf-8")
    result = build(config)
    assert result.processed == 5  # every report inherits it
    text = "".join(html_pages(config.out_dir).values())
    assert "https://example.org/second" in text and "https://example.org/first" not in text
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_removed_report_loses_its_page_and_its_links(site_root, tmp_path):
    config = load_site(site_root)
    data = json.loads((config.out_dir / "data" / "reports.json").read_text(encoding="utf-8"))
    gone = next(r for r in data["reports"] if r["source_file"].startswith("004"))
    for path in config.reports_dir.glob("004_*"):
        path.unlink()
    build(config)
    assert not (config.out_dir / gone["url"]).exists()
    assert gone["url"] not in "".join(html_pages(config.out_dir).values())
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_damaged_output_file_or_a_deleted_cache_is_made_again(site_root, tmp_path):
    config = load_site(site_root)
    good = site_files(config.out_dir)
    (config.out_dir / "index.html").write_text("changed by hand", encoding="utf-8")
    (config.out_dir / "sitemap.xml").unlink()
    result = build(config)
    assert result.rendered >= 2 and result.processed == 0
    assert site_files(config.out_dir) == good
    shutil.rmtree(site_root / CACHE_FOLDER)
    result = build(config)
    assert result.processed == 5
    assert site_files(config.out_dir) == good


def test_build_site_timings_prints_each_stage(site_root, capsys):
    from govreport_site.cli import main

    args = ["build", "--root", str(site_root), "--base-url", "https://example.org/govreports/"]
    code = main([*args, "--timings"])
    out = capsys.readouterr().out
    assert code == 0
    assert "discover" in out and "check" in out
    assert "0 reports processed, 0 files rendered" in out  # nothing changed since site_root


def test_the_same_site_named_by_other_paths_builds_nothing_new(site_root):
    """Keys hold the config's folders relative to the site's folder, as strings: a Path
    pickles as it was written (on Python 3.13, as it was joined), and keys made from
    those bytes sent unchanged sites through a full rebuild."""
    config = load_site(site_root)
    assert build(config).rendered == 0
    same = Config(
        root=site_root,
        reports_dir=Path("reports"),  # relative to root, as output_dir() reads them
        out_dir=Path(str(site_root)) / "." / "_site",
        base_url=config.base_url,
        title=config.title,
    )
    result = build(same)
    assert (result.processed, result.rendered) == (0, 0)


def test_unchanged_files_are_not_read_again_but_a_rewrite_is_seen(site_root):
    import os
    import time

    from govreport_site.cache import FileDigests

    config = load_site(site_root)
    files = sorted(config.reports_dir.glob("*.txt"))
    time.sleep(2.1)  # older than the file-system clock margin: digests become trusted
    build(config)
    digests = FileDigests(site_root / CACHE_FOLDER)
    for path in files:
        digests.digest(path)
    assert digests.read == 0  # size, times and inode unchanged: nothing read

    # Same size, modification time set back: the change time still tells.
    report = files[3]
    st = report.stat()
    text = report.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "发展" in ln and len(ln) > 40)
    at = line.index("发展")
    edited = line[max(0, at - 6) : at] + "进展" + line[at + 2 : at + 8]
    report.write_text(text.replace(line, line.replace("发展", "进展", 1), 1), encoding="utf-8")
    os.utime(report, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert report.stat().st_size == st.st_size
    result = build(config)
    assert result.processed == 1
    assert edited in "".join(html_pages(config.out_dir).values())


def test_worker_processes_build_the_same_site_as_one_process(site_root, tmp_path, monkeypatch):
    import govreport_site.build as pipeline
    from govreport_site.publish import incremental

    expected = site_files(load_site(site_root).out_dir)  # built in one process
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)  # reports processed by workers
    monkeypatch.setattr(incremental, "RENDER_PARALLEL_MIN", 1)  # pages rendered by workers
    config = load_site(site_root)
    config.out_dir = tmp_path / "parallel" / "_site"
    result = build(config, use_cache=False, jobs=2)
    assert result.processed == 5 and result.rendered == len(expected)
    assert site_files(config.out_dir) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is chosen on Linux only")
def test_workers_are_not_forked_while_another_thread_runs(site_root, tmp_path, monkeypatch):
    """As under `build-site serve`, whose server thread runs during a rebuild: a forked
    worker would inherit the locks that thread held. The workers start from a fork
    server instead, receive the site pickled, and build the same site."""
    import threading

    import govreport_site.build as pipeline
    from govreport_site.publish import incremental
    from govreport_site.workers import pool_context

    if threading.active_count() == 1:  # the build's own thread only: forked workers
        assert pool_context().get_start_method() == "fork"
    expected = site_files(load_site(site_root).out_dir)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)
    monkeypatch.setattr(incremental, "RENDER_PARALLEL_MIN", 1)
    config = load_site(site_root)
    config.out_dir = tmp_path / "threaded" / "_site"
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)
    server.start()
    try:
        assert pool_context().get_start_method() == "forkserver"
        result = build(config, use_cache=False, jobs=2)
    finally:
        stop.set()
        server.join()
    assert result.processed == 5 and result.rendered == len(expected)
    assert site_files(config.out_dir) == expected


# ---- inputs a page takes from other reports: each must reach the page ------------------

BAOSHAN_2023 = "reports/heilongjiang-shuangyashan-baoshan-2023.html"


def test_a_new_title_reaches_the_neighbours_previous_next_link(site_root, tmp_path):
    config = load_site(site_root)
    sidecar = config.reports_dir / "000_b4b53c33c4814be1.yaml"
    title = "宝山区二〇二四年政府工作报告（修订稿）"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + f"title: {title}\n", "utf-8")
    build(config)
    assert title in (config.out_dir / BAOSHAN_2023).read_text(encoding="utf-8")
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_an_edited_review_changes_the_judgement_of_last_years_targets(site_root, tmp_path):
    config = load_site(site_root)
    before = (config.out_dir / BAOSHAN_2023).read_text(encoding="utf-8")
    report = config.reports_dir / "000_b4b53c33c4814be1.txt"  # 2024: reviews 2023
    text = report.read_text(encoding="utf-8")
    assert "外贸进出口总额增幅227%" in text  # met the 2023 target of 15%
    report.write_text(text.replace("外贸进出口总额增幅227%", "外贸进出口总额增幅2.27%"), "utf-8")
    build(config)
    after = (config.out_dir / BAOSHAN_2023).read_text(encoding="utf-8")
    assert "2.27%" in after and "2.27%" not in before
    data = json.loads((config.out_dir / "data" / "reports.json").read_text(encoding="utf-8"))
    judged = next(r for r in data["reports"] if r["url"] == BAOSHAN_2023)["targets"]
    assert any(t["outcome"] == "missed" and t["outcome_value"] == 2.27 for t in judged)
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_copy_of_a_report_warns_on_the_pages_of_both(site_root, tmp_path):
    config = load_site(site_root)
    for path in config.reports_dir.glob("004_*"):
        shutil.copy(path, config.reports_dir / path.name.replace("004_", "005_"))
    build(config)
    pages = html_pages(config.out_dir)
    warned = [name for name, html in pages.items() if "2 reports for" in html]
    assert len(warned) == 2
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_new_region_above_others_is_linked_from_their_breadcrumbs(site_root, tmp_path):
    config = load_site(site_root)
    for path in config.reports_dir.glob("003_*.txt"):
        shutil.copy(path, config.reports_dir / "006_city.txt")
    (config.reports_dir / "006_city.yaml").write_text(
        "region: [黑龙江省, 双鸭山市]\n", encoding="utf-8"
    )
    old = html_pages(config.out_dir)
    build(config)
    new = html_pages(config.out_dir)
    city = next(name for name in new if name.startswith("regions/") and name not in old)
    assert city not in old[BAOSHAN_2023] and city in new[BAOSHAN_2023]
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)
