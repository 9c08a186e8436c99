"""align.candidates for runs of paragraphs too long to compare every pair, with numpy.

For each paragraph y of one side, the CANDIDATES paragraphs of the other side sharing the
most bigrams that are not too common there (in more than max(8, n // 3) of its n
paragraphs); when y shares none of those, the first CANDIDATES paragraphs of its role if
that is not body text. Of those, the ones of the same role with a Dice similarity at or
above the threshold. (This replaced a loop over a dict of postings and a Counter, with the
same results: numpy was faster from about 65 pairs of paragraphs on.)

A bigram becomes an integer (its two code points side by side), so that the shared counts
of all pairs come from one pass over the postings, and the Dice similarities from the
counts: 2·|x ∩ y| / (|x| + |y|), as floats exactly as Python divides the same integers.

Ties for the last places go to the paragraphs that come first (lowest index): not to the
first met while walking a set of strings, whose order changes with Python's hash seed from
one process to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from govreport_site.analyse.sentences import normalised

if TYPE_CHECKING:
    from govreport_site.analyse.align import Item

_SHIFT = 21  # code points are below 2**21
_ALONE = (1 << _SHIFT) - 1  # second half of a one-character "bigram" (not a code point)


def gram_id(gram: str) -> int:
    return ord(gram[0]) << _SHIFT | (ord(gram[1]) if len(gram) > 1 else _ALONE)


@lru_cache(maxsize=16384)
def gram_ids(text: str) -> np.ndarray:
    """align.grams(text) as sorted integers (gram_id of each)."""
    norm = normalised(text)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype="<u4").astype(np.int64)
    if len(codes) == 1:
        return np.array([codes[0] << _SHIFT | _ALONE])
    return _distinct(codes[:-1] << _SHIFT | codes[1:])


def _distinct(ids: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique, without its overhead for short arrays)."""
    ids = np.sort(ids)
    if len(ids) > 1:
        ids = ids[np.append(True, ids[1:] != ids[:-1])]
    return ids


Postings = tuple[np.ndarray, np.ndarray, np.ndarray]  # (ids sorted, row of each, row sizes)


@lru_cache(maxsize=64)  # a pair's own families and the next pair's: arrays of ~10k ids
def _block_postings(blocks: tuple[tuple[str, ...], ...]) -> Postings:
    """The bigrams of each block of paragraphs (the union of its paragraphs'), as one
    array sorted by bigram with the block of each. Kept for the next pair: a report's
    blocks are compared with its previous year's and with its neighbour's (as the first
    or the second report: the same postings serve both)."""
    arrays = [gram_ids(text) for block in blocks for text in block]
    sizes = np.fromiter((len(a) for a in arrays), np.int64, len(arrays))
    block_of = np.repeat(np.arange(len(blocks)), [len(block) for block in blocks])
    bits = max(len(blocks), 1).bit_length()
    keys = np.concatenate(arrays) << bits | np.repeat(block_of, sizes) if arrays else sizes
    keys = _distinct(keys)  # a bigram once per block
    rows = keys & ((1 << bits) - 1)
    return keys >> bits, rows, np.bincount(rows, minlength=len(blocks))


