"""Align two reports: parts by kind, then paragraphs by similarity inside each part kind.

Parts are grouped into families that play the same role in every report: the review (an
excerpt that starts mid-review counts as review), the five-year outlook, the year's plan,
other parts, the opening and the closing. The title block is left out. All parts of one
family are aligned as one run of paragraphs, so a plan split into 总体要求 + 重点工作 one
year and kept whole the next still lines up.

Inside a family, paragraphs are aligned in order (a monotone matching of maximum total
similarity, i.e. the heaviest common subsequence), with:

- similarity = Dice coefficient of the sets of character bigrams of the normalised texts;
- candidates found through an index of shared bigrams, and only the best few per paragraph
  scored, so a part of n paragraphs costs about n·k comparisons, not n² (bigrams shared by
  a third or more of the other side's paragraphs say nothing and are skipped);
- headings match headings, subsection headings match subsection headings, body text body
  text; the two targets passages are pinned to each other;
- a paragraph left over on both sides that is still clearly the same text (a subsection that
  moved) is paired as "moved".

Everything else on the newer side is new, on the older side dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import add

from govreport_site.analyse import shared_grams
from govreport_site.analyse.sentences import normalised
from govreport_site.model import Paragraph, Report

FAMILIES = ("opening", "review", "outlook", "plan", "other", "closing")
FAMILY_OF = {
    "opening": "opening",
    "excerpt": "review",
    "review": "review",
    "outlook": "outlook",
    "plan": "plan",
    "other": "other",
    "closing": "closing",
}

MIN_SIMILARITY = 0.3  # below this two paragraphs are different texts on a similar topic
MIN_SIMILARITY_INSIDE = 0.15  # …unless they sit in two subsections already aligned
MIN_BLOCK_SIMILARITY = 0.15  # subsections: whole texts, so more shared bigrams by chance
MOVED_SIMILARITY = 0.5  # out-of-order pairs must be clearly the same paragraph
CANDIDATES = 8  # best-sharing paragraphs scored per paragraph
DIRECT = 64  # up to this many pairs, all are scored (cheaper than an index)
FEW_BLOCKS = 16  # up to this many pairs of blocks and paragraphs in them, no numpy
PIN = 10.0  # weight of the targets passages' pairing: always kept when order allows


@dataclass(slots=True)  # made for every paragraph of both reports in each comparison
class Item:
    """One paragraph in a family's run, with what alignment needs."""

    para: Paragraph
    part_anchor: str
    part_title: str
    grams: frozenset[str]
    starts_block: bool = False  # a part heading or the start of a subsection

    @property
    def role(self) -> str:
        return self.para.role


@dataclass(slots=True)
class Pairing:
    """One line of the aligned view: a paragraph of a, of b, or of both."""

    a: Item | None
    b: Item | None
    similarity: float = 0.0
    moved: bool = False

    @property
    def status(self) -> str:
        if self.a is None:
            return "new"
        if self.b is None:
            return "dropped"
        a, b = self.a.para.text, self.b.para.text
        return "same" if normalised(a) == normalised(b) else "changed"


@dataclass
class FamilyAlignment:
    family: str
    a_parts: list[tuple[str, str]]  # (anchor, title) of the parts of a in this family
    b_parts: list[tuple[str, str]]
    rows: list[Pairing]


@lru_cache(maxsize=8192)
def grams(text: str) -> frozenset[str]:
    """Character bigrams of the normalised text (remembered: a report is compared with
    its previous year and with a neighbour, and its paragraphs take part in both)."""
    norm = normalised(text)
    if len(norm) == 1:
        return frozenset([norm])
    return frozenset(map(add, norm, norm[1:]))  # norm[i] + norm[i + 1] for each i


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def family_items(report: Report) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for part in report.parts:
        family = FAMILY_OF.get(part.kind)
        if family is None:
            continue
        items = out.setdefault(family, [])
        starts = {0} | {s.index for s in part.subsections}
        for n, para in enumerate(part.paragraphs):
            if para.text.strip():
                item = Item(para, part.anchor, part.title, grams(para.text), n in starts)
                items.append(item)
    return out


def _parts(report: Report, family: str) -> list[tuple[str, str]]:
    return [(p.anchor, p.title) for p in report.parts if FAMILY_OF.get(p.kind) == family]


