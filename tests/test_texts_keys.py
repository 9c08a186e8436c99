"""Compare and term pages are keyed by what they show, not by their view
(render.textviews.text_outputs): an edit that changes only what such a page takes from
other reports (a neighbour's label, a report's heading, a region's name) must still
render it again. Each such test compares the whole site with a fresh build; the last
check what term pages count (render.textviews.term_counts) and what their keys are made of."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from govreport_site.analyse.texts import TermInfo
from govreport_site.build import build
from govreport_site.render.plan import SiteRegion, SiteReport
from govreport_site.render.textviews import TermCells, term_counts, term_page_key, term_year_uses
from test_build import ROOT, fresh_build, html_pages, load_site, site_files

BAOSHAN_PAIR = (
    "compare/heilongjiang-shuangyashan-baoshan-2023--heilongjiang-shuangyashan-baoshan-2024.html"
)


@pytest.fixture
def site_root(tmp_path) -> Path:
    """The samples built once, as tests/test_build.py's site_root."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(ROOT / "reports", root / "reports")
    (root / "site.yaml").write_text("title: 报告库\n", encoding="utf-8")
    build(load_site(root))
    return root


def term_pages(pages: dict[str, str], text: str) -> set[str]:
    return {name for name, html in pages.items() if name.startswith("terms/") and text in html}


def test_a_neighbour_pairs_new_year_reaches_the_compare_pages_link(site_root, tmp_path):
    config = load_site(site_root)
    # A third report of 宝山区: its pair with 2023 comes before 2023 → 2024.
    shutil.copy(next(config.reports_dir.glob("004_*.txt")), config.reports_dir / "007_copy.txt")
    sidecar = config.reports_dir / "007_copy.yaml"
    sidecar.write_text("region: [黑龙江省, 双鸭山市, 宝山区]\nyear: 2022\n", "utf-8")
    build(config)
    before = (config.out_dir / BAOSHAN_PAIR).read_text("utf-8")
    assert "2022年 → 2023年" in before
    sidecar.write_text("region: [黑龙江省, 双鸭山市, 宝山区]\nyear: 2021\n", "utf-8")
    build(config)  # neither report of the page changed
    after = (config.out_dir / BAOSHAN_PAIR).read_text("utf-8")
    assert "2021年 → 2023年" in after and "2022年 → 2023年" not in after
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_new_title_reaches_the_reuse_marks_of_another_reports_page(site_root, tmp_path):
    """A report page marks the sentences found in other reports with their headings
    (render.textviews.report_text_key): retitling the other report must render it again,
    though its own report did not change."""
    config = load_site(site_root)
    (source,) = config.reports_dir.glob("004_*.txt")
    shutil.copy(source, config.reports_dir / "007_copy.txt")
    sidecar = config.reports_dir / "007_copy.yaml"
    sidecar.write_text("region: [黑龙江省, 双鸭山市, 抄本区]\nyear: 2019\n", "utf-8")
    build(config)
    title = "抄本区二〇一九年政府工作报告"
    # Pages with a mark labelled by the copy's region: the copy's and its source's (which
    # is in another region, so names the copy nowhere else).
    marked = [
        name
        for name, html in html_pages(config.out_dir).items()
        if name.startswith("reports/") and "抄本区</a>" in html and 'class="reuse-ref"' in html
    ]
    assert len(marked) == 2
    sidecar.write_text(sidecar.read_text("utf-8") + f"title: {title}\n", "utf-8")
    build(config)
    assert all(title in (config.out_dir / name).read_text("utf-8") for name in marked)
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_new_title_reaches_the_term_pages_listing_the_report(site_root, tmp_path):
    config = load_site(site_root)
    sidecar = config.reports_dir / "000_b4b53c33c4814be1.yaml"
    title = "宝山区二〇二四年政府工作报告（修订稿）"
    sidecar.write_text(sidecar.read_text("utf-8") + f"title: {title}\n", "utf-8")
    build(config)  # the report's terms and uses stay as they were
    assert term_pages(html_pages(config.out_dir), title)
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def test_a_renamed_region_reaches_the_tables_of_term_pages(site_root, tmp_path):
    config = load_site(site_root)
    old = term_pages(html_pages(config.out_dir), "牡丹江市爱民区")
    assert old
    sidecar = config.reports_dir / "003_097f914945e8a5ad.yaml"
    sidecar.write_text("region: [黑龙江省, 牡丹江市, 东安区]\n", "utf-8")
    build(config)
    pages = html_pages(config.out_dir)
    kept = old & set(pages)  # the terms counted may change with the regions
    assert kept and kept <= term_pages(pages, "牡丹江市东安区")
    assert not term_pages(pages, "牡丹江市爱民区")
    assert site_files(config.out_dir) == fresh_build(site_root, tmp_path)


