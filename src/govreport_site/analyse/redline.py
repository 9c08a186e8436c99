"""Character-level redline of two aligned paragraphs.

Chinese has no spaces, so the unit is the character, except that a number (6%, 5.5%,
1000余, 2023) or a Latin word is one unit: "增长6%" → "增长5.5%" reads as one number
replaced, not as digits shuffled. Full- and half-width forms compare equal (６ = 6, ，= ,).

Three levels keep it fast and readable: sentences first (most sentences of a year-on-year
paragraph are either kept whole or rewritten), then clauses inside sentences still alike
(a list of targets reordered), then characters inside clauses still alike. Finally equal
runs of fewer than MIN_EQUAL characters between two changes are folded into the change:
a lone 的 or ， kept between two rewritten phrases only makes the redline harder to read.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from govreport_site.analyse.align import grams, heaviest_chain, similar_pairs
from govreport_site.analyse.sentences import split_sentences
from govreport_site.text import fold

MIN_EQUAL = 3
SIMILAR_PIECES = 0.4  # sentences or clauses less alike are shown as replaced whole
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[%‰]?|[A-Za-z]+|.", re.S)


class Op(NamedTuple):
    tag: str  # "equal" | "delete" | "insert" | "replace"
    a: str  # text of the older paragraph ("" for insert)
    b: str  # text of the newer paragraph ("" for delete)


def tokens(text: str) -> list[str]:
    """Units of the diff, as slices of `text` (matched on their folded form)."""
    return _units(text, fold(text))[0]


def _units(text: str, folded: str) -> tuple[list[str], list[str]]:
    """tokens(text), and their folded forms (folded = fold(text))."""
    return _pieces(text, folded, [m.span() for m in _TOKEN.finditer(folded)])


def _pieces(text: str, folded: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """The pieces of `text` at `spans`, and their folded forms: fold maps each character
    to one character, so a paragraph is folded once and its sentences, clauses and
    tokens are slices of that (folded = fold(text))."""
    return [text[i:j] for i, j in spans], [folded[i:j] for i, j in spans]


def _diff(xs: list[str], fx: list[str], ys: list[str], fy: list[str]) -> list[Op]:
    """Ops over two lists of text pieces, compared on their folded forms fx, fy."""
    sm = SequenceMatcher(None, fx, fy, autojunk=False)
    return [
        Op(tag, "".join(xs[i1:i2]), "".join(ys[j1:j2])) for tag, i1, i2, j1, j2 in sm.get_opcodes()
    ]


def redline(a: str, b: str) -> list[Op]:
    """The ops that turn paragraph a into paragraph b, readable as a redline."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return [Op("equal", a, b)] if a else []
    return tidy(_by_level(a, fa, b, fb, 0))


def split_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a sentence: cut after ，；、：(full or half width)."""
    return [(m.start(), m.end()) for m in _CLAUSE.finditer(text) if m.end() > m.start()]


_CLAUSE = re.compile(r"[^，,；;、：:]*(?:[，,；;、：:]+|$)")
LEVELS = (split_sentences, split_clauses)


def _by_level(a: str, fa: str, b: str, fb: str, level: int) -> list[Op]:
    """Diff two texts by sentences, then clauses, then characters (numbers whole).

    At each level the pieces are compared whole; where a run of pieces was rewritten,
    the pieces that are still alike are paired in order, choosing the pairing with the
    largest total similarity (so three clauses kept in place win over one that moved),
    and only those pairs go down to the next level. The rest is deleted or inserted whole:
    a character diff of unrelated sentences would be long, slow and unreadable.
    fa and fb are the folded texts, fold(a) and fold(b)."""
    if level == len(LEVELS):
        return _diff(*_units(a, fa), *_units(b, fb))
    xs, fx = _pieces(a, fa, LEVELS[level](a))
    ys, fy = _pieces(b, fb, LEVELS[level](b))
    if len(xs) <= 1 and len(ys) <= 1:
        return _by_level(a, fa, b, fb, level + 1)
    sm = SequenceMatcher(None, fx, fy, autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "replace":
            ops.extend(_rewritten(xs[i1:i2], fx[i1:i2], ys[j1:j2], fy[j1:j2], level))
        else:
            ops.append(Op(tag, "".join(xs[i1:i2]), "".join(ys[j1:j2])))
    return ops


def _rewritten(xs: list[str], fx: list[str], ys: list[str], fy: list[str], level: int) -> list[Op]:
    """Ops for a run of pieces xs replaced by ys (fx, fy: their folded forms)."""
    if len(xs) == 1 and len(ys) == 1:
        pairs = [(0, 0)]
    else:
        # grams() normalises, which folds first: the folded pieces give the same bigrams.
        scores = similar_pairs([grams(x) for x in fx], [grams(y) for y in fy], SIMILAR_PIECES)
        pairs = heaviest_chain(scores, len(ys))
    ops: list[Op] = []
    last_i = last_j = 0
    for i, j in pairs + [(len(xs), len(ys))]:
        gone, added = "".join(xs[last_i:i]), "".join(ys[last_j:j])
        if gone:
            ops.append(Op("delete", gone, ""))
        if added:
            ops.append(Op("insert", "", added))
        if i < len(xs):
            ops.extend(_by_level(xs[i], fx[i], ys[j], fy[j], level + 1))
        last_i, last_j = i + 1, j + 1
    return ops


def tidy(ops: list[Op]) -> list[Op]:
    """Fold short equal runs between changes into the change; merge neighbouring changes."""
    runs: list[Op] = []
    for op in ops:  # the two passes can leave two equal runs side by side: join them
        if not op.a and not op.b:
            continue
        if runs and runs[-1].tag == "equal" and op.tag == "equal":
            runs[-1] = Op("equal", runs[-1].a + op.a, runs[-1].b + op.b)
        else:
            runs.append(op)
    out: list[Op] = []
    for n, op in enumerate(runs):
        inner = 0 < n < len(runs) - 1  # a change on both sides (equal runs never touch)
        if op.tag == "equal" and not (inner and len(op.b) < MIN_EQUAL):
            out.append(op)
            continue
        if out and out[-1].tag != "equal":
            last = out.pop()
            a_text, b_text = last.a + op.a, last.b + op.b
        else:
            a_text, b_text = op.a, op.b
        tag = "delete" if not b_text else "insert" if not a_text else "replace"
        out.append(Op(tag, a_text, b_text))
    return out


def counts(ops: list[Op]) -> tuple[int, int, int]:
    """(characters of b kept, characters of b written anew, characters of a removed)."""
    kept = sum(len(op.b) for op in ops if op.tag == "equal")
    written = sum(len(op.b) for op in ops if op.tag != "equal")
    removed = sum(len(op.a) for op in ops if op.tag != "equal")
    return kept, written, removed