def align_reports(a: Report, b: Report) -> list[FamilyAlignment]:
    """The families of both reports, in the order the newer report (b) has them."""
    fa, fb = family_items(a), family_items(b)
    order = [f for f in FAMILIES if f in fa or f in fb]
    result = []
    pins = set()
    if a.targets_anchor and b.targets_anchor:
        pins.add((a.targets_anchor, b.targets_anchor))
    for family in order:
        rows = align_family(fa.get(family, []), fb.get(family, []), pins)
        result.append(FamilyAlignment(family, _parts(a, family), _parts(b, family), rows))
    return result


def _compatible(x: Item, y: Item) -> bool:
    return x.role == y.role


def similar_pairs(
    gx: list[frozenset[str]], gy: list[frozenset[str]], threshold: float
) -> dict[tuple[int, int], float]:
    """(i, j) -> Dice similarity of every pair at or above `threshold` (for short lists)."""
    scores: dict[tuple[int, int], float] = {}
    if threshold <= 0:  # every pair, empty sets (similarity 0) too
        for i, x in enumerate(gx):
            for j, y in enumerate(gy):
                scores[(i, j)] = dice(x, y)
        return scores
    ys = [(j, y, len(y)) for j, y in enumerate(gy) if y]  # an empty set scores 0
    for i, x in enumerate(gx):
        nx = len(x)
        if not nx:
            continue
        for j, y, ny in ys:
            total = nx + ny
            # |x ∩ y| <= the smaller size: skip the intersection when even that is
            # below the threshold (same division, so the same float comparison).
            if 2 * (nx if nx < ny else ny) / total < threshold:
                continue
            s = 2 * len(x & y) / total
            if s >= threshold:
                scores[(i, j)] = s
    return scores


def candidates(
    xs: list[Item], ys: list[Item], threshold: float = MIN_SIMILARITY
) -> dict[tuple[int, int], float]:
    """(i, j) -> similarity for the pairs worth considering."""
    if len(xs) * len(ys) <= DIRECT:  # a few paragraphs: compare them all
        found = similar_pairs([x.grams for x in xs], [y.grams for y in ys], threshold)
        return {(i, j): s for (i, j), s in found.items() if _compatible(xs[i], ys[j])}
    # More: the best-sharing few per paragraph, found through an index (shared_grams).
    return shared_grams.candidates(xs, ys, threshold, CANDIDATES)


def heaviest_chain(pairs: dict[tuple[int, int], float], m: int) -> list[tuple[int, int]]:
    """The set of pairs increasing in both i and j with the largest total weight.

    Pairs sorted by i (and j descending within one i, so two pairs of one i never chain);
    a Fenwick tree over j gives the best chain ending below j in O(log m).
    """
    order = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tree: list[tuple[float, int]] = [(0.0, -1)] * (m + 1)
    best: list[float] = []
    back: list[int] = []

    def query(j: int) -> tuple[float, int]:  # best over positions < j
        out = (0.0, -1)
        while j > 0:
            if tree[j][0] > out[0]:
                out = tree[j]
            j -= j & -j
        return out

    def update(j: int, value: tuple[float, int]) -> None:
        j += 1
        while j <= m:
            if value[0] > tree[j][0]:
                tree[j] = value
            j += j & -j

    for k, (_i, j) in enumerate(order):
        prev_score, prev = query(j)
        best.append(prev_score + pairs[order[k]])
        back.append(prev)
        update(j, (best[k], k))
    if not order:
        return []
    k = max(range(len(order)), key=lambda n: (best[n], -n))
    chain = []
    while k >= 0:
        chain.append(order[k])
        k = back[k]
    return chain[::-1]


def align_items(
    xs: list[Item],
    ys: list[Item],
    pins: set[tuple[str | None, str | None]] = frozenset(),
    threshold: float = MIN_SIMILARITY,
) -> list[Pairing]:
    """Rows for two runs of paragraphs, in order (dropped ones before the next kept one)."""
    scores = candidates(xs, ys, threshold)
    weights = dict(scores)
    x_at = {x.para.anchor: i for i, x in enumerate(xs)}
    y_at = {y.para.anchor: j for j, y in enumerate(ys)}
    for pa, pb in pins:
        if pa in x_at and pb in y_at:
            i, j = x_at[pa], y_at[pb]
            scores[(i, j)] = dice(xs[i].grams, ys[j].grams)
            weights[(i, j)] = PIN + scores[(i, j)]
    chain = heaviest_chain(weights, len(ys))
    return interleave(xs, ys, [(i, j, scores[(i, j)]) for i, j in chain])


