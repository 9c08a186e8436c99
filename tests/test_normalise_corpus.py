"""The normaliser on whole reports: the five samples and the zhumadian corpus.

The zhumadian files are read from ../shared/corpus/zhumadian beside the repository;
those tests skip when the folder is not there.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport_site.ingest.normalise import (
    SUMMARY_KINDS,
    accounted_for,
    normalise,
    normalise_text,
    unaccounted,
)
from govreport_site.model import Metadata, Normalised, Note, SourceText

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "reports").glob("*.txt"))
ZHUMADIAN = (REPO / ".." / "shared" / "corpus" / "zhumadian").resolve()
ZHUMADIAN_FILES = sorted(ZHUMADIAN.glob("*.txt")) if ZHUMADIAN.is_dir() else []


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def sample(prefix: str) -> tuple[str, Normalised]:
    path = next(p for p in SAMPLES if p.name.startswith(prefix))
    text = read(path)
    return text, normalise_text(text)


def noted(result: Normalised, kind: str) -> str:
    return "\n".join(n.text for n in result.notes if n.kind == kind)


def check_shape(source: str, result: Normalised) -> None:
    """The contract with the parser: one paragraph per line, nothing lost."""
    lines = result.text.split("\n")
    assert all(line.strip() for line in lines), "no empty line"
    assert all(line == line.strip() for line in lines), "no spaces at line ends"
    assert accounted_for(source, result), f"unaccounted at {unaccounted(source, result)}"


# --- the samples -------------------------------------------------------------------


def test_samples_are_there():
    assert len(SAMPLES) == 5


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_sample_shape(path: Path):
    source = read(path)
    check_shape(source, normalise_text(source))


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_spaced_title_is_closed_up(prefix: str):
    _, result = sample(prefix)
    assert result.text.split("\n")[0] == "政府工作报告"
    assert "政 府" not in result.text and "政\u00a0府" not in result.text


def test_converter_marks_gone_from_003():
    _, result = sample("003")
    assert "#" not in result.text and "**" not in result.text
    lines = result.text.split("\n")
    assert "区长 王晓宇" in lines
    assert "一、2023年政府工作回顾" in lines
    assert "(五)安全防线夯实筑牢" in lines
    # 16 heading marks removed, each one noted on its own line.
    assert [n.line for n in result.notes if n.kind == "markdown"] == [
        1, 5, 7, 11, 21, 33, 43, 53, 63, 73, 89, 101, 113, 125, 133, 143,
    ]  # fmt: skip


def test_bold_marks_gone_from_002_targets_sentence():
    _, result = sample("002")
    assert "**" not in result.text
    assert "建议明年我镇经济社会发展的主要预期目标为：区级地方财政收入" in result.text


def test_brackets_around_a_numbered_heading_go():
    """【一、2023年工作回顾】, as some web pages print headings: the brackets are noted
    and the heading stands on its own line; brackets around anything else stay."""
    source = (
        "现在，我代表旗人民政府，向大会报告工作，请予审议。\n"
        "【一、2023年工作回顾】\n"
        "2023年是全面贯彻党的二十大精神的开局之年\n"
        "【（一）坚持稳中求进，经济发展质效稳步提升】\n"
        "全年煤炭产量突破2.6亿吨，【注】数据为快报数。\n"
        "【专栏1】重点项目\n"
    )
    result = normalise_text(source)
    check_shape(source, result)
    lines = result.text.split("\n")
    assert lines[1:4] == [
        "一、2023年工作回顾",
        "2023年是全面贯彻党的二十大精神的开局之年",
        "（一）坚持稳中求进，经济发展质效稳步提升",
    ]
    assert "全年煤炭产量突破2.6亿吨，【注】数据为快报数。" in lines
    assert "【专栏1】重点项目" in lines
    assert [(n.line, n.text) for n in result.notes if n.kind == "heading-brackets"] == [
        (2, "【 】"),
        (4, "【 】"),
    ]


def test_site_menu_above_the_breadcrumb_and_related_links_go():
    """A saved government page: the menu lines above 当前位置 and the page titles under
    相关链接 go; the report's title, kept where the menu has no second copy of it, stays."""
    source = (
        "首页\n政务公开\n政府信息公开\n政府工作报告\n"
        "当前位置：首页 > 政务公开 > 政府工作报告\n"
        "天水市2024年政府工作报告\n"
        "政府工作报告\n"
        "各位代表：\n"
        "现在，我代表市人民政府，向大会报告工作，请予审议。\n"
        "相关链接：\n天水市2023年政府工作报告\n天水市2022年政府工作报告\n"
        "主办单位：天水市人民政府办公室    承办单位：天水市大数据中心\n"
    )
    result = normalise_text(source)
    check_shape(source, result)
    assert result.text.split("\n") == [
        "天水市2024年政府工作报告",
        "政府工作报告",
        "各位代表：",
        "现在，我代表市人民政府，向大会报告工作，请予审议。",
    ]
    # a menu with the report's only title above the breadcrumb: the title stays
    kept = normalise_text("首页\n天水市2024年政府工作报告\n当前位置：首页 > 政务公开\n各位代表：\n")
    assert kept.text.split("\n") == ["天水市2024年政府工作报告", "各位代表："]


