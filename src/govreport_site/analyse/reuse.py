"""Text reuse: which sentences of a report also appear in other reports, and how much.

A sentence "also appears" in another report when that report has the same sentence after
normalisation (punctuation, spaces, full-width forms and a leading 一是/（三） ignored), or a
near copy: a sentence with difflib similarity ≥ NEAR (0.9) to it, unless both are short
statements of a figure that differ in it (固定资产投资增长11.3% / 11.8%: the same
indicator reported, not a sentence copied).

Cost stays near-linear in the size of the corpus:
- exact copies: every distinct normalised sentence is one entry of a hash table (its
  64-bit hash is computed once per report, in the cached profile);
- near copies: locality-sensitive hashing of each distinct sentence's MinHash sketch
  (32 bins of character bigrams, in 10 bands of 3 bins). Only distinct sentences that share
  a band and agree on at least MIN_AGREEMENT of the 32 bins are compared with difflib; a
  band shared by more than BUCKET_MAX distinct sentences is too common to mean anything
  and is skipped.

Boilerplate does not count, neither in the share nor as a mark:
- formulaic sentences of the report's frame: 各位代表…, …请予审议, 请各位政协委员…提出意见,
  我代表…人民政府 (sentences.BOILERPLATE), whatever the corpus;
- sentences that, with their near copies, are found in more than max(BOILERPLATE_MIN,
  BOILERPLATE_SHARE × reports) reports: the slogans every report of a period repeats.
Sentences shorter than sentences.MIN_CHARS characters are not counted either.

Shares are over the report's counted sentences: `previous` is the share also found in the
same region's previous report (None when there is none), `corpus` the share found in any
other report of the corpus. A reused sentence links to its place in the previous report
when it is there, else to the best (same region, earlier, nearer in time) of the first
LINK_CANDIDATES places found.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import NamedTuple

import numpy as np

from govreport_site.analyse.profile import Profile
from govreport_site.analyse.sentences import SKETCH_BINS

NEAR = 0.9
BAND_ROWS = 3  # bins per band: two sentences must agree on all three to meet
BANDS = SKETCH_BINS // BAND_ROWS
BUCKET_MAX = 50
BOILERPLATE_MIN = 5
BOILERPLATE_SHARE = 0.1
MIN_AGREEMENT = 10  # of 32 sketch bins; near copies (≥ 0.9) agree on about 20 or more
LINK_CANDIDATES = 32  # places looked at to choose the one a reused sentence links to
# Near-copy links are updated from the last build's when at most this many distinct
# sentences came or went (an edit), else found again (ReuseIndex._update_candidates).
UPDATE_MAX = 256
# What makes two sentences candidates: a build's candidate pairs are updated only from
# those of a build that chose them the same way.
CANDIDATE_SCHEME = (SKETCH_BINS, BAND_ROWS, BUCKET_MAX, MIN_AGREEMENT)


class Mark(NamedTuple):
    """A reused sentence of one report, and one other place where it appears."""

    anchor: str
    start: int
    end: int
    other: int  # index of the other report
    other_anchor: str
    exact: bool


@dataclass
class ReportReuse:
    counted: int = 0  # sentences counted (long enough, not boilerplate)
    boilerplate: int = 0
    in_previous: int = 0
    in_corpus: int = 0
    has_previous: bool = False
    marks: list[Mark] = field(default_factory=list)

    @property
    def previous(self) -> float | None:
        if not self.has_previous:
            return None
        return self.in_previous / self.counted if self.counted else 0.0

    @property
    def corpus(self) -> float:
        return self.in_corpus / self.counted if self.counted else 0.0


def pack_reuse(by: dict[str, ReportReuse]) -> dict[str, tuple]:
    """ReportReuses as plain tuples, to keep between builds: a Mark (a NamedTuple) pickles
    through a Python call each, a plain tuple does not (1,000 reports: ~10 -> 4 ms)."""
    return {
        k: (
            r.counted,
            r.boilerplate,
            r.in_previous,
            r.in_corpus,
            r.has_previous,
            [*map(tuple, r.marks)],
        )
        for k, r in by.items()
    }


def unpack_reuse(packed: dict[str, tuple]) -> dict[str, ReportReuse]:
    """pack_reuse undone."""
    make = Mark._make
    return {
        k: ReportReuse(
            counted, boilerplate, in_previous, in_corpus, has_previous, [*map(make, marks)]
        )
        for k, (counted, boilerplate, in_previous, in_corpus, has_previous, marks) in packed.items()
    }


@dataclass
class Sentences:
    """One report's sentences as columns (what reuse needs of a Profile, without the
    text): small to keep for the whole corpus, quick to load."""

    key: np.ndarray  # uint64 hash of the normalised text
    anchor: np.ndarray  # int32, index into the corpus's anchor names
    start: np.ndarray  # int32
    end: np.ndarray  # int32
    formulaic: np.ndarray  # bool
    sketch: np.ndarray | None  # uint32 (sentences, SKETCH_BINS); None: kept elsewhere


def sentence_columns(profile: Profile, anchor_id: Callable[[str], int]) -> Sentences:
    ss = profile.sentences
    sketch = np.frombuffer(b"".join(s.sketch for s in ss), dtype="<u4").astype(np.uint32)
    return Sentences(
        key=np.array([s.key for s in ss], dtype=np.uint64),
        anchor=np.array([anchor_id(s.anchor) for s in ss], dtype=np.int32),
        start=np.array([s.start for s in ss], dtype=np.int32),
        end=np.array([s.end for s in ss], dtype=np.int32),
        formulaic=np.array([s.formulaic for s in ss], dtype=bool),
        sketch=sketch.reshape(len(ss), SKETCH_BINS),
    )


class Names:
    """Strings numbered in the order first seen (paragraph anchors)."""

    def __init__(self, names: Sequence[str] = ()):
        self.names = list(names)
        self.ids = {n: i for i, n in enumerate(self.names)}

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
        return found


@dataclass
class Verdicts:
    """Near-copy checks: (lower hash, higher hash) of two sentences -> similar or not, as
    columns (a build looks up tens of thousands at once)."""

    lo: np.ndarray  # uint64
    hi: np.ndarray  # uint64
    verdict: np.ndarray  # bool

    @classmethod
    def of(cls, found: dict[tuple[int, int], bool]) -> Verdicts:
        pairs = np.array(list(found), dtype=np.uint64).reshape(-1, 2)
        return cls(pairs[:, 0], pairs[:, 1], np.array(list(found.values()), dtype=bool))

    def __len__(self) -> int:
        return len(self.lo)

    def find(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(verdict, known) of each pair (lo[i], hi[i]): looked up by a 64-bit mix of the
        two hashes, then checked against both (a pair whose mix collides is unknown)."""
        verdict = np.zeros(len(lo), dtype=bool)
        if not len(self.lo) or not len(lo):
            return verdict, np.zeros(len(lo), dtype=bool)
        codes = _mix(self.lo, self.hi)
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        want = _mix(lo, hi)
        at = np.minimum(np.searchsorted(sorted_codes, want), len(order) - 1)
        row = order[at]
        known = (sorted_codes[at] == want) & (self.lo[row] == lo) & (self.hi[row] == hi)
        verdict[known] = self.verdict[row[known]]
        return verdict, known


