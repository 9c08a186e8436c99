"""Footnotes: the marker after a term in the text and the footnote line itself.

Word and PDF exports put footnote lines where the page ended, often in the middle of
a paragraph ("…秉承“坚持就是胜利”" / "² 2022 年 1-10 月 …" / "的必胜信念…"), so they
are removed before broken lines are joined again.

Markers: superscript digits (¹²³), circled numbers (①), [1], 〔1〕, Markdown [^1].
A footnote line starts with its marker (or, as Word's HTML and mammoth write it, with
its number and ends with a back-link arrow: 1. 百大项目：指…。 ↑). Superscripts are
footnotes by nature; a circled or bracketed number at a line start is also how lists
are written, so those count as footnotes only when the same marker sits after a word
in the text above ("…三站一场”¹、" / "…产业①，").
"""

from __future__ import annotations

import re

from govreport_site.ingest.cleanup.lines import Line, NoteBook

KIND = "footnote"

_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_MARK = r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[\u2460-\u2473\u2474-\u2487\u2776-\u277f]|\[\^?\d{1,3}\]|〔\d{1,3}〕"
_FOOTNOTE_LINE = re.compile(
    f"^\\s*(?:注\\s*[：:]\\s*)?(?P<mark>{_MARK})\\s*[：:.．、]?\\s*(?P<body>\\S.*)$"
)
_NOTE_HEADER = re.compile(r"^\s*(?:注|注释|说明)\s*[：:]\s*$")
# A note as Word's HTML export and mammoth write it: numbered, a back-link arrow at the
# end (1. 百大项目：指…，下同。 ↑), its marker in the text [1].
_BACKLINK_NOTE = re.compile(r"^\s*(?P<num>\d{1,3})\s*[.．、]\s*\S.*?\s*↑\s*$")
# A marker in running text follows a word or closing quote/bracket, not a colon or
# a line start (that would be a list item: "主要是：①…；②…").
_IN_TEXT = re.compile(f"(?<=[^\\s：:；;，,。、（(【\\[])(?:{_MARK})")


def strip_footnotes(lines: list[Line], book: NoteBook) -> None:
    candidates: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        text = line.text
        if not text or not _may_hold_mark(text):
            continue
        m = _FOOTNOTE_LINE.match(text)
        if m and not m.group("body").rstrip().endswith(("；", ";")):
            candidates.append((i, m.group("mark")))
        elif text.rstrip().endswith("↑") and (b := _BACKLINK_NOTE.match(text)):
            candidates.append((i, f"[{b.group('num')}]"))
    if not candidates:
        return
    # Markers seen after a word, anywhere above each footnote line.
    seen: dict[str, list[tuple[int, re.Match]]] = {}
    for i, line in enumerate(lines):
        if _may_hold_mark(line.text):
            for m in _IN_TEXT.finditer(line.text):
                if not _is_unit(line.text, m):
                    seen.setdefault(m.group(), []).append((i, m))
    footnotes = [
        (i, mark)
        for i, mark in candidates
        if mark[0] in _SUPERSCRIPT or any(j < i for j, _ in seen.get(mark, []))
    ]
    if not footnotes:
        return
    marks = {mark for _, mark in footnotes}
    note_lines = {i for i, _ in footnotes}
    for i, line in enumerate(lines):
        if i in note_lines or not _may_hold_mark(line.text):  # (a cheaper scan)
            continue
        hits = [m for m in _IN_TEXT.finditer(line.text) if m.group() in marks]
        for m in reversed(hits):
            if not _is_unit(line.text, m):
                book.cut(line, m.start(), m.end(), KIND)
    for i in sorted(note_lines):
        # A bare "注：" just above a footnote goes with it.
        j = i - 1
        while j >= 0 and lines[j].blank():
            j -= 1
        if j >= 0 and _NOTE_HEADER.match(lines[j].text):
            book.drop(lines[j], KIND)
        book.drop(lines[i], KIND)


_ANY_MARK = re.compile("[¹²³⁴⁵⁶⁷⁸⁹⁰\u2460-\u2487\u2776-\u277f\\[〔↑]")


def _may_hold_mark(text: str) -> bool:
    return _ANY_MARK.search(text) is not None


def _is_unit(text: str, m: re.Match) -> bool:
    """m², km³, 10³: a superscript after a Latin letter or a digit is an exponent."""
    return (
        m.group()[0] in _SUPERSCRIPT
        and m.start() > 0
        and text[m.start() - 1].isascii()
        and text[m.start() - 1].isalnum()
    )