def test_a_short_numbered_heading_line_is_not_joined_to_the_next():
    """3、持续优化营商环境 on a line of its own is a heading: it does not end a sentence,
    but the paragraph after it is a paragraph of its own."""
    source = "3、持续优化营商环境\n深化放管服改革。全面推行证明事项告知承诺制。\n"
    assert normalise_text(source).text.split("\n") == [
        "3、持续优化营商环境",
        "深化放管服改革。全面推行证明事项告知承诺制。",
    ]


def test_table_rows_stay_rows():
    """A table saved from Word among indented paragraphs: cells split by tabs, a row a
    line, no indent. None is joined to the line before (that ran 7 and 3 into 73)."""
    rows = [
        "序号\t指标名称\t单位\t2023年完成\t2024年目标",
        "1\t地区生产总值增速\t%\t6.2\t6左右",
        "2\t规模以上工业增加值增速\t%\t8.5\t7",
        "3\t固定资产投资增速\t%\t5.1\t5",
    ]
    prose = [
        "\u3000\u30002024年是实现“十四五”规划目标任务的关键之年。",
        "\u3000\u3000今年全区经济社会发展的主要预期目标如下：",
        "\u3000\u3000实现上述目标，重点抓好以下五个方面工作：",
        "\u3000\u3000坚持制造业和服务业“双轮驱动”。",
    ]
    source = "\n".join(prose[:2] + rows + prose[2:]) + "\n"
    assert normalise_text(source).text.split("\n")[2:6] == rows


def test_an_address_opens_a_paragraph_of_its_own():
    """同志们： (a development zone's work meeting) after a speaker line with a 、 in it."""
    source = "——在宜昌高新区2024年工作会议上\n高新区党工委副书记、管委会主任　张勇\n\n同志们：\n"
    assert normalise_text(source).text.split("\n")[1:] == [
        "高新区党工委副书记、管委会主任 张勇",
        "同志们：",
    ]


def test_forwarding_notice_of_004():
    _, result = sample("004")
    assert "关于印发" not in result.text and "印发给你们" not in result.text
    assert "抄送" not in result.text and "bookmark" not in result.text
    notice = noted(result, "forwarding-notice")
    assert "关于印发《政府工作报告》的通知" in notice
    assert "现印发给你们，请认真贯彻落实。" in notice
    assert "抄送：区委办，区武装部、区人大办，区政协办，区法院，区检察院。" in notice
    assert result.text.startswith(
        "政府工作报告\n——2021年1月23日在区第十六届人民代表大会第七次会议上\n"
    )


def test_footnotes_of_002():
    source, result = sample("002")
    footnote_lines = [ln.strip() for ln in source.split("\n") if re.match(r"[¹²³⁴⁵]\s", ln)]
    assert len(footnote_lines) == 5
    notes = [n.text for n in result.notes if n.kind == "footnote"]
    for line in footnote_lines:
        assert line in notes
        assert line[2:] not in result.text  # the footnote's words are out of the text
    assert not re.search("[¹²³⁴⁵]", result.text)
    assert sorted(t for t in notes if len(t) == 1) == sorted("¹²³⁴⁵")  # markers noted too
    # The paragraphs the footnotes cut in two are whole again.
    assert "蕴藻浜“一号湾”滨江带功能布局更加完善，滨江1号和2号驿站建设有序推进" in result.text
    assert "秉承“坚持就是胜利”的必胜信念" in result.text
    assert "整合网格主动发现、热线工单受理、非警务案件分流、社区通案件等信息平台" in result.text