def interleave(xs: list, ys: list, chain: list[tuple[int, int, float]]) -> list[Pairing]:
    """Rows in the newer text's order; each dropped paragraph before the next kept one."""
    at_y = {j: (i, s) for i, j, s in chain}
    rows: list[Pairing] = []
    next_x = 0
    for j, y in enumerate(ys):
        if j in at_y:
            i, s = at_y[j]
            rows.extend(Pairing(x, None) for x in xs[next_x:i])
            rows.append(Pairing(xs[i], y, s))
            next_x = i + 1
        else:
            rows.append(Pairing(None, y))
    rows.extend(Pairing(x, None) for x in xs[next_x:])
    return rows


def blocks(items: list[Item]) -> list[list[Item]]:
    """A family's run cut at each part heading and each subsection start."""
    out: list[list[Item]] = []
    for item in items:
        if not out or item.starts_block:
            out.append([])
        out[-1].append(item)
    return out


def block_pairs(bx: list[list[Item]], by: list[list[Item]]) -> dict[tuple[int, int], float]:
    """similar_pairs of the blocks' bigram sets (their unions): with numpy, unless there
    are only a few short blocks (an opening, a closing), where numpy's overhead dominates."""
    if len(bx) * len(by) <= FEW_BLOCKS and sum(map(len, bx)) + sum(map(len, by)) <= FEW_BLOCKS:
        gx = [frozenset().union(*(x.grams for x in b)) for b in bx]
        gy = [frozenset().union(*(y.grams for y in b)) for b in by]
        return similar_pairs(gx, gy, MIN_BLOCK_SIMILARITY)
    return shared_grams.block_pairs(bx, by, MIN_BLOCK_SIMILARITY)


def align_family(xs: list[Item], ys: list[Item], pins=frozenset()) -> list[Pairing]:
    """Subsections first (by the similarity of their whole text), then paragraphs inside
    each pair of aligned subsections; what lies between aligned subsections is aligned
    paragraph by paragraph; finally leftovers that are clearly one text are paired as moved."""
    bx, by = blocks(xs), blocks(ys)
    chain = heaviest_chain(block_pairs(bx, by), len(by))
    rows: list[Pairing] = []
    last_i = last_j = -1
    for i, j in chain + [(len(bx), len(by))]:
        gap_x = [x for b in bx[last_i + 1 : i] for x in b]
        gap_y = [y for b in by[last_j + 1 : j] for y in b]
        rows += align_items(gap_x, gap_y, pins)
        if i < len(bx):
            heads = pins
            x0, y0 = bx[i][0], by[j][0]
            if x0.role == y0.role != "body":  # the headings of two aligned subsections
                heads = pins | {(x0.para.anchor, y0.para.anchor)}
            rows += align_items(bx[i], by[j], heads, threshold=MIN_SIMILARITY_INSIDE)
        last_i, last_j = i, j
    return pair_moved(rows)


def pair_moved(rows: list[Pairing]) -> list[Pairing]:
    """A dropped and a new paragraph that are clearly the same text become one moved row,
    shown where the newer report has it."""
    dropped = [r.a for r in rows if r.b is None]
    new = [r.b for r in rows if r.a is None]
    if not dropped or not new:
        return rows
    scores = candidates(dropped, new, MOVED_SIMILARITY)
    moved: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s >= MOVED_SIMILARITY and i not in used and j not in moved:
            moved[j] = (i, s)
            used.add(i)
    gone = {id(dropped[i]) for i in used}
    new_at = {id(y): j for j, y in enumerate(new)}
    out = []
    for r in rows:
        if r.b is None and id(r.a) in gone:
            continue
        if r.a is None and new_at[id(r.b)] in moved:
            i, s = moved[new_at[id(r.b)]]
            out.append(Pairing(dropped[i], r.b, s, moved=True))
        else:
            out.append(r)
    return out
