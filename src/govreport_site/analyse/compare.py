"""Compare two reports: aligned rows with a redline, and the shares of text kept/changed/new.

`compare_reports(a, b)` is a pure function of the two Reports (a the older or first, b the
newer or second), so its result can be cached by the two content hashes. The result is
kept small: a row's redline is stored as (tag, length in a, length in b) runs, and the text
is sliced back out of the paragraphs when the page is drawn (`Row.ops`).

Shares, in characters of paragraph text (the title block left out):

- kept    = characters of b in equal runs of aligned paragraphs      / all characters of b
- changed = characters of b in changed runs of aligned paragraphs    / all characters of b
- new     = characters of b in paragraphs with no counterpart in a   / all characters of b
- dropped = characters of a in paragraphs with no counterpart in b   / all characters of a

kept + changed + new = 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govreport_site.analyse.align import align_reports
from govreport_site.analyse.redline import Op, redline
from govreport_site.analyse.target_changes import TargetChange, report_target_changes
from govreport_site.model import Paragraph, Report


@dataclass
class Row:
    status: str  # same | changed | new | dropped
    a: str | None  # paragraph anchor in a
    b: str | None  # paragraph anchor in b
    role: str  # heading | subheading | body
    similarity: float = 0.0
    moved: bool = False
    runs: tuple[tuple[str, int, int], ...] = ()  # (tag, chars of a, chars of b)

    def ops(self, a_text: str, b_text: str) -> list[Op]:
        """The redline, with the texts of the two paragraphs sliced back in."""
        out, i, j = [], 0, 0
        for tag, n, m in self.runs:
            out.append(Op(tag, a_text[i : i + n], b_text[j : j + m]))
            i, j = i + n, j + m
        return out


@dataclass
class Section:
    """One part family (review, plan …) of both reports."""

    family: str
    a_parts: list[tuple[str, str]]  # (anchor, title) of a's parts in this family
    b_parts: list[tuple[str, str]]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Comparison:
    sections: list[Section]
    a_chars: int
    b_chars: int
    kept: int
    changed: int
    new: int
    dropped: int
    targets: list[TargetChange]

    def share(self, name: str) -> float:
        total = self.a_chars if name == "dropped" else self.b_chars
        return getattr(self, name) / total if total else 0.0

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {"same": 0, "changed": 0, "new": 0, "dropped": 0, "moved": 0}
        for s in self.sections:
            for r in s.rows:
                out[r.status] += 1
                out["moved"] += r.moved
        return out


def compare_reports(a: Report, b: Report) -> Comparison:
    sections: list[Section] = []
    a_chars = b_chars = kept = changed = new = dropped = 0
    for fam in align_reports(a, b):
        section = Section(fam.family, fam.a_parts, fam.b_parts)
        for pairing in fam.rows:
            pa: Paragraph | None = pairing.a.para if pairing.a else None
            pb: Paragraph | None = pairing.b.para if pairing.b else None
            a_chars += len(pa.text) if pa else 0
            b_chars += len(pb.text) if pb else 0
            if pa and pb:
                ops = redline(pa.text, pb.text)
                runs = tuple((op.tag, len(op.a), len(op.b)) for op in ops)
                kept += sum(m for tag, _, m in runs if tag == "equal")
                changed += sum(m for tag, _, m in runs if tag != "equal")
            elif pb:
                runs = (("insert", 0, len(pb.text)),)
                new += len(pb.text)
            else:
                assert pa is not None
                runs = (("delete", len(pa.text), 0),)
                dropped += len(pa.text)
            role = (pb or pa).role  # type: ignore[union-attr]
            section.rows.append(
                Row(
                    pairing.status,
                    pa.anchor if pa else None,
                    pb.anchor if pb else None,
                    role,
                    round(pairing.similarity, 3),
                    pairing.moved,
                    runs,
                )
            )
        sections.append(section)
    targets = report_target_changes(a, b)
    return Comparison(sections, a_chars, b_chars, kept, changed, new, dropped, targets)
