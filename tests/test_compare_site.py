"""The compare pages, keywords and reuse figures of the sample site, as built by build-site."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from html import unescape

from compare_support import AIMIN_2024, BAOSHAN_2023, BAOSHAN_2024, sample_reports, sample_site
from govreport_site.analyse.compare import Row, compare_reports
from govreport_site.render.textviews import (
    EXCERPT,
    attr_value,
    compare_rows,
    css_string,
    excerpt,
    pct,
)
from render_sitecheck import check_site, parse_page

PAIR = f"compare/{BAOSHAN_2023}--{BAOSHAN_2024}.html"


def page(name: str) -> str:
    return (sample_site() / name).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def compare_json() -> list[dict]:
    return json.loads((sample_site() / "data" / "compare.json").read_text(encoding="utf-8"))


def test_pairs_are_consecutive_years_and_same_year_neighbours_of_a_province():
    pairs = {(e["a"], e["b"]): e for e in compare_json()}
    # 宝山区 (双鸭山) 2023 -> 2024: consecutive reports of one region.
    assert pairs[(BAOSHAN_2023, BAOSHAN_2024)]["kind"] == "previous"
    # 爱民区 (牡丹江) and 宝山区 (双鸭山) 2024: same year, same province, other city.
    assert pairs[(AIMIN_2024, BAOSHAN_2024)]["kind"] == "same-year"
    # 庙行镇 (上海) 2023 is in another province than 宝山区 2023; 前进区 2021 is alone.
    assert len(pairs) == 2
    for (a, b), e in pairs.items():
        assert e["url"] == f"compare/{a}--{b}.html"
        assert (sample_site() / e["url"]).is_file()
        assert abs(e["kept"] + e["changed"] + e["new"] - 1) < 1e-3
        for key in ("kept", "changed", "new", "dropped", "reuse"):
            assert 0 <= e[key] <= 1


def test_baoshan_shares_add_up_from_the_rows_and_the_hand_counted_paragraphs():
    r = sample_reports()
    a, b = r["001"], r["000"]
    c = compare_reports(a, b)
    rows = {(row.a, row.b): row for s in c.sections for row in s.rows}

    def kept(row):
        return sum(m for tag, _, m in row.runs if tag == "equal")

    # Hand counts (test_compare_redline): targets passage 88 kept of 142 (the redline
    # gives 86), problems paragraph 121 of 350 (118), part heading 二、 + 年工作安排.
    targets = rows[(a.targets_anchor, b.targets_anchor)]
    assert 86 <= kept(targets) <= 88
    problems = rows[(a.problems_anchor, b.problems_anchor)]
    assert 118 <= kept(problems) <= 121
    heading = next(row for row in rows.values() if row.role == "heading" and row.b == "plan-p1")
    assert kept(heading) == len("二、") + len("年工作安排")
    # 2023 is an excerpt with no opening or closing: 2024's are new, whole.
    opening = [p for p in b.parts if p.kind == "opening"][0].paragraphs
    closing = [p for p in b.parts if p.kind == "closing"][0].paragraphs
    for para in opening + closing:
        assert rows[(None, para.anchor)].status == "new"

    # The pair's figures are the sums over its rows, against all of 2024's text.
    b_text = sum(len(p.text) for part in b.parts if part.kind != "title" for p in part.paragraphs)
    assert c.b_chars == b_text
    assert c.kept == sum(kept(row) for row in rows.values())
    assert c.new == sum(len(b.find(row.b).text) for row in rows.values() if row.a is None)
    assert c.kept + c.changed + c.new == c.b_chars
    entry = next(e for e in compare_json() if e["b"] == BAOSHAN_2024 and e["a"] == BAOSHAN_2023)
    assert entry["kept"] == round(c.kept / c.b_chars, 4)
    assert entry["new"] == round(c.new / c.b_chars, 4)
    # …and the page shows them.
    html = text_of(page(PAIR))
    for name in ("kept", "changed", "new"):
        assert pct(entry[name]) in html


@dataclass
class Cell:
    """A paragraph cell of a compare page, as a reader gets it."""

    status: str  # same, changed, new or dropped
    side: str  # a or b
    anchor: str  # its paragraph in its report (what its ¶ link points at)
    html: str


SECTION = re.compile(r'<section class="cmp-section" id="sec-([^"]+)".*?</section>', re.S)
ROW = re.compile(
    r'^(?:<div class="cmp-row st-(\w+)[^"]*"(?: data-from="([^"]+)")?>)?(.*?)(?:</div>)?$', re.M
)
CELL = re.compile(r'<p(?: class="[^"]*")? data-(ab|a|b)="([^"]+)">(.*?)</p>')


def cells(html: str) -> list[Cell]:
    """The cells of a compare page in order, each anchor resolved as compare-page.js does
    (data-b="3" in sec-plan is plan-p3); a cell alone in its row is new (side b) or
    dropped (side a), or a paragraph kept word for word, both sides (data-ab="3 4"); a
    row with data-from="2" is side b's cell alone, side a's being it less its <ins>."""
    found = []
    for section in SECTION.finditer(html):
        for row in ROW.finditer(section.group(0)):
            cells = CELL.findall(row.group(3))
            if row.group(2):
                cells.insert(0, ("a", row.group(2), re.sub("<ins>.*?</ins>", "", cells[0][2])))
            for sides, value, inner in cells:
                values = value.split(" ")
                for side, v in zip(sides, values + values, strict=False):
                    status = row.group(1) or {"a": "dropped", "b": "new", "ab": "same"}[sides]
                    anchor = f"{section.group(1)}-p{v}" if v.isdigit() else v
                    found.append(Cell(status, side, anchor, inner))
    return found


def test_compare_page_shows_the_redline_and_links_both_reports():
    html = page(PAIR)
    assert f'href="../reports/{BAOSHAN_2023}.html"' in html
    assert f'href="../reports/{BAOSHAN_2024}.html"' in html
    # The plan's heading: the year replaced, the rest kept.
    assert "<del>2023</del>" in html and "<ins>2024</ins>" in html
    # Targets that changed, from the two targets passages.
    assert "社会消费品零售总额（增速）：5% → 6.5%" in text_of(html)
    assert "地区生产总值" not in text_of(html).split("主要预期目标的变化")[1].split("新出现的词")[0]
    # Side-by-side / inline switch without JavaScript: two radio buttons; the one script
    # fills in the text of new and dropped paragraphs and makes the ¶ links.
    assert html.count('type="radio"') == 2
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="../static/fetch-data.js" defer>',
        '<script src="../static/compare-page.js" defer>',
    ]
    # Sections by part kind, each paragraph named with its place in its report.
    for label in ("工作回顾", "年度工作安排"):
        assert f">{label}</h2>" in html
    found = cells(html)
    assert ("b", "plan-p1") in [(c.side, c.anchor) for c in found]
    assert f'data-b-html="../reports/{BAOSHAN_2024}.html"' in html
    assert f'data-a-html="../reports/{BAOSHAN_2023}.html"' in html
    assert '<span id="cmp-lb" hidden>2024年原文</span>' in html  # the links' name
    # Every row of the comparison is there, in order, each cell once.
    c = compare_reports(sample_reports()["001"], sample_reports()["000"])
    rows = [r for s in c.sections for r in s.rows]
    expected = [("a", r.a) for r in rows if r.a] + [("b", r.b) for r in rows if r.b]
    assert sorted((x.side, x.anchor) for x in found) == sorted(expected)
    statuses = [r.status for r in rows for side in (r.a, r.b) if side]
    assert [x.status for x in found] == statuses


def test_rows_of_each_kind_and_their_anchors():
    """What each kind of row carries: a kept paragraph once (compare-page.js shows it in
    both columns), its two anchors; a changed one side b's cell, with the deleted text
    too, and side a's anchor (compare-page.js makes side a's cell from it), unless the
    two differ in width where they are equal (then both cells); a new or dropped one its
    excerpt. An anchor outside the section's own family is given whole."""
    a = {
        "plan-p1": "一、工作安排",
        "plan-p2": "甲乙丙。",
        "plan-p3": "旧的。",
        "excerpt-p4": "删去",
        "plan-p6": "同。",
    }
    b = {"plan-p1": "一、工作安排", "plan-p4": "甲乙丁。", "plan-p2": "旧的!", "plan-p5": "<新>"}
    b["plan-p7"] = "同。"
    rows = [
        Row("same", "plan-p1", "plan-p1", "heading", runs=(("equal", 6, 6),)),
        Row(
            "changed",
            "plan-p2",
            "plan-p4",
            "body",
            moved=True,
            runs=(("equal", 2, 2), ("replace", 1, 1), ("equal", 1, 1)),
        ),
        # the same to the aligner, but not word for word
        Row("same", "plan-p3", "plan-p2", "body", runs=(("equal", 3, 3),)),
        Row("same", "plan-p6", "plan-p7", "body", moved=True, runs=(("equal", 2, 2),)),
        Row("new", None, "plan-p5", "body"),
        Row("dropped", "excerpt-p4", None, "subheading"),
    ]
    html = str(compare_rows(rows, a, b, "plan")).splitlines()
    assert html == [
        '<p class="role-heading" data-ab="1">一、工作安排</p>',
        '<div class="cmp-row st-changed moved" data-from="2">'
        '<p data-b="4">甲乙<del>丙</del><ins>丁</ins>。</p></div>',
        '<div class="cmp-row st-same"><p data-a="3">旧的。</p><p data-b="2">旧的!</p></div>',
        '<p class="moved" data-ab="6 7">同。</p>',
        '<p data-b="5">&lt;新&gt;</p>',
        '<p class="role-subheading" data-a="excerpt-p4">删去</p>',
    ]