def test_broken_lines_of_003_are_joined():
    source, result = sample("003")
    assert "促进三产融合发展" in result.text
    assert "全年争取各类政策性资金7.6亿元,同比增长110%。" in result.text
    assert not any(line.startswith(("金", "户,", "施,")) for line in result.text.split("\n"))
    rejoined = next(n for n in result.notes if n.kind == "rejoined")
    assert rejoined.line == 15 and "15+17" in rejoined.text


def test_one_paragraph_per_line_text_is_left_alone():
    """001 has a paragraph per line, several of about the same length, each ending
    in 。 or :; it must not be mistaken for wrapped PDF text."""
    source, result = sample("001")
    assert result.text.split("\n") == [ln.strip() for ln in source.split("\n") if ln.strip()]
    assert result.notes == []


def test_summary_notes_say_what_changed():
    _, result = sample("002")
    kinds = {n.kind: n for n in result.notes}
    assert "删除空行 83 行" in kinds["blank-lines"].text
    assert "空格 143 处" in kinds["spacing"].text and "13、25、29" in kinds["spacing"].text
    assert "21+23、39+43" in kinds["rejoined"].text


def test_note_lines_count_from_body_line():
    """Notes point at file lines: a report whose front matter took 4 lines."""
    text = (
        "标题：二O一二年政府工作报告\n年份：2014\n=====\n各位代表：现在，我代表市人民政府报告工作。"
    )
    source = SourceText("x.txt", text, "utf-8", Metadata(), body_line=5)
    result = normalise(source)
    assert [(n.kind, n.line) for n in result.notes] == [
        ("crawler-header", 5),
        ("crawler-header", 6),
    ]
    assert result.text.split("\n")[0] == "二O一二年政府工作报告"


def test_markdown_source_gets_the_same_cleanup():
    text = "政 府 工 作 报 告\n\n各位代表：\n\n现在，我代表区人民政府向大会报告工作。"
    plain = normalise(SourceText("a.txt", text, "utf-8", Metadata()))
    md = normalise(SourceText("a.md", text, "utf-8", Metadata(), markdown=True))
    assert (
        md.text == plain.text == "政府工作报告\n各位代表：\n现在，我代表区人民政府向大会报告工作。"
    )


# --- PDF text layout ----------------------------------------------------------------


def _width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def wrap_like_pdf(paragraphs: list[str], width: int, indent: bool) -> str:
    """Lay paragraphs out as pdftotext does: fixed width, first line indented, a page
    number every 22 lines."""
    out: list[str] = []
    page = 1
    for para in paragraphs:
        line, used = ("\u3000\u3000", 4) if indent else ("", 0)
        for c in para:
            if used + _width(c) > width:
                out.append(line)
                line, used = "", 0
                if len(out) % 22 == 0:
                    out += ["", f"— {page} —", ""]
                    page += 1
            line += c
            used += _width(c)
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("path", SAMPLES + ZHUMADIAN_FILES[::4], ids=lambda p: p.name[:4])
def test_pdf_layout_round_trip(path: Path):
    """Clean text laid out like a PDF with indented paragraphs comes back the same."""
    paragraphs = normalise_text(read(path)).text.split("\n")
    for width in (56, 80):
        wrapped = wrap_like_pdf(paragraphs, width, indent=True)
        result = normalise_text(wrapped)
        assert result.text.split("\n") == paragraphs
        assert accounted_for(wrapped, result)


# What some PDF fonts give for a character: a Kangxi radical of the same glyph (NFKC maps
# it back), or a simplified radical of the CJK Radicals Supplement (NFKC leaves those).
AS_RADICAL = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}
AS_RADICAL |= dict(zip("长门见民马风页", "⻓⻔⻅⺠⻢⻛⻚", strict=True))


