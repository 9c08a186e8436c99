"""Hostile text renders as inert text on every page, in the JSON and in the search index.

A corpus of payloads (markup, script, attribute-breaking quotes, javascript: URLs, bidi
overrides and zero-width characters) goes into report text, into every metadata field,
into file names and into site.yaml, through a real build. Every file of the site is then
parsed and checked: no element or attribute from a payload, no script URL, the `source`
linked only when it is http(s), and the payload still readable as text (nothing lost).

Unicode controls: bidi embeddings/overrides/isolates and zero-width characters are
removed, from metadata at ingest (a warning names the key and line) and from report
text by the normaliser (a note on the report page counts them). They never reach a page,
an attribute, the JSON or the search index.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from reliability_support import REPORT_000, build_site

SCRIPT = "<script>alert('x')</script>"
IMG = "\"'><img src=x onerror=alert(1)>"
SVG = "<svg/onload=alert(2)>"
LINK = '<a href="javascript:alert(3)">点我</a>'
CLOSE = "</title></textarea><script>alert(5)</script>"
ENTITY = "&lt;b&gt;&amp;"
COMMENT = "<!-- x -->]]>{{ 7*7 }}"
RLO = "\u202e"
INVISIBLE = "\u200b\u200d\u2066\ufeff"
# A cell a spreadsheet would run as a formula.
FORMULA = '=HYPERLINK("https://example.org/","点我")'
# An http(s) URL (no spaces) that tries to break out of its href.
QUOTED_URL = "https://example.org/report?a=\"'><svg/onload=alert(8)>"

# Elements no payload may create (the theme makes none of them: its charts are inline
# <svg>, so a payload's <svg/onload=…> is caught by its on* attribute instead), and URL
# schemes no link may have.
BAD_TAGS = {"script", "img", "iframe", "object", "embed", "textarea", "base"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def q(text: str) -> str:
    """A YAML double-quoted string holding `text` exactly."""
    return json.dumps(text, ensure_ascii=False)


def hostile_report_text() -> str:
    """Report 000 with a payload in its title block, part and subsection headings and
    paragraphs, plus bidi and zero-width characters inside the text."""
    lines = REPORT_000.split("\n")
    out = []
    for line in lines:
        if line.startswith("宝山区人民政府区长"):
            line += " " + SVG
        elif line == "一、2023年工作回顾":
            line += SCRIPT
        elif line.startswith("（一）产业根基更加坚实。"):
            line = line.replace("（一）产业根基更加坚实。", f"（一）产业根基{IMG}更加坚实。")
            line += LINK + CLOSE
        elif line.startswith("（一）锚定优化产业结构"):
            line = line.replace("开创", f"开{RLO}创{INVISIBLE}") + ENTITY + COMMENT
        out.append(line)
    text = "\n".join(out)
    assert all(p in text for p in (SVG, SCRIPT, IMG, LINK, CLOSE, RLO, ENTITY)), "000 changed?"
    return text


FILES = {
    "site.yaml": (
        f"title: {q('报告库' + SCRIPT)}\n"
        f"intro: {q('介绍' + SCRIPT + ' [点我](javascript:alert(9)) ' + IMG)}\n"
    ),
    # Every metadata field, in a sidecar.
    "reports/a/2024.txt": hostile_report_text(),
    "reports/a/2024.yaml": (
        f"region: [{q('黑龙江省' + SCRIPT)}, {q('双鸭山市' + IMG)},"
        f" {q('宝山区' + RLO + INVISIBLE)}]\n"
        f"speaker: {q('刘志军' + RLO + SVG)}\n"
        f"speaker_title: {q('区长' + CLOSE)}\n"
        f"title: {q('政府工作报告' + LINK)}\n"
        f"session: {q('第十一届人民代表大会第三次会议' + ENTITY + COMMENT)}\n"
        f"source: {q('javascript:alert(6)')}\n"
        f"date: {q(SCRIPT)}\n"
        f"id: {q(IMG)}\n"
    ),
    # The same in front matter, with source URLs that must not become links.
    "reports/b/2023.txt": (
        "---\n"
        f"region: {q('上海市 宝山区 庙行镇' + IMG)}\n"
        f"year: 2023\n"
        f"speaker: {q(SCRIPT)}\n"
        f"source: {q(' JaVaScRiPt:alert(7)')}\n"
        "---\n" + REPORT_000
    ),
    "reports/c/2022.txt": REPORT_000,
    "reports/c/2022.yaml": (
        f"region: [黑龙江省, 牡丹江市, 爱民区]\nyear: 2022\n"
        f"source: {q('data:text/html,' + SCRIPT)}\n"
    ),
    "reports/d/2021.txt": REPORT_000,
    "reports/d/2021.yaml": (
        f"region: [黑龙江省, 佳木斯市, {q(FORMULA)}]\nyear: 2021\n"
        # an http(s) URL with quotes in it: linked, but the quotes cannot leave the href
        f"source: {q(QUOTED_URL)}\n"
    ),
    # A file name that is itself a payload (no metadata: its id comes from the name).
    f"reports/e/{IMG.replace('/', '')}.txt": "\n".join(REPORT_000.split("\n")[:12]),
}


class Inspector(HTMLParser):
    """Collects the problems of one page: elements, attributes and URLs from payloads."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.problems: list[str] = []
        self.text: list[str] = []
        self.attr_text: list[str] = []
        self.external: list[str] = []  # href of the links to other sites

    def handle_starttag(self, tag, attrs):
        where = f"{self.page}: <{tag}>"
        if tag in BAD_TAGS and not (tag == "script" and self._own_script(attrs)):
            self.problems.append(f"{where} element from a payload")
        names = [name for name, _ in attrs]
        if tag == "a" and len(names) != len(set(names)):
            self.problems.append(f"{where} repeated attribute {names}")
        if tag == "a" and "external" in (dict(attrs).get("class") or "").split():
            self.external.append(dict(attrs).get("href") or "")
        for name, value in attrs:
            value = value or ""
            self.attr_text.append(value)
            if name.startswith("on") or name in ("srcdoc", "formaction", "style"):
                self.problems.append(f"{where} attribute {name}={value!r}")
            if name in ("href", "src", "action"):
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith(BAD_SCHEMES):
                    self.problems.append(f"{where} {name}={value!r}")
                if name == "href" and re.match(r"[a-z][a-z0-9+.-]*:", scheme):
                    if not scheme.startswith(("http://", "https://")):
                        self.problems.append(f"{where} link to {value!r}")

    def _own_script(self, attrs) -> bool:
        """The theme's own scripts (the search page's static/search.js) are fine."""
        src = dict(attrs).get("src") or ""
        return src.endswith(".js") and "static/" in src and "<" not in src

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("hostile"), FILES)


