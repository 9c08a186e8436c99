"""Page layout left in the text: page numbers, separator lines, blank lines, and
paragraphs broken into several lines (PDF line wraps, page breaks, Word exports that
end a line mid-sentence and put a blank line after it)."""

from __future__ import annotations

import re
from collections import Counter

from govreport_site.ingest.cleanup.chars import SPEAKER_LINE, WIDE
from govreport_site.ingest.cleanup.lines import Line, NoteBook
from govreport_site.ingest.cleanup.web import SEPARATOR
from govreport_site.text import CJK, CJK_RE

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－─]{1,2}\s*\d{1,3}\s*[-—–－─]{1,2}|第\s*\d{1,3}\s*页(?:\s*[/,，]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$"
)

# What a browser prints in a page's margins, left in the text taken from such a PDF: the
# time of printing with the page's title ("2024/2/20 10:15 …政府工作报告_…人民政府",
# "3/23/26, 9:07 PM …") and its address with the page number ("https://….html 3/25").
_PRINTED_AT = re.compile(
    r"^\s*(?:\d{4}[/-]\d{1,2}[/-]\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4},?)\s*(?:上午|下午)?\s*"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?P<title>\s.*)?$"
)
_ADDRESS = re.compile(
    r"^\s*(?:[^，。；,;]{0,80}\s)?(?:https?://|www\.)\S+(?:\s+\d{1,3}\s*(?:/|of)\s*\d{1,3})?\s*$"
)
_MARGIN_MAX = 160  # characters of a margin line: a page title can be long

# Table of contents: "一、2023年工作回顾……………3", "(一) 产业发展........5".
_TOC_ENTRY = re.compile(r"^.{1,60}?(?:[.…·．。]{4,}|…{2,})\s*\d{1,3}\s*$")
_TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")
# The watermark line of a docx converted with an unlicensed Spire.Doc.
_SPIRE = re.compile(r"^\s*Evaluation Warning\s*:.{0,40}Spire\.", re.IGNORECASE)
_PROSE = re.compile(r"[，。；,;]")

# Where a sentence (or a paragraph) may end. "；" is left out on purpose: a line that
# ends with it is one item of a sentence that goes on (targets listed line by line).
_FINAL = frozenset("。！？：…!?:．")
_CLOSERS = "”’」』）)】》〉\"'"
# Headings: 一、 / （一） / 第一部分 / —— lead lines. Never joined to the next line,
# never the tail of a broken line.
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]+\s*[、.．]|[（(]\s*[一二三四五六七八九十百\d]{1,3}\s*[)）]"
    r"|第[一二三四五六七八九十百\d]+(?:部分|章|节|篇|条)|[—─－-]{2})"
)
# List items: 1. / 1、 / ① / 一是 / bullets. They open a line of their own in text
# with one paragraph per line; in wrapped text they also turn up mid-paragraph.
LIST_ITEM = re.compile(
    r"^(?:\d{1,2}\s*[、．.](?!\d)|[\u2460-\u2473\u2474-\u2487\u2776-\u277f]"
    r"|[一二三四五六七八九十]是|[•●■◆◇○□▪►]|[-*+]\s)"
)
# Lines that open a paragraph of their own: the address to the deputies, a dated
# subtitle in brackets.
_OPENS = re.compile(
    r"^(?:各位代表|各位委员|代表们|同志们|[（(]\s*(?:\d{4}|[二〇零○O][〇零○O一二三四五六七八九十]{3})\s*年)"
)
_SENTENCE_INSIDE = re.compile(r"[。！？!?]")
_NUMBERED_HEADING_MAX = 30  # characters of a 1、/1. line that is a heading, not a list item
_INNER_PUNCT = re.compile(r"[，。、；：,;:！？!?]")
# The date line of a title block broken before "…会议上":
# "——2024年1月14日在宝山区第十一届" / "人民代表大会第三次会议上".
_DATE_HEAD = re.compile(
    r"^(?:[—─－-]{1,2}|[（(])?\s*(?:\d{4}|[二〇零○O][〇零○O一二三四五六七八九十]{3})\s*年.{0,30}在"
)
_DATE_TAIL = re.compile(r"^[^，。；]{2,30}会议上\s*[）)]?$")
# A speaker line cut inside the name: …市长王 (the rest, 玲, alone on the next line).
_SPEAKER_CUT = re.compile(f"(?:长|主任|主席|书记)\\s*[{CJK}]{{1,2}}$")
_DATE_END = re.compile(r"(?:会议上|会议通过)\s*[）)]?$")
# Characters a continued sentence can start with, never a new one.
_CONTINUATION = frozenset("，。、；：！？,;:!?）)】》」』”’%％")
_TITLE_LIKE_MAX = 24  # a line this short without punctuation is a title, not a wrap
# Runs, not single characters: findall then returns a few strings per line, not one per
# character (this is the normaliser's hottest line).
_WIDE_RUNS = re.compile(f"[{WIDE}]+")