def _concat(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(all ids, the row each came from, the length of each row)."""
    lengths = np.fromiter((len(a) for a in arrays), np.int64, len(arrays))
    rows = np.repeat(np.arange(len(arrays)), lengths)
    return np.concatenate(arrays), rows, lengths


def _expand(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start+1, …, start+length-1 of every range, one after another."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total)


class Meetings:
    """Every (paragraph x, paragraph y, bigram both have) of two runs, as arrays: the
    postings of xs' bigrams (sorted by bigram) walked once for each bigram of each y."""

    def __init__(self, x_ids: list[np.ndarray], y_ids: list[np.ndarray]):
        xg, xr, lx = _concat(x_ids)
        order = np.argsort(xg)  # by bigram (the order of rows within one does not matter)
        self._meet((xg[order], xr[order], lx), _concat(y_ids))

    @classmethod
    def of_postings(cls, x: Postings, y: Postings) -> Meetings:
        """The meetings of two runs given as postings (x's sorted by bigram)."""
        meet = cls.__new__(cls)
        meet._meet(x, y)
        return meet

    def _meet(self, x: Postings, y: Postings) -> None:
        (xg, xr, self.lx), (yg, yr, self.ly) = x, y
        first = np.ones(len(xg), dtype=bool)
        first[1:] = xg[1:] != xg[:-1]
        starts = np.flatnonzero(first)
        self.vocab = xg[starts]
        self.df = np.diff(np.append(starts, len(xg)))  # xs having each bigram
        if len(self.vocab):
            at = np.minimum(np.searchsorted(self.vocab, yg), len(self.vocab) - 1)
            hit = self.vocab[at] == yg
        else:
            at, hit = np.zeros(len(yg), np.int64), np.zeros(len(yg), bool)
        col, yrow = at[hit], yr[hit]
        lengths = self.df[col]
        self.x = xr[_expand(starts[col], lengths)]
        self.y = np.repeat(yrow, lengths)
        self.df_of = np.repeat(lengths, lengths)  # of the bigram of each meeting

    def counts(self, which: np.ndarray | None = None) -> np.ndarray:
        """(n, m) numbers of bigrams shared (only the meetings in `which`, if given)."""
        n, m = len(self.lx), len(self.ly)
        keys = self.x * m + self.y
        if which is not None:
            keys = keys[which]
        return np.bincount(keys, minlength=n * m).reshape(n, m)

    def dice(self, inter: np.ndarray) -> np.ndarray:
        """align.dice of every pair: 2·|x ∩ y| / (|x| + |y|), 0 where a set is empty."""
        lx, ly = self.lx[:, None], self.ly[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((lx > 0) & (ly > 0), 2 * inter / (lx + ly), 0.0)


def block_pairs(
    bx: list[list[Item]], by: list[list[Item]], threshold: float
) -> dict[tuple[int, int], float]:
    """align.similar_pairs of the bigram sets of whole blocks (the union of their
    paragraphs' bigrams)."""
    if not bx or not by:
        return {}

    def postings(blocks: list[list[Item]]) -> Postings:
        return _block_postings(tuple(tuple(item.para.text for item in b) for b in blocks))

    meet = Meetings.of_postings(postings(bx), postings(by))
    dice = meet.dice(meet.counts())
    return {(i, j): float(dice[i, j]) for i, j in np.argwhere(dice >= threshold).tolist()}


def candidates(
    xs: Sequence[Item], ys: Sequence[Item], threshold: float, keep: int
) -> dict[tuple[int, int], float]:
    """align.candidates(xs, ys, threshold) with `keep` candidates per paragraph, for runs
    of paragraphs long enough to need its index (pairs must share the role)."""
    n, m = len(xs), len(ys)
    if not n or not m:
        return {}
    meet = Meetings([gram_ids(x.para.text) for x in xs], [gram_ids(y.para.text) for y in ys])
    dice = meet.dice(meet.counts())
    roles = sorted({x.role for x in xs} | {y.role for y in ys})
    rx = np.array([roles.index(x.role) for x in xs])
    ry = np.array([roles.index(y.role) for y in ys])
    same_role = rx[:, None] == ry[None, :]
    ok = same_role & (dice >= threshold)
    # Which rows a column chooses depends on that column alone: only the columns with a
    # pair alike enough need it (few: most paragraphs have no counterpart there).
    cols = np.flatnonzero(ok.any(axis=0))
    if not len(cols):
        return {}
    too_common = max(8, n // 3)
    shared = meet.counts(meet.df_of <= too_common)  # bigrams not too common in xs
    not_body = np.array([ys[j].role != "body" for j in cols.tolist()])
    chosen = _chosen(shared[:, cols], keep, same_role[:, cols], not_body)
    at = cols.tolist()  # increasing, so the pairs stay in (i, j) order
    found = np.argwhere(chosen & ok[:, cols]).tolist()
    return {(i, at[c]): float(dice[i, at[c]]) for i, c in found}


def _chosen(shared, keep, same_role, not_body) -> np.ndarray:
    """Which pairs to score: per column j, its `keep` best-sharing rows (not_body: whether
    each column's paragraph is a heading)."""
    n, m = shared.shape
    found = shared > 0
    nonzero = found.sum(axis=0)
    chosen = found.copy()  # right where a column has `keep` or fewer rows sharing
    # No rare bigram shared: the first `keep` rows of the same role (not body).
    lone = (nonzero == 0) & not_body
    if lone.any():
        first = same_role[:, lone] & (np.cumsum(same_role[:, lone], axis=0) <= keep)
        chosen[:, lone] = first
    crowded = np.flatnonzero(nonzero > keep)
    if not len(crowded):
        return chosen
    sub = shared[:, crowded]
    last = np.partition(sub, n - keep, axis=0)[n - keep]  # the keep-th largest count
    above = sub > last
    tied = sub == last
    need = keep - above.sum(axis=0)  # places left for the tied rows
    fits = tied.sum(axis=0) <= need
    chosen[:, crowded] = above | (tied & fits)
    # More rows tie than there are places: the first ones (lowest index) get them.
    for c in np.flatnonzero(~fits):
        rows = np.flatnonzero(tied[:, c])
        chosen[rows[: int(need[c])], crowded[c]] = True
    return chosen