def print_like_browser(paragraphs: list[str], title: str) -> str:
    """The report as a browser prints a web page to PDF and a text extractor reads it:
    wrapped at 80, each page between the time and title at the top and the address and
    page number at the bottom, characters as radicals, and short headings spaced out
    letter by letter and given twice (bold faked by drawing them twice)."""
    paragraphs = [
        " ".join(p) * 2 if len(p) <= 12 and not {"。", " "} & set(p) else p for p in paragraphs
    ]
    lines = wrap_like_pdf(paragraphs, 80, indent=True).split("\n")
    lines = ["".join(AS_RADICAL.get(c, c) for c in line) for line in lines]
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)]
    out = []
    for n, page in enumerate(pages, 1):
        out.append(f"2024/3/12 10:15 {title}_中国政府网")
        out += page
        out.append(f"https://www.gov.cn/zhengce/202403/content_6939153.htm {n}/{len(pages)}")
    return "\n".join(out)


@pytest.mark.parametrize("path", SAMPLES + ZHUMADIAN_FILES[::4], ids=lambda p: p.name[:4])
def test_browser_printed_pdf_comes_back(path: Path):
    """The margins go (noted as page headers), the radicals become characters again,
    and the paragraphs are the clean text's."""
    paragraphs = normalise_text(read(path)).text.split("\n")
    printed = print_like_browser(paragraphs, "政府工作报告")
    assert sum(c in printed for c in "⼀⼯⼤⼈") >= 3  # the test changes characters
    assert any(len(p) <= 12 and "。" not in p for p in paragraphs)  # and headings
    result = normalise_text(printed)
    assert result.text.split("\n") == paragraphs
    assert accounted_for(printed, result)
    margins = printed.count("_中国政府网") + printed.count("https://")
    assert len(noted(result, "page-header").split("\n")) == margins
    radicals = sum(c in AS_RADICAL.values() for c in printed)
    assert f"换成对应的汉字 {radicals} 个" in noted(result, "radicals")


_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


@pytest.mark.parametrize("path", SAMPLES + ZHUMADIAN_FILES[::4], ids=lambda p: p.name[:4])
def test_headings_that_lost_their_numbers_stay_apart(path: Path):
    """A Word file whose headings are numbered by Word gives text without the numbers
    (docx2txt, python-docx): paragraphs between blank lines, the headings among them
    short and unpunctuated (经济运行情况稳中向好，锻造产业发展“强引擎”). None is joined to
    the paragraph after it."""
    paragraphs = normalise_text(read(path)).text.split("\n")
    bare = [_NUMBER.sub("", p) for p in paragraphs]
    assert sum(b != p for b, p in zip(bare, paragraphs, strict=True)) >= 2
    assert normalise_text("\n\n".join(bare)).text.split("\n") == bare


@pytest.mark.parametrize("path", SAMPLES + ZHUMADIAN_FILES[::4], ids=lambda p: p.name[:4])
def test_pdf_text_with_a_blank_line_after_every_line_comes_back(path: Path):
    """pdfminer puts a blank line after every line of a PDF: there a blank line says
    nothing, and a line of a paragraph is no heading however short it is. The text
    comes back as it does without the blank lines, with indentation or without."""
    paragraphs = normalise_text(read(path)).text.split("\n")
    indented = wrap_like_pdf(paragraphs, 56, indent=True)
    # with its indentation, and with the indentation lost (the first line then short)
    for wrapped in (indented, indented.replace("\u3000\u3000", "")):
        spaced = wrapped.replace("\n", "\n\n")
        assert normalise_text(spaced).text == normalise_text(wrapped).text


def test_pdf_text_that_lost_its_indentation_mostly_comes_back():
    """pdftotext, pypdf and PyMuPDF drop a paragraph's first-line indent: the first line
    is two characters short, and a paragraph ending on a line a little short of full
    must still end there (a probe of real extractor output: 96% -> 98% of paragraphs;
    here 89% -> 93% on the samples, whose paragraphs are short)."""
    total = same = 0
    for path in SAMPLES:
        paragraphs = normalise_text(read(path)).text.split("\n")
        for width in (56, 80):
            text = wrap_like_pdf(paragraphs, width, indent=True).replace("\u3000\u3000", "")
            got = set(normalise_text(text).text.split("\n"))
            total += len(paragraphs)
            same += sum(p in got for p in paragraphs)
    assert same >= 0.92 * total