def strip_page_furniture(lines: list[Line], book: NoteBook) -> None:
    """Page numbers, separator lines, a table of contents, running page headers, what a
    browser printed in the margins."""
    toc = [line for line in lines if _ends_in_digit(line.text) and _TOC_ENTRY.search(line.text)]
    if len(toc) >= 2:  # a real heading does not end in dot leaders and a page number
        first = lines.index(toc[0])
        before = next((ln for ln in reversed(lines[:first]) if not ln.blank()), None)
        if before is not None and _TOC_TITLE.match(before.text):
            book.drop(before, "table-of-contents")
        for line in toc:
            book.drop(line, "table-of-contents")
    title_next = False  # the page title printed after a bare time, on a line of its own
    for line in lines:
        text = line.text
        if title_next and text.strip():
            title_next = False
            if len(text) <= 80 and not _PROSE.search(text):
                book.drop(line, "page-header")
                continue
        if not text or len(text) > _MARGIN_MAX:
            continue
        printed = _PRINTED_AT.match(text)
        if printed or _ADDRESS.match(text):
            book.drop(line, "page-header")
            title_next = bool(printed) and not (printed.group("title") or "").strip()
        elif len(text) > 80:
            continue
        elif _PAGE_NUMBER.match(text):
            book.drop(line, "page-number")
        elif SEPARATOR.match(text):
            book.drop(line, "separator")
        elif _SPIRE.match(text):
            book.drop(line, "docx-artefact")
    _strip_running_headers(lines, book)


def _ends_in_digit(text: str) -> bool:
    """Whether `text` can be a _TOC_ENTRY, which ends in a page number: a cheap test first
    (isdigit takes every digit \\d does)."""
    return text.rstrip()[-1:].isdigit()


def _strip_running_headers(lines: list[Line], book: NoteBook) -> None:
    """A short line repeated on every page ("政府工作报告", "XX市人民政府公报") is a
    running header or footer. Its first copy stays when it opens the report (the
    title); the others go."""
    seen: dict[str, list[Line]] = {}
    for line in lines:
        key = line.key
        if 4 <= len(key) <= 40 and not _PROSE.search(key) and not _OPENS.match(key):
            seen.setdefault(key, []).append(line)
    body = [line for line in lines if not line.blank()]
    opening = {id(line) for line in body[:10]}
    for copies in seen.values():
        if len(copies) < 3:
            continue
        keep = copies[0] if id(copies[0]) in opening else None
        for line in copies:
            if line is not keep:
                book.drop(line, "page-header")


# Bold faked by drawing a text twice comes out of some PDFs twice over: "政府工作报告政府
# 工作报告", "各位代表：各位代表：现在，…". From 4 characters up ("加油！加油！" stays).
_DOUBLED_MIN = 4
_DOUBLED_PHRASE_MAX = 60  # a doubled opening phrase: a heading or an address
_PHRASE_END = frozenset("：:。！!")


def strip_doubled(lines: list[Line], book: NoteBook) -> None:
    """A line that is one text twice, or that opens with a phrase twice (ending in ：。！),
    keeps one copy; the other is noted. Run after the spacing is tidied."""
    for line in lines:
        text = line.text
        n = len(text)
        if n < 2 * _DOUBLED_MIN or text.find(text[:_DOUBLED_MIN], _DOUBLED_MIN) < 0:
            continue  # the cheap test: the opening does not come again
        half = n // 2
        if n % 2 == 0 and text[:half] == text[half:] and CJK_RE.search(text):
            book.cut(line, half, n, "doubled")
            continue
        for i in range(_DOUBLED_MIN, min(half, _DOUBLED_PHRASE_MAX) + 1):
            if text[i - 1] in _PHRASE_END and text.startswith(text[:i], i):
                if CJK_RE.search(text, 0, i):
                    book.cut(line, i, 2 * i, "doubled")
                break


def drop_blank(lines: list[Line], book: NoteBook, blank_in_source: list[int]) -> list[Line]:
    if blank_in_source:
        book.summary(
            "blank-lines",
            f"删除空行 {len(blank_in_source)} 行（含只有空格、不换行空格或全角空格的行）",
            blank_in_source[0],
        )
    return [line for line in lines if line.text.strip()]