def test_every_cell_names_a_paragraph_of_its_report():
    """The ¶ link compare-page.js makes from a cell reaches that paragraph: the anchor
    is an id of the side's report page (the site's link check sees only real links)."""
    site = sample_site()
    for path in sorted((site / "compare").glob("*--*.html")):
        html = path.read_text(encoding="utf-8")
        ids = {}
        for side in "ab":
            url = re.search(rf'data-{side}-html="\.\./([^"]+)"', html).group(1)
            ids[side] = parse_page(site / url).ids
        found = cells(html)
        assert found, path.name
        assert [c for c in found if c.anchor not in ids[c.side]] == [], path.name


def test_a_new_paragraph_is_an_excerpt_of_its_paragraph_and_its_data():
    """Whole new or dropped paragraphs carry their first characters; the full text is
    in the data file the page names (static/compare-page.js reads it)."""
    html = page(PAIR)
    closing = sample_reports()["000"].find("closing-p1").text  # 2024's closing: new
    assert len(closing) > 200
    by_anchor = {(c.side, c.anchor): c for c in cells(html)}
    cell = by_anchor["b", "closing-p1"]
    assert cell.status == "new"
    assert text_of(cell.html) == excerpt(closing)
    assert len(excerpt(closing)) <= EXCERPT + 1 and closing.startswith(excerpt(closing)[:-1])
    assert closing[EXCERPT : EXCERPT + 40] not in html
    data = re.search(r'class="cmp-body"[^>]* data-b-json="\.\./([^"]+)"', html).group(1)
    texts = {
        p["anchor"]: p["text"]
        for part in json.loads(gzip.decompress((sample_site() / data).read_bytes()))["parts"]
        for p in part["paragraphs"]
    }
    assert texts["closing-p1"] == closing
    # Short new paragraphs and aligned (redlined) ones stay whole.
    assert by_anchor["b", "opening-p2"].html == "现在，我代表区人民政府向大会报告工作，请予审议。"
    b = sample_reports()["000"]
    targets = by_anchor["b", b.targets_anchor]
    assert targets.status == "changed"
    # Side b holds what was deleted too, for the inline view.
    assert "<del>" in targets.html
    assert text_of(re.sub(r"<del>.*?</del>", "", targets.html)) == b.find(b.targets_anchor).text


