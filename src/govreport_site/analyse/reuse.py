"""Text reuse: which sentences of a report also appear in other reports, and how much.

A sentence "also appears" in another report when that report has the same sentence after
normalisation (punctuation, spaces, full-width forms and a leading 一是/（三） ignored), or a
near copy: a sentence with difflib similarity ≥ NEAR (0.9) to it.

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
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

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


@dataclass(frozen=True)
class Mark:
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


class ReuseIndex:
    """Sentences of the whole corpus, by exact hash and near-copy links."""

    def __init__(
        self, profiles: Sequence[Profile], verdicts: dict[tuple[int, int], bool] | None = None
    ):
        """`verdicts`: near-copy checks of an earlier build, by the two sentences' hashes
        (a pure function of the two texts, so any earlier build's answers hold); the checks
        this build needed are in `self.verdicts` afterwards, for the next build."""
        self.profiles = profiles
        self._earlier = verdicts or {}
        self.verdicts: dict[tuple[int, int], bool] = {}
        self.checked = 0  # near-copy checks made with difflib (not known from earlier)
        self.uid: dict[int, int] = {}  # sentence hash -> distinct sentence id
        self.first: list[tuple[int, int]] = []  # uid -> (report, sentence index)
        # uid -> (report, paragraph anchor) of its first place in each report, by report
        self.where: list[list[tuple[int, str]]] = []
        self.formulaic: list[bool] = []
        self.report_uids: list[dict[int, str]] = []  # report -> uid -> its first anchor
        for r, profile in enumerate(profiles):
            uids: dict[int, str] = {}
            for s, sentence in enumerate(profile.sentences):
                u = self.uid.get(sentence.key)
                if u is None:
                    u = self.uid[sentence.key] = len(self.first)
                    self.first.append((r, s))
                    self.where.append([])
                    self.formulaic.append(sentence.formulaic)
                if not self.where[u] or self.where[u][-1][0] != r:
                    self.where[u].append((r, sentence.anchor))
                uids.setdefault(u, sentence.anchor)
            self.report_uids.append(uids)
        self.near: dict[int, list[int]] = {}
        self._bins: dict[int, tuple[int, ...]] = {}
        self._link_near_copies()
        self._bins.clear()
        limit = max(BOILERPLATE_MIN, math.ceil(BOILERPLATE_SHARE * len(profiles)))
        self.boilerplate = [
            self.formulaic[u]
            or len(self.where[u]) + sum(len(self.where[v]) for v in self.near.get(u, ())) > limit
            for u in range(len(self.first))
        ]
        self.boilerplate_limit = limit

    def norm(self, u: int) -> str:
        r, s = self.first[u]
        return self.profiles[r].sentences[s].norm

    def sketch(self, u: int) -> bytes:
        r, s = self.first[u]
        return self.profiles[r].sentences[s].sketch

    def bins(self, u: int) -> tuple[int, ...]:
        """The sketch as integers, unpacked once per distinct sentence."""
        found = self._bins.get(u)
        if found is None:
            found = self._bins[u] = struct.unpack(f"<{SKETCH_BINS}I", self.sketch(u))
        return found

    def _link_near_copies(self) -> None:
        buckets: dict[bytes, list[int]] = {}
        width = BAND_ROWS * 4  # bytes of sketch per band
        for u, (r, s) in enumerate(self.first):
            if self.formulaic[u]:
                continue
            sk = self.profiles[r].sentences[s].sketch
            for band in range(BANDS):
                key = bytes([band]) + sk[band * width : (band + 1) * width]
                buckets.setdefault(key, []).append(u)
        seen: set[tuple[int, int]] = set()
        for members in buckets.values():
            if len(members) < 2 or len(members) > BUCKET_MAX:
                continue
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pair = (members[x], members[y])
                    if pair in seen:
                        continue
                    seen.add(pair)
                    u, v = pair
                    if agreement(self.bins(u), self.bins(v)) < MIN_AGREEMENT:
                        continue  # sharing one band by chance: far from 0.9 similar
                    if self._similar(u, v):
                        self.near.setdefault(u, []).append(v)
                        self.near.setdefault(v, []).append(u)

    def _similar(self, u: int, v: int) -> bool:
        ku, kv = self.key(u), self.key(v)
        pair = (ku, kv) if ku < kv else (kv, ku)
        verdict = self._earlier.get(pair)
        if verdict is None:
            verdict = similar(self.norm(u), self.norm(v))
            self.checked += 1
        self.verdicts[pair] = verdict
        return verdict

    def key(self, u: int) -> int:
        r, s = self.first[u]
        return self.profiles[r].sentences[s].key

    def copies(self, u: int) -> list[tuple[int, bool]]:
        """(uid, exact) of the sentence and its near copies."""
        return [(u, True)] + [(v, False) for v in sorted(self.near.get(u, ()))]

    def found_in(self, u: int, report: int) -> bool:
        return self.place_in(u, report) is not None

    def place_in(self, u: int, report: int) -> tuple[str, bool] | None:
        """(paragraph anchor, exact) of the sentence or a near copy in `report`, or None."""
        uids = self.report_uids[report]
        for v, exact in self.copies(u):
            if v in uids:
                return uids[v], exact
        return None

    def share_in(self, b: int, a: int) -> float:
        """Share of report b's counted sentences also found in report a."""
        counted = found = 0
        for sentence in self.profiles[b].sentences:
            u = self.uid[sentence.key]
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
        for sentence in self.profiles[r].sentences:
            u = self.uid[sentence.key]
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
            out.marks.append(
                Mark(sentence.anchor, sentence.start, sentence.end, other, anchor, exact)
            )
        return out

    def _places(self, u: int, r: int) -> list[tuple[int, str, bool]]:
        """(report, anchor, exact) of the first LINK_CANDIDATES places of the sentence or
        its near copies in reports other than r: a sentence in hundreds of reports is not
        searched hundreds of times over, so the cost stays linear in the corpus."""
        found: list[tuple[int, str, bool]] = []
        for v, exact in self.copies(u):
            for other, anchor in self.where[v]:
                if other != r:
                    found.append((other, anchor, exact))
                    if len(found) >= LINK_CANDIDATES:
                        return found
        return found


def agreement(x: tuple[int, ...], y: tuple[int, ...]) -> int:
    """How many of the sketches' bins agree (an estimate of bigram Jaccard × SKETCH_BINS)."""
    return sum(map(operator.eq, x, y))


def similar(x: str, y: str, threshold: float = NEAR) -> bool:
    """difflib ratio ≥ threshold, with the cheap upper bounds tried first."""
    if 2 * min(len(x), len(y)) / (len(x) + len(y)) < threshold:
        return False
    sm = SequenceMatcher(None, x, y, autojunk=False)
    return (
        sm.real_quick_ratio() >= threshold
        and sm.quick_ratio() >= threshold
        and (sm.ratio() >= threshold)
    )
