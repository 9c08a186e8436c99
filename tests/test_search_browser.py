"""The search page in Chromium, on the sample site served under a subpath (/repo/).

For 50 terms cut from the reports (lengths 1 to 20, ASCII and digits among them) the
page's results are exactly the paragraphs that contain the term; the filters narrow them
exactly; the ?q=… URL reproduces them; a result's link lands on the paragraph, outlined.
Skips when Playwright or Debian's Chromium is not installed (.ci/run installs both).
"""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from browser_support import chromium_path, launch
from govreport_site.build import build
from govreport_site.config import load_config
from govreport_site.publish.search.fold import query_terms, search_fold
from search_support import SAMPLES, load_site, paragraphs, sample_terms, truth

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

sync_api = pytest.importorskip("playwright.sync_api")

PREFIX = "/repo/"
TERMS = 50

if chromium_path() is None:
    pytest.skip("no chromium (Debian's chromium package)", allow_module_level=True)


class SubpathHandler(SimpleHTTPRequestHandler):
    """The site at /repo/ as on GitHub Pages; anything outside it is a 404."""

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serving(out: Path):
    """The built site `out` at http://127.0.0.1:<port>/repo/."""
    handler = functools.partial(SubpathHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(SAMPLES, root / "reports")
    config, _ = load_config(root)
    build(config)
    with serving(config.out_dir) as url:
        yield url, config.out_dir


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def paras():
    return paragraphs(load_site(SAMPLES)[0])


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The page checks each result's text before showing it and reports a paragraph the
    # index gave wrongly; the index must never need that safety net.
    page.on("console", lambda m: m.text.startswith("search index") and errors.append(m.text))
    yield page
    context.close()
    assert errors == []


# Every result shown (the "more" button pressed until it goes), as (report URL relative to
# the site root, anchor); with the count the page states and the marked words.
COLLECT = """async () => {
  const box = document.getElementById("search");
  const more = document.getElementById("search-more");
  const settled = () => new Promise((resolve) => {
    const t = setInterval(() => {
      if (box.dataset.state !== "loading") { clearInterval(t); resolve(); }
    }, 5);
  });
  while (!more.hidden) { more.click(); await settled(); }
  // A result's text is fetched as it comes near the screen: bring each one there.
  for (let li; (li = document.querySelector("#search-results .search-result[aria-busy]")); ) {
    li.scrollIntoView();
    await new Promise((resolve, reject) => {
      const since = Date.now();
      const t = setInterval(() => {
        if (!li.hasAttribute("aria-busy") || !li.isConnected) { clearInterval(t); resolve(); }
        else if (Date.now() - since > 10000) { clearInterval(t); reject(new Error("not filled")); }
      }, 5);
    });
  }
  const items = Array.from(document.querySelectorAll("#search-results .search-result"));
  return {
    state: box.dataset.state,
    status: document.getElementById("search-status").textContent,
    results: items.map((li) => {
      const a = li.querySelector("a[href]");
      const url = new URL(a.href);
      return {
        path: url.pathname, hash: decodeURIComponent(url.hash.slice(1)),
        anchor: a.dataset.anchor, text: a.textContent,
        marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
      };
    }),
  };
}"""


def search_for(page, term: str) -> dict:
    page.fill("#search-q", term)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "q => { const b = document.getElementById('search');"
        " return b.dataset.query === q && b.dataset.state === 'done'; }",
        arg=term,
    )
    return page.evaluate(COLLECT)


def found(shown: dict) -> list[tuple[str, str]]:
    """(url relative to the site root, anchor) of each result, in the order shown."""
    out = []
    for r in shown["results"]:
        assert r["path"].startswith(PREFIX), r  # relative links stay under the subpath
        assert r["hash"] == r["anchor"]
        out.append((r["path"][len(PREFIX) :], r["anchor"]))
    return out


def check(shown: dict, expected: set, term: str) -> None:
    got = found(shown)
    assert len(got) == len(set(got)), term
    assert set(got) == expected, term
    if expected:
        assert f"共 {len(expected):,} 个段落" in shown["status"], (term, shown["status"])
        words = query_terms(term)
        for r in shown["results"]:  # a match is marked in every excerpt
            marked = [search_fold(m) for m in r["marks"]]
            assert any(w in m for w in words for m in marked), (term, r)
            assert "年" in r["text"]  # region and year in the link
    else:
        assert "没有找到" in shown["status"], (term, shown["status"])


def test_fifty_terms_give_exactly_the_paragraphs_that_contain_them(served, page, paras):
    base, _ = served
    terms = sample_terms(paras, TERMS, seed=7)
    assert len(terms) == TERMS
    assert {len(t) for t in terms} >= {1, 2, 3, 10, 20}
    assert any(t.isascii() and any(c.isdigit() for c in t) for t in terms)
    page.goto(base + "search/")
    page.wait_for_function("document.getElementById('search').dataset.state === 'done'")
    for term in terms:
        check(search_for(page, term), truth(paras, term), term)
    # Full-width and several words: folded the same way as the index.
    for query in ("２０２３", "营商环境 改革", "ＧＤＰ", "这个词不在任何报告里", "constructor"):
        check(search_for(page, query), truth(paras, query), query)


