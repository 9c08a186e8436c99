"""Accessibility: axe-core in Chromium finds no serious or critical violation.

The sample site is built, served on 127.0.0.1 and opened in headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright; Playwright's own browser download is not used).
axe-core (axe-playwright-python) checks the home, report, region, year, search and 404
pages. The tests skip when Playwright or Chromium is missing; .ci/run installs both.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from browser_support import CHROMIUM_ARGS, chromium_path
from govreport_site.build import build
from govreport_site.config import Config
from govreport_site.serve import make_server, server_url
from reliability_support import SAMPLES, build_site
from test_reliability_hostile import CLOSE, IMG, SVG
from test_reliability_hostile import FILES as HOSTILE_FILES

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
)

BLOCKING = ("serious", "critical")


@contextmanager
def serving(folder: Path):
    """`folder` served on 127.0.0.1 (a free port) while the block runs; yields its URL."""
    server = make_server(folder, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample site (with an intro on the home page), served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("a11y")
    shutil.copytree(SAMPLES, root / "reports")
    (root / "site.yaml").write_text(
        "title: 政府工作报告库\nintro: 收录黑龙江省、上海市部分区县和乡镇的**政府工作报告**。\n",
        encoding="utf-8",
    )
    config = Config(root=root, reports_dir=root / "reports", out_dir=root / "_site")
    build(config, use_cache=False)
    with serving(config.out_dir) as url:
        yield config.out_dir, url


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def pages_to_check(site: Path) -> dict[str, str]:
    """One page of each kind: the longest report, the region with most reports …"""
    report = max((site / "reports").glob("*.html"), key=lambda p: p.stat().st_size)
    region = max((site / "regions").glob("*.html"), key=lambda p: p.stat().st_size)
    year = max((site / "years").glob("*.html"), key=lambda p: p.stat().st_size)
    found = {
        "home": "index.html",
        "report": report.relative_to(site).as_posix(),
        "region": region.relative_to(site).as_posix(),
        "year": year.relative_to(site).as_posix(),
        "404": "404.html",
    }
    if (site / "search" / "index.html").is_file():
        found["search"] = "search/index.html"
    return found


def blocking_violations(page) -> list[str]:
    results = axe_module.Axe().run(page)
    problems = []
    for v in results.response["violations"]:
        if v.get("impact") in BLOCKING:
            targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:5]
            problems.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return problems


@pytest.mark.parametrize("kind", ["home", "report", "region", "year", "search", "404"])
def test_no_serious_or_critical_violations(served, browser, kind):
    site, url = served
    pages = pages_to_check(site)
    if kind not in pages:
        pytest.skip(f"this site has no {kind} page")
    page = browser.new_page()
    try:
        response = page.goto(url + pages[kind], wait_until="load")
        assert response is not None and response.status == 200
        assert blocking_violations(page) == [], pages[kind]
    finally:
        page.close()


def test_every_other_kind_of_page(served, browser):
    """Pages added by later features (comparisons, indicators, terms …): the largest page
    of every other folder, so a new kind of page is checked without naming it here."""
    site, url = served
    covered = {"reports", "regions", "years", "search", "static", "data"}
    folders = sorted({p.relative_to(site).parts[0] for p in site.glob("*/**/*.html")} - covered)
    problems = []
    page = browser.new_page()
    try:
        for folder in folders:
            largest = max((site / folder).rglob("*.html"), key=lambda p: p.stat().st_size)
            name = largest.relative_to(site).as_posix()
            page.goto(url + name, wait_until="load")
            problems += [f"{name}: {p}" for p in blocking_violations(page)]
    finally:
        page.close()
    assert problems == []


def test_report_page_on_a_phone(served, browser):
    """The narrow layout (a 375 px wide screen) hides nothing from assistive technology."""
    site, url = served
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(url + pages_to_check(site)["report"], wait_until="load")
        assert blocking_violations(page) == []
    finally:
        context.close()


def test_report_page_links_every_paragraph(served, browser):
    """static/report-page.js gives every paragraph and heading of the report its ¶ link,
    named 本段链接, reached with the keyboard, that opens the page at that paragraph;
    without JavaScript the text is all there, with the same ids, and no ¶."""
    site, url = served
    name = pages_to_check(site)["report"]
    page = browser.new_page()
    try:
        page.goto(url + name, wait_until="load")
        anchored = page.locator(".report-body :is(p, h2, h3)[id]")
        links = page.get_by_role("link", name="本段链接")
        assert anchored.count() > 20 and links.count() == anchored.count()
        ids = anchored.evaluate_all("els => els.map(el => el.id)")
        hrefs = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert hrefs == [f"#{i}" for i in ids]
        third = page.locator(".report-body p[id]").nth(2)
        third.hover()
        third.locator("a.pilcrow").focus()
        assert third.locator("a.pilcrow").evaluate("a => getComputedStyle(a).opacity") == "1"
        page.keyboard.press("Enter")
        page.wait_for_url(f"**#{third.get_attribute('id')}")
        assert page.locator(":target").get_attribute("id") == third.get_attribute("id")
    finally:
        page.close()
    bare_context = browser.new_context(java_script_enabled=False)
    try:
        bare = bare_context.new_page()
        bare.goto(url + name, wait_until="load")
        assert bare.locator(".report-body :is(p, h2, h3)[id]").count() == len(ids)
        assert bare.locator(".pilcrow").count() == 0
    finally:
        bare_context.close()


@pytest.mark.parametrize("width", [1200, 375])
def test_compare_page_with_its_links_and_statuses(served, browser, width):
    """A precomputed compare page once its script has made the ¶ links and filled in the
    text (the largest page of compare/ is the compare-any-two page), side by side and on
    a phone, where the statuses join the column labels."""
    site, url = served
    pair = max((site / "compare").glob("*--*.html"), key=lambda p: p.stat().st_size)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(url + pair.relative_to(site).as_posix(), wait_until="load")
        page.wait_for_selector(".cmp-body[data-filled]", timeout=20_000)
        assert page.locator(".cmp-section a").count() > 0
        assert blocking_violations(page) == []
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of a computed colour "rgb(r, g, b)"."""
    parts = rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(x)) for x in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_labels_readable_in_both_themes(served, browser, scheme):
    """A chart sits on a white card in both themes: its labels and caption must not take
    the dark theme's light text colour (axe does not judge SVG text)."""
    site, url = served
    pages = [max((site / "regions").glob("*.html"), key=lambda p: p.stat().st_size)]
    terms = sorted((site / "terms").glob("*.html"))
    pages += [p for p in terms if "chart-box" in p.read_text(encoding="utf-8")][:1]
    checked = 0
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        for html in pages:
            page.goto(url + html.relative_to(site).as_posix(), wait_until="load")
            found = page.evaluate(
                """() => Array.from(document.querySelectorAll('.chart-box')).map(box => {
                    const bg = getComputedStyle(box).backgroundColor;
                    const texts = Array.from(box.querySelectorAll('svg text'))
                        .map(t => getComputedStyle(t).fill);
                    const caption = box.querySelector('figcaption');
                    if (caption) texts.push(getComputedStyle(caption).color);
                    return [bg, texts];
                })"""
            )
            for bg, colours in found:
                for colour in colours:
                    checked += 1
                    assert _contrast(colour, bg) >= 4.5, (html.name, colour, bg)
    finally:
        context.close()
    assert checked > 0