def test_excerpt_is_the_first_clause_or_cuts_on_a_character_and_says_so():
    n = EXCERPT
    assert excerpt("短段落。") == "短段落。"
    assert excerpt("字" * (n + 6)) == "字" * (n + 6)  # a little over: shown whole
    long = "今年是“十四五”开局之年，也是加快推进前进区全面振兴全方位振兴的关键之年。"
    assert excerpt(long) == "今年是“十四五”开局之年…"  # its first clause
    assert excerpt("巩固教育强区地位。" + long) == "巩固教育强区地位…"
    # A clause too short to tell (一是，) or a comma inside a number is no place to cut.
    assert excerpt("一是，" + "字" * 40) == "一是，" + "字" * (n - 3) + "…"
    assert excerpt("全年完成投资1,234亿元" + "字" * 30) == "全年完成投资1,234亿元" + "字" * 7 + "…"
    assert excerpt("字" * (n - 1) + " 后面还有很多字" * 5) == "字" * (n - 1) + "…"  # no space
    assert excerpt("字" * (n - 1) + "e\u0301" + "字" * 20) == "字" * (n - 1) + "…"  # é whole
    assert excerpt("😀" * (n + 20)) == "😀" * n + "…"


def test_column_labels_are_css_strings_escaped_for_the_style_attribute():
    # The phone layout shows them with content: var(--a); a quote or backslash in a
    # region's name must neither end the CSS string nor the HTML attribute.
    assert css_string("宝山区") == "'宝山区'"
    assert css_string("a'b\\c\nd") == "'a\\'b\\\\c\\a d'"
    html = page(PAIR)
    assert """<div class="cmp-body" style="--a:'2023年';--b:'2024年'" """ in html
    assert attr_value('x"<y>&') == "x&#34;&lt;y&gt;&amp;"