def pages(run) -> dict[str, str]:
    return {
        p.relative_to(run.site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(run.site.rglob("*.html"))
    }


def test_the_hostile_corpus_builds(hostile_site):
    run = hostile_site
    data = run.data()
    assert len(data["reports"]) == 5, run.err
    # The rejected values (a date and an id that are markup) are named, not used.
    messages = run.messages("a/2024.yaml")
    assert any(m.startswith("line 7: warning: metadata 'date'") for m in messages)
    assert any(m.startswith("line 8: warning: metadata 'id'") for m in messages)
    assert any("U+202E RIGHT-TO-LEFT OVERRIDE" in m for m in messages)


def test_no_page_has_an_element_attribute_or_url_from_a_payload(hostile_site):
    found = pages(hostile_site)
    assert len(found) >= 12
    problems = []
    for name, html in found.items():
        inspector = Inspector(name)
        inspector.feed(html)
        inspector.close()
        problems += inspector.problems
        if CONTROLS.search(html):
            problems.append(f"{name}: a bidi or zero-width character reached the page")
    assert problems == []


def test_payloads_are_shown_as_text_not_lost(hostile_site):
    run = hostile_site
    report = next(r for r in run.data()["reports"] if r["source_file"] == "a/2024.txt")
    html = (run.site / report["url"]).read_text(encoding="utf-8")
    inspector = Inspector(report["url"])
    inspector.feed(html)
    text = "".join(inspector.text)
    attributes = "".join(inspector.attr_text)
    for payload in (SCRIPT, IMG, SVG, LINK, CLOSE, ENTITY):
        assert payload in text, payload  # in the text, as the reader should see it
    assert "<img" not in attributes and "<script" not in attributes
    assert "刘志军" + SVG in text  # speaker, the override removed
    assert "2023年工作回顾" + SCRIPT in text  # a part heading
    assert "产业根基" + IMG + "更加坚实" in text  # a subsection heading
    assert "开创" in text  # the override and zero-width characters inside the text went
    assert "javascript:alert(6)" in text  # the source is shown, not linked
    assert "<!-- x -->]]>{{ 7*7 }}" in text and "49" not in text.split("]]>")[1][:10]
    home = (run.site / "index.html").read_text(encoding="utf-8")
    assert "介绍" + SCRIPT in "".join(_texts(home))


def _texts(html: str) -> list[str]:
    inspector = Inspector("")
    inspector.feed(html)
    return inspector.text


def test_source_is_linked_only_when_it_is_http(hostile_site):
    run = hostile_site
    links = {}
    for r in run.data()["reports"]:
        inspector = Inspector(r["url"])
        inspector.feed((run.site / r["url"]).read_text(encoding="utf-8"))
        links[r["source_file"]] = inspector.external
        assert inspector.problems == []
    assert links["a/2024.txt"] == []  # javascript:
    assert links["b/2023.txt"] == []  # JaVaScRiPt: with a leading space
    assert links["c/2022.txt"] == []  # data:
    assert links["d/2021.txt"] == [QUOTED_URL]  # linked, the quotes stayed inside the href


def test_json_holds_the_payloads_as_data(hostile_site):
    run = hostile_site
    raw = (run.site / "data" / "reports.json").read_text(encoding="utf-8")
    assert not CONTROLS.search(raw)
    data = json.loads(raw)
    report = next(r for r in data["reports"] if r["source_file"] == "a/2024.txt")
    assert report["speaker"] == "刘志军" + SVG
    assert report["region"]["names"] == ["黑龙江省" + SCRIPT, "双鸭山市" + IMG, "宝山区"]
    assert report["source"] == "javascript:alert(6)"
    assert report["date"] == "2024-01-14"  # the bad given date ignored, the text's used
    assert re.fullmatch(r"[a-z0-9-]+", report["id"])
    for r in data["reports"]:
        assert re.fullmatch(r"reports/[a-z0-9-]+\.html", r["url"]), r["url"]
        assert re.fullmatch(
            r"regions/[a-z0-9-]+\.html", r["region"]["id"] and f"regions/{r['region']['id']}.html"
        )


def test_sitemap_and_other_files_stay_well_formed(hostile_site):
    run = hostile_site
    ET.parse(run.site / "sitemap.xml")  # raises on a broken document
    for path in run.site.rglob("*"):
        if path.suffix in (".json", ".xml", ".txt", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not CONTROLS.search(text), path
            if path.suffix == ".json":
                json.loads(text)


def test_search_index_holds_the_payloads_as_data(hostile_site):
    run = hostile_site
    folder = run.site / "search"
    if not folder.is_dir():
        pytest.skip("this build has no search index")
    texts = []
    for path in sorted(folder.rglob("*.json")):
        raw = path.read_text(encoding="utf-8")
        assert not CONTROLS.search(raw), path
        texts.append(raw)
    assert any("alert" in t for t in texts)  # the payload text is searchable data


def test_the_inspector_finds_what_it_looks_for():
    """The checks above must be able to fail."""
    bad = (
        '<p>x<img src=x onerror="alert(1)"></p><a href=" javascript:alert(1)">a</a>'
        '<a class="external" href="data:text/html,x">b</a><script>alert(1)</script>'
        '<p style="x">\u202e</p>'
    )
    inspector = Inspector("bad.html")
    inspector.feed(bad)
    kinds = " ".join(inspector.problems)
    for needle in ("<img> element", "onerror", "javascript:", "data:", "<script>", "style"):
        assert needle in kinds, needle
    assert inspector.external == ["data:text/html,x"]


def test_csv_exports_hold_no_formula(hostile_site):
    """A CSV cell that starts with = + - @ runs as a formula in a spreadsheet: the
    hostile region name must arrive as text (after a ' that spreadsheets hide)."""
    run = hostile_site
    found = sorted(run.site.rglob("*.csv"))
    if not found:
        pytest.skip("this build has no CSV export")
    cells = []
    for path in found:
        text = path.read_text(encoding="utf-8-sig")
        cells += [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert any(FORMULA in c for c in cells)  # the region is in the export…
    for c in cells:
        if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c)):
            pytest.fail(f"formula cell {c!r}")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
