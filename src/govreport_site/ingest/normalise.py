"""Undo what PDF, Word and web export do to Chinese report text.

    normalise(source) -> Normalised: one paragraph or heading per line, no blank
    lines, no spaces at line ends; everything removed is in Normalised.notes.

The steps run in this order (each in ingest/cleanup/):
    1. invisible characters (zero-width space, BOM, soft hyphen), and radicals
       standing in for characters (⼯ for 工, from PDF fonts)          chars.py
    2. the crawler's header ("标题：…", "年份：…", "=====")        web.py
    3. converter marks: "## ", "**", [bookmark: _GoBack], <br>, 【一、…】 markup.py
    4. web page furniture, whole lines or run into a sentence       web.py
    5. the forwarding notice around a published report ("抄送：…") notice.py
    6. footnote lines and their markers                             footnotes.py
    7. page numbers and separator lines                             layout.py
    8. spacing: spaces next to Chinese text, NBSP, ideographic      chars.py
    9. text a PDF gives twice (faked bold: 政府工作报告政府工作报告)    layout.py
   10. blank lines, then lines broken mid-sentence joined again     layout.py

Characters are otherwise kept exactly: full-width digits and punctuation stay (the
parser matches on text.fold()), and a heading run into its paragraph stays on one
line (splitting it is the parser's job).
"""

from __future__ import annotations

from govreport_site.ingest.cleanup.chars import remove_invisible, restore_ideographs, tidy_spacing
from govreport_site.ingest.cleanup.conservation import accounted_for, unaccounted
from govreport_site.ingest.cleanup.footnotes import strip_footnotes
from govreport_site.ingest.cleanup.layout import (
    drop_blank,
    rejoin,
    strip_doubled,
    strip_page_furniture,
)
from govreport_site.ingest.cleanup.lines import SUMMARY_KINDS, Line, NoteBook
from govreport_site.ingest.cleanup.markup import strip_markup
from govreport_site.ingest.cleanup.notice import strip_forwarding_notice
from govreport_site.ingest.cleanup.web import strip_crawler_header, strip_web_debris
from govreport_site.model import Normalised, SourceText

__all__ = ["SUMMARY_KINDS", "accounted_for", "normalise", "normalise_text", "unaccounted"]


def normalise(source: SourceText) -> Normalised:
    return normalise_text(source.text, source.body_line)


def normalise_text(text: str, first_line: int = 1) -> Normalised:
    """normalise() on bare text; first_line is the file line of the text's first line."""
    lines = [Line.of(t, first_line + i) for i, t in enumerate(text.split("\n"))]
    book = NoteBook()
    remove_invisible(lines, book)
    restore_ideographs(lines, book)
    blank_in_source = [line.no for line in lines if line.blank()]
    book.blank_lines = set(blank_in_source)
    strip_crawler_header(lines, book)
    strip_markup(lines, book)
    strip_web_debris(lines, book)
    strip_forwarding_notice(lines, book)
    strip_footnotes(lines, book)
    strip_page_furniture(lines, book)
    tidy_spacing(lines, book)
    strip_doubled(lines, book)
    lines = drop_blank(lines, book, blank_in_source)
    lines = rejoin(lines, book)
    return Normalised("\n".join(line.text for line in lines), book.notes())