def rejoin(lines: list[Line], book: NoteBook) -> list[Line]:
    """Join a line that stops mid-sentence with the line that carries on."""
    layout = _Layout(lines, book.blank_lines)
    out: list[Line] = []
    last: Line | None = None  # the previous physical line
    for line in lines:
        if out and last is not None and layout.continues(out[-1], last, line, len(out)):
            prev = out[-1]
            # No space added, even between Latin letters: a wrap in Chinese text splits
            # "GD" / "P" far more often than an English phrase.
            prev.text += line.text
            prev.cols += line.cols
            prev.joined.append(line.no)
        else:
            out.append(line)
        last = line
    joined = [line for line in out if line.joined]
    if joined:
        pairs = "、".join("+".join(map(str, [ln.no, *ln.joined])) for ln in joined)
        count = sum(len(ln.joined) for ln in joined)
        book.summary(
            "rejoined",
            f"把句中断开的 {count} 行接回上一行（文件第 {pairs} 行）",
            joined[0].no,
        )
    return out


class _Layout:
    """What the document's layout says about paragraph ends.

    Text taken from a PDF is wrapped at a fixed width: most lines are "full", and a
    paragraph ends on a shorter line (or the next one is indented). There a full
    line carries on even when it happens to end with "。". Text from Word or a web
    page has one paragraph per line (lengths all over the place) and only a line
    that stops mid-sentence carries on.
    """

    def __init__(self, lines: list[Line], blank_lines: set[int] = frozenset()) -> None:
        self.blank_lines = blank_lines  # source lines that were blank
        self._text: str | None = None  # the whole text, for _splits_a_word
        self._lines = lines
        each = [line.indent + _width(line.text) for line in lines]
        widths = sorted(each)
        self.full = 0
        if len(widths) >= 8:
            top = widths[int(len(widths) * 0.9)]
            full = [ln for ln, w in zip(lines, each, strict=True) if w >= top * 0.9]
            open_ended = sum(1 for ln in full if not _ends_sentence(ln.text))
            # Wrapped text: many lines of about the same width (three in ten or more: in a
            # short report the title block, headings and short paragraphs are many), no
            # wider than a page (landscape A4 holds ~80 characters), most of them ending
            # mid-sentence.
            if 30 <= top <= 160 and len(full) >= 0.3 * len(widths) and open_ended > len(full) / 2:
                self.full = int(top * 0.9)
        # The width most full lines have: a line that ends a sentence more than a
        # character short of it ends its paragraph, where no indentation tells.
        common = Counter(w for w in each if self.full and w >= self.full)
        self.typical = common.most_common(1)[0][0] if common else 0
        indented = sum(1 for line in lines if line.indent >= 2)
        # Indentation tells paragraphs apart only when some lines have it and others not.
        self.indents = max(3, 0.01 * len(lines)) <= indented <= 0.8 * len(lines)
        # Paragraphs between blank lines (docx2txt, pandoc, mammoth): there a line break
        # with no blank line is a soft break (Shift+Enter) inside a paragraph.
        gaps = sum(1 for x, y in zip(lines, lines[1:], strict=False) if self._blank_between(x, y))
        self.soft_breaks = (
            not self.full and len(lines) >= _SOFT_MIN_LINES and gaps >= 0.9 * (len(lines) - 1)
        )

    def continues(self, prev: Line, last: Line, line: Line, position: int) -> bool:
        a, b = prev.text, line.text
        if "\t" in a or "\t" in b:
            return False  # a row of a table (cells split by tabs) is a line of its own
        if (
            position <= 10
            and not prev.joined
            and _DATE_HEAD.match(a)
            and not a.endswith(("上", "）", ")"))
            and (_DATE_TAIL.match(b) or (len(b) <= 2 and _DATE_END.search(a + b)))
        ):
            return True  # …第三次会议 / 上 too (a centred line wrapped, pdftotext -layout)
        if position <= 10 and len(b.strip()) <= 2 and _SPEAKER_CUT.search(a):
            return True  # …人民政府代市长王 / 玲: the same, in the speaker line
        if b[:1] in _CONTINUATION:
            return True  # "，我们走过的历程…": a line never starts a sentence like that
        if self.indents and line.indent >= 2:
            return False  # where only some lines are indented, those open paragraphs
        if position <= 10 and (_DATE_END.search(a) or SPEAKER_LINE.match(b)):
            return False  # the title block: "——…会议上" / "宝山区人民政府区长 刘志军"
        if self.full and last.indent + _width(last.text) >= self.full:
            if not self.indents and self._ends_short(prev, last):
                return False
            # A full line of wrapped text goes on, whatever its last character; where
            # paragraphs are indented, even into a line that starts like a heading.
            return self.indents or not (HEADING.match(b) or _OPENS.match(b))
        if HEADING.match(b) or LIST_ITEM.match(b) or _OPENS.match(b) or _bracketed(b):
            return False
        if (
            self.soft_breaks
            and position > 10
            and _ends_sentence(a)
            and not self._blank_between(last, line)
        ):
            return True  # …实干的结果。/ 在此，我代表…: one paragraph in the Word file
        if _ends_sentence(a) or _is_title_like(a) or _bracketed(a):
            return False
        if self._heading_before_blank(prev, last, line):
            return False
        # A heading line stays apart; a paragraph that opens with a run-in heading
        # ("（一）产业根基更加坚实。农业生产…") breaks like any other. So does a short
        # numbered line (3、持续优化营商环境), a heading of the lowest level.
        if LIST_ITEM.match(a) and len(a) <= _NUMBERED_HEADING_MAX:
            return bool(_SENTENCE_INSIDE.search(a))
        if HEADING.match(a) and not _SENTENCE_INSIDE.search(a):
            # A heading line stays apart, unless in wrapped text it breaks a word: a run-in
            # heading's first line cut short (三、2023年重点工作安排围绕…发展目 / 标，…).
            return bool(self.full) and not prev.joined and self._splits_a_word(a, b)
        return True

    def _blank_between(self, a: Line, b: Line) -> bool:
        return any(n in self.blank_lines for n in range(a.no + 1, b.no))

    def _ends_short(self, prev: Line, last: Line) -> bool:
        """A line that ends a sentence more than one character (two columns) short of the
        typical full width: the last line of a paragraph (…壮大发展。 / 营商环境…), even
        though it is within a tenth of a full line. A paragraph's first line may be two
        characters shorter (the indent an extractor dropped)."""
        if not self.typical or not _ends_sentence(last.text):
            return False
        expected = self.typical - (0 if prev.joined else 4)
        return last.indent + _width(last.text) < expected - 2

    def _heading_before_blank(self, prev: Line, last: Line, line: Line) -> bool:
        """A short paragraph of its own, then a blank line: a heading that lost its number
        (经济运行稳中向好，锻造产业发展“强引擎”, from a Word file), unless the break
        splits a word. Text that breaks a paragraph at a blank line (a page of a PDF:
        …紧紧围绕科创中 / 心主阵地…) splits words, and the pair of characters around
        such a break is used elsewhere in the text (中心); around a heading's end it
        hardly ever is (”面)."""
        a = prev.text.rstrip()
        if self.full or prev.joined or len(a) > _HEADING_BEFORE_BLANK_MAX or a[-1:] in _NOT_FINAL:
            return False  # (text wrapped at a fixed width: a blank after every line, pdfminer)
        if not self._blank_between(last, line):
            return False
        return not self._splits_a_word(a, line.text, unknown=True)

    def _splits_a_word(self, a: str, b: str, unknown: bool = False) -> bool:
        """Whether the break between a and b falls inside a word: the two characters
        around it are used together elsewhere in the text at least _WORD_SEEN times.
        `unknown` is the answer when the text is too short to tell."""
        if self._text is None:
            self._text = "\n".join(ln.text for ln in self._lines)
        if len(self._text) < _WORDS_MIN_TEXT:
            return unknown
        pair = a.rstrip()[-1:] + b.lstrip()[:1]
        return len(pair) == 2 and self._text.count(pair) >= _WORD_SEEN


_HEADING_BEFORE_BLANK_MAX = 40  # characters of a heading (a broken-off line may be longer)
_NOT_FINAL = frozenset("，、；：,;:（(“‘《〈「『—-")  # a line ending so goes on
_WORD_SEEN = 2  # uses elsewhere of the two characters around a break that splits a word
_WORDS_MIN_TEXT = 3000  # characters of text that tell (a report has 10,000 or more)
_SOFT_MIN_LINES = 20  # lines of text whose blank lines tell paragraphs apart


def _width(text: str) -> int:
    """Display width: a Chinese character or full-width mark counts two."""
    return len(text) + sum(map(len, _WIDE_RUNS.findall(text)))


def _ends_sentence(text: str) -> bool:
    t = text.rstrip(_CLOSERS)
    if not t:
        return True
    if t[-1] == "." and len(t) > 1 and t[-2].isdigit():
        return False  # "增长12." + "5%": a number broken at its decimal point
    return t[-1] in _FINAL or t[-1] == "."


def _is_title_like(text: str) -> bool:
    return len(text) <= _TITLE_LIKE_MAX and not _INNER_PUNCT.search(text)


def _bracketed(text: str) -> bool:
    return text[:1] in "（(" and text[-1:] in "）)"
