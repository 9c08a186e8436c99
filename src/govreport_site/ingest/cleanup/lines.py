"""Lines of a report under cleanup, and the book of notes on what was removed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govreport_site.model import Note

_SPACE = re.compile(r"\s+")

# Notes whose text is a description (counts, line numbers), not removed source text:
# pure whitespace changes, invisible characters and radicals replaced one for one by
# the characters they show. Everything else is verbatim.
# Descriptions are in Chinese: they are shown on the report page beside the text.
SUMMARY_KINDS = frozenset({"spacing", "blank-lines", "invisible", "rejoined", "radicals"})


@dataclass
class Line:
    """One line of the report; `cols` maps each character back to its source column,
    so notes taken from one line can be put back in source order."""

    text: str
    no: int  # 1-based line number in the file
    cols: list[int] = field(default_factory=list)
    indent: int = 0  # leading whitespace width in the source (ideographic space = 2)
    joined: list[int] = field(default_factory=list)  # file lines appended to this one

    @classmethod
    def of(cls, text: str, no: int) -> Line:
        return cls(text, no, list(range(len(text))), _indent(text))

    @property
    def key(self) -> str:
        """The text without any whitespace, for matching (政 府 工 作 报 告 -> 政府工作报告)."""
        return _SPACE.sub("", self.text)

    def blank(self) -> bool:
        return not self.text.strip()

    def keep(self, mask: list[bool]) -> None:
        """Keep only the characters where mask is True."""
        self.text = "".join(c for c, k in zip(self.text, mask, strict=True) if k)
        self.cols = [c for c, k in zip(self.cols, mask, strict=True) if k]


def _indent(text: str) -> int:
    width = 0
    for c in text:
        if c == "\u3000":
            width += 2
        elif c == "\t":
            width += 4
        elif c.isspace():
            width += 1
        else:
            break
    return width


class NoteBook:
    """Collects removals with their source position; `notes()` returns them in order."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, int, str, str, bool]] = []
        self._summaries: list[Note] = []
        self.blank_lines: set[int] = set()  # source lines that were blank to begin with

    def cut(self, line: Line, start: int, end: int, kind: str) -> str:
        """Remove line.text[start:end] and note it; returns the removed text."""
        removed = line.text[start:end]
        if not removed:
            return removed
        whole = not line.text[:start].strip() and not line.text[end:].strip()
        # A span that closes over an earlier cut is noted as the pieces it was in the
        # source, so that every note keeps its place in source order.
        piece = start
        for i in range(start + 1, end + 1):
            if i == end or line.cols[i] != line.cols[i - 1] + 1:
                text = line.text[piece:i].strip()
                if text:
                    self._items.append(
                        (line.no, line.cols[piece], len(self._items), kind, text, whole)
                    )
                piece = i
        line.text = line.text[:start] + line.text[end:]
        line.cols = line.cols[:start] + line.cols[end:]
        return removed

    def drop(self, line: Line, kind: str) -> None:
        """Remove the whole line (it becomes blank and is dropped later)."""
        self.cut(line, 0, len(line.text), kind)

    def _adjacent(self, a: int, b: int) -> bool:
        return all(n in self.blank_lines for n in range(a + 1, b))

    def summary(self, kind: str, text: str, line: int | None) -> None:
        self._summaries.append(Note(kind, text, line))

    def notes(self) -> list[Note]:
        """Removed text in source order, then the summaries of whitespace changes.

        Neighbouring pieces of one kind become one note: pieces of one line joined
        by a space ("** **"), whole lines that follow each other (a forwarding notice,
        a crawler header; nothing but blank lines between them) joined by a line break."""
        out: list[Note] = []
        last: tuple[int, str, bool] | None = None
        for no, _col, _seq, kind, text, whole in sorted(self._items):
            if last and last[1] == kind and last[0] == no:
                out[-1].text += " " + text
            elif last and last[1] == kind and last[2] and whole and self._adjacent(last[0], no):
                out[-1].text += "\n" + text
            else:
                out.append(Note(kind, text, no))
            last = (no, kind, whole)
        return out + self._summaries


def compact_lines(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] -> '1–3、7、9–10' (the notes are read on a Chinese page)."""
    parts: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return "、".join(parts)
