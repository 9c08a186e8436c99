"""Compare any two reports in Chromium: pick two, see the parts aligned and the changes
marked; the precomputed pages' side-by-side / inline switch and phone layout.

The sample site is served on 127.0.0.1 and opened in headless Chromium (Debian's
/usr/bin/chromium driven by Playwright). Skips when either is missing.
"""

from __future__ import annotations

import gzip

import pytest

from compare_support import AIMIN_2024, BAOSHAN_2023, BAOSHAN_2024, sample_reports, sample_site
from govreport_site.render.textviews import excerpt

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
from test_reliability_a11y import CHROMIUM_ARGS, chromium_path, serving  # noqa: E402


@pytest.fixture(scope="module")
def browser_page():
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium (set CHROMIUM or install Debian's chromium)")
    site = sample_site()
    with serving(site) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            yield page, url, errors
        finally:
            browser.close()


def test_pick_two_reports_and_see_them_aligned(browser_page):
    page, url, errors = browser_page
    page.goto(url + "compare/index.html")
    page.select_option("#pick-a", BAOSHAN_2023)
    page.select_option("#pick-b", BAOSHAN_2024)
    page.click("form.compare-pick button")
    page.wait_for_selector("#cmp-result[data-ready]", timeout=30_000)
    # The pair is in the URL, so the view can be shared.
    assert page.url.endswith(f"compare/index.html?a={BAOSHAN_2023}&b={BAOSHAN_2024}")
    sections = page.locator("#cmp-result .cmp-section h2").all_inner_texts()
    assert sections == ["开场", "工作回顾", "年度工作安排", "结束语"]
    # Aligned paragraphs with marked changes: the plan's heading 2023 -> 2024 …
    heading = page.locator("#cmp-result .cmp-row.role-heading", has_text="工作安排")
    assert heading.locator(".cmp-a del").inner_text() == "3"
    assert heading.locator(".cmp-b ins").inner_text() == "4"
    # … the targets passages side by side, and 2024's opening marked new.
    targets = page.locator("#cmp-result .cmp-row", has_text="主要预期目标")
    assert targets.count() == 1 and targets.locator(".cmp-a").count() == 1
    assert page.locator("#js-sec-opening .cmp-row.st-new").count() == 2  # 2023 has none
    assert page.locator("#cmp-result ins").count() > 10
    assert page.locator("#cmp-result .cmp-a del").count() > 5
    # Each side links back to its paragraph.
    link = targets.locator(".cmp-b a").get_attribute("href")
    assert link.startswith(f"../reports/{BAOSHAN_2024}.html#plan-p")
    assert errors == []


def test_a_shared_url_opens_with_the_pair(browser_page):
    page, url, errors = browser_page
    page.goto(f"{url}compare/index.html?a={AIMIN_2024}&b={BAOSHAN_2024}")
    page.wait_for_selector("#cmp-result[data-ready]", timeout=30_000)
    assert page.input_value("#pick-a") == AIMIN_2024
    assert page.input_value("#pick-b") == BAOSHAN_2024
    assert "已对齐" in page.inner_text("#cmp-status")
    # An id that is not a report is refused, not fetched.
    page.goto(f"{url}compare/index.html?a=../../etc/passwd&b={BAOSHAN_2024}")
    assert "没有这篇报告" in page.inner_text("#cmp-status")
    assert errors == []


def test_texts_read_whether_the_server_inflates_them_or_not(browser_page):
    """The reports' texts are stored gzip-compressed (data/reports/<id>.json.gz) and the
    page inflates them; a host that sends .gz files with Content-Encoding: gzip has the
    browser inflate them first, and the page must take that plain JSON as it is."""
    page, url, errors = browser_page
    fetched: list[tuple[str, bytes]] = []

    def inflated(route):
        response = route.fetch()
        stored = response.body()
        fetched.append((route.request.url, stored[:2]))
        route.fulfill(response=response, body=gzip.decompress(stored))

    for serve in (None, inflated):
        fetched.clear()
        if serve:
            page.route("**/data/reports/*.json.gz", serve)
        try:
            page.goto(f"{url}compare/index.html?a={BAOSHAN_2023}&b={BAOSHAN_2024}")
            page.wait_for_selector("#cmp-result[data-ready]", timeout=30_000)
            assert page.locator("#cmp-result .cmp-row.role-heading").count() > 0
        finally:
            if serve:
                page.unroute("**/data/reports/*.json.gz")
    assert [magic for _, magic in fetched] == [b"\x1f\x8b"] * 2  # gzip as stored
    assert errors == []


def test_precomputed_page_switches_to_inline_and_stacks_on_a_phone(browser_page):
    page, url, _ = browser_page
    page.goto(f"{url}compare/{BAOSHAN_2023}--{BAOSHAN_2024}.html")
    row = page.locator(".cmp-row.st-changed.role-heading").first
    side_a, side_b = row.locator("[data-a]"), row.locator("[data-b]")
    a_box, b_box = side_a.bounding_box(), side_b.bounding_box()
    assert a_box["x"] + a_box["width"] <= b_box["x"]  # side by side
    assert not side_b.locator("del").is_visible()
    # Side a's cell, made from side b's: 2023's heading with the deleted text marked.
    href = side_a.locator("a").get_attribute("href")
    assert href.startswith(f"../reports/{BAOSHAN_2023}.html#")
    heading = sample_reports()["001"].find(href.split("#")[1]).text
    assert side_a.inner_text() == f"{heading} ¶"
    assert side_a.locator("del").is_visible() and side_a.locator("ins").count() == 0
    page.click("label[for=cmp-mode-inline]")
    assert not side_a.is_visible()
    assert side_b.locator("del").is_visible() and side_b.locator("ins").is_visible()
    # A new paragraph (a row of its own) lines up with the rest in the one column.
    new = page.locator(".cmp-section > p[data-b]").first
    assert text_x(new) == text_x(side_b)
    page.set_viewport_size({"width": 380, "height": 800})
    page.reload()
    a_box, b_box = side_a.bounding_box(), side_b.bounding_box()
    assert b_box["y"] >= a_box["y"] + a_box["height"] - 1  # stacked
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380  # nothing wider than the phone
    # Each stacked cell is labelled with its report (from the page's --a / --b), a changed,
    # new or dropped one with its status too.
    label = "el => getComputedStyle(el, '::before').content"
    assert "2023年" in side_a.evaluate(label)
    assert "2024年（修改）" in side_b.evaluate(label)
    assert "2024年（新增）" in new.evaluate(label)
    page.set_viewport_size({"width": 1200, "height": 900})


def text_x(cell) -> float:
    """Where the text of a cell starts (a new paragraph's cell is its row, with padding)."""
    return cell.evaluate(
        "el => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)"
    )


PAIR = f"compare/{BAOSHAN_2023}--{BAOSHAN_2024}.html"
CLOSING = '.cmp-section > p[data-b="closing-p1"], #sec-closing > p[data-b="1"]'


def test_precomputed_page_fills_in_the_text_of_new_paragraphs(browser_page):
    page, url, errors = browser_page
    closing = sample_reports()["000"].find("closing-p1").text  # 2024's closing: new
    cell = page.locator(CLOSING)
    page.goto(url + PAIR)
    page.wait_for_selector(".cmp-body[data-filled]", timeout=30_000)
    assert cell.inner_text() == f"{closing} ¶"
    # In the right column, though the row has no left cell.
    box = cell.locator("a").bounding_box()
    assert box["x"] > 1200 / 2 - 100
    # Every ¶ link has the name of the paragraph's report (one hidden label per side), and
    # is reached with the keyboard.
    assert (
        page.get_by_role("link", name="2024年原文").count() == page.locator("[data-b] > a").count()
    )
    assert (
        page.get_by_role("link", name="2023年原文").count() == page.locator("[data-a] > a").count()
    )
    assert page.locator("[data-b] > a").count() == page.locator(".cmp-section [data-b]").count()
    cell.locator("a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/reports/{BAOSHAN_2024}.html#closing-p1")
    assert page.locator(":target").inner_text().startswith(closing[:20])
    # Dropped paragraphs too (the same-year pair has both kinds): no excerpt is left.
    page.goto(f"{url}compare/{AIMIN_2024}--{BAOSHAN_2024}.html")
    page.wait_for_selector(".cmp-body[data-filled]", timeout=30_000)
    whole = ".cmp-section > p"
    texts = page.locator(whole).all_inner_texts()
    assert page.locator(".cmp-section > p[data-a]").count() > 10
    assert not [t for t in texts if t.endswith("… ¶")]
    assert errors == []


def test_precomputed_page_says_the_status_of_each_row(browser_page):
    """The status of a new, dropped or changed row is generated content (static/texts.css):
    it is in the accessibility tree, where screen readers read it, after a dropped
    paragraph's link and before a new or changed one's text."""
    page, url, errors = browser_page
    page.goto(f"{url}compare/{AIMIN_2024}--{BAOSHAN_2024}.html")
    page.wait_for_selector(".cmp-body[data-filled]", timeout=30_000)
    texts = read_aloud(page)
    dropped = page.locator(".cmp-section > p[data-a]").first.evaluate("el => el.firstChild.data")
    at = texts.index(dropped)
    assert texts[at + 1 : at + 3] == ["牡丹江市爱民区原文", "删除"]
    new = page.locator(".cmp-section > p[data-b]").first.evaluate("el => el.firstChild.data")
    assert texts[texts.index(new) - 1] == "新增"
    changed = page.locator(".cmp-row.st-changed > [data-b]").first
    first = changed.evaluate("el => el.firstChild.textContent")
    assert texts[texts.index(first) - 1] == "修改"
    assert errors == []


def read_aloud(page) -> list[str]:
    """The texts and link names of Chromium's accessibility tree, in reading order."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}
    texts: list[str] = []
    todo = [nodes[0]["nodeId"]]
    while todo:
        node = by_id[todo.pop()]
        name = node.get("name", {}).get("value", "").strip()
        role = node.get("role", {}).get("value")
        if not node.get("ignored") and name and role in ("StaticText", "link"):
            texts.append(name)
        if role != "link":
            todo.extend(reversed(node.get("childIds", [])))
    return texts


def test_precomputed_page_keeps_the_excerpt_when_the_data_cannot_be_read(browser_page):
    page, url, errors = browser_page
    closing = sample_reports()["000"].find("closing-p1").text
    page.route("**/data/reports/*.json.gz", lambda route: route.abort())
    try:
        page.goto(url + PAIR)
        page.wait_for_selector(".cmp-body[data-filled]", timeout=30_000)
        cell = page.locator(CLOSING)
        assert cell.inner_text() == f"{excerpt(closing)} ¶"
        cell.locator("a").click()
        assert page.url.endswith(f"reports/{BAOSHAN_2024}.html#closing-p1")
    finally:
        page.unroute("**/data/reports/*.json.gz")
    assert errors == []


def test_precomputed_page_without_javascript_keeps_its_text_and_modes(browser_page):
    """Without JavaScript a page has no ¶ links (its header links both reports) and keeps
    the rest: every row's text, the redline (in one cell a row), the switch between the
    two views."""
    page, url, _ = browser_page
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        bare = context.new_page()
        bare.goto(url + PAIR)
        assert bare.locator(".cmp-section a").count() == 0
        assert bare.locator(f'.summary a[href$="{BAOSHAN_2024}.html"]').count() == 1
        closing = sample_reports()["000"].find("closing-p1").text
        assert bare.locator(CLOSING).inner_text() == excerpt(closing)
        # A changed row is side b's cell alone, the redline across the row.
        row = bare.locator(".cmp-row.st-changed.role-heading").first
        assert row.locator("[data-a]").count() == 0
        assert row.locator("[data-b] del").is_visible() and row.locator("[data-b] ins").is_visible()
        assert row.locator("[data-b]").bounding_box()["x"] < 1200 / 4
        # A paragraph kept word for word shows once, its status beside it.
        bare.goto(with_a_kept_row(bare, url))
        kept = bare.locator("p[data-ab]")
        assert kept.inner_text() == "原样保留的段落。"
        assert kept.evaluate("el => getComputedStyle(el, '::after').content") == '"未变"'
        bare.goto(url + PAIR)
        bare.click("label[for=cmp-mode-inline]")
        assert row.locator("[data-b] del").is_visible() and row.locator("[data-b] ins").is_visible()
    finally:
        context.close()


KEPT = '<p class="moved" data-ab="1 2">原样保留的段落。</p>\n'


def with_a_kept_row(page, url: str) -> str:
    """The URL of the sample pair's page with a paragraph kept word for word added to its
    plan (the samples have none): plan-p1 of 2023, plan-p2 of 2024."""
    html = (sample_site() / PAIR).read_text(encoding="utf-8")
    at = html.index("</section>", html.index('id="sec-plan"'))
    page.route(
        f"{url}compare/kept.html",
        lambda route: route.fulfill(body=html[:at] + KEPT + html[at:], content_type="text/html"),
    )
    return f"{url}compare/kept.html"


def test_precomputed_page_shows_a_kept_paragraph_in_both_columns(browser_page):
    page, url, errors = browser_page
    page.goto(with_a_kept_row(page, url))
    page.wait_for_selector(".cmp-body[data-filled]", timeout=30_000)
    assert page.locator("p[data-ab]").count() == 0
    row = page.locator(".cmp-row.st-same.moved", has_text="原样保留的段落")
    assert row.locator("p").all_inner_texts() == ["原样保留的段落。 ¶"] * 2
    hrefs = [row.locator(f"[data-{side}] a").get_attribute("href") for side in "ab"]
    assert hrefs == [
        f"../reports/{BAOSHAN_2023}.html#plan-p1",
        f"../reports/{BAOSHAN_2024}.html#plan-p2",
    ]
    a_box, b_box = (row.locator(f"[data-{side}]").bounding_box() for side in "ab")
    assert a_box["x"] + a_box["width"] <= b_box["x"]  # side by side
    assert errors == []