def test_filters_narrow_exactly_and_the_url_reproduces_them(served, page, paras):
    base, _ = served
    cases = [
        ("发展", {"region": "heilongjiang-shuangyashan"}, {"region": ("黑龙江省", "双鸭山市")}),
        ("发展", {"region": "heilongjiang"}, {"region": ("黑龙江省",)}),
        ("发展", {"year": "2024"}, {"year": 2024}),
        ("增长", {"kind": "targets"}, {"kind": "targets"}),
        ("工作", {"kind": "review", "year": "2023"}, {"kind": "review", "year": 2023}),
        ("营商环境", {"kind": "plan"}, {"kind": "plan"}),
    ]
    page.goto(base + "search/")
    for term, form, filters in cases:
        for name in ("region", "year", "kind"):
            page.select_option(f"#search-{name}", form.get(name, ""))
        shown = search_for(page, term)
        expected = truth(paras, term, **filters)
        assert expected and expected < truth(paras, term)  # the filter does narrow
        check(shown, expected, term)
        assert set(found(shown)) == expected
        # The address bar now holds the search; opening it again gives the same results.
        url = page.url
        assert "q=" + quote(term) in url and all(f"{k}={v}" in url for k, v in form.items())
        again = page.context.new_page()
        again.goto(base + "search/?" + urlencode({"q": term, **form}))
        again.wait_for_function(
            "q => document.getElementById('search').dataset.query === q"
            " && document.getElementById('search').dataset.state === 'done'",
            arg=term,
        )
        reopened = again.evaluate(COLLECT)
        assert found(reopened) == found(shown)
        assert again.input_value("#search-q") == term
        for name in ("region", "year", "kind"):
            assert again.input_value(f"#search-{name}") == form.get(name, "")
        again.close()


def test_ranking_headings_and_targets_first_then_newest(served, page, paras):
    base, _ = served
    page.goto(base + "search/?q=" + quote("发展"))
    page.wait_for_function("document.getElementById('search').dataset.state === 'done'")
    shown = found(page.evaluate(COLLECT))
    by_key = {(p.url, p.anchor): p for p in paras}
    boosted = [by_key[k].cls >= "8" for k in shown]  # class chars 8… are headings/targets
    assert any(boosted) and boosted == sorted(boosted, reverse=True)
    rest = [by_key[k].year for k, b in zip(shown, boosted, strict=True) if not b]
    assert rest == sorted(rest, reverse=True)


def test_clicking_a_result_lands_on_the_outlined_paragraph(served, page, paras):
    base, _ = served
    page.goto(base + "search/?q=" + quote("规上工业"))
    page.wait_for_function("document.getElementById('search').dataset.state === 'done'")
    link = page.locator("#search-results .search-result a").nth(1)
    anchor = link.get_attribute("data-anchor")
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith(base + "reports/") and page.url.endswith("#" + anchor)
    target = page.evaluate(
        "() => { const t = document.querySelector(':target');"
        " return t && {id: t.id, text: t.textContent,"
        " outline: getComputedStyle(t).outlineStyle}; }"
    )
    assert target["id"] == anchor
    assert "规上工业" in target["text"]
    assert target["outline"] == "solid"  # highlighted on arrival


def test_opened_from_disk_it_says_why_it_cannot_search(served, page):
    _, out = served
    page.goto((out / "search" / "index.html").as_uri() + "?q=" + quote("营商环境"))
    page.wait_for_function("document.getElementById('search').dataset.state === 'error'")
    message = page.text_content("#search-status")
    assert "build-site serve" in message


def own_phrase(paras, para, length: int = 10) -> str:
    """A phrase of `para` that no other paragraph contains."""
    for start in range(0, len(para.text) - length + 1):
        phrase = para.text[start : start + length]
        if phrase.strip() == phrase and truth(paras, phrase) == {(para.url, para.anchor)}:
            return phrase
    raise AssertionError(f"no phrase of its own in {para.anchor}")


