"""Reports written in Markdown become plain lines: structure kept, markup gone."""

from __future__ import annotations

from pathlib import Path

from govreport_site.ingest.markdown import markdown_to_text
from govreport_site.ingest.read import read_source

FIXTURE = Path(__file__).parent / "fixtures" / "ingest" / "baoshan-2024.md"


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def test_markdown_report_reads_as_plain_lines():
    source = read_source(FIXTURE.read_bytes(), "heilongjiang/baoshan-2024.md", {})
    assert source.markdown is True
    assert source.meta.year == 2024
    assert source.meta.region == ["黑龙江省", "双鸭山市", "宝山区"]
    got = lines(source.text)
    # Headings are their text alone on a line, without the # marks.
    assert "政府工作报告" in got
    assert "一、2023年工作回顾" in got
    assert "（一）产业根基更加坚实。" in got
    assert "二、2024年工作安排" in got
    # Emphasis is plain text; a paragraph wrapped over two lines is one line again.
    assert "宝山区人民政府区长 刘志军" in got
    assert "——2024年1月14日在宝山区第十一届人民代表大会第三次会议上" in got
    assert "今年经济社会发展的主要预期目标是：" in got
    # List items: one line each, ordered ones keep their number.
    assert "农业生产稳步增长。严格落实稳豆增粮部署，大豆种植面积增至13.96万亩。" in got
    assert "1.锚定优化产业结构，开创高质量发展新局面。" in got
    # Table rows: one line each, cells separated by a tab.
    assert "地区生产总值\t增长6%" in got
    assert "规模以上工业增加值\t增长20%以上" in got
    # Links keep their text, not the URL.
    assert got[-1] == "各位代表！发展是解决一切问题的总钥匙，详见附件和 GDP 表。"
    text = source.text
    for mark in ("#", "**", "*", "|", "](", "`", "---"):
        assert mark not in text, mark


def test_blocks_stay_on_their_file_lines():
    data = FIXTURE.read_bytes()
    source = read_source(data, "baoshan-2024.md", {})
    file_lines = data.decode("utf-8").split("\n")
    out = source.text.split("\n")
    for wanted in ("## 一、2023年工作回顾", "## 二、2024年工作安排", "| 地区生产总值 | 增长6% |"):
        file_line = file_lines.index(wanted) + 1
        got = out[file_line - source.body_line]
        assert got.replace("\t", "") == wanted.strip("#| ").replace(" | ", "")


def test_ascii_words_across_a_soft_break_keep_a_space():
    assert lines(markdown_to_text("实现GDP\n增长6%，推进5G\nnetwork建设")) == [
        "实现GDP增长6%，推进5G network建设"
    ]
    assert lines(markdown_to_text("大豆种植面积\n增至13.96万亩")) == ["大豆种植面积增至13.96万亩"]


def test_hard_break_starts_a_new_line():
    assert lines(markdown_to_text("各位代表：  \n现在，我代表区人民政府向大会报告工作。")) == [
        "各位代表：",
        "现在，我代表区人民政府向大会报告工作。",
    ]


def test_indented_paragraph_is_text_not_code():
    text = markdown_to_text("    各位代表：\n\n    现在，我代表区人民政府向大会报告工作。\n")
    assert lines(text) == ["各位代表：", "现在，我代表区人民政府向大会报告工作。"]


def test_nested_lists_and_quotes_flatten_to_lines():
    md = "- 稳豆增粮\n  - 大豆\n  - 玉米\n\n> 引自《政府工作报告》\n"
    assert lines(markdown_to_text(md)) == ["稳豆增粮", "大豆", "玉米", "引自《政府工作报告》"]


def test_html_blocks_keep_their_text():
    md = '<div align="center">政府工作报告<br>——2024年1月14日</div>\n\n各位代表：\n'
    assert lines(markdown_to_text(md)) == ["政府工作报告", "——2024年1月14日", "各位代表："]


def test_fenced_block_keeps_its_lines():
    md = "```\n地区生产总值 增长6%\n固定资产投资 增长10%\n```\n"
    assert lines(markdown_to_text(md)) == ["地区生产总值 增长6%", "固定资产投资 增长10%"]


def test_txt_files_are_not_read_as_markdown():
    # 003 is a .txt with "#### " marks left by a converter: that is the normaliser's job.
    text = "#### 区 长 王晓宇\n\n#### 各位代表:\n"
    source = read_source(text.encode(), "003.txt", {})
    assert source.markdown is False
    assert source.text == text


def test_ordered_items_keep_their_own_numbers():
    md = "3. 加快项目建设\n4)\n\n全年完成投资10亿元。\n\n1. 2023年工作回顾\n"
    got = lines(markdown_to_text(md))
    assert got == ["3.加快项目建设", "全年完成投资10亿元。", "1. 2023年工作回顾"]


def test_what_converters_of_word_files_write_in_markdown_is_undone():
    """pandoc's Markdown writes — as ---; mammoth's writes bold as __…__, which
    CommonMark does not close after a Chinese full stop. The dashes come back, the marks
    go (the normaliser, with a note)."""
    from govreport_site.ingest.normalise import normalise_text

    md = (
        "## ------扎实开展社会治理\n\n1---11月，“百大项目”开工率达95%。\n\n"
        "__（一）经济运行总体平稳。__年初由于疫情影响，经济承压。\n"
    )
    result = normalise_text(markdown_to_text(md))
    assert result.text.split("\n") == [
        "——扎实开展社会治理",
        "1—11月，“百大项目”开工率达95%。",
        "（一）经济运行总体平稳。年初由于疫情影响，经济承压。",
    ]
    assert [n.text for n in result.notes if n.kind == "markdown"] == ["__ __"]


def test_pandoc_footnotes_reach_the_source_notes():
    """[^1] and its "[^1]: …" definition: CommonMark would drop the definition as a link
    target's; they reach the normaliser, which keeps the note and removes the marker."""
    from govreport_site.ingest.normalise import normalise_text

    text = markdown_to_text("深化改革[^1]，扩大开放。\n\n[^1]: 指深化“放管服”改革。\n")
    result = normalise_text(text)
    assert result.text == "深化改革，扩大开放。"
    assert [(n.kind, n.text) for n in result.notes if n.kind == "footnote"] == [
        ("footnote", "[^1]"),
        ("footnote", "[^1]: 指深化“放管服”改革。"),
    ]