def _distinct(
    values: np.ndarray, inverse: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """np.unique(values, return_index=True, return_inverse=inverse), at half the cost:
    an unstable sort, each value's first index being the least of its group's."""
    perm = np.argsort(values)
    ordered = values[perm]
    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    at = np.flatnonzero(starts)
    first = np.minimum.reduceat(perm, at) if len(at) else perm
    if not inverse:
        return ordered[at], first, None
    back = np.empty(len(ordered), dtype=np.intp)
    back[perm] = np.cumsum(starts) - 1
    return ordered[at], first, back


def _mix(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (lo * np.uint64(0x9E3779B97F4A7C15)) ^ hi


class ReuseIndex:
    """Sentences of the whole corpus, by exact hash and near-copy links.

    Built from the reports' sentence columns with numpy (a corpus has hundreds of
    thousands of sentences); the figures of a report (`report_reuse`, `share_in`) are
    computed on request, so a build can ask only for the reports whose figures may have
    changed."""

    def __init__(
        self,
        profiles: Sequence[Profile] | None = None,
        verdicts: Verdicts | dict[tuple[int, int], bool] | None = None,
        *,
        columns: Sequence[Sentences] | None = None,
        anchors: Sequence[str] | None = None,
        norm: Callable[[int, int], str] | None = None,
        sketches: tuple[np.ndarray, np.ndarray] | None = None,
        earlier_keys: np.ndarray | None = None,
    ):
        """From `profiles`, or from `columns` (one per report, anchors numbered in
        `anchors`) with `norm(report, sentence)` giving a sentence's normalised text when a
        near-copy check needs it, and `sketches` the sketches of all their sentences
        (sorted hashes, sketches) when the columns do not carry them.
        `verdicts`: near-copy checks of an earlier build, by the two sentences' hashes (a
        pure function of the two texts, so any earlier build's answers hold); the checks
        this build needed are in `self.verdicts` afterwards, for the next build (a dict
        {(lower hash, higher hash): verdict} is taken too).
        `earlier_keys`: the sorted hashes of all distinct sentences of the build whose
        checks `verdicts` are (then they are exactly its candidate pairs): when few
        sentences came or went since, the near-copy links are updated from them instead
        of found again over the whole corpus (see _update_candidates)."""
        if columns is None:
            assert profiles is not None
            names = Names()
            columns = [sentence_columns(p, names.id) for p in profiles]
            anchors = names.names
            norm = lambda r, s: profiles[r].sentences[s].norm  # noqa: E731
        assert anchors is not None and norm is not None
        self.anchors = list(anchors)
        self._norm = norm
        if isinstance(verdicts, dict):
            verdicts = Verdicts.of(verdicts)
        self._earlier = verdicts or Verdicts.of({})
        self.verdicts = Verdicts.of({})
        self.checked = 0  # near-copy checks made with difflib (not known from earlier)
        n_reports = len(columns)
        sizes = np.array([len(c.key) for c in columns], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)

        def cat(name: str, dtype) -> np.ndarray:
            parts = [getattr(c, name) for c in columns]
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)

        keys = cat("key", np.uint64)
        report_of = np.repeat(np.arange(n_reports, dtype=np.int64), sizes)
        # Distinct sentences numbered in the order of their first appearance.
        distinct, first, inverse = _distinct(keys, inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        sent_uid = rank[inverse] if len(keys) else np.zeros(0, np.int64)
        self.uid_key = distinct[order]  # uid -> sentence hash
        first = first[order]  # uid -> its first sentence (of the whole corpus)
        self.n = len(order)
        self._first_report = report_of[first]
        self._first_index = first - self.offsets[self._first_report]
        anchor = cat("anchor", np.int32)
        # Columns stay numpy arrays (a few bytes a sentence); a report's slice becomes
        # Python values only when its figures are asked for.
        self._sent_uid = sent_uid
        self._sent_anchor = anchor
        self._sent_start = cat("start", np.int32)
        self._sent_end = cat("end", np.int32)
        formulaic = cat("formulaic", bool)
        self.formulaic = formulaic[first]
        # Where each distinct sentence is: (report, anchor of its first place there), in
        # the order of the reports.
        pair_code = sent_uid * max(n_reports, 1) + report_of
        places, at, _ = _distinct(pair_code)
        where_uid = places // max(n_reports, 1)
        self._where_report = places % max(n_reports, 1)
        self._where_anchor = anchor[at]
        self.count = np.bincount(where_uid, minlength=self.n)  # reports with the sentence
        self._where_start = np.concatenate([[0], np.cumsum(self.count)]).tolist()
        self._report_uids: dict[int, dict[int, str]] = {}
        if sketches is None:
            every = [c.sketch for c in columns if c.sketch is not None]
            bins = np.concatenate(every)[first] if every else np.zeros((0, SKETCH_BINS))
        else:  # (hashes in order, their sketches): look the distinct sentences up
            table_keys, table_bins = sketches
            at = np.searchsorted(table_keys, self.uid_key)
            if len(at) and (at.max() >= len(table_keys) or (table_keys[at] != self.uid_key).any()):
                raise ValueError("a sentence's sketch is missing from the table")
            bins = table_bins[at]
        self.near: dict[int, list[int]] = {}
        bins = bins.astype(np.uint32)
        update = None
        if earlier_keys is not None and sketches is not None and verdicts is not None:
            update = self._update_candidates(bins, earlier_keys, sketches)
        self._link_near_copies(bins, update)
        limit = max(BOILERPLATE_MIN, math.ceil(BOILERPLATE_SHARE * n_reports))
        total = self.count.astype(np.int64).copy()
        for u, vs in self.near.items():
            total[u] += int(self.count[vs].sum())
        self.boilerplate: list[bool] = (self.formulaic | (total > limit)).tolist()
        self.boilerplate_limit = limit

    def norm(self, u: int) -> str:
        return self._norm(int(self._first_report[u]), int(self._first_index[u]))

    def key(self, u: int) -> int:
        return int(self.uid_key[u])

    def _link_near_copies(
        self, bins: np.ndarray, update: tuple[np.ndarray, np.ndarray] | None = None
    ) -> None:
        """Near copies among the distinct sentences: those sharing a band of their sketch
        (in a bucket of at most BUCKET_MAX), agreeing on MIN_AGREEMENT bins, and similar.
        `update`: the candidate pairs as _update_candidates gives them, when it could."""
        if update is not None:
            earlier, new_pairs = update
            self._check_and_link(earlier, new_pairs)
            return
        open_ = np.flatnonzero(~self.formulaic)
        found = []  # candidate pairs (u < v) coded as u * n + v
        for band in range(BANDS):
            cols = bins[open_, band * BAND_ROWS : (band + 1) * BAND_ROWS]
            if not len(cols):
                break
            order = np.lexsort(cols.T[::-1])
            s = cols[order]
            cut = np.flatnonzero(np.any(s[1:] != s[:-1], axis=1)) + 1
            bounds = np.concatenate([[0], cut, [len(s)]])
            sizes = np.diff(bounds)
            for size in np.unique(sizes[(sizes >= 2) & (sizes <= BUCKET_MAX)]).tolist():
                starts = bounds[:-1][sizes == size]
                members = np.sort(open_[order[starts[:, None] + np.arange(size)]], axis=1)
                x, y = np.triu_indices(size, 1)
                found.append((members[:, x] * self.n + members[:, y]).ravel())
        if not found:
            return
        codes = np.unique(np.concatenate(found))
        pairs = np.stack([codes // self.n, codes % self.n], axis=1)
        agree = (bins[pairs[:, 0]] == bins[pairs[:, 1]]).sum(axis=1)
        pairs = pairs[agree >= MIN_AGREEMENT]
        ku, kv = self.uid_key[pairs[:, 0]], self.uid_key[pairs[:, 1]]
        lo, hi = np.minimum(ku, kv), np.maximum(ku, kv)
        verdict, known = self._earlier.find(lo, hi)
        self._check(pairs, lo, hi, verdict, known)
        self._link(pairs[verdict])

    def _check(
        self,
        pairs: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        verdict: np.ndarray,
        known: np.ndarray,
    ) -> None:
        """Check the candidate pairs (uids) whose verdict is not known with difflib; keep
        every verdict in self.verdicts."""
        unknown = np.flatnonzero(~known)
        if len(unknown):
            # The texts of the sentences to check, read report by report (each report's
            # profile is read once, not once per check).
            need = np.unique(pairs[unknown]).tolist()
            need.sort(key=lambda w: (self._first_report[w], self._first_index[w]))
            norms = {w: self.norm(w) for w in need}
            counts = {w: Counter(norm) for w, norm in norms.items()}  # a sentence meets several
            for i, (u, v) in zip(unknown.tolist(), pairs[unknown].tolist(), strict=True):
                verdict[i] = similar(norms[u], norms[v], counts=(counts[u], counts[v]))
            self.checked += len(unknown)
        self.verdicts = Verdicts(lo, hi, verdict)

    def _link(self, pairs: np.ndarray) -> None:
        """self.near from the near-copy pairs (uids)."""
        for u, v in pairs.tolist():
            self.near.setdefault(u, []).append(v)
            self.near.setdefault(v, []).append(u)
        for vs in self.near.values():
            vs.sort()

    def _update_candidates(
        self, bins: np.ndarray, earlier_keys: np.ndarray, table: tuple[np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The candidate pairs from the last build's (self._earlier, for the distinct
        sentences `earlier_keys`), when few sentences came or went: (which of its pairs
        remain, the new pairs as uids (u, v)); None when they must be found again.

        A pair is a candidate when it shares a band's bucket of 2 to BUCKET_MAX sentences.
        A pair of sentences in both builds keeps its standing unless a bucket it shares
        crosses BUCKET_MAX: the sentences gone and come make the buckets they are in
        (`touched`) only so much larger or smaller, and when that could cross the limit,
        everything is found again. So the candidates are the last build's, less the
        pairs of sentences gone, plus the pairs of each new sentence in its buckets."""
        if not len(earlier_keys):
            return None
        at = np.minimum(np.searchsorted(earlier_keys, self.uid_key), len(earlier_keys) - 1)
        present = earlier_keys[at] == self.uid_key
        kept = np.zeros(len(earlier_keys), dtype=bool)
        kept[at[present]] = True
        gone = earlier_keys[~kept]
        came = np.flatnonzero(~present & ~self.formulaic)  # new uids that can be linked
        if len(gone) + len(came) > UPDATE_MAX:
            return None
        table_keys, table_bins = table
        found = np.minimum(np.searchsorted(table_keys, gone), max(len(table_keys) - 1, 0))
        if len(gone) and (not len(table_keys) or (table_keys[found] != gone).any()):
            return None  # a sketch of a sentence gone is not known: its buckets are not
        gone_bins = table_bins[found].astype(np.uint32) if len(gone) else bins[:0]
        open_ = np.flatnonzero(~self.formulaic)
        new_pairs = []
        for band in range(BANDS):
            cut = slice(band * BAND_ROWS, (band + 1) * BAND_ROWS)
            cols = bins[open_, cut]
            # A set of a few rows: np.unique(.., axis=0) costs more (and imports numpy.ma).
            touched = np.concatenate([bins[came, cut], gone_bins[:, cut]]).tolist()
            for value in sorted(set(map(tuple, touched))):
                members = open_[(cols == value).all(axis=1)]
                size = len(members)
                new_in = int(np.isin(members, came).sum())
                gone_in = int((gone_bins[:, cut] == value).all(axis=1).sum())
                # Its size last build: between size - new_in and size - new_in + gone_in
                # (a sentence gone may have been formulaic, then in no bucket).
                if (size <= BUCKET_MAX) != (size - new_in + gone_in <= BUCKET_MAX) or (
                    size > BUCKET_MAX
                ) != (size - new_in > BUCKET_MAX):
                    return None
                if 2 <= size <= BUCKET_MAX:
                    for u in np.intersect1d(members, came).tolist():
                        others = members[members != u]
                        new_pairs.append(
                            np.stack([np.minimum(others, u), np.maximum(others, u)], axis=1)
                        )
        remain = np.ones(len(self._earlier), dtype=bool)
        if len(gone):
            remain = ~(np.isin(self._earlier.lo, gone) | np.isin(self._earlier.hi, gone))
        pairs = np.zeros((0, 2), dtype=np.int64)
        if new_pairs:
            both = np.concatenate(new_pairs).astype(np.int64)
            codes = np.unique(both[:, 0] * self.n + both[:, 1])
            pairs = np.stack([codes // self.n, codes % self.n], axis=1)
            agree = (bins[pairs[:, 0]] == bins[pairs[:, 1]]).sum(axis=1)
            pairs = pairs[agree >= MIN_AGREEMENT]
        return remain, pairs

    def _check_and_link(self, remain: np.ndarray, pairs: np.ndarray) -> None:
        """Links from the last build's candidates that remain (their verdicts known) and
        the new candidate pairs (uids, to check)."""
        earlier = self._earlier
        ku, kv = self.uid_key[pairs[:, 0]], self.uid_key[pairs[:, 1]]
        lo, hi = np.minimum(ku, kv), np.maximum(ku, kv)
        verdict = np.zeros(len(pairs), dtype=bool)
        self._check(pairs, lo, hi, verdict, np.zeros(len(pairs), dtype=bool))
        new = self.verdicts
        self.verdicts = Verdicts(
            np.concatenate([earlier.lo[remain], new.lo]),
            np.concatenate([earlier.hi[remain], new.hi]),
            np.concatenate([earlier.verdict[remain], new.verdict]),
        )
        # The earlier pairs that are near copies, as uids: their hashes looked up among
        # this build's (sorted once, with their uids).
        near = remain & earlier.verdict
        order = np.argsort(self.uid_key, kind="stable")
        sorted_keys = self.uid_key[order]

        def uid(keys: np.ndarray) -> np.ndarray:
            return order[np.searchsorted(sorted_keys, keys)]

        linked = np.stack([uid(earlier.lo[near]), uid(earlier.hi[near])], axis=1)
        linked = np.concatenate([linked, pairs[verdict]])
        self._link(np.sort(linked, axis=1))

    def boilerplate_keys(self) -> np.ndarray:
        """Hashes of the sentences that do not count, sorted."""
        return np.sort(self.uid_key[np.array(self.boilerplate, dtype=bool)])

    def near_keys(self) -> set[tuple[int, int]]:
        """The near-copy links as pairs of sentence hashes (lower first): the checks of
        this build that found a near copy."""
        found = self.verdicts
        yes = found.verdict
        return set(zip(found.lo[yes].tolist(), found.hi[yes].tolist(), strict=True))

    def copies(self, u: int) -> list[tuple[int, bool]]:
        """(uid, exact) of the sentence and its near copies."""
        return [(u, True)] + [(v, False) for v in self.near.get(u, ())]

    def uids(self, report: int) -> dict[int, str]:
        """uid -> anchor of its first place, of one report's sentences."""
        found = self._report_uids.get(report)
        if found is None:
            found = {}
            uids, anchors, _, _ = self._sentences(report)
            for u, a in zip(uids, anchors, strict=True):
                found.setdefault(u, a)
            self._report_uids[report] = found
        return found

    def found_in(self, u: int, report: int) -> bool:
        return self.place_in(u, report) is not None

    def place_in(self, u: int, report: int) -> tuple[str, bool] | None:
        """(paragraph anchor, exact) of the sentence or a near copy in `report`, or None."""
        uids = self.uids(report)
        for v, exact in self.copies(u):
            if v in uids:
                return uids[v], exact
        return None

    def share_in(self, b: int, a: int) -> float:
        """Share of report b's counted sentences also found in report a."""
        counted = found = 0
        for u in self._sentences(b)[0]:
            if self.boilerplate[u]:
                continue
            counted += 1
            found += self.found_in(u, a)
        return found / counted if counted else 0.0

    def report_reuse(
        self, r: int, previous: int | None, rank: Callable[[int, int], tuple]
    ) -> ReportReuse:
        """Reuse figures and marks of report r; `rank(r, other)` orders the candidate
        places to link to (lowest first)."""
        out = ReportReuse(has_previous=previous is not None)
        for u, own_anchor, start, end in zip(*self._sentences(r), strict=True):
            if self.boilerplate[u]:
                out.boilerplate += 1
                continue
            out.counted += 1
            place = self.place_in(u, previous) if previous is not None else None
            if place is not None:
                out.in_previous += 1
                other, (anchor, exact) = previous, place
            else:
                found = self._places(u, r)
                if not found:
                    continue
                _, inexact, other, anchor = min(
                    (rank(r, o), not exact, o, a) for o, a, exact in found
                )
                exact = not inexact
            out.in_corpus += 1
            out.marks.append(Mark(own_anchor, start, end, other, anchor, exact))
        return out

    def _sentences(self, r: int) -> tuple[list[int], list[str], list[int], list[int]]:
        """(uids, anchors, starts, ends) of report r's sentences, in order."""
        at = slice(int(self.offsets[r]), int(self.offsets[r + 1]))
        anchors = [self.anchors[a] for a in self._sent_anchor[at].tolist()]
        return (
            self._sent_uid[at].tolist(),
            anchors,
            self._sent_start[at].tolist(),
            self._sent_end[at].tolist(),
        )

    def _places(self, u: int, r: int) -> list[tuple[int, str, bool]]:
        """(report, anchor, exact) of the first LINK_CANDIDATES places of the sentence or
        its near copies in reports other than r: a sentence in hundreds of reports is not
        searched hundreds of times over, so the cost stays linear in the corpus."""
        found: list[tuple[int, str, bool]] = []
        for v, exact in self.copies(u):
            # At most LINK_CANDIDATES + 1 places are looked at (one may be r itself).
            at = slice(
                self._where_start[v],
                min(self._where_start[v + 1], self._where_start[v] + LINK_CANDIDATES + 1),
            )
            anchors = self._where_anchor[at].tolist()
            for other, anchor in zip(self._where_report[at].tolist(), anchors, strict=True):
                if other != r:
                    found.append((other, self.anchors[anchor], exact))
                    if len(found) >= LINK_CANDIDATES:
                        return found
        return found

    def reports_with(self, keys: set[int]) -> set[int]:
        """Reports that have a sentence with one of these hashes."""
        if not keys:
            return set()
        wanted = np.isin(self.uid_key, np.array(sorted(keys), dtype=np.uint64))
        out: set[int] = set()
        for u in np.flatnonzero(wanted).tolist():
            out.update(self._where_report[self._where_start[u] : self._where_start[u + 1]].tolist())
        return out

    def near_of(self, keys: set[int]) -> set[int]:
        """Hashes of the near copies of the sentences with these hashes."""
        if not keys or not self.near:
            return set()
        at = np.flatnonzero(np.isin(self.uid_key, np.array(sorted(keys), dtype=np.uint64)))
        return {self.key(v) for u in at.tolist() for v in self.near.get(u, ())}


def agreement(x: tuple[int, ...], y: tuple[int, ...]) -> int:
    """How many of the sketches' bins agree (an estimate of bigram Jaccard × SKETCH_BINS)."""
    return sum(map(operator.eq, x, y))


_DIGITS = re.compile(r"[\d.%‰]+")
FIGURE_WORDS = 12  # characters besides the figures below which a sentence is a figure


def _figure_only(x: str, y: str) -> bool:
    """Two short statements of a figure that differ in the figure (固定资产投资增长11.3% and
    …11.8%): the same indicator reported, not a sentence copied."""
    if not (_DIGITS.search(x) and _DIGITS.search(y)):
        return False
    words = _DIGITS.sub("", x)
    return len(words) < FIGURE_WORDS and _DIGITS.findall(x) != _DIGITS.findall(y)


def similar(
    x: str,
    y: str,
    threshold: float = NEAR,
    counts: tuple[Counter[str], Counter[str]] | None = None,
) -> bool:
    """difflib ratio ≥ threshold, with the cheap upper bounds tried first. `counts`: the
    texts' character counts (Counter(x), Counter(y)), when the caller keeps them."""
    total = len(x) + len(y)
    if 2 * min(len(x), len(y)) / total < threshold:  # SequenceMatcher.real_quick_ratio
        return False
    if _figure_only(x, y):
        return False
    # SequenceMatcher.quick_ratio (characters in common, with multiplicity), without
    # building a SequenceMatcher: its index of y cost more than the check, and about 7 in
    # 8 candidate pairs of a corpus stop here.
    cx, cy = counts if counts is not None else (Counter(x), Counter(y))
    get = cy.get
    common = sum([min(n, get(ch, 0)) for ch, n in cx.items()])
    if 2.0 * common / total < threshold:
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= threshold