def test_a_result_shows_its_own_paragraph_from_its_reports_text(served, page, paras):
    """For a paragraph of a later report (its text comes from data/reports/<id>.json by
    its place in the report) and for a title paragraph: the excerpt is that paragraph's
    text with the word marked, the link goes to its report at its anchor; each report's
    text is fetched once, and there is no other copy of the text to fetch."""
    base, _ = served
    urls = list(dict.fromkeys(p.url for p in paras))  # reports in the index's order
    last = [p for p in paras if p.url == urls[-1] and len(p.text) > 60]
    body = last[len(last) // 2]
    title = next(p for p in paras if p.url == urls[1] and p.anchor == "title-p3")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "search/")
    for para, term in ((body, own_phrase(paras, body)), (title, title.text.split()[-1])):
        assert truth(paras, term) == {(para.url, para.anchor)}, term
        shown = search_for(page, term)
        assert found(shown) == [(para.url, para.anchor)]
        assert shown["results"][0]["marks"] == [term]
        excerpt = page.text_content("#search-results .search-excerpt")
        assert term in excerpt and excerpt.strip("…") in para.text
    texts = [u for u in requests if "/data/reports/" in u]
    assert len(texts) == len(set(texts)) == 2
    assert not [u for u in requests if "/search/t/" in u]
    # A second word of the same report: its text is not fetched again.
    other = next(p for p in last if p is not body)
    term = own_phrase(paras, other)
    assert found(search_for(page, term)) == [(other.url, other.anchor)]
    assert len([u for u in requests if "/data/reports/" in u]) == 2


# Where each listed result stands, from its link (reports/<id>.html until its text came).
LISTED = """() => Array.from(document.querySelectorAll("#search-results .search-result"))
  .map((li) => {
    const a = li.querySelector("a[href]"), url = new URL(a.href), r = li.getBoundingClientRect();
    return {
      report: url.pathname.split("/").pop().replace(/[.]html$/, ""), hash: url.hash,
      anchor: a.dataset.anchor || null, busy: li.getAttribute("aria-busy") === "true",
      top: r.top, bottom: r.bottom, height: innerHeight,
      marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
    };
  })"""

# Every result within a screen of the viewport shown.
SETTLED = """() => Array.from(document.querySelectorAll("#search-results .search-result"))
  .every((li) => {
    const r = li.getBoundingClientRect();
    return r.bottom < -innerHeight || r.top > 2 * innerHeight || !li.hasAttribute("aria-busy");
  })"""


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A synthetic corpus of 30 reports: a first page of 20 results from many of them."""
    root = tmp_path_factory.mktemp("many")
    make_corpus(root / "reports", 30)
    config, _ = load_config(root)
    build(config)
    with serving(config.out_dir) as url:
        yield url


def test_results_fetch_only_the_texts_near_the_screen_and_the_rest_on_scrolling(many, browser):
    """Each report's text is ~30 KB: opening the results fetches the texts of the results
    on screen or within a screen of it, not of all 20; every result is listed at once,
    linked to its report; scrolling down fetches the others and shows their excerpts."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    texts: list[str] = []
    page.on("request", lambda r: "/data/reports/" in r.url and texts.append(r.url))
    fetched = lambda: sorted(u.rsplit("/", 1)[1].removesuffix(".json.gz") for u in texts)  # noqa: E731
    term = "营商环境"
    page.goto(many + "search/?q=" + quote(term))
    page.wait_for_function("document.getElementById('search').dataset.state === 'done'")
    page.wait_for_function(SETTLED)
    listed = page.evaluate(LISTED)
    assert len(listed) == 20
    everywhere = {r["report"] for r in listed}
    assert len(everywhere) >= 8  # the page of results does span many reports
    shown = [r for r in listed if not r["busy"]]
    waiting = [r for r in listed if r["busy"]]
    assert shown[0] is listed[0] and waiting, listed  # the first on screen, some below
    assert all(r["top"] <= 2 * r["height"] for r in shown)
    assert all(r["marks"] and r["hash"] == "#" + r["anchor"] for r in shown)
    # Listed already, linked to the report's page, and announced as not yet complete.
    assert all(r["hash"] == "" and r["anchor"] is None and not r["marks"] for r in waiting)
    assert fetched() == sorted({r["report"] for r in shown})  # each text once, only those
    assert len(fetched()) < len(everywhere)
    # Scrolling down as a reader does: the rest come, each report's text once.
    for _ in range(40):
        if page.evaluate("innerHeight + scrollY >= document.documentElement.scrollHeight - 1"):
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    page.wait_for_function(
        "() => !document.querySelector('#search-results .search-result[aria-busy]')"
    )
    after = page.evaluate(LISTED)
    assert [r["report"] for r in after] == [r["report"] for r in listed]  # same order
    assert fetched() == sorted(everywhere)
    for r in after:
        assert r["hash"] == "#" + r["anchor"] and r["anchor"], r
        assert any(term in m for m in r["marks"]), r
    context.close()
    assert errors == []


def test_without_intersection_observer_every_result_is_shown_at_once(many, browser):
    """A browser without IntersectionObserver fetches the texts of the page of results at
    once, as before: done means all 20 shown, marked and linked to their anchor."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script("delete window.IntersectionObserver")
    page = context.new_page()
    page.goto(many + "search/?q=" + quote("营商环境"))
    page.wait_for_function("document.getElementById('search').dataset.state === 'done'")
    listed = page.evaluate(LISTED)
    assert len(listed) == 20
    for r in listed:
        assert not r["busy"] and r["anchor"] and r["hash"] == "#" + r["anchor"], r
        assert any("营商环境" in m for m in r["marks"]), r
    context.close()
