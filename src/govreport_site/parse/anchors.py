"""Anchors: stable, unique ids for parts and paragraphs.

A part's anchor is its kind ("review", "plan"), with "-2", "-3" for repeats; a
paragraph's is its part's anchor and its 1-based place in that part ("plan-p14").
Numbering restarts in every part, so an edit in one part leaves the others' anchors
as they were, and the same text always gives the same anchors.
"""

from __future__ import annotations

from govreport_site.model import Part


def part_anchors(kinds: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for kind in kinds:
        seen[kind] = seen.get(kind, 0) + 1
        out.append(kind if seen[kind] == 1 else f"{kind}-{seen[kind]}")
    return out


def paragraph_anchor(part_anchor: str, index: int) -> str:
    """Anchor of paragraph `index` (0-based) of a part."""
    return f"{part_anchor}-p{index + 1}"


def check_unique(parts: list[Part]) -> bool:
    anchors = [p.anchor for p in parts] + [q.anchor for p in parts for q in p.paragraphs]
    return len(anchors) == len(set(anchors))
