"""The corpus-wide text analysis: which pairs to compare, keywords, trends and reuse.

    analyse_texts(site, config, load, cache_dir) -> TextAnalysis

It runs after the plan (ids, regions, years are known) and works from one small Profile
per report (analyse.profile), computed once and kept in a cache file keyed by the
report's content hash and the site's dictionary additions. Full report texts are needed
only to profile a report not in the cache and to compare a pair not in the cache
(`load(site_report)` gives the full Report).

Precomputed pairs, near-linear in the number of reports:
- each report with the previous report of its region ("previous");
- reports of the same year under the same province (or municipality), in the order of
  their region ids, each with the next one ("same-year"): ids start with the province's
  and the city's slug, so neighbours are the regions of the same city first, then the
  next city. That is one pair per report, not all pairs of a province.
Each pair belongs to a chain (a region's years; a province's regions in one year) along
which its page links to the previous and next pair.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from govreport_site.analyse import keywords as kw
from govreport_site.analyse.compare import Comparison, compare_reports
from govreport_site.analyse.profile import Profile, profile_report
from govreport_site.analyse.reuse import ReportReuse, ReuseIndex
from govreport_site.analyse.segment import clean_extra, dictionary_words
from govreport_site.config import Config
from govreport_site.model import Report
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.slugs import pinyin_slug

Loader = Callable[[SiteReport], Report]


@dataclass(eq=False)
class ComparePair:
    a: SiteReport
    b: SiteReport
    kind: str  # "previous" | "same-year"
    url: str  # compare/<a-id>--<b-id>.html
    comparison: Comparison
    reuse: float  # share of b's counted sentences also found in a
    prev: ComparePair | None = field(default=None, repr=False)
    next: ComparePair | None = field(default=None, repr=False)

    def share(self, name: str) -> float:
        return self.comparison.share(name)


@dataclass
class TermInfo:
    term: str
    slug: str
    url: str  # terms/<slug>.html
    total: int  # uses in the whole corpus (in reports where it is counted)
    reports: dict[str, int]  # report id -> uses


@dataclass
class TextAnalysis:
    profiles: dict[str, Profile]  # by report id
    keywords: dict[str, list[tuple[str, float]]]  # by report id
    reuse: dict[str, ReportReuse]  # by report id
    pairs: list[ComparePair]
    pairs_of: dict[str, list[ComparePair]]  # report id -> its pairs, as a or b
    trends: dict[str, kw.Trends]  # region id -> trends
    distinctive: dict[int, dict[str, list[tuple[str, float]]]]  # year -> report id -> terms
    terms: list[TermInfo]
    term_url: dict[str, str]
    reports: list[SiteReport]  # index -> report (for reuse marks)
    boilerplate_limit: int = 0
    cache_folder: Path | None = None  # where full reports are, when the plan has summaries

    def pair(self, a_id: str, b_id: str) -> ComparePair | None:
        return next((p for p in self.pairs_of.get(b_id, []) if p.a.id == a_id), None)


def full_report(sr: SiteReport, cache_folder: Path | None) -> Report:
    """The report's full text: from the report cache when the plan holds only its summary."""
    if cache_folder is not None and sr.report.content_hash:
        from govreport_site.cache import ReportCache

        found = ReportCache(cache_folder).full(sr.report.content_hash)
        if found is not None:
            return found
    return sr.report


def loader(cache_folder: Path | None, keep: int = 8) -> Loader:
    """full_report, remembering the last few: a report is compared with its previous year
    and its neighbour in the same year, one after the other."""
    recent: OrderedDict[str, Report] = OrderedDict()

    def load(sr: SiteReport) -> Report:
        key = sr.report.content_hash or sr.source_file
        if key in recent:
            recent.move_to_end(key)
            return recent[key]
        report = recent[key] = full_report(sr, cache_folder)
        if len(recent) > keep:
            recent.popitem(last=False)
        return report

    return load


def compare_url(a: SiteReport, b: SiteReport) -> str:
    return f"compare/{a.id}--{b.id}.html"