@pytest.mark.skipif(not ZHUMADIAN_FILES, reason="zhumadian corpus not found")
def test_a_run_in_heading_cut_short_on_its_first_line_stays_in_its_paragraph():
    """PDF text (pdftotext, PyMuPDF) of a paragraph that opens with its heading, the
    first line cut short by the bold heading's wider letters: 三、2023年重点工作安排围绕
    实现今年经济社会发展目 / 标，重点做好以下工作：. Where the break splits a word used
    elsewhere in the text (目标), the lines are one paragraph, as in the report."""
    path = next(p for p in ZHUMADIAN_FILES if p.stem == "2023")
    paragraphs = normalise_text(read(path)).text.split("\n")
    whole = "".join(paragraphs)
    pages, run_in = [], []
    for p in paragraphs:
        cut = 0
        if re.match(r"[一二三四五六七八九]、", p) and len(p) > 60:
            cut = next(i for i in range(18, 30) if whole.count(p[i - 1 : i + 1]) >= 3)
            run_in.append(p)
        lines = wrap_like_pdf([p[cut:]], 64, indent=False).split("\n")
        pages += ([p[:cut]] if cut else []) + lines
    assert run_in
    got = normalise_text("\n".join(pages)).text.split("\n")
    assert [p for p in run_in if p not in got] == []


@pytest.mark.parametrize("path", SAMPLES + ZHUMADIAN_FILES[::4], ids=lambda p: p.name[:4])
def test_soft_line_breaks_in_text_with_blank_lines_between_paragraphs(path: Path):
    """docx2txt and pandoc write a Word file's paragraphs between blank lines, and a soft
    line break (Shift+Enter) inside one as a plain line break, often after a full stop
    (…实干的结果。/ 在此，我代表…): the paragraph comes back whole."""
    paragraphs = normalise_text(read(path)).text.split("\n")
    if len(paragraphs) < 24:
        pytest.skip("an excerpt: too few paragraphs for blank lines to tell anything")
    # a few of them, as in a real file (where every line ends so, blank lines tell less)
    broken = [
        p.replace("。", "。\n", 1) if n > 10 and n % 8 == 0 and "。" in p[:-1] else p
        for n, p in enumerate(paragraphs)
    ]
    assert any("\n" in p for p in broken)
    assert normalise_text("\n\n".join(broken)).text.split("\n") == paragraphs


def test_pdf_layout_without_indentation_mostly_comes_back():
    """Without indentation a paragraph that ends on a full line cannot be told from
    one that goes on; most still come back."""
    total = same = 0
    for path in SAMPLES:
        paragraphs = normalise_text(read(path)).text.split("\n")
        got = set(normalise_text(wrap_like_pdf(paragraphs, 56, indent=False)).text.split("\n"))
        total += len(paragraphs)
        same += sum(p in got for p in paragraphs)
    assert same >= 0.85 * total


# --- the zhumadian corpus ----------------------------------------------------------

needs_corpus = pytest.mark.skipif(not ZHUMADIAN_FILES, reason="zhumadian corpus not found")
DEBRIS = ["发布时间", "发布日期", "信息来源", "扫一扫", "【关闭当前页面】", "display:", "首页>",
          "分享到", "图解", "视频解读", "年份：", "标题：", "=====", "!important"]  # fmt: skip


@needs_corpus
def test_corpus_is_complete():
    assert len(ZHUMADIAN_FILES) == 25


@needs_corpus
@pytest.mark.parametrize("path", ZHUMADIAN_FILES, ids=lambda p: p.stem)
def test_zhumadian_report(path: Path):
    source = read(path)
    result = normalise_text(source)
    check_shape(source, result)
    for marker in DEBRIS:
        assert marker not in result.text, marker
    # The crawler's title is the first line; its year (wrong for 2011-2013) is a note.
    title = re.match(r"标题：(.*)", source).group(1)
    assert result.text.split("\n")[0] == title
    header = noted(result, "crawler-header")
    assert re.search(r"年份：\d{4}", header) and "=====" in header
    # Only debris went: the last report sentence of every file is still there.
    last = source.rstrip().split("\n")[-1]
    if not any(m in last for m in DEBRIS):
        assert last.strip() in result.text