def dated(rid: str, region: SiteRegion, year: int | None) -> SiteReport:
    """A planned report with only what term pages count by: id, region, year."""
    return SiteReport(SimpleNamespace(meta=SimpleNamespace(year=year)), rid, "", region)


def test_the_term_table_ranks_regions_by_uses_then_id():
    """What a term page shows of its uses (render.textviews.term_counts): regions by uses
    (ties by id), a region with only an undated report listed but counted in no year,
    uses per year, and the reports using it most (ties by id)."""
    regions = {r: SiteRegion(r, [r], f"regions/{r}.html", None) for r in ("a", "b", "c", "d")}
    reports = [
        dated(rid, regions[region], year)
        for rid, region, year in [
            ("b-2020", "b", 2020),
            ("b-2021", "b", 2021),
            ("a-2021", "a", 2021),
            ("c-2020", "c", 2020),
            ("d-x", "d", None),
        ]
    ]
    uses = {"b-2020": 1, "b-2021": 2, "a-2021": 3, "c-2020": 1, "d-x": 5}
    term = TermInfo("创新", "chuangxin", "terms/chuangxin.html", 12, uses)

    counted = term_counts(term, TermCells(SimpleNamespace(reports=reports)))

    assert counted.years == [2020, 2021]
    assert [(r.id, counts) for r, counts in counted.rows] == [
        ("a", [0, 3]),  # 3 uses, before b's 3 by id
        ("b", [1, 2]),
        ("c", [1, 0]),
        ("d", [0, 0]),
    ]
    assert counted.regions == 4
    assert counted.per_year == {2020: 2, 2021: 5}
    assert counted.top == [("d-x", 5), ("a-2021", 3), ("b-2021", 2), ("b-2020", 1), ("c-2020", 1)]


def test_the_most_using_reports_are_cut_at_twenty_with_ties_by_id():
    region = SiteRegion("a", ["a"], "regions/a.html", None)
    ids = [f"r{n:02d}" for n in range(30)]
    reports = [dated(i, region, 2020) for i in ids]
    # r00 uses it 16 times, r01 and r02 15 … r19 and r20 6: the cut falls between them.
    uses = {i: 1 + (30 - n) // 2 for n, i in enumerate(ids)}
    term = TermInfo("创新", "chuangxin", "terms/chuangxin.html", sum(uses.values()), uses)

    top = term_counts(term, TermCells(SimpleNamespace(reports=reports))).top

    assert top[:4] == [("r00", 16), ("r01", 15), ("r02", 15), ("r03", 14)]
    assert top[-2:] == [("r18", 7), ("r19", 6)] and len(top) == 20


def test_a_term_key_follows_each_reports_uses_and_the_rates_as_rounded():
    """A term page's key (render.textviews.term_page_key) is made from the term's uses in
    every report (term_year_uses's bytes of them), not from its total: uses moved from
    one report to another change the table and the top reports, and so does the same
    use in another report. Its rates per year count as the chart rounds them."""
    region = SiteRegion("a", ["a"], "regions/a.html", None)
    ids = {"a-2020": 2020, "b-2020": 2020, "c-2021": 2021}
    cells = TermCells(SimpleNamespace(reports=[dated(i, region, y) for i, y in ids.items()]))
    uses = {"a-2020": 3, "b-2020": 1, "c-2021": 2}
    term = TermInfo("创新", "chuangxin", "terms/chuangxin.html", 6, uses)
    moved = TermInfo(
        "创新", "chuangxin", "terms/chuangxin.html", 6, {**uses, "a-2020": 2, "b-2020": 2}
    )
    elsewhere = TermInfo("创新", "chuangxin", "terms/chuangxin.html", 6, {"b-2020": 3, "c-2021": 3})
    same = TermInfo("创新", "chuangxin", "terms/chuangxin.html", 6, {"a-2020": 3, "c-2021": 3})
    grid, keyed = term_year_uses([term, moved, elsewhere, same], cells)
    assert grid.tolist() == [[4, 2, 0], [4, 2, 0], [3, 3, 0], [3, 3, 0]]
    years, tokens = [2020, 2021], [(2020, 10_000), (2021, 20_000)]

    def key(n: int, tokens: list = tokens) -> tuple:
        per_year = grid[n, :2].tolist()
        return term_page_key(
            [term, moved, elsewhere, same][n], keyed[n], "context", per_year, years, tokens
        )

    assert key(0) != key(1)
    assert key(2) != key(3)  # the same counts per year, in other reports
    assert key(0) == key(0, [(2020, 10_001), (2021, 20_000)])  # still 4.0 and 1.0
    assert key(0) != key(0, [(2020, 10_300), (2021, 20_000)])  # 3.9
    per_year = grid[0, :2].tolist()
    assert term_page_key(term, keyed[0], "context", per_year, years, tokens) != term_page_key(
        term, keyed[0], "other regions", per_year, years, tokens
    )