def choose_pairs(site: Site) -> list[tuple[SiteReport, SiteReport, str, str]]:
    """(a, b, kind, chain) of every precomputed pair, in a stable order."""
    out: list[tuple[SiteReport, SiteReport, str, str]] = []
    for region in site.regions:
        if not region.known:
            continue
        dated = [sr for sr in region.reports if sr.year is not None]
        for a, b in pairwise(dated):
            out.append((a, b, "previous", f"region:{region.id}"))
    for year in site.years:
        groups: dict[str, list[SiteReport]] = {}
        for sr in year.reports:
            if sr.region.known and len(sr.region.names) >= 2:
                groups.setdefault(sr.region.names[0], []).append(sr)
        for province, group in sorted(groups.items()):
            group.sort(key=lambda sr: (sr.region.id, sr.id))
            for a, b in pairwise(group):
                if a.region is not b.region:
                    out.append((a, b, "same-year", f"year:{year.year}:{province}"))
    return out


class TextCache:
    """Profiles and comparisons of the last build, one pickle file each, keyed by content
    hashes. With folder=None nothing is kept. Safe to delete."""

    def __init__(self, folder: Path | None, name: str):
        self.path = folder / f"text-{name}.pickle" if folder else None
        self.old: dict[str, object] = {}
        self.new: dict[str, object] = {}
        if self.path is not None:
            try:
                with self.path.open("rb") as f:
                    found = pickle.load(f)
                self.old = found if isinstance(found, dict) else {}
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self.old = {}

        self.loaded = set(self.old)
        self.made = False

    def add(self, found: dict[str, object]) -> None:
        """Values computed elsewhere (by worker processes)."""
        self.old.update(found)
        self.made = self.made or bool(found)

    def get(self, key: str, make: Callable[[], object]) -> object:
        value = self.old.get(key)
        if value is None:
            value = make()
            self.made = True
        self.new[key] = value
        return value

    def save(self) -> None:
        """Keep this build's entries only; write when anything was made or dropped."""
        if self.path is None or (not self.made and self.new.keys() == self.loaded):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(self.new, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def _key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


# Below this many reports to profile or pairs to compare, worker start-up (and jieba's
# dictionary in each worker) costs more than it saves.
PARALLEL_MIN = 40


def in_parallel(job: Callable, todo: list[tuple[str, tuple]], jobs: int | None) -> dict:
    """{key: job(args)} for the (key, args) in `todo`, on all cores when there are many.
    Workers read the full reports from the report cache themselves, so no text passes
    between processes; a job that finds nothing there returns None and its key is left
    out (the caller then computes it itself)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(todo) < PARALLEL_MIN or todo[0][1][0] is None:
        return {}
    with ProcessPoolExecutor(jobs) as pool:
        chunk = max(1, len(todo) // (jobs * 8))
        done = pool.map(job, [args for _, args in todo], chunksize=chunk)
        return {key: value for (key, _), value in zip(todo, done, strict=True) if value}


def _cached_report(folder: Path, content_hash: str) -> Report | None:
    from govreport_site.cache import ReportCache

    return ReportCache(folder).full(content_hash)


def _profile_job(args: tuple) -> Profile | None:
    folder, content_hash, extra = args
    report = _cached_report(folder, content_hash)
    return profile_report(report, extra) if report is not None else None


def _compare_job(args: tuple) -> Comparison | None:
    folder, hash_a, hash_b = args
    a, b = _cached_report(folder, hash_a), _cached_report(folder, hash_b)
    return compare_reports(a, b) if a is not None and b is not None else None


def site_dictionary(config: Config) -> tuple[str, ...]:
    """The site's own terms: site.yaml `dictionary: [..]`."""
    return clean_extra(config.extra.get("dictionary"))


def analyse_texts(
    site: Site,
    config: Config,
    load: Loader | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
) -> TextAnalysis:
    load = load or loader(cache_dir)
    extra = site_dictionary(config)
    reports = [sr for sr in site.reports]
    index_of = {sr.id: n for n, sr in enumerate(reports)}

    profile_cache = TextCache(cache_dir, "profiles")
    keys = [_key("profile", sr.report.content_hash, *extra) for sr in reports]
    todo = [
        (key, (cache_dir, sr.report.content_hash, extra))
        for key, sr in zip(keys, reports, strict=True)
        if sr.report.content_hash and key not in profile_cache.old
    ]
    profile_cache.add(in_parallel(_profile_job, todo, jobs))
    profiles: list[Profile] = []
    for key, sr in zip(keys, reports, strict=True):
        make = lambda sr=sr: profile_report(load(sr), extra)  # noqa: E731
        # A report without a content hash (built by hand) is never looked up.
        profiles.append(profile_cache.get(key, make) if sr.report.content_hash else make())
    profile_cache.save()

    # Keywords
    df = kw.document_frequency(profiles)
    n = len(profiles)
    keywords = {
        sr.id: kw.top_terms(kw.tfidf(p, df, n)) for sr, p in zip(reports, profiles, strict=True)
    }

    # Reuse
    near_cache = TextCache(cache_dir, "near")
    index = ReuseIndex(profiles, near_cache.old.get("verdicts"))
    near_cache.new["verdicts"] = index.verdicts
    near_cache.made = (
        bool(index.checked) or index.verdicts.keys() != near_cache.old.get("verdicts", {}).keys()
    )
    near_cache.save()

    def rank(r: int, other: int) -> tuple:
        a, b = reports[r], reports[other]
        same_region = a.region is b.region
        year_a, year_b = a.year or 0, b.year or 0
        earlier = year_b <= year_a
        return (b is not a.prev, not same_region, not earlier, abs(year_a - year_b), b.id)

    reuse = {
        sr.id: index.report_reuse(r, index_of[sr.prev.id] if sr.prev is not None else None, rank)
        for r, sr in enumerate(reports)
    }

    # Pairs
    pair_cache = TextCache(cache_dir, "pairs")
    chosen = choose_pairs(site)
    todo = []
    for a, b, _, _ in chosen:
        key = _key("pair", a.report.content_hash, b.report.content_hash)
        if a.report.content_hash and b.report.content_hash and key not in pair_cache.old:
            todo.append((key, (cache_dir, a.report.content_hash, b.report.content_hash)))
    pair_cache.add(in_parallel(_compare_job, todo, jobs))
    pairs: list[ComparePair] = []
    chains: dict[str, list[ComparePair]] = {}
    for a, b, kind, chain in chosen:
        key = _key("pair", a.report.content_hash, b.report.content_hash)
        make = lambda a=a, b=b: compare_reports(load(a), load(b))  # noqa: E731
        comparison = (
            pair_cache.get(key, make) if a.report.content_hash and b.report.content_hash else make()
        )
        share = index.share_in(index_of[b.id], index_of[a.id])
        pair = ComparePair(a, b, kind, compare_url(a, b), comparison, round(share, 4))
        pairs.append(pair)
        chains.setdefault(chain, []).append(pair)
    pair_cache.save()
    for chain in chains.values():
        for x, y in pairwise(chain):
            x.next, y.prev = y, x
    pairs_of: dict[str, list[ComparePair]] = {}
    for pair in pairs:
        pairs_of.setdefault(pair.a.id, []).append(pair)
        pairs_of.setdefault(pair.b.id, []).append(pair)

    # Trends per region, distinctive terms per year
    dictionary = frozenset(dictionary_words()) | frozenset(extra)
    trends = {}
    for region in site.regions:
        series = [(sr.year, profiles[index_of[sr.id]]) for sr in region.reports if sr.year]
        found = kw.region_trends(series, dictionary=dictionary)
        if found:
            trends[region.id] = found
    distinctive: dict[int, dict[str, list[tuple[str, float]]]] = {}
    for year in site.years:
        if len(year.reports) >= 2:
            tops = kw.distinctive([profiles[index_of[sr.id]] for sr in year.reports])
            distinctive[year.year] = {sr.id: t for sr, t in zip(year.reports, tops, strict=True)}

    # Term pages
    frequent = kw.frequent_terms(profiles, df, list(keywords.values()), set(dictionary))
    terms: list[TermInfo] = []
    used_slugs: set[str] = set()
    for term in frequent:
        slug = base = pinyin_slug(term) or "term"
        k = 2
        while slug in used_slugs:
            slug, k = f"{base}-{k}", k + 1
        used_slugs.add(slug)
        counts = {
            sr.id: p.terms[term] for sr, p in zip(reports, profiles, strict=True) if term in p.terms
        }
        terms.append(TermInfo(term, slug, f"terms/{slug}.html", sum(counts.values()), counts))

    return TextAnalysis(
        profiles={sr.id: p for sr, p in zip(reports, profiles, strict=True)},
        keywords=keywords,
        reuse=reuse,
        pairs=pairs,
        pairs_of=pairs_of,
        trends=trends,
        distinctive=distinctive,
        terms=terms,
        term_url={t.term: t.url for t in terms},
        reports=reports,
        boilerplate_limit=index.boilerplate_limit,
        cache_folder=cache_dir,
    )