@needs_corpus
def test_zhumadian_debris_is_noted():
    source = read(ZHUMADIAN / "2012.txt")
    result = normalise_text(source)
    debris = noted(result, "web-debris")
    assert "扫一扫在手机打开当前页【关闭当前页面】" in debris
    assert ".footer {display: block !important;}" in debris
    assert "以优异成绩迎接党的十八大胜利召开！" in result.text
    assert result.text.split("\n")[1].startswith("各位代表：现在，我代表市人民政府")


@needs_corpus
def test_normalising_is_fast():
    source = read(max(ZHUMADIAN_FILES, key=lambda p: p.stat().st_size))  # ~80 KB
    best = min(_timed(source) for _ in range(3))
    assert best < 0.1  # typically under 10 ms; generous for a busy machine


def _timed(text: str) -> float:
    start = time.perf_counter()
    normalise_text(text)
    return time.perf_counter() - start


# --- properties --------------------------------------------------------------------

# Characters that exercise every rule, mixed with arbitrary text.
_REPORTISH = st.sampled_from(
    list("政府工作报告各位代表一二三、（）()。，：；！？*#[]{}<>&¹²①〔〕——标题年份=抄送注")
    + [
        "\n",
        "\n\n",
        " ",
        "\u3000",
        "\u00a0",
        "\u200b",
        "\t",
        "扫一扫",
        "【关闭】",
        "图解：",
        "发布时间：",
        "首页>",
        "关于印发",
        "的通知",
        "区长 ",
        "## ",
        "**",
        "[bookmark: _GoBack]",
        "2024年",
        "会议上",
        "— 3 —",
    ]  # fmt: skip
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(_REPORTISH, max_size=80).map("".join)))
def test_never_raises_and_loses_nothing(text: str):
    result = normalise_text(text)
    if result.text:
        assert all(line.strip() and line == line.strip() for line in result.text.split("\n"))
    assert accounted_for(text, result)
    assert all(n.text.strip() for n in result.notes)


def test_accounted_for_catches_a_loss():
    text = "各位代表：现在，我代表市人民政府向大会报告工作。扫一扫"
    assert accounted_for(text, Normalised("各位代表：现在，我代表市人民政府向大会报告工作。",
                                          [Note("web-debris", "扫一扫", 1)]))  # fmt: skip
    assert not accounted_for(text, Normalised("各位代表：现在，我代表市人民政府向大会报告工作。"))
    # Out of order: the note's text is not where the source had it.
    assert not accounted_for("扫一扫各位代表", Normalised("各位代表", [Note("x", "一扫扫", 1)]))
    # Something the source never had.
    assert not accounted_for("各位代表", Normalised("各位代表们"))
    # Summary notes do not count as removed text.
    assert not accounted_for("ab", Normalised("a", [Note(sorted(SUMMARY_KINDS)[0], "b", 1)]))


def test_real_pdfminer_text_of_a_printed_sample():
    """Sample 003 printed to PDF by Chromium (an A4 official-document page) and read by
    pdfminer.six (tests/fixtures/ingest/pdfminer-003.txt): radicals for characters, a
    blank line after every line, ASCII punctuation. The targets sentence is one
    paragraph (a first line before a blank is no heading in such text) and its
    characters are the report's."""
    source = (REPO / "tests" / "fixtures" / "ingest" / "pdfminer-003.txt").read_text("utf-8")
    result = normalise_text(source)
    check_shape(source, result)
    assert "⼯" in source and "⼯" not in result.text
    lines = result.text.split("\n")
    target = next(line for line in lines if "经济发展主要预期目标是" in line)
    assert "固定资产投资增长10%,一般公共预算收入增长18%" in target


def test_a_short_wrapped_text_joins_a_full_line_that_ends_a_sentence():
    """Text of a short report wrapped at 40 columns, paragraphs indented by two full-width
    spaces (tests/fixtures/ingest/pdf-wrapped-short.txt, 48 lines, many of them title,
    headings and short paragraphs): a full line ending in 。 goes on into the unindented
    line below (做好今年工作…), as in long wrapped texts."""
    path = REPO / "tests" / "fixtures" / "ingest" / "pdf-wrapped-short.txt"
    source = path.read_text("utf-8")
    result = normalise_text(source)
    check_shape(source, result)
    lines = result.text.split("\n")
    start = next(line for line in lines if line.startswith("2025年是“十四五”规划收官之年"))
    assert start.endswith("加快建设国家中心城市。")