def test_axe_finds_what_it_looks_for(browser):
    """The check must be able to fail: a page with a known critical violation."""
    page = browser.new_page()
    try:
        page.set_content(
            '<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head>'
            '<body><main><h1>x</h1><img src="a.png"></main></body></html>'
        )
        assert any(p.startswith("image-alt (critical)") for p in blocking_violations(page))
    finally:
        page.close()


def search_for(page, url: str, query: str) -> None:
    """Open the search page with `query` and wait until its results are shown."""
    page.goto(f"{url}search/index.html?q={quote(query)}", wait_until="load")
    page.wait_for_selector('#search[data-state="done"]', timeout=20_000)


def test_search_results_page(served, browser):
    site, url = served
    if not (site / "search" / "index.html").is_file():
        pytest.skip("this site has no search page")
    page = browser.new_page()
    try:
        search_for(page, url, "营商环境")
        assert page.locator("#search-results li").count() > 0
        assert blocking_violations(page) == []
    finally:
        page.close()


def test_search_shows_hostile_text_as_text(tmp_path, browser):
    """The hostile corpus, searched in the browser: its markup is found and shown as
    text; no element from it is created and no script runs."""
    run = build_site(tmp_path, HOSTILE_FILES)
    if not (run.site / "search" / "index.html").is_file():
        pytest.skip("this site has no search page")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        with serving(run.site) as url:
            for query, shown in (("</textarea>", CLOSE), ("onerror", IMG), ("<svg/", SVG)):
                search_for(page, url, query)
                results = page.locator("#search-results")
                assert page.locator("#search-results li").count() > 0, query
                assert shown in results.inner_text(), query
                injected = page.locator(
                    "#search-results :is(img, script, svg, iframe, a[href^=javascript])"
                )
                assert injected.count() == 0, query
            assert blocking_violations(page) == []
    finally:
        page.close()
    assert dialogs == []
