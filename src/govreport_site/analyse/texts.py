"""The corpus-wide text analysis: which pairs to compare, keywords, trends and reuse.

    analyse_texts(site, config, load, cache_dir) -> TextAnalysis

It runs after the plan (ids, regions, years are known) and works from one small Profile
per report (analyse.profile), computed once per report's content hash and the site's
dictionary additions, and kept compact (a Record: term ids and counts, sentence columns).
Full report texts are needed only to profile a report not in the cache and to compare a
pair not in the cache (`load(site_report)` gives the full Report).

Incremental: TextStore keeps, besides the Records, every corpus-wide result of the last
build with what it was computed from, and analyse_texts recomputes only what a change
reaches (see analyse_texts); a compare page's full Comparison is read from its own file
only when the page is rendered. The results are those of a build from nothing.

Precomputed pairs, near-linear in the number of reports:
- each report with the previous report of its region ("previous");
- reports of the same year under the same province (or municipality), in the order of
  their region ids, each with the next one ("same-year"): ids start with the province's
  and the city's slug, so neighbours are the regions of the same city first, then the
  next city. That is one pair per report, not all pairs of a province.
Each pair belongs to a chain (a region's years; a province's regions in one year) along
which its page links to the previous and next pair.

With site.yaml's `compare: {same_year: browser}` the same-year pairs are not precomputed:
they are TextAnalysis.browser_pairs, with no counts, whose URL is the compare-any-two page
with the pair in its query (compare/index.html?a=<id>&b=<id>), which aligns them in the
browser.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from govreport_site.analyse import keywords as kw
from govreport_site.analyse.compare import Comparison, compare_reports
from govreport_site.analyse.profile import Profile, profile_report
from govreport_site.analyse.reuse import (
    CANDIDATE_SCHEME,
    Names,
    ReportReuse,
    ReuseIndex,
    Sentences,
    pack_reuse,
    sentence_columns,
    unpack_reuse,
)
from govreport_site.analyse.segment import clean_extra, dictionary_words
from govreport_site.analyse.sentences import SKETCH_BINS
from govreport_site.cache import _dump  # atomic write of one pickle
from govreport_site.config import Config
from govreport_site.model import Report
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.slugs import pinyin_slug

Loader = Callable[[SiteReport], Report]


# A comparison's character counts: what the tables of pairs and compare.json show.
COUNTS = ("a_chars", "b_chars", "kept", "changed", "new", "dropped")


@dataclass(eq=False)
class ComparePair:
    a: SiteReport
    b: SiteReport
    kind: str  # "previous" | "same-year"
    url: str  # compare/<a-id>--<b-id>.html, or the compare-any-two page's (browser pairs)
    counts: tuple[int, ...] | None  # the comparison's COUNTS; None: compared in the browser
    reuse: float | None  # share of b's counted sentences also found in a
    prev: ComparePair | None = field(default=None, repr=False)
    next: ComparePair | None = field(default=None, repr=False)
    # The whole comparison (rows of every section) is read from the cache only when the
    # pair's page is rendered: `_load()` gives it.
    _comparison: Comparison | None = field(default=None, repr=False)
    _load: Callable[[], Comparison] | None = field(default=None, repr=False)

    @property
    def comparison(self) -> Comparison:
        if self._comparison is None:
            assert self._load is not None
            return self._load()
        return self._comparison

    @property
    def precomputed(self) -> bool:
        """Whether the pair has a compare page (else the browser compares it)."""
        return self.counts is not None

    def share(self, name: str) -> float:
        """As Comparison.share, from the counts alone."""
        assert self.counts is not None
        found = dict(zip(COUNTS, self.counts, strict=True))
        total = found["a_chars"] if name == "dropped" else found["b_chars"]
        return found[name] / total if total else 0.0

    def __getstate__(self) -> dict:
        # Without its neighbours: a chain of same-year pairs is as long as a province has
        # regions, and pickle would recurse along it (RecursionError from ~300 pairs on).
        # The TextAnalysis holding the pair links them again.
        return {k: v for k, v in self.__dict__.items() if k not in ("prev", "next")}


@dataclass
class TermInfo:
    term: str
    slug: str
    url: str  # terms/<slug>.html
    total: int  # uses in the whole corpus (in reports where it is counted)
    reports: dict[str, int]  # report id -> uses


@dataclass
class TextAnalysis:
    profiles: Mapping[str, Profile]  # by report id: terms and tokens (no sentences)
    keywords: dict[str, list[tuple[str, float]]]  # by report id
    reuse: dict[str, ReportReuse]  # by report id
    pairs: list[ComparePair]  # the precomputed ones, each with its compare page
    pairs_of: dict[str, list[ComparePair]]  # report id -> its pairs, as a or b (browser too)
    trends: dict[str, kw.Trends]  # region id -> trends
    distinctive: dict[int, dict[str, list[tuple[str, float]]]]  # year -> report id -> terms
    terms: list[TermInfo]
    term_url: dict[str, str]
    reports: list[SiteReport]  # index -> report (for reuse marks)
    boilerplate_limit: int = 0
    cache_folder: Path | None = None  # where full reports are, when the plan has summaries
    # pair url -> (terms b uses that a does not, the other way round), most used first
    term_changes: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)  # report id -> term tokens
    # Same-year pairs left to the compare-any-two page (site.yaml compare: same_year).
    browser_pairs: list[ComparePair] = field(default_factory=list)

    def pair(self, a_id: str, b_id: str) -> ComparePair | None:
        return next((p for p in self.pairs_of.get(b_id, []) if p.a.id == a_id), None)

    # Pickled for the analysis' child process (analyse.isolate) and for render workers
    # that are not forked (workers.py): the pairs' chain links travel as positions in
    # `pairs` (ComparePair.__getstate__ leaves them out).
    def __getstate__(self) -> dict:
        at = {id(p): n for n, p in enumerate(self.pairs)}
        links = [(at.get(id(p.prev)), at.get(id(p.next))) for p in self.pairs]
        return {**self.__dict__, "_links": links}

    def __setstate__(self, state: dict) -> None:
        links = state.pop("_links", [])
        self.__dict__.update(state)
        pairs = self.pairs
        for pair, (prev, next_) in zip(pairs, links, strict=True):
            pair.prev = pairs[prev] if prev is not None else None
            pair.next = pairs[next_] if next_ is not None else None


def full_report(sr: SiteReport, cache_folder: Path | None) -> Report:
    """The report's full text: from the report cache when the plan holds only its summary.
    A summary is never analysed in its place: it has the text of a few paragraphs only."""
    from govreport_site.cache import ReportCache, ReportSummary

    if cache_folder is not None and sr.report.content_hash:
        found = ReportCache(cache_folder).full(sr.report.content_hash)
        if found is not None:
            return found
    if isinstance(sr.report, ReportSummary):
        raise FileNotFoundError(f"{sr.source_file}: the cached report is missing")
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


def browser_compare_url(a: SiteReport, b: SiteReport) -> str:
    """The compare-any-two page (static/compare.js) showing the pair."""
    return f"compare/index.html?{urlencode({'a': a.id, 'b': b.id})}"


def choose_pairs(
    site: Site, same_year: str = "pages"
) -> list[tuple[SiteReport, SiteReport, str, str]]:
    """(a, b, kind, chain) of every precomputed pair, in a stable order; the same-year
    pairs only when `same_year` (site.yaml compare: same_year) is "pages"."""
    out: list[tuple[SiteReport, SiteReport, str, str]] = []
    for region in site.regions:
        if not region.known:
            continue
        dated = [sr for sr in region.reports if sr.year is not None]
        for a, b in pairwise(dated):
            if a.year != b.year:  # two of one year (a draft, a copy) are no year-on-year pair
                out.append((a, b, "previous", f"region:{region.id}"))
    if same_year == "pages":
        out += same_year_pairs(site)
    return out


def same_year_pairs(site: Site) -> list[tuple[SiteReport, SiteReport, str, str]]:
    """(a, b, "same-year", chain) of reports of one year under one province."""
    out: list[tuple[SiteReport, SiteReport, str, str]] = []
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


@dataclass
class Record:
    """What the corpus-wide steps need of one report's Profile, compact: its terms as ids
    into the store's vocabulary (in the profile's order) with their counts, its token
    count, and its sentences as columns (reuse.Sentences)."""

    term_ids: np.ndarray  # int32
    counts: np.ndarray  # int32
    tokens: int
    sentences: Sentences


STORE_VERSION = 5
# A new base of Records is written when the Records it lacks and those of it no longer
# used exceed this share of it (TextStore).
REBASE_SHARE = 0.1

# A Record's array columns, saved for all Records at once (see _pack_records).
TERM_COLUMNS = ("term_ids", "counts")
SENTENCE_COLUMNS = ("key", "anchor", "start", "end", "formulaic")


def _pack_records(records: Mapping[str, Record]) -> dict:
    """The Records as a few corpus-long columns and their lengths: one array each to
    pickle and load, not seven per report (at 1,000 reports that was 7,000 small arrays
    and most of the store's load and save time)."""
    recs = list(records.values())

    def cat(parts: list[np.ndarray], dtype) -> np.ndarray:
        return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)

    out: dict = {
        "keys": list(records),
        "tokens": np.array([r.tokens for r in recs], dtype=np.int64),
        "terms": np.array([len(r.term_ids) for r in recs], dtype=np.int64),
        "sentences": np.array([len(r.sentences.key) for r in recs], dtype=np.int64),
    }
    for name in TERM_COLUMNS:
        out[name] = cat([getattr(r, name) for r in recs], np.int32)
    for name in SENTENCE_COLUMNS:
        parts = [getattr(r.sentences, name) for r in recs]
        out[name] = cat(parts, parts[0].dtype if parts else np.int32)
    return out


