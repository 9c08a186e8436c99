"""Keywords and term trends from the per-report profiles.

- Per report: the top terms by TF-IDF against the corpus, tf = count / the report's term
  tokens, idf = ln((N + 1) / df) (N reports; df = reports using the term), so a term every
  report uses weighs little but not nothing. Weights are scaled so the report's top term
  has 1.0.
- Per region (its dated reports in order): terms that appear (first used in a year after
  the region's first report, and used again or used three times or more), disappear (used
  in two reports or more, then no longer in the later ones), rise and fall (rate per
  10,000 term tokens, later half of the years against the earlier half, at least doubling
  or halving, terms used six times or more).
- Per year, among that year's reports: each report's distinctive terms, by TF-IDF within the
  year (only years with two reports or more).
- Frequent terms, which get a page: terms in at least two reports that are some report's
  keyword or a dictionary term, most used first, at most TERM_PAGES.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from govreport_site.analyse.profile import Profile

TOP_KEYWORDS = 20
TERM_PAGES = 400
RATE = 10_000  # rates are per this many term tokens


def document_frequency(profiles: Sequence[Profile]) -> Counter[str]:
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(p.terms.keys())
    return df


def tfidf(profile: Profile, df: Counter[str], n: int) -> dict[str, float]:
    if not profile.tokens:
        return {}
    return {
        t: c / profile.tokens * math.log((n + 1) / df[t]) for t, c in profile.terms.items() if df[t]
    }


def top_terms(scores: dict[str, float], k: int = TOP_KEYWORDS) -> list[tuple[str, float]]:
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    top = best[0][1] if best and best[0][1] > 0 else 1.0
    return [(t, round(s / top, 3)) for t, s in best]


def rate(profile: Profile, term: str) -> float:
    return profile.terms.get(term, 0) * RATE / profile.tokens if profile.tokens else 0.0


@dataclass
class Trends:
    appear: list[tuple[str, int, int]] = field(default_factory=list)  # term, year, count
    disappear: list[tuple[str, int]] = field(default_factory=list)  # term, last year used
    rise: list[tuple[str, float, float]] = field(default_factory=list)  # term, early, late
    fall: list[tuple[str, float, float]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.appear or self.disappear or self.rise or self.fall)


def region_trends(
    series: Sequence[tuple[int, Profile]],
    per_year: int = 8,
    dictionary: frozenset[str] = frozenset(),
) -> Trends:
    """Trends of one region; `series` = (year, profile) of its dated reports, by year."""
    out = Trends()
    if len(series) < 2:
        return out
    years = [y for y, _ in series]
    used = [p.terms for _, p in series]
    # The reports using each term, in order: one pass over the profiles, not one look
    # into every profile per term and year.
    at_of: dict[str, list[int]] = {}
    for k, u in enumerate(used):
        for t in u:
            at_of.setdefault(t, []).append(k)
    vocab = sorted(at_of)
    for k in range(1, len(series)):
        fresh = []
        for t in vocab:
            at = at_of[t]
            if at[0] == k:  # first used in report k
                c = used[k][t]
                if c and (len(at) > 1 or c >= 3):  # used again, or three times or more
                    fresh.append((t, years[k], c))
        # Policy terms of the dictionary first (十三五 the year it appears), then by use.
        fresh.sort(key=lambda x: (x[0] not in dictionary, -x[2], x[0]))
        out.appear += fresh[:per_year]
    for t in vocab:
        at = at_of[t]
        if len(at) >= 2 and at[-1] < len(series) - 1:
            out.disappear.append((t, years[at[-1]]))
    out.disappear.sort(key=lambda x: (x[1], x[0]))
    half = len(series) // 2
    early, late = series[:half], series[len(series) - half :]
    for t in vocab:
        if sum([used[k][t] for k in at_of[t]]) < 6:
            continue
        e = sum(rate(p, t) for _, p in early) / len(early)
        lt = sum(rate(p, t) for _, p in late) / len(late)
        if e > 0 and lt >= 2 * e:  # from nothing is 'appear', not 'rise'
            out.rise.append((t, round(e, 1), round(lt, 1)))
        elif lt > 0 and e >= 2 * lt:
            out.fall.append((t, round(e, 1), round(lt, 1)))
    out.rise.sort(key=lambda x: (-(x[2] - x[1]), x[0]))
    out.fall.sort(key=lambda x: (-(x[1] - x[2]), x[0]))
    out.rise, out.fall = out.rise[:20], out.fall[:20]
    out.disappear = _last_per_year(out.disappear, per_year)
    return out


def _last_per_year(items: list[tuple[str, int]], k: int) -> list[tuple[str, int]]:
    """At most k terms per year (the list is sorted by year)."""
    kept: list[tuple[str, int]] = []
    count: Counter[int] = Counter()
    for term, year in items:
        if count[year] < k:
            kept.append((term, year))
            count[year] += 1
    return kept


def distinctive(profiles: Sequence[Profile], k: int = 8) -> list[list[tuple[str, float]]]:
    """Each report's top terms by TF-IDF among `profiles` (one year's reports)."""
    df = document_frequency(profiles)
    n = len(profiles)
    return [top_terms(tfidf(p, df, n), k) for p in profiles]


def frequent_terms(
    profiles: Sequence[Profile],
    df: Counter[str],
    keywords: Sequence[Sequence[tuple[str, float]]],
    dictionary: set[str],
    limit: int = TERM_PAGES,
) -> list[str]:
    wanted = {t for kw in keywords for t, _ in kw} | dictionary
    total: Counter[str] = Counter()
    for p in profiles:
        total.update({t: c for t, c in p.terms.items() if t in wanted})
    ranked = sorted((t for t in total if df[t] >= 2), key=lambda t: (-total[t], t))
    return ranked[:limit]
