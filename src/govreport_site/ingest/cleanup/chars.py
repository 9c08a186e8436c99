"""Character classes, invisible characters and the spacing of Chinese text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from govreport_site.ingest.cleanup.lines import Line, NoteBook, compact_lines
from govreport_site.text import CJK

# Chinese punctuation and full-width forms: the CJK symbols block, full-width ASCII,
# curly quotes, ellipsis, dashes (incl. the box-drawing ─ some exports use for ——),
# middle dot.
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014\u2015\u2500\u00b7\ufe30-\ufe4f"
WIDE = CJK + CJK_PUNCT  # characters between which a space means nothing in Chinese

# Zero-width and format characters exports leave behind (BOM, soft hyphen, ZWSP…), and
# the bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): Chinese
# text never needs them, and an override (RLO) would show the rest of a line reversed.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")

# Text taken from a PDF gives some fonts' characters as the look-alike radicals of the
# Kangxi Radicals block (⼯ for 工, ⼀ for 一, ⽣ for 生) or of the CJK Radicals
# Supplement (⻓ for 长, ⻔ for 门), and a few as CJK compatibility ideographs: the same
# glyph under another code point, so no heading, figure or search would match them. The
# Kangxi radicals and compatibility ideographs map as NFKC maps them; the supplement's
# simplified radicals that are whole characters are listed by hand (NFKC leaves them).
_SUPPLEMENT = dict(
    zip(
        "⺟⺠⺝⺩⻁⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳",
        "母民月王虎西见角贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄齐齿龙龟",
        strict=True,
    )
)
RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
RADICALS |= {ord(k): v for k, v in _SUPPLEMENT.items()}
# …except where a simplified-Chinese font draws the radical as another character: ⼾
# (NFKC 戶) looks like 户 in the SC faces (商⼾, 棚⼾区). And the horizontal bar ― that the
# same extractors give for the dash — (2001年―2005年).
RADICALS |= {ord("⼾"): "户", ord("―"): "—"}
for _cp in range(0xF900, 0xFADA):  # all but the twelve unified ideographs in the block
    if unicodedata.normalize("NFC", chr(_cp)) != chr(_cp):
        RADICALS[_cp] = unicodedata.normalize("NFC", chr(_cp))
_RADICAL = re.compile("[" + "".join(map(chr, sorted(RADICALS))) + "]")

# Whitespace: \s covers NBSP, the ideographic space and the other Unicode spaces.
_RUN = re.compile(r"\s+")

# The speaker line of a title block: "宝山区人民政府区长 刘志军", "区 长 王晓宇".
SPEAKER_LINE = re.compile(
    f"^(?P<title>[^，。；,;]{{1,30}}?(?:长|主任|主席|书记))\\s+"
    f"(?P<name>[{CJK}](?:\\s*[{CJK}]){{1,3}})$"
)
# Spaces in a title-block line that separate its parts and stay (as one space):
# before the speaker's name ("区 长 王晓宇" -> "区长 王晓宇", "代区长  黄远志") and
# after the meeting ("…第三次会议上 宝山区人民政府区长 刘志军").
_TITLE_GAPS = re.compile(
    f"[{CJK}]\\s*(?:长|主任|主席|书记)(\\s+)[{CJK}](?:\\s*[{CJK}]){{1,3}}$"
    r"|(?:会议上|会议通过)[）)]?(\s+)(?=\S)"
)
_PROSE = re.compile(r"[，。；,;]")


def remove_invisible(lines: list[Line], book: NoteBook) -> None:
    found, affected = _each_line(
        lines, INVISIBLE, lambda line: line.keep([not INVISIBLE.match(c) for c in line.text])
    )
    if found:
        book.summary(
            "invisible",
            f"删除不可见字符 {len(found)} 个（零宽空格、BOM、软连字符、文字方向控制符），"
            f"在第 {compact_lines(affected)} 行",
            affected[0],
        )


def restore_ideographs(lines: list[Line], book: NoteBook) -> None:
    """Radicals and compatibility ideographs become the characters they show (RADICALS);
    one character for one, so every other character keeps its place."""

    def restore(line: Line) -> None:
        line.text = line.text.translate(RADICALS)

    found, affected = _each_line(lines, _RADICAL, restore)
    if found:
        pairs = {c: RADICALS[ord(c)] for c in found}  # in order of first appearance
        shown = "、".join(f"{a}→{b}" for a, b in list(pairs.items())[:5])
        book.summary(
            "radicals",
            f"把 PDF 提取留下的部首或兼容汉字换成对应的汉字 {len(found)} 个（{shown}"
            f"{'等' if len(pairs) > 5 else ''}），在第 {compact_lines(affected)} 行",
            affected[0],
        )


def _each_line(
    lines: list[Line], pattern: re.Pattern[str], fix: Callable[[Line], None]
) -> tuple[list[str], list[int]]:
    """fix() every line where `pattern` finds something: (everything found, those lines)."""
    found: list[str] = []
    affected: list[int] = []
    for line in lines:
        here = pattern.findall(line.text)
        if here:
            found += here
            affected.append(line.no)
            fix(line)
    return found, affected


_LIST_CELL = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]?|[•·●■▪-])\s*$")


def _table_rows(lines: list[Line]) -> set[int]:
    """Lines that are rows of a table: two tabs or more, or one where the line before or
    after has one too (指标<tab>目标 / 地区生产总值<tab>增长6%), unless what stands before
    the tab is a list mark (1.<tab>加强… from Word's numbering)."""
    tabs = [line.text.strip().count("\t") for line in lines]
    filled = [n for n, line in enumerate(lines) if line.text.strip()]  # blank lines between
    rows = set()
    for k, n in enumerate(filled):
        if tabs[n] >= 2:
            rows.add(n)
        elif tabs[n] == 1 and not _LIST_CELL.match(lines[n].text.strip().split("\t", 1)[0]):
            before = k > 0 and tabs[filled[k - 1]] == 1
            after = k + 1 < len(filled) and tabs[filled[k + 1]] == 1
            if before or after:
                rows.add(n)
    return rows


def tidy_spacing(lines: list[Line], book: NoteBook) -> None:
    """Strip lines, drop spaces next to Chinese text (PDF letter-spacing, line-wrap
    leftovers), make other whitespace runs one space. Spaces between ASCII words and
    numbers stay ("Made in China", "12 .2"); a tab run stays a tab in a table row."""
    affected: list[int] = []
    removed = evened = 0
    rows = _table_rows(lines)
    for n, line in enumerate(lines):
        text = line.text
        if not _RUN.search(text):
            continue
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        if lead >= trail:  # whitespace only: dropped with the blank lines
            continue
        mask = [lead <= i < trail for i in range(len(text))]
        keep_spans = _title_gaps(text[lead:trail], lead)
        table = n in rows
        spaced = not table and _letter_spaced(text[lead:trail])
        before_count = removed + evened
        for m in _RUN.finditer(text, lead, trail):
            if any(a <= m.start() and m.end() <= b for a, b in keep_spans):
                evened += _one_char(line, m, mask, " ")
            elif table and "\t" in m.group():
                evened += _one_char(line, m, mask, "\t")
            elif spaced or _is_wide(text[m.start() - 1]) or _is_wide(text[m.end()]):
                for i in range(m.start(), m.end()):
                    mask[i] = False
                removed += 1
            else:
                evened += _one_char(line, m, mask, " ")
        if removed + evened > before_count:
            affected.append(line.no)
        line.keep(mask)
    if affected:
        done = []
        if removed:
            done.append(f"删除汉字或中文标点旁的空格 {removed} 处")
        if evened:
            done.append(f"将其他连续空格合为一个 {evened} 处")
        book.summary(
            "spacing", f"{'，'.join(done)}，在第 {compact_lines(affected)} 行", affected[0]
        )


_WIDE_CHAR = re.compile(f"[{WIDE}]")
_LETTER_SPACED_MIN = 4  # characters of a letter-spaced line


def _letter_spaced(stripped: str) -> bool:
    """A line set with a space after every character ("一 、 2 0 2 4 年 工 作 回 顾", as PDF
    extraction gives a spaced-out title): there every space is letter spacing, between
    digits and Latin letters too ("2 0 2 4" is 2024)."""
    tokens = stripped.split()
    singles = sum(len(t) == 1 for t in tokens)
    return len(tokens) >= _LETTER_SPACED_MIN and singles >= 0.8 * len(tokens)


def _is_wide(c: str) -> bool:
    return bool(_WIDE_CHAR.match(c))


def _title_gaps(stripped: str, lead: int) -> list[tuple[int, int]]:
    """Spans of the separating spaces of a title-block line (see _TITLE_GAPS)."""
    if len(stripped) > 100 or _PROSE.search(stripped):
        return []
    spans = [m.span(m.lastindex or 0) for m in _TITLE_GAPS.finditer(stripped)]
    return [(lead + a, lead + b) for a, b in spans]


def _one_char(line: Line, m: re.Match, mask: list[bool], char: str) -> int:
    """Reduce a whitespace run to one character; 1 if that changed anything."""
    if m.group() == char:
        return 0
    for i in range(m.start() + 1, m.end()):
        mask[i] = False
    line.text = line.text[: m.start()] + char + line.text[m.start() + 1 :]
    return 1
