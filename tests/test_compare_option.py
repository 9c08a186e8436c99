"""site.yaml's `compare: {same_year: browser}`: the same-year pairs get no precomputed page;
every page that listed one links the compare-any-two page with the pair instead."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import tempfile
from functools import cache
from html import unescape
from pathlib import Path

import pytest

from compare_support import AIMIN_2024, BAOSHAN_2023, BAOSHAN_2024, REPORTS
from govreport_site.build import build
from govreport_site.config import load_config
from render_sitecheck import check_site

SAME_YEAR = f"compare/{AIMIN_2024}--{BAOSHAN_2024}.html"
PREVIOUS = f"compare/{BAOSHAN_2023}--{BAOSHAN_2024}.html"
IN_BROWSER = f"compare/index.html?a={AIMIN_2024}&b={BAOSHAN_2024}"


def new_site(same_year: str | None) -> Path:
    """A site folder with the five samples and, unless None, the option in site.yaml."""
    root = Path(tempfile.mkdtemp(prefix="govreport-option-"))
    shutil.copytree(REPORTS, root / "reports", ignore=shutil.ignore_patterns(".*"))
    set_option(root, same_year)
    return root


def set_option(root: Path, same_year: str | None) -> None:
    text = "" if same_year is None else f"compare:\n  same_year: {same_year}\n"
    (root / "site.yaml").write_text("title: 测试\n" + text, encoding="utf-8")


def build_site(root: Path) -> Path:
    config, warnings = load_config(root)
    assert warnings == []
    result = build(config)
    assert not result.errors, result.errors
    return config.out_dir


@cache
def browser_site() -> Path:
    return build_site(new_site("browser"))


def hrefs(page: Path) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))]


def test_no_same_year_page_and_compare_json_has_only_consecutive_pairs():
    site = browser_site()
    assert not (site / SAME_YEAR).exists()
    assert (site / PREVIOUS).is_file()
    entries = json.loads((site / "data" / "compare.json").read_text(encoding="utf-8"))
    assert [(e["a"], e["b"], e["kind"]) for e in entries] == [
        (BAOSHAN_2023, BAOSHAN_2024, "previous")
    ]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "--" + AIMIN_2024 not in sitemap and AIMIN_2024 + "--" not in sitemap


def test_pages_that_listed_the_same_year_page_link_the_compare_any_two_page():
    site = browser_site()
    year = site / "years" / "2024.html"
    assert "../" + IN_BROWSER in hrefs(year)
    # No table of figures for it: the comparison is made in the browser.
    section = year.read_text(encoding="utf-8").split('id="page-compares"')[1]
    assert "保留" not in section.split("</section>")[0]
    for report in (AIMIN_2024, BAOSHAN_2024):
        links = hrefs(site / "reports" / f"{report}.html")
        assert "../" + IN_BROWSER in links
        assert "../" + SAME_YEAR not in links
    index = hrefs(site / "compare" / "index.html")
    assert "../" + IN_BROWSER in index and "../" + PREVIOUS in index
    for page in site.rglob("*.html"):
        assert SAME_YEAR not in page.read_text(encoding="utf-8"), page
    assert check_site(site) == []


def test_unknown_value_is_a_warning_naming_site_yaml():
    root = new_site("pagez")
    config, warnings = load_config(root)
    assert config.compare_same_year == "pages"
    assert len(warnings) == 1
    assert "site.yaml" in str(warnings[0]) and "pagez" in str(warnings[0])
    (root / "site.yaml").write_text("compare:\n  same_years: browser\n", encoding="utf-8")
    _, warnings = load_config(root)
    assert len(warnings) == 1 and "same_years" in str(warnings[0])


def same_files(a: Path, b: Path) -> list[str]:
    """Files that differ or exist in only one of the two folders."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(
        str(n)
        for n in names
        if not ((a / n).is_file() and (b / n).is_file() and filecmp.cmp(a / n, b / n, False))
    )


@pytest.mark.parametrize("first", ["pages", "browser"])
def test_switching_the_option_gives_the_output_of_a_fresh_build(first):
    other = "browser" if first == "pages" else "pages"
    root = new_site(first)
    out = build_site(root)
    set_option(root, other)
    assert same_files(build_site(root), build_site(new_site(other))) == []
    set_option(root, first)
    assert same_files(build_site(root), build_site(new_site(first))) == []
    assert (out / SAME_YEAR).is_file() == (first == "pages")  # the option was read


def test_the_year_page_link_opens_the_two_reports_aligned_in_chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from browser_support import chromium_path, launch
    from test_reliability_a11y import serving

    if chromium_path() is None:
        pytest.skip("no Chromium (set CHROMIUM or install Debian's chromium)")
    with serving(browser_site()) as url, sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url + "years/2024.html")
            page.click(f'#page-compares ~ ul a[href$="{IN_BROWSER.split("/")[-1]}"]')
            page.wait_for_selector("#cmp-result[data-ready]", timeout=30_000)
            assert page.url == url + IN_BROWSER
            assert page.input_value("#pick-a") == AIMIN_2024
            assert page.input_value("#pick-b") == BAOSHAN_2024
            assert "已对齐" in page.inner_text("#cmp-status")
            assert page.locator("#cmp-result .cmp-section").count() > 0
            assert errors == []
        finally:
            browser.close()
