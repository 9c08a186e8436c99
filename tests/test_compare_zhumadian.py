"""驻马店市 2002–2026: 24 consecutive compare pages and the years 十三五 / 十四五 appear.

Reads ../shared/corpus/zhumadian (skipped when absent) with a _meta.yaml written into a
temporary copy: region [河南省, 驻马店市].
"""

from __future__ import annotations

import gzip
import json
import re
from html import unescape

from compare_support import ZHUMADIAN, zhumadian_site

REGION = "henan-zhumadian"


def html(name: str) -> str:
    return (zhumadian_site() / name).read_text(encoding="utf-8")


def text(name: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html(name)))


def test_24_consecutive_compare_pages():
    site = zhumadian_site()
    pairs = json.loads((site / "data" / "compare.json").read_text(encoding="utf-8"))
    years = sorted(int(p.stem) for p in ZHUMADIAN.glob("*.txt"))
    assert len(years) == 25
    expect = [f"{REGION}-{y}--{REGION}-{y + 1}" for y in years[:-1]]
    assert [p["url"][len("compare/") : -len(".html")] for p in pairs] == expect
    assert all(p["kind"] == "previous" for p in pairs)
    for p in pairs:
        assert (site / p["url"]).is_file()
        assert abs(p["kept"] + p["changed"] + p["new"] - 1) < 1e-3
    # Year-on-year reports of a city are largely rewritten, yet never wholly new.
    assert all(0 < p["kept"] < 0.5 and p["new"] < 0.9 for p in pairs)


def test_pair_pages_link_along_the_years():
    page = html(f"compare/{REGION}-2010--{REGION}-2011.html")
    assert f'rel="prev" href="../compare/{REGION}-2009--{REGION}-2010.html"' in page
    assert f'rel="next" href="../compare/{REGION}-2011--{REGION}-2012.html"' in page


def test_term_pages_show_when_the_five_year_plans_appear():
    """The reports first name 十三五 in 2015 and 十四五 in 2020 (the year each plan was
    being drawn up): the term pages and the region's trends say so."""
    for slug, term, first in (("shisanwu", "十三五", 2015), ("shisiwu", "十四五", 2020)):
        page = text(f"terms/{slug}.html")
        assert f"最早见于 {first} 年" in page
        raw = {p.stem: p.read_text(encoding="utf-8").count(term) for p in ZHUMADIAN.glob("*.txt")}
        assert min(int(y) for y, n in raw.items() if n) == first  # the corpus agrees
        chart = html(f"terms/{slug}.html")
        assert chart.count('class="bar zero"') >= first - 2002  # no use before it appears
    region = text(f"regions/{REGION}.html")
    appear = region[region.index("首次出现的词") :]
    assert re.search(r"2015年\s*[^\n]*十三五", appear)
    assert re.search(r"2020年\s*[^\n]*十四五", appear)


def test_keywords_follow_the_decades():
    data = json.loads((zhumadian_site() / "data" / "reports.json").read_text(encoding="utf-8"))
    top = {r["year"]: [t for t, _ in r["keywords"]] for r in data["reports"]}
    assert "十一五" in top[2006]  # the year the 11th five-year plan began
    assert "十五五" in top[2026]
    assert any(t in top[2024] for t in ("新质生产力", "药谷", "实验室"))


def test_side_a_made_from_the_redline_is_the_older_paragraph():
    """A changed row carries side b's redline alone (data-from names side a's paragraph);
    static/compare-page.js makes side a's cell as that redline less its <ins>. On every
    such row of the 24 pages, that gives the older report's paragraph character for
    character, and the redline less its <del> the newer one's."""
    site = zhumadian_site()
    row = re.compile(
        r'^<div class="cmp-row [^"]*" data-from="([^"]+)"><p data-b="([^"]+)">(.*?)</p>', re.M
    )
    section = re.compile(r'<section class="cmp-section" id="sec-([^"]+)".*?</section>', re.S)
    checked = 0
    for page in sorted((site / "compare").glob("*--*.html")):
        ids = [i.removesuffix(".html") for i in page.name.split("--")]
        texts = [paragraph_texts(site, i) for i in ids]
        for sec in section.finditer(page.read_text(encoding="utf-8")):
            for a, b, cell in row.findall(sec.group(0)):
                anchors = [n if not n.isdigit() else f"{sec.group(1)}-p{n}" for n in (a, b)]
                older = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<ins>.*?</ins>", "", cell)))
                newer = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<del>.*?</del>", "", cell)))
                assert older == texts[0][anchors[0]], (page.name, anchors[0])
                assert newer == texts[1][anchors[1]], (page.name, anchors[1])
                checked += 1
    assert checked > 200


def paragraph_texts(site, report_id: str) -> dict[str, str]:
    data = json.loads(
        gzip.decompress((site / "data" / "reports" / f"{report_id}.json.gz").read_bytes())
    )
    return {p["anchor"]: p["text"] for part in data["parts"] for p in part["paragraphs"]}
