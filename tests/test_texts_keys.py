"""Compare and term pages are keyed by what they show, not by their view
(render.textviews.text_outputs): an edit that changes only what such a page takes from
other reports (a neighbour's label, a report's heading, a region's name) must still
render it again. Each test compares the whole site with a fresh build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govreport_site.build import build
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
