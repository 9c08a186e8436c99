"""Marks that converters (docx -> Markdown/text, HTML -> text) leave in the text.

Only the marks go; the words they wrapped stay where they were.
"""

from __future__ import annotations

import re

from govreport_site.ingest.cleanup.lines import Line, NoteBook
from govreport_site.text import CJK

# "## 政府工作报告", "#### (一) 三次产业做优做强": ATX heading marks at line start.
_HEADING_MARK = re.compile(f"^[ \\t\u00a0\u3000]*#{{1,6}}(?:[ \\t\u00a0\u3000]+|(?=[{CJK}（(【]))")
_HEADING_CLOSE = re.compile(r"[ \t]+#{1,6}[ \t]*$")
# **bold** / ***bold italic***: the marks themselves; a lone "*" is left alone.
_STRONG = re.compile(r"\*{2,3}")
# *italic* around Chinese text (pandoc), never around arithmetic such as 4*5*6.
_EMPHASIS = re.compile(
    f"(?<![*A-Za-z0-9])\\*(?=[^\\s*])[^*\\n]*?[{CJK}][^*\\n]*?(?<=[^\\s*])\\*(?![*A-Za-z0-9])"
)
# __bold__ around Chinese text: CommonMark does not close emphasis between a Chinese
# full stop and the next character (__（一）经济运行总体平稳。__年初…), so a Markdown
# file's marks reach the text (mammoth's Markdown); form blanks (填写____) have no text.
_UNDERSCORE_STRONG = re.compile(
    f"(?<![_A-Za-z0-9])(__)(?=[^\\s_])[^_\\n]*?[{CJK}][^_\\n]*?(?<=[^\\s_])(__)(?![_A-Za-z0-9])"
)
# docx leftovers: [bookmark: _GoBack], empty anchors []{#_Toc12 .anchor},
# attribute spans [text]{.underline} (the text stays).
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_ANCHOR = re.compile(r"\[\]\{[#.][^}\n]*\}")
_ATTR_SPAN = re.compile(r"(\[)[^\[\]\n]*(\]\{[#.][^}\n]*\})")
# Markdown images and link targets: ![alt](media/image1.png), [text](http://…).
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(\[)[^\[\]\n]+(\]\((?:https?://|www\.|/|#|mailto:)[^)\s]*\))")
# HTML tags and whitespace entities left by a crawler.
_TAG = re.compile(
    r"</?(?:p|br|span|div|font|strong|b|i|em|u|a|section|table|tr|td|th|tbody|li|ul|ol|h[1-6])"
    r"\b[^<>\n]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#12288|#xa0|#x3000);", re.IGNORECASE)
# 【一、2023年工作回顾】 / 【（三）…】: a numbered heading set off by brackets on a line of
# its own, as some web pages print them (the numbers: parse/headings.py).
_NUMERAL = "一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾0-9０-９"
_NUMBERED = "|".join(
    (
        rf"[{_NUMERAL}]{{1,3}}[ \t\u3000]*[、.．]",  # 一、
        rf"第[{_NUMERAL}]{{1,3}}部分",
        rf"[（(][{_NUMERAL}]{{1,3}}[）)]",  # （一）
    )
)
_HEADING_BRACKETS = re.compile(
    rf"^[ \t\u3000]*(【)[ \t\u3000]*(?={_NUMBERED})[^【】\n]+(】)[ \t\u3000]*$"
)


def strip_markup(lines: list[Line], book: NoteBook) -> None:
    for line in lines:
        text = line.text
        # Cheap gate: most lines of a report carry none of these characters.
        if not any(c in text for c in "#*[!<&【_"):
            continue
        if "【" in text:
            _cut_groups(line, _HEADING_BRACKETS, book, "heading-brackets")
        if "#" in text:
            _cut_all(line, _HEADING_MARK, book, "markdown")
            _cut_all(line, _HEADING_CLOSE, book, "markdown")
        if "*" in line.text:
            _cut_pairs(line, _EMPHASIS, book)
            _cut_all(line, _STRONG, book, "markdown")
        if "__" in line.text:
            _cut_groups(line, _UNDERSCORE_STRONG, book, "markdown")
        if "[" in line.text:
            _cut_all(line, _BOOKMARK, book, "docx-artefact")
            _cut_all(line, _ANCHOR, book, "docx-artefact")
            _cut_groups(line, _ATTR_SPAN, book, "docx-artefact")
            _cut_all(line, _IMAGE, book, "markdown")
            _cut_groups(line, _LINK, book, "markdown")
        if "<" in line.text:
            _cut_all(line, _TAG, book, "html")
        if "&" in line.text:
            _cut_all(line, _ENTITY, book, "html")


def _cut_all(line: Line, pattern: re.Pattern, book: NoteBook, kind: str) -> None:
    # From the right, so earlier match positions stay valid.
    for m in reversed(list(pattern.finditer(line.text))):
        book.cut(line, m.start(), m.end(), kind)


def _cut_groups(line: Line, pattern: re.Pattern, book: NoteBook, kind: str) -> None:
    """Cut the captured groups (the brackets), keep what is between them."""
    for m in reversed(list(pattern.finditer(line.text))):
        for g in (2, 1):
            book.cut(line, m.start(g), m.end(g), kind)


def _cut_pairs(line: Line, pattern: re.Pattern, book: NoteBook) -> None:
    """Cut the single * at both ends of each match."""
    for m in reversed(list(pattern.finditer(line.text))):
        book.cut(line, m.end() - 1, m.end(), "markdown")
        book.cut(line, m.start(), m.start() + 1, "markdown")