def test_prev_next_pair_links_follow_the_chain():
    # With one pair per chain there is no neighbour; the same-year page names its kind.
    html = page(f"compare/{AIMIN_2024}--{BAOSHAN_2024}.html")
    assert "同年对比" in html and 'rel="prev"' not in html and 'rel="next"' not in html


def test_reports_json_has_keywords_and_reuse():
    data = json.loads((sample_site() / "data" / "reports.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in data["reports"]}
    for r in by_id.values():
        assert 5 <= len(r["keywords"]) <= 20
        assert all(isinstance(t, str) and 0 < w <= 1 for t, w in r["keywords"])
        assert r["keywords"][0][1] == 1.0
        assert 0 <= r["reuse"]["corpus"] <= 1
        assert (sample_site() / r["data"]).is_file()
    assert by_id[BAOSHAN_2024]["reuse"]["previous"] is not None
    assert by_id[BAOSHAN_2023]["reuse"]["previous"] is None  # no earlier report
    assert "煤矿" in [t for t, _ in by_id[BAOSHAN_2024]["keywords"]]


def test_report_region_and_year_pages_link_the_analysis():
    report = page(f"reports/{BAOSHAN_2024}.html")
    assert "关键词：" in report and "句子沿用" in report
    assert f'href="../{PAIR}"' in report
    assert 'href="../terms/' in report
    region = page("regions/heilongjiang-shuangyashan-baoshan.html")
    assert f'href="../{PAIR}"' in region and "逐年对比" in region
    year = page("years/2024.html")
    assert "各地区本年特色词" in year
    assert f'href="../compare/{AIMIN_2024}--{BAOSHAN_2024}.html"' in year


def test_term_pages_have_a_chart_with_words_for_screen_readers():
    html = page("terms/yingshanghuanjing.html")  # 营商环境
    assert "“营商环境”" in html
    assert '<svg class="chart"' in html and "<desc" in html and "<title" in html
    assert html.count('class="bar') == 3  # one bar per year of the site (2021, 2023, 2024)


def test_every_link_of_the_built_site_resolves():
    assert check_site(sample_site()) == []  # scripts only on search and compare pages


def test_targets_that_changed_as_a_reader_lists_them():
    """宝山区 2023 -> 2024, read off the two targets passages: GDP stays at 6%, 城乡居民收入
    stays in step with the economy; the six others changed."""
    r = sample_reports()
    changes = [str(t) for t in compare_reports(r["001"], r["000"]).targets]
    assert changes == [
        "农林牧渔业总产值（增速）：6% → 5%",
        "规模以上工业增加值（增速）：20% → 20%以上",
        "社会消费品零售总额（增速）：5% → 6.5%",
        "固定资产投资（增速）：10% → 10%左右",
        "外贸进出口总值（增速）：15% → 10%",
        "财政一般公共预算收入（增速）：10% → 38%左右",
    ]


def test_a_pair_with_an_excerpt_says_so():
    """宝山区 2023 (sample 001) starts mid-report: its pair's shares are not the whole
    difference, and the page says which side is the excerpt; the other pair has no note."""
    note = "只收录了节选"
    assert f"注意：2023年的报告{note}" in text_of(page(PAIR))
    other = next(e["url"] for e in compare_json() if e["url"] != PAIR)
    assert note not in page(other)
