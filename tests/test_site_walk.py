"""Walk a built site: every internal link and #anchor resolves, at / and under a subpath."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from govreport_site.model import Metadata, Report
from render_fixtures import config_for, hostile_report, sample_reports, write_site
from render_sitecheck import check_site, resolve, site_pages

REPO = Path(__file__).resolve().parents[1]


def test_fixture_site_links_and_anchors_all_resolve(tmp_path):
    out = write_site(config_for(tmp_path))
    assert check_site(out) == []
    pages = site_pages(out)
    assert len(pages) == 16  # 14 pages, the search page and indicators/index.html
    # The walker did look at links: the report page's table of contents links its parts
    # and subsections (its ¶ links are made by static/report-page.js, from the ids).
    report = pages["reports/heilongjiang-shuangyashan-baoshan-2024.html"]
    assert sum(1 for _, url, _ in report.links if url.startswith("#")) >= 10


def test_site_with_base_url_resolves_too(tmp_path):
    base = "https://example.github.io/govreport/"
    out = write_site(config_for(tmp_path, base_url=base))
    assert check_site(out, base_url=base) == []
    # …and the 404 page, served at any depth, links home absolutely.
    page = site_pages(out)["404.html"]
    assert (("a", f"{base}index.html")) in {(t, u) for t, u, _ in page.links}


def test_site_with_odd_inputs_still_resolves(tmp_path):
    undated = Report("zz/无年份.txt", "utf-8", Metadata(region=["河南省", "驻马店市"]))
    nowhere = Report("zz/无地区.txt", "utf-8", Metadata(year=2020))
    dup = sample_reports()[0]
    dup.source_file = "zz/dup.txt"
    out = write_site(
        config_for(tmp_path), sample_reports() + [hostile_report(), undated, nowhere, dup]
    )
    assert check_site(out) == []


def test_walker_catches_broken_links(tmp_path):
    """The checker itself must fail on what it is meant to find."""
    out = tmp_path / "site"
    (out / "reports").mkdir(parents=True)
    head = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
    (out / "index.html").write_text(
        head + '<a href="reports/a.html#p1">ok</a><a href="reports/a.html#nope">bad anchor</a>'
        '<a href="/reports/a.html">root path</a><a href="https://cdn.example/x.js">cdn</a>'
        '<a href="missing.html">missing</a><a href="../../etc/passwd">out</a>',
        encoding="utf-8",
    )
    (out / "reports" / "a.html").write_text(head + '<p id="p1">x</p>', encoding="utf-8")
    problems = check_site(out)
    assert len(problems) == 5, problems
    for needle in (
        "nope",
        "absolute path",
        "another host",
        "no file missing.html",
        "leaves the site",
    ):
        assert any(needle in p for p in problems), needle


def test_relative_links_resolve_the_same_under_a_subpath():
    for base in ("http://x/", "http://x/repo/", "file:///home/u/site/"):
        assert resolve(base, "reports/a.html", "../regions/b.html#c") == ("regions/b.html", "c")
        assert resolve(base, "index.html", "years/2024.html") == ("years/2024.html", "")
    assert resolve("http://x/repo/", "reports/a.html", "../../other/x.html") is None


def test_sitemap_locations_resolve_to_pages(tmp_path):
    out = write_site(config_for(tmp_path))
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all((out / loc).is_file() for loc in locs)


def test_sitemap_lists_the_compare_and_term_pages(tmp_path):
    out = build_samples(tmp_path)
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for folder in ("compare", "terms"):
        pages = {f"{folder}/{p.name}" for p in (out / folder).glob("*.html")}
        assert len(pages) > 1 and pages <= locs, sorted(pages - locs)
    assert "404.html" not in locs and "search/index.html" not in locs
    assert all((out / loc).is_file() for loc in locs)


def build_samples(tmp_path: Path, base_url: str | None = None) -> Path:
    """The whole pipeline on the repository's sample reports, written into tmp_path."""
    try:
        from govreport_site.build import build
        from govreport_site.config import Config
    except ImportError as exc:  # pragma: no cover - only while a stage is missing
        pytest.skip(f"pipeline not importable yet: {exc}")
    config = Config(
        root=tmp_path, reports_dir=REPO / "reports", out_dir=tmp_path / "_site", base_url=base_url
    )
    try:
        build(config, use_cache=False)  # a cache would hide a stale stage and litter the repo
    except NotImplementedError as exc:
        pytest.skip(f"a stage is not implemented yet: {exc}")
    return tmp_path / "_site"


def test_real_sample_site_has_the_promised_pages_and_resolves(tmp_path):
    out = build_samples(tmp_path)
    pages = site_pages(out)
    assert len([p for p in pages if p.startswith("reports/")]) == 5
    assert len([p for p in pages if p.startswith("regions/")]) == 4
    assert len([p for p in pages if p.startswith("years/")]) == 3
    for name in ("index.html", "404.html", "sitemap.xml", "data/reports.json", ".nojekyll"):
        assert (out / name).is_file(), name
    assert check_site(out) == []


def test_real_sample_site_under_a_base_url_resolves(tmp_path):
    base = "https://someone.github.io/govreport-site/"
    out = build_samples(tmp_path, base)
    assert check_site(out, base_url=base) == []


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_two_builds_of_the_samples_are_byte_identical(tmp_path):
    first = build_samples(tmp_path / "a")
    second = build_samples(tmp_path / "b")
    assert tree(first) == tree(second)


ZHUMADIAN = REPO.parent / "shared" / "corpus" / "zhumadian"


def test_zhumadian_corpus_builds_into_a_sound_site(tmp_path):
    if not ZHUMADIAN.is_dir():
        pytest.skip("the zhumadian corpus is not available here")
    try:
        from govreport_site.build import build
        from govreport_site.config import Config
    except ImportError as exc:  # pragma: no cover
        pytest.skip(f"pipeline not importable yet: {exc}")
    folder = tmp_path / "reports" / "zhumadian"
    folder.mkdir(parents=True)
    for path in sorted(ZHUMADIAN.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "_meta.yaml").write_text("region: [河南省, 驻马店市]\n", encoding="utf-8")
    config = Config(root=tmp_path, reports_dir=tmp_path / "reports", out_dir=tmp_path / "_site")
    try:
        build(config, use_cache=False)  # a cache would hide a stale stage and litter the repo
    except NotImplementedError as exc:
        pytest.skip(f"a stage is not implemented yet: {exc}")
    out = tmp_path / "_site"
    assert check_site(out) == []
    reports = sorted(p.name for p in (out / "reports").iterdir())
    assert len(reports) == len(list(ZHUMADIAN.glob("*.txt")))
    assert all(name.startswith("henan-zhumadian-") for name in reports)
    # One region whose reports are chained year by year.
    assert [p.name for p in (out / "regions").iterdir()] == ["henan-zhumadian.html"]
    pages = site_pages(out)
    for name in reports:
        rels = {a.get("rel") for _, _, a in pages[f"reports/{name}"].links}
        assert rels & {"prev", "next"}, name