def _unpack_records(packed: dict) -> dict[str, Record]:
    """_pack_records undone: each Record's arrays are slices of the columns."""
    terms = np.concatenate([[0], np.cumsum(packed["terms"])]).tolist()
    sents = np.concatenate([[0], np.cumsum(packed["sentences"])]).tolist()
    t_cols = [packed[name] for name in TERM_COLUMNS]
    s_cols = [packed[name] for name in SENTENCE_COLUMNS]
    out: dict[str, Record] = {}
    for n, (key, tokens) in enumerate(zip(packed["keys"], packed["tokens"].tolist(), strict=True)):
        t, s = slice(terms[n], terms[n + 1]), slice(sents[n], sents[n + 1])
        ids, counts = (c[t] for c in t_cols)
        sentences = Sentences(*(c[s] for c in s_cols), sketch=None)
        out[key] = Record(ids, counts, tokens, sentences)
    return out


class TextStore:
    """What the text analysis keeps between builds, in <cache>/texts/ (safe to delete):

    - store.pickle: the vocabulary and anchor names the Records number, and the
      corpus-wide results of the last build with what they were computed from, so that a
      build recomputes only what its changes reach;
    - records-*.pickle: a Record per profile (by profile key) of the reports of some
      build, all in columns (the base); store.pickle holds the Records the base lacks
      (the delta) and which Records the last build had. An edit build writes only its
      new Records, not the whole corpus's (10,000 reports: ~70 MB); a new base is written
      once the delta and the base's unused Records exceed REBASE_SHARE of it;
    - profiles/ and pairs/: one file per full Profile (its sentences' texts, read only to
      check a new near copy) and per Comparison (read only to render its page), written
      once when computed.
    With folder=None nothing is kept."""

    def __init__(self, folder: Path | None, read: bool = True):
        self.folder = folder / "texts" if folder is not None else None
        found: dict = {}
        if self.folder is not None and read:
            try:
                with (self.folder / "store.pickle").open("rb") as f:
                    found = pickle.load(f)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                found = {}
            if not isinstance(found, dict) or found.get("version") != STORE_VERSION:
                found = {}
        self.base: str | None = None  # the base's file name
        self.base_keys: set[str] = set()
        try:
            self.records: dict[str, Record] = self._read_records(found) if found else {}
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError):
            self.records, found = {}, {}  # not a store this code wrote, or its base is gone
        self.old: dict = found
        self.vocab = Names(found.get("vocab", ()))
        self.anchors = Names(found.get("anchors", ()))
        self.sketch_keys: np.ndarray = found.get("sketch_keys", np.zeros(0, np.uint64))
        self.sketch_bins: np.ndarray = found.get(
            "sketch_bins", np.zeros((0, SKETCH_BINS), np.uint32)
        )
        self.new_sketches: list[tuple[np.ndarray, np.ndarray]] = []
        self.memory: dict[str, object] = {}  # entries when there is no folder
        # kind -> (unused files left by the last look at its folder, keys used since)
        self.pruned: dict[str, tuple[int, set[str]]] = dict(found.get("pruned", {}))

    def _read_records(self, found: dict) -> dict[str, Record]:
        """The last build's Records: the base's, and the delta's."""
        assert self.folder is not None
        packed = found["records"]
        base: dict[str, Record] = {}
        if packed["base"] is not None:
            with (self.folder / packed["base"]).open("rb") as f:
                base = _unpack_records(pickle.load(f))
        delta = _unpack_records(packed["delta"])
        records = {k: delta[k] if k in delta else base[k] for k in packed["keys"]}
        self.base, self.base_keys = packed["base"], set(base)
        return records

    def results(self, name: str) -> dict:
        found = self.old.get(name)
        return found if isinstance(found, dict) else {}

    def record(self, profile: Profile) -> Record:
        """The profile's Record; its sketches go to the store's table (many sentences
        repeat across reports)."""
        ids = np.array([self.vocab.id(t) for t in profile.terms], dtype=np.int32)
        sentences = sentence_columns(profile, self.anchors.id)
        assert sentences.sketch is not None
        self.new_sketches.append((sentences.key, sentences.sketch))
        sentences.sketch = None
        return Record(
            ids, np.array(list(profile.terms.values()), dtype=np.int32), profile.tokens, sentences
        )

    def sketches(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted sentence hashes, their sketches) of the last build and the new Records."""
        keys = [self.sketch_keys] + [k for k, _ in self.new_sketches]
        bins = [self.sketch_bins] + [b for _, b in self.new_sketches]
        every = np.concatenate(keys)
        unique, at = np.unique(every, return_index=True)
        return unique, np.concatenate(bins)[at]

    def path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def put(self, kind: str, key: str, value: object) -> None:
        if self.folder is None:
            self.memory[f"{kind}/{key}"] = value
        else:
            _dump(self.path(kind, key), value)

    def get(self, kind: str, key: str) -> object | None:
        if self.folder is None:
            return self.memory.get(f"{kind}/{key}")
        try:
            with self.path(kind, key).open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def has(self, kind: str, key: str) -> bool:
        if self.folder is None:
            return f"{kind}/{key}" in self.memory
        return self.path(kind, key).is_file()

    def save(self, records: dict[str, Record], results: dict[str, object]) -> None:
        if self.folder is None:
            return
        new = {k: rec for k, rec in records.items() if k not in self.base_keys}
        unused = len(self.base_keys.difference(records))
        base = self.base
        if base is None or len(new) + unused > REBASE_SHARE * len(self.base_keys):
            base, new = f"records-{os.urandom(8).hex()}.pickle", {}
            _dump(self.folder / base, _pack_records(records))
        value = {
            "version": STORE_VERSION,
            "vocab": self.vocab.names,
            "anchors": self.anchors.names,
            "records": {"base": base, "delta": _pack_records(new), "keys": list(records)},
            "pruned": self.pruned,
            **results,
        }
        _dump(self.folder / "store.pickle", value)
        if base != self.base:  # the older bases (one, or more left by a failed build)
            for path in self.folder.glob("records-*.pickle"):
                if path.name != base:
                    path.unlink(missing_ok=True)
        self.base, self.base_keys = base, set(self.base_keys if base == self.base else records)

    def prune(self, kind: str, used: set[str]) -> None:
        """Delete the files of entries this build did not use once they outnumber the used
        ones (as cache.ReportCache.prune).

        The folder is listed only when they may: files are written for used keys, so
        the unused ones are at most those left at the last listing and those of the keys
        used since then and not now (an edit build: a few, not a listing of thousands)."""
        if self.folder is None:
            return
        mark = self.pruned.get(kind)
        if mark is not None:
            left, seen = mark
            seen = seen | used
            if left + len(seen - used) <= len(used):
                self.pruned[kind] = (left, seen)
                return
        stale = [path for stem, path in _pickles(self.folder / kind) if stem not in used]
        if len(stale) > len(used):
            for path in stale:
                Path(path).unlink(missing_ok=True)
            stale = []
        self.pruned[kind] = (len(stale), set(used))


def _pickles(folder: Path) -> Iterator[tuple[str, str]]:
    """(name without .pickle, path) of the files <folder>/*/*.pickle: os.scandir, as a
    Path.glob over the thousands of an edit build's store cost ~25 ms each time."""
    try:
        groups = [e.path for e in os.scandir(folder) if e.is_dir()]
    except OSError:
        return
    for group in groups:
        with os.scandir(group) as found:
            for entry in found:
                if entry.name.endswith(".pickle"):
                    yield entry.name[: -len(".pickle")], entry.path


class TermsOf(Mapping[str, Profile]):
    """Report id -> a Profile with its terms and tokens only (no sentences), made from its
    Record's term columns on first use. It keeps only those columns, not the Records'
    sentences, which the analysis no longer needs once it returns. Plain data: it pickles
    (worker processes may get the site)."""

    def __init__(self, ids: list[str], records: list[Record], vocab: list[str]):
        self._at = {rid: n for n, rid in enumerate(ids)}
        self._terms = [(rec.term_ids, rec.counts, rec.tokens) for rec in records]
        self._vocab = vocab
        self._made: dict[str, Profile] = {}

    def __getitem__(self, rid: str) -> Profile:
        found = self._made.get(rid)
        if found is None:
            term_ids, counts, tokens = self._terms[self._at[rid]]
            names = [self._vocab[i] for i in term_ids.tolist()]
            terms = dict(zip(names, counts.tolist(), strict=True))
            found = self._made[rid] = Profile(terms, tokens, [])
        return found

    def __getstate__(self) -> dict:
        # The profiles made so far are a cache: the analysis makes one for every report.
        return {**self.__dict__, "_made": {}}

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def _key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


# Below this many reports to profile or pairs to compare, worker start-up (and jieba's
# dictionary in each worker) costs more than it saves.
PARALLEL_MIN = 40


class Workers:
    """Jobs on all cores when there are many, started at once and collected later, so
    that the main process does its own share of the analysis (reuse, keywords, trends)
    while the workers compare pairs, instead of waiting for them (1,000 reports: the
    comparisons are about half the stage's CPU time).

    Workers read the full reports from the report cache themselves, so no text passes
    between processes; a job that finds nothing there returns None and its key is left
    out (the caller then computes it itself). One pool for every kind of job: jobs run in
    the order they were started."""

    def __init__(self, jobs: int | None):
        self.jobs = jobs or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None

    def start(self, job: Callable, todo: list[tuple[str, tuple]]) -> Callable[[], dict]:
        """Start job(args) for the (key, args) in `todo`; the call returned waits for them
        and gives {key: result} ({} when there were too few to be worth a pool)."""
        if self.jobs < 2 or len(todo) < PARALLEL_MIN or todo[0][1][0] is None:
            return dict
        if self.pool is None:
            # Fresh processes ("spawn"), not copies of this one: forked workers would carry
            # the main process's site and reuse index (hundreds of MB at 1,000 reports)
            # beside the two reports each job loads.
            self.pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("spawn")
            )
        chunk = max(1, len(todo) // (self.jobs * 8))
        done = self.pool.map(job, [args for _, args in todo], chunksize=chunk)  # all submitted

        def results() -> dict:
            return {key: value for (key, _), value in zip(todo, done, strict=True) if value}

        return results

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, *_) -> None:
        if self.pool is not None:  # on an error, jobs not yet begun are dropped
            self.pool.shutdown(wait=True, cancel_futures=kind is not None)


def _cached_report(folder: Path, content_hash: str) -> Report | None:
    from govreport_site.cache import ReportCache

    return ReportCache(folder).full(content_hash)


def _profile_job(args: tuple) -> Profile | None:
    """A profile, written to the store by the worker; the main process gets it without
    its sentences' texts (all it keeps is the Record)."""
    folder, content_hash, extra, key = args
    report = _cached_report(folder, content_hash)
    if report is None:
        return None
    profile = profile_report(report, extra)
    _dump(folder / "texts" / "profiles" / key[:2] / f"{key}.pickle", profile)
    return _light(profile)


def _light(profile: Profile) -> Profile:
    """The profile without its sentences' texts: all a Record is made from."""
    light = [s._replace(norm="") for s in profile.sentences]
    return Profile(profile.terms, profile.tokens, light)


# A worker's last few reports read for comparisons (_compare_job): a chunk of pairs is
# consecutive in choose_pairs' order, where a report is b of one pair and a of the next.
_RECENT: OrderedDict[tuple[Path, str], Report] = OrderedDict()
RECENT_REPORTS = 8


def _recent_report(folder: Path, content_hash: str) -> Report | None:
    """_cached_report, remembering the last RECENT_REPORTS (reports are not changed by a
    comparison)."""
    key = (folder, content_hash)
    found = _RECENT.get(key)
    if found is not None:
        _RECENT.move_to_end(key)
        return found
    found = _cached_report(folder, content_hash)
    if found is not None:
        _RECENT[key] = found
        if len(_RECENT) > RECENT_REPORTS:
            _RECENT.popitem(last=False)
    return found


def _compare_job(args: tuple) -> tuple[int, ...] | None:
    """A comparison, written to the store by the worker; the main process gets its
    counts."""
    folder, hash_a, hash_b, key = args
    a, b = _recent_report(folder, hash_a), _recent_report(folder, hash_b)
    if a is None or b is None:
        return None
    comparison = compare_reports(a, b)
    _dump(folder / "texts" / "pairs" / key[:2] / f"{key}.pickle", comparison)
    return tuple(getattr(comparison, name) for name in COUNTS)


def profile_key(content_hash: str, extra: tuple[str, ...]) -> str:
    """Where a report's Profile is kept in the store: its content hash and the site's
    dictionary additions, all it depends on."""
    return _key("profile", content_hash, *extra)


def store_profile(report: Report, folder: Path, extra: tuple[str, ...]) -> None:
    """Profile a report just parsed (build.load_reports' workers) and write it to the
    store under `folder`, where analyse_texts finds it instead of loading the report."""
    store = TextStore(folder, read=False)
    key = profile_key(report.content_hash, extra)
    if not store.has("profiles", key):
        store.put("profiles", key, profile_report(report, extra))


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
    """The text analysis of the site. With `cache_dir`, each step starts from what the
    last build computed (TextStore) and recomputes only what this build's changes reach:
    the profiles and pairs of changed reports, the keywords of reports whose terms changed
    in document frequency, the trends of changed regions, the reuse of reports sharing a
    sentence whose places changed. The results equal a build from nothing."""
    with Workers(jobs) as workers:
        return _analyse_texts(site, config, load or loader(cache_dir), cache_dir, workers)


def _analyse_texts(
    site: Site, config: Config, load: Loader, cache_dir: Path | None, workers: Workers
) -> TextAnalysis:
    extra = site_dictionary(config)
    reports = list(site.reports)
    index_of = {sr.id: n for n, sr in enumerate(reports)}
    store = TextStore(cache_dir)

    # The pairs to compare: their jobs are started first and run while the rest is done
    chosen = choose_pairs(site, config.compare_same_year)
    old_pairs = store.results("pairs")
    pair_keys: list[str | None] = []
    compare_todo = []
    for a, b, _, _ in chosen:
        key = None
        if a.report.content_hash and b.report.content_hash:
            key = _key("pair", a.report.content_hash, b.report.content_hash)
            if key not in old_pairs.get("counts", {}):
                job = (cache_dir, a.report.content_hash, b.report.content_hash, key)
                compare_todo.append((key, job))
        pair_keys.append(key)

    # Profiles, kept as Records
    pkeys = [
        profile_key(sr.report.content_hash, extra) if sr.report.content_hash else None
        for sr in reports
    ]
    records: dict[str, Record] = {}
    todo = [
        (key, (cache_dir, sr.report.content_hash, extra, key))
        for key, sr in zip(pkeys, reports, strict=True)
        if key is not None and key not in store.records and store.folder is not None
    ]
    # Most were profiled where they were parsed (store_profile); the pool makes the rest.
    # A stored one is read when its Record is made, one at a time (not all read first and
    # held stripped of their texts, as the pool's are: 1,000 reports, ~0.5 CPU s).
    stored = {key for key, _ in todo if store.has("profiles", key)}
    profiled = workers.start(_profile_job, [t for t in todo if t[0] not in stored])
    compared = workers.start(_compare_job, compare_todo if store.folder is not None else [])
    lights = profiled()
    for key, _ in todo:  # in report order, as the store numbers terms and anchors
        profile = lights.get(key) or (store.get("profiles", key) if key in stored else None)
        if isinstance(profile, Profile):  # else made below (an unreadable file)
            records[key] = store.record(profile)
    own: dict[int, Profile] = {}  # profiles of reports without a content hash
    recs: list[Record] = []
    for n, (key, sr) in enumerate(zip(pkeys, reports, strict=True)):
        if key is None:
            own[n] = profile_report(load(sr), extra)
            recs.append(store.record(own[n]))
            continue
        rec = records.get(key) or store.records.get(key)
        if rec is None:
            profile = profile_report(load(sr), extra)
            store.put("profiles", key, profile)
            rec = store.record(profile)
        records[key] = rec
        recs.append(rec)
    vocab = store.vocab.names
    profiles = TermsOf([sr.id for sr in reports], recs, vocab)
    # A key for every report; one without a content hash gets one no build finds again.
    token = os.urandom(8).hex()
    rkeys = [key or f"own:{token}:{n}" for n, key in enumerate(pkeys)]
    results: dict[str, object] = {}

    # Keywords, and distinctive terms per year: TF-IDF within a group of reports
    ids = [rec.term_ids for rec in recs]
    keywords_by = _top_terms_of(
        list(range(len(recs))),
        ids,
        rkeys,
        profiles,
        store.results("keywords"),
        results,
        "keywords",
        kw.TOP_KEYWORDS,
        len(vocab),
    )
    keywords = {sr.id: keywords_by[n] for n, sr in enumerate(reports)}
    distinctive: dict[int, dict[str, list[tuple[str, float]]]] = {}
    old_years = store.results("distinctive")
    new_years: dict[int, dict] = {}
    for year in site.years:
        if len(year.reports) >= 2:
            group = [index_of[sr.id] for sr in year.reports]
            done: dict = {}
            tops = _top_terms_of(
                group,
                ids,
                rkeys,
                profiles,
                old_years.get(year.year, {}),
                done,
                "d",
                8,
                len(vocab),
            )
            new_years[year.year] = done["d"]
            distinctive[year.year] = dict(zip([sr.id for sr in year.reports], tops, strict=True))
    results["distinctive"] = new_years

    # Reuse
    sketches = store.sketches()
    old_near = store.results("near")
    same_scheme = old_near.get("scheme") == CANDIDATE_SCHEME
    index = ReuseIndex(
        sketches=sketches,
        columns=[rec.sentences for rec in recs],
        anchors=store.anchors.names,
        norm=_norms(store, pkeys, own, lambda n: profile_report(load(reports[n]), extra)),
        verdicts=old_near.get("verdicts"),
        # The last build's distinct sentences, whose candidate pairs its verdicts are.
        earlier_keys=store.sketch_keys if same_scheme else None,
    )
    results["near"] = {"verdicts": index.verdicts, "scheme": CANDIDATE_SCHEME}

    def rank(r: int, other: int) -> tuple:
        a, b = reports[r], reports[other]
        same_region = a.region is b.region
        year_a, year_b = a.year or 0, b.year or 0
        earlier = year_b <= year_a
        return (b is not a.prev, not same_region, not earlier, abs(year_a - year_b), b.id)

    plan = _key(
        repr([(sr.id, sr.prev.id if sr.prev else None, sr.region.id, sr.year) for sr in reports])
    )
    near_now = index.near_keys()
    old = store.results("reuse")
    changed = _changed_reuse(old, plan, index, near_now, rkeys, recs, store.records)
    old_packed = old.get("by", {}) if changed is not None else {}
    old_by = unpack_reuse(old_packed)
    reuse: dict[str, ReportReuse] = {}
    # The figures as kept: a report's figures taken from the last build are kept as they
    # were packed, only those made again are packed (1,000 reports: ~20 ms a build).
    packed: dict[str, tuple] = {}
    for r, sr in enumerate(reports):
        key = rkeys[r]
        found = old_by.get(key) if changed is not None and r not in changed else None
        if found is None:
            prev = index_of[sr.prev.id] if sr.prev is not None else None
            found = index.report_reuse(r, prev, rank)
            packed.update(pack_reuse({key: found}))
        else:
            packed[key] = old_packed[key]
        reuse[sr.id] = found
    results["reuse"] = {
        "plan": plan,
        "limit": index.boilerplate_limit,
        "keys": rkeys,
        "near": near_now,
        "boilerplate": index.boilerplate_keys(),
        "by": packed,
    }
    used = np.isin(sketches[0], index.uid_key)
    results["sketch_keys"], results["sketch_bins"] = sketches[0][used], sketches[1][used]

    # Trends per region, by the (year, profile) series they are computed from (before the
    # pairs: done while the workers still compare)
    dictionary = frozenset(dictionary_words()) | frozenset(extra)
    old_trends = store.results("trends")
    trends_by: dict[tuple, kw.Trends] = {}
    trends = {}
    for region in site.regions:
        dated = [(sr.year, index_of[sr.id]) for sr in region.reports if sr.year]
        series_key = tuple((y, rkeys[n]) for y, n in dated)
        found = old_trends.get(series_key) if all(pkeys[n] for _, n in dated) else None
        if found is None:
            found = kw.region_trends(
                [(y, profiles[reports[n].id]) for y, n in dated], dictionary=dictionary
            )
        trends_by[series_key] = found
        if found:
            trends[region.id] = found
    results["trends"] = trends_by

    # Term pages
    terms = _term_pages(store, recs, reports, keywords_by, dictionary, results)

    # Pairs: the reuse shares and term changes first (the workers may still compare), then
    # the workers' comparisons, and here what they could not do
    old_shares = old_pairs.get("shares", {}) if changed is not None else {}
    old_changes = old_pairs.get("changes", {})
    shares: dict[tuple[str, str], float] = {}
    changes: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    pair_shares = []
    for a, b, _, _ in chosen:
        ia, ib = index_of[a.id], index_of[b.id]
        both = (rkeys[ia], rkeys[ib])
        share = old_shares.get(both)
        if share is None or changed is None or ib in changed or ia in changed:
            share = round(index.share_in(ib, ia), 4)
        shares[both] = share
        pair_shares.append(share)
        change = old_changes.get(both)
        if change is None:
            change = new_and_gone_terms(profiles[a.id].terms, profiles[b.id].terms)
        changes[both] = change
    counts: dict[str, tuple[int, ...]] = compared()
    old_counts = old_pairs.get("counts", {})
    pairs: list[ComparePair] = []
    chains: dict[str, list[ComparePair]] = {}
    for (a, b, kind, chain), key, share in zip(chosen, pair_keys, pair_shares, strict=True):
        comparison = None
        if key is None or (key not in counts and key not in old_counts):
            comparison = compare_reports(load(a), load(b))
            if key is not None:
                store.put("pairs", key, comparison)
            found = tuple(getattr(comparison, name) for name in COUNTS)
        else:
            found = counts.get(key) or old_counts[key]
        if key is not None:
            counts[key] = found
        pair = ComparePair(a, b, kind, compare_url(a, b), found, share, _comparison=comparison)
        if comparison is None:
            assert key is not None
            pair._load = StoredComparison(cache_dir, key, a, b)
        pairs.append(pair)
        chains.setdefault(chain, []).append(pair)
    results["pairs"] = {"counts": counts, "shares": shares, "changes": changes}
    for chain in chains.values():
        for x, y in pairwise(chain):
            x.next, y.prev = y, x
    browser = []
    if config.compare_same_year == "browser":
        browser = [
            ComparePair(a, b, kind, browser_compare_url(a, b), None, None)
            for a, b, kind, _ in same_year_pairs(site)
        ]
    pairs_of: dict[str, list[ComparePair]] = {}
    for pair in pairs + browser:  # as choose_pairs orders them: same-year pairs last
        pairs_of.setdefault(pair.a.id, []).append(pair)
        pairs_of.setdefault(pair.b.id, []).append(pair)

    if store.folder is not None:
        store.prune("profiles", {k for k in pkeys if k is not None})
        store.prune("pairs", set(counts))
        store.save({k: records[k] for k in pkeys if k is not None}, results)  # with the marks
    return TextAnalysis(
        profiles=TermsOf([sr.id for sr in reports], recs, vocab),  # without those made here
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
        term_changes={
            p.url: changes[(rkeys[index_of[p.a.id]], rkeys[index_of[p.b.id]])] for p in pairs
        },
        tokens={sr.id: rec.tokens for sr, rec in zip(reports, recs, strict=True)},
        browser_pairs=browser,
    )


# The analysis runs in a child process (analyse.isolate) when this many reports were
# processed this build: a first build of a large corpus, or a large part of it changed.
# Then its transient peak (reuse index, every report's term and sentence columns, the
# profiles made for keywords) is given back before rendering and search start their
# workers. An edit of a few reports stays here: its analysis takes most results from the
# store and peaks low (3,000 reports: 139 -> 247 MB), while handing the result back would
# cost about as much as that analysis (16 MB pickled: 1.3 CPU s against 1.7).
CHILD_MIN_PROCESSED = 500


def analyse_site_texts(
    site: Site, config: Config, cache_dir: Path | None, processed: int
) -> TextAnalysis:
    """analyse_texts for the build: in a child process when `processed` (reports parsed
    this build) reaches CHILD_MIN_PROCESSED and the system can fork, else here."""
    if processed < CHILD_MIN_PROCESSED:
        return analyse_texts(site, config, cache_dir=cache_dir)
    from govreport_site.analyse.isolate import in_child

    def work() -> TextAnalysis:
        return analyse_texts(site, config, cache_dir=cache_dir)

    # The result points at the plan's objects: the child sends them as references.
    shared = [site, *site.reports, *site.regions, *site.years]
    return in_child(work, shared)


def _norms(
    store: TextStore, pkeys: list[str | None], own: dict[int, Profile], make: Callable
) -> Callable[[int, int], str]:
    """norm(report, sentence): a sentence's normalised text, for a near-copy check not
    made before. Read from the report's full profile in the store (made again if it is
    not there); the last few are kept, as checks come in runs of one report."""
    recent: OrderedDict[int, Profile] = OrderedDict(own)

    def norm(r: int, s: int) -> str:
        profile = recent.get(r)
        if profile is None:
            key = pkeys[r]
            found = store.get("profiles", key) if key else None
            if not isinstance(found, Profile):
                found = make(r)
                if key:
                    store.put("profiles", key, found)
            profile = recent[r] = found
            if len(recent) > 64 + len(own):
                recent.popitem(last=False)
        return profile.sentences[s].norm

    return norm


@dataclass
class StoredComparison:
    """A pair's comparison read from the store, made again if it is not there. Plain data:
    it pickles (worker processes may get the site)."""

    folder: Path | None  # the cache folder
    key: str
    a: SiteReport
    b: SiteReport

    def __call__(self) -> Comparison:
        found = TextStore(self.folder, read=False).get("pairs", self.key)
        if isinstance(found, Comparison):
            return found
        return compare_reports(full_report(self.a, self.folder), full_report(self.b, self.folder))


def _first_places(rec: Record) -> set[tuple[int, int]]:
    """(sentence hash, anchor id of its first place) of a report's sentences."""
    keys, at = np.unique(rec.sentences.key, return_index=True)
    return set(zip(keys.tolist(), rec.sentences.anchor[at].tolist(), strict=True))


def _changed_reuse(
    old: dict,
    plan: str,
    index: ReuseIndex,
    near_now: set[tuple[int, int]],
    rkeys: list[str],
    recs: list[Record],
    old_records: dict[str, Record],
) -> set[int] | None:
    """The reports whose reuse figures may differ from the last build's, or None for all.

    A report's figures are a function of the plan (order, previous reports, regions,
    years: `plan`), the boilerplate limit, and, for each of its sentences, where the
    sentence and its near copies are (report and first anchor, which also fixes the order
    of the copies) and which its near copies are. So they can change only for reports
    that changed, and reports with a sentence whose places changed (a changed report's
    sentences it gained or lost, or whose first anchor moved), that is a near copy of one,
    or whose near copies changed, unless that sentence is boilerplate before and after
    (then it is only counted as such)."""
    if (
        not old
        or old.get("plan") != plan
        or old.get("limit") != index.boilerplate_limit
        or len(old.get("keys", ())) != len(rkeys)
    ):
        return None
    changed = {r for r, (k, was) in enumerate(zip(rkeys, old["keys"], strict=True)) if k != was}
    moved: set[int] = set()
    for r in changed:
        before = old_records.get(old["keys"][r])
        if before is None:
            return None
        moved |= {k for k, _ in _first_places(before) ^ _first_places(recs[r])}
    linked = {k for pair in near_now ^ old.get("near", set()) for k in pair}
    reached = moved | linked | index.near_of(moved)
    # A sentence that does not count, before and after, changes nothing where it is.
    was = old.get("boilerplate")
    if was is None:
        return None
    still = set(np.intersect1d(was, index.boilerplate_keys()).tolist())
    return changed | index.reports_with(reached - still)


def _term_pages(
    store: TextStore,
    recs: list[Record],
    reports: list[SiteReport],
    keywords: list[list[tuple[str, float]]],
    dictionary: frozenset[str],
    results: dict,
) -> list[TermInfo]:
    """kw.frequent_terms with each term's uses per report, from the Records' columns."""
    vocab = store.vocab.names
    width = len(vocab)
    ids = np.concatenate([r.term_ids for r in recs]) if recs else np.zeros(0, np.int32)
    counts = np.concatenate([r.counts for r in recs]) if recs else np.zeros(0, np.int32)
    report_of = np.repeat(np.arange(len(recs)), [len(r.term_ids) for r in recs])
    df = np.bincount(ids, minlength=width)
    total = np.bincount(ids, weights=counts, minlength=width).astype(np.int64)
    wanted = {t for top in keywords for t, _ in top} | dictionary
    known = store.vocab.ids
    found = np.array([known[t] for t in wanted if t in known], dtype=np.int64)
    found = found[(total[found] > 0) & (df[found] >= 2)]
    by_use = sorted(
        zip(found.tolist(), total[found].tolist(), strict=True), key=lambda x: (-x[1], vocab[x[0]])
    )
    ranked = [i for i, _ in by_use[: kw.TERM_PAGES]]
    # Each use of a ranked term, grouped by its rank, in report order within a group: a
    # stable sort of small integers (a radix sort in numpy).
    rank_of = np.full(width, len(ranked), dtype=np.int16 if len(ranked) < 2**15 else np.int64)
    rank_of[ranked] = np.arange(len(ranked))
    rank_col = rank_of[ids]
    chosen = np.flatnonzero(rank_col < len(ranked))
    order = chosen[np.argsort(rank_col[chosen], kind="stable")]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(rank_col[chosen], minlength=len(ranked)))])
    names = np.array([sr.id for sr in reports], dtype=object)[report_of[order]].tolist()
    uses_col = counts[order].tolist()
    totals = total.tolist()
    old_slugs = store.results("slugs")
    slugs: dict[str, str] = {}
    terms: list[TermInfo] = []
    used_slugs: set[str] = set()
    for i, start, end in zip(ranked, bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        term = vocab[i]
        base = old_slugs.get(term)
        if base is None:
            base = pinyin_slug(term) or "term"
        slugs[term] = slug = base
        k = 2
        while slug in used_slugs:
            slug, k = f"{base}-{k}", k + 1
        used_slugs.add(slug)
        uses = dict(zip(names[start:end], uses_col[start:end], strict=True))
        # Its uses in the whole corpus: the sum of `uses`, as a term is counted once a report.
        terms.append(TermInfo(term, slug, f"terms/{slug}.html", totals[i], uses))
    results["slugs"] = slugs
    return terms


def new_and_gone_terms(ta: dict[str, int], tb: dict[str, int], k: int = 15) -> tuple[list, list]:
    """Terms b uses that a does not (most used first), and the other way round."""
    new = sorted((t for t in tb if t not in ta), key=lambda t: (-tb[t], t))[:k]
    gone = sorted((t for t in ta if t not in tb), key=lambda t: (-ta[t], t))[:k]
    return new, gone


def _top_terms_of(
    group: list[int],
    ids: list[np.ndarray],
    rkeys: list[str],
    profiles: Mapping[str, Profile],
    old: dict,
    results: dict,
    name: str,
    k: int,
    width: int,
) -> list[list[tuple[str, float]]]:
    """kw.top_terms(kw.tfidf(..)) of each report of `group` (indexes) against the group's
    document frequencies. A report's result depends only on its terms, their document
    frequencies and the group's size: it is taken from the last build (`old`) unless
    one of those changed."""
    every = np.concatenate([ids[n] for n in group]) if group else np.zeros(0, np.int32)
    df = np.bincount(every, minlength=width)
    old_df = old.get("df")
    old_by = old.get("by", {})
    stale = [True] * len(group)  # the reports whose result is made again
    if old_df is not None and old.get("n") == len(group):
        grown = np.zeros(width, np.int64)
        grown[: min(width, len(old_df))] = old_df[:width]
        # A report is stale when one of its terms moved: counted over all the group's
        # term columns at once, not a numpy call per report.
        ends = np.cumsum([len(ids[n]) for n in group], dtype=np.int64)
        moved = np.concatenate([[0], np.cumsum(df[every] != grown[every])])
        stale = (moved[ends] - moved[ends - np.diff(ends, prepend=0)] > 0).tolist()
    by: dict[str, list[tuple[str, float]]] = {}
    out = []
    keys = list(profiles)
    for n, again in zip(group, stale, strict=True):
        found = old_by.get(rkeys[n])
        if found is None or again:
            profile = profiles[keys[n]]
            local = {t: int(df[i]) for t, i in zip(profile.terms, ids[n].tolist(), strict=True)}
            found = kw.top_terms(kw.tfidf(profile, local, len(group)), k)
        by[rkeys[n]] = found
        out.append(found)
    results[name] = {"n": len(group), "df": df, "by": by}
    return out
