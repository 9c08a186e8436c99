"""Text reuse: which sentences of a report also appear in other reports, and how much.

A sentence "also appears" in another report when that report has the same sentence after
normalisation (punctuation, spaces, full-width forms and a leading 一是/（三） ignored), or a
near copy: a sentence with difflib similarity ≥ NEAR (0.9) to it.

Cost stays near-linear in the size of the corpus:
- exact copies: every distinct normalised sentence is one entry of a hash table (its
  64-bit hash is computed once per report, in the cached profile);
- near copies: locality-sensitive hashing of each distinct sentence's MinHash sketch
  (16 bins of character bigrams, in 8 bands of 2 bins). Only distinct sentences that share
  a band are compared with difflib; a band shared by more than BUCKET_MAX distinct
  sentences is too common to mean anything and is skipped.

Boilerplate does not count, neither in the share nor as a mark:
- formulaic sentences of the report's frame: 各位代表…, …请予审议, 请各位政协委员…提出意见,
  我代表…人民政府 (sentences.BOILERPLATE), whatever the corpus;
- sentences that, with their near copies, are found in more than max(BOILERPLATE_MIN,
  BOILERPLATE_SHARE × reports) reports: the slogans every report of a period repeats.
Sentences shorter than sentences.MIN_CHARS characters are not counted either.

Shares are over the report's counted sentences: `previous` is the share also found in the
same region's previous report (None when there is none), `corpus` the share found in any
other report of the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from govreport_site.analyse.profile import Profile
from govreport_site.analyse.sentences import SKETCH_BINS

NEAR = 0.9
BANDS = 8
BUCKET_MAX = 50
BOILERPLATE_MIN = 5
BOILERPLATE_SHARE = 0.1


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

    def __init__(self, profiles: Sequence[Profile]):
        self.profiles = profiles
        self.uid: dict[int, int] = {}  # sentence hash -> distinct sentence id
        self.first: list[tuple[int, int]] = []  # uid -> (report, sentence index)
        # uid -> (report, paragraph anchor) of its first place in each report, by report
        self.where: list[list[tuple[int, str]]] = []
        self.formulaic: list[bool] = []
        self.report_uids: list[frozenset[int]] = []
        for r, profile in enumerate(profiles):
            uids = set()
            for s, sentence in enumerate(profile.sentences):
                u = self.uid.get(sentence.key)
                if u is None:
                    u = self.uid[sentence.key] = len(self.first)
                    self.first.append((r, s))
                    self.where.append([])
                    self.formulaic.append(sentence.formulaic)
                if not self.where[u] or self.where[u][-1][0] != r:
                    self.where[u].append((r, sentence.anchor))
                uids.add(u)
            self.report_uids.append(frozenset(uids))
        self.near: dict[int, list[int]] = {}
        self._link_near_copies()
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

    def _link_near_copies(self) -> None:
        buckets: dict[bytes, list[int]] = {}
        width = SKETCH_BINS * 4 // BANDS  # bytes of sketch per band
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
                    if similar(self.norm(u), self.norm(v)):
                        self.near.setdefault(u, []).append(v)
                        self.near.setdefault(v, []).append(u)

    def copies(self, u: int) -> list[tuple[int, bool]]:
        """(uid, exact) of the sentence and its near copies."""
        return [(u, True)] + [(v, False) for v in sorted(self.near.get(u, ()))]

    def found_in(self, u: int, report: int) -> bool:
        uids = self.report_uids[report]
        return u in uids or any(v in uids for v in self.near.get(u, ()))

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
            if previous is not None and self.found_in(u, previous):
                out.in_previous += 1
            best: tuple | None = None
            for v, exact in self.copies(u):
                for other, anchor in self.where[v]:
                    if other != r:
                        key = (rank(r, other), not exact, other, anchor)
                        if best is None or key < best:
                            best = key
            if best is None:
                continue
            out.in_corpus += 1
            _, inexact, other, anchor = best
            out.marks.append(
                Mark(sentence.anchor, sentence.start, sentence.end, other, anchor, not inexact)
            )
        return out


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
