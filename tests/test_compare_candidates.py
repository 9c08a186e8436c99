"""Which paragraph pairs the alignment scores: the fast paths (numpy for long runs, the
size bound in similar_pairs) give what their plain definitions give, on sample text."""

from __future__ import annotations

import heapq
from collections import Counter
from functools import cache

import pytest

from compare_support import ZHUMADIAN, sample_reports
from govreport_site.analyse import shared_grams
from govreport_site.analyse.align import Item, dice, family_items, similar_pairs
from govreport_site.build import process_report
from govreport_site.ingest.discover import discover
from govreport_site.model import Report


def reference_candidates(xs: list[Item], ys: list[Item], threshold: float, keep: int) -> dict:
    """The candidates by their definition, with a dict of postings and a Counter: for each
    y, the `keep` xs sharing most bigrams found in at most max(8, n // 3) of the xs
    (ties to the lower index; none shared: the first xs of y's role unless body), kept
    when of the same role and at least `threshold` alike."""
    index: dict[str, list[int]] = {}
    for i, x in enumerate(xs):
        for g in x.grams:
            index.setdefault(g, []).append(i)
    too_common = max(8, len(xs) // 3)
    scores = {}
    for j, y in enumerate(ys):
        shared: Counter[int] = Counter()
        for g in y.grams:
            if len(index.get(g, ())) <= too_common:
                shared.update(index.get(g, ()))
        if not shared:
            shared = Counter({i: 1 for i, x in enumerate(xs) if x.role == y.role != "body"})
        for i, _ in heapq.nsmallest(keep, shared.items(), key=lambda kv: (-kv[1], kv[0])):
            s = dice(xs[i].grams, y.grams)
            if xs[i].role == y.role and s >= threshold:
                scores[(i, j)] = s
    return scores


@cache
def reports() -> list[Report]:
    """Two samples of one district (2023, 2024), one of another, and three consecutive
    years of 驻马店 when the corpus is there (longer runs of paragraphs)."""
    r = sample_reports()
    out = [r["001"], r["000"], r["002"]]
    if ZHUMADIAN.is_dir():
        items, _ = discover(ZHUMADIAN)
        chosen = [i for i in items if i.path.stem in ("2022", "2023", "2024")]
        out += [process_report(i.path.read_bytes(), i) for i in chosen]
    return out


def runs() -> list[tuple[list[Item], list[Item]]]:
    """Runs of paragraphs of neighbouring reports, whole families and cut into pieces."""
    out = []
    for a, b in zip(reports(), reports()[1:], strict=False):
        fa, fb = family_items(a), family_items(b)
        for family in sorted(fa.keys() & fb.keys()):
            xs, ys = fa[family], fb[family]
            out.append((xs, ys))
            for size in (9, 30):
                out += [(xs[k : k + size], ys[k : k + size]) for k in range(0, len(xs), size)]
    return [(xs, ys) for xs, ys in out if xs and ys]


@pytest.mark.parametrize("keep", [2, 8])
@pytest.mark.parametrize("threshold", [0.15, 0.3, 0.5])
def test_numpy_candidates_are_the_best_sharing_paragraphs(threshold, keep):
    found = 0
    for xs, ys in runs():
        fast = shared_grams.candidates(xs, ys, threshold, keep)
        assert fast == reference_candidates(xs, ys, threshold, keep)
        found += len(fast)
    assert found > 20  # the runs do have counterparts


@pytest.mark.parametrize("threshold", [0.0, 0.15, 0.4])
def test_similar_pairs_are_all_pairs_alike_enough(threshold):
    for xs, ys in runs():
        gx = [x.grams for x in xs[:20]] + [frozenset()]
        gy = [y.grams for y in ys[:20]]
        every = {
            (i, j): dice(x, y)
            for i, x in enumerate(gx)
            for j, y in enumerate(gy)
            if dice(x, y) >= threshold
        }
        assert similar_pairs(gx, gy, threshold) == every
