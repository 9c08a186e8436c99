"""The text analysis of a build that starts from the last build's results (keywords,
trends, reuse, pairs, term pages) equals the analysis of the same corpus from nothing."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

from govreport_site.analyse import keywords as kw
from govreport_site.analyse import texts
from govreport_site.analyse.reuse import Sentences
from govreport_site.analyse.segment import dictionary_words
from govreport_site.analyse.texts import Record, TextAnalysis, TextStore, analyse_texts
from govreport_site.build import load_reports, report_settings
from govreport_site.cache import ReportCache, content_hash
from govreport_site.config import Config
from govreport_site.ingest.discover import discover
from govreport_site.render.plan import plan_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402


def analyse(root: Path, cache_dir: Path, jobs: int = 1) -> TextAnalysis:
    config = Config(root=root, reports_dir=root / "reports", out_dir=root / "_site")
    items, _ = discover(config.reports_dir)
    settings = report_settings(config)
    keys = [content_hash(i.path.read_bytes(), i, settings) for i in items]
    # The reports are cached where the analysis reads them, as in a build.
    cache = ReportCache(cache_dir)
    reports, _, _ = load_reports(items, keys, cache, jobs=1)
    site = plan_site(reports, config)
    return analyse_texts(site, config, cache_dir=cache_dir, jobs=jobs)


def plain(a: TextAnalysis) -> dict:
    """Everything the pages and exports take from the analysis."""
    return {
        "keywords": a.keywords,
        "reuse": {k: (asdict(r), r.previous, r.corpus) for k, r in a.reuse.items()},
        "pairs": [
            (p.url, p.kind, p.reuse, p.comparison.counts, p.prev and p.prev.url)
            + tuple(p.share(n) for n in ("kept", "changed", "new", "dropped"))
            for p in a.pairs
        ],
        "trends": {k: asdict(t) for k, t in a.trends.items()},
        "distinctive": a.distinctive,
        "terms": [(t.term, t.url, t.total, t.reports) for t in a.terms],
        "term_changes": a.term_changes,
        "tokens": a.tokens,
    }


def test_the_workers_give_the_analysis_made_in_one_process(tmp_path, monkeypatch):
    """Profiles and comparisons made by worker processes, started together and collected
    while this process does the rest, give the analysis made here alone."""
    make_corpus(tmp_path / "reports", 12)
    alone = plain(analyse(tmp_path, tmp_path / "alone"))
    assert len(alone["keywords"]["moni-fengjian-yunlong-2020"]) == kw.TOP_KEYWORDS

    def not_here(*_):
        raise AssertionError("made in the main process, not by a worker")

    # The workers (fresh processes) find the reports in the cache the store is in.
    monkeypatch.setattr(texts, "PARALLEL_MIN", 1)
    monkeypatch.setattr(texts, "profile_report", not_here)
    monkeypatch.setattr(texts, "compare_reports", not_here)
    by_workers = analyse(tmp_path, tmp_path / "workers", jobs=2)
    assert len(by_workers.pairs) > 12
    for pair in by_workers.pairs:  # each comparison was stored by its worker
        assert pair._comparison is None and pair.comparison.b_chars > 0
    assert plain(by_workers) == alone


def test_an_edited_corpus_gives_the_analysis_of_a_fresh_one(tmp_path):
    root = tmp_path / "site"
    make_corpus(root / "reports", 20)
    before = plain(analyse(root, tmp_path / "cache"))
    files = sorted((root / "reports").rglob("*.txt"))
    # One report takes over a paragraph of another (new reuse, near copies, and a sentence
    # found in more reports); another loses half of its text (sentences gone).
    donor = files[3].read_text(encoding="utf-8").split("\n")
    taker = files[12].read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(len(taker) // 2, len(taker)) if len(taker[i]) > 60)
    taker[at] += "".join(line for line in donor if len(line) > 60)[:300] + "这是新增的一句话。"
    files[12].write_text("\n".join(taker), encoding="utf-8")
    cut = files[7].read_text(encoding="utf-8").split("\n")
    files[7].write_text("\n".join(cut[: len(cut) // 2]), encoding="utf-8")

    again = plain(analyse(root, tmp_path / "cache"))
    fresh = plain(analyse(root, tmp_path / "fresh-cache"))
    assert again == fresh
    assert again["reuse"] != before["reuse"] and again["keywords"] != before["keywords"]


def record(seed: int, terms: int, sentences: int) -> Record:
    rng = np.random.default_rng(seed)
    cols = Sentences(
        key=rng.integers(0, 2**63, sentences, dtype=np.uint64),
        anchor=rng.integers(0, 50, sentences, dtype=np.int32),
        start=rng.integers(0, 500, sentences, dtype=np.int32),
        end=rng.integers(0, 500, sentences, dtype=np.int32),
        formulaic=rng.random(sentences) < 0.5,
        sketch=None,
    )
    ids = rng.integers(0, 100, terms, dtype=np.int32)
    counts = rng.integers(1, 9, terms, dtype=np.int32)
    return Record(ids, counts, seed * 10, cols)


def assert_same_records(found: dict[str, Record], saved: dict[str, Record]) -> None:
    assert list(found) == list(saved)
    for key, rec in saved.items():
        back = found[key]
        assert back.tokens == rec.tokens
        for x, y in [(back.term_ids, rec.term_ids), (back.counts, rec.counts)] + [
            (getattr(back.sentences, n), getattr(rec.sentences, n))
            for n in ("key", "anchor", "start", "end", "formulaic")
        ]:
            assert x.dtype == y.dtype and x.tolist() == y.tolist()


def test_the_store_gives_back_the_records_it_saved(tmp_path):
    """The store saves all Records as a few long columns: each comes back with its own
    arrays (values and types), its token count and under its key, an empty one too."""
    saved = {"b": record(1, 7, 5), "a": record(2, 0, 0), "c": record(3, 3, 9)}
    TextStore(tmp_path).save(saved, {})
    assert_same_records(TextStore(tmp_path).records, saved)


def test_an_edit_writes_only_its_new_records(tmp_path):
    """After an edit the store keeps its base of Records and saves only the new ones
    beside it; the Records read back are the edited build's. Once most of the base is
    out of date, a new base replaces it."""
    folder = tmp_path / "texts"
    first = {f"k{n}": record(n, 3, 4) for n in range(30)}
    TextStore(tmp_path).save(first, {})
    (base,) = folder.glob("records-*.pickle")
    stamp = base.stat().st_mtime_ns
    edited = {("k5b" if k == "k5" else k): rec for k, rec in first.items()}
    edited["k5b"] = record(99, 2, 2)
    TextStore(tmp_path).save(edited, {})
    assert list(folder.glob("records-*.pickle")) == [base]
    assert base.stat().st_mtime_ns == stamp
    assert_same_records(TextStore(tmp_path).records, edited)
    again = {**edited, "k30": record(98, 1, 1)}  # a second edit on the same base
    TextStore(tmp_path).save(again, {})
    assert_same_records(TextStore(tmp_path).records, again)

    other = {f"m{n}": record(100 + n, 2, 3) for n in range(30)}
    TextStore(tmp_path).save(other, {})
    (new_base,) = folder.glob("records-*.pickle")
    assert new_base != base
    assert_same_records(TextStore(tmp_path).records, other)


def test_the_store_deletes_unused_files_once_they_outnumber_the_used(tmp_path):
    store = TextStore(tmp_path)
    for key in ("aa1", "ab2", "bc3"):
        store.put("pairs", key, key)
    store.prune("pairs", {"aa1", "ab2"})  # one unused, two used: all kept
    assert all(store.has("pairs", k) for k in ("aa1", "ab2", "bc3"))
    store.prune("pairs", {"aa1"})
    assert store.get("pairs", "aa1") == "aa1"
    assert not store.has("pairs", "ab2") and not store.has("pairs", "bc3")


def test_unused_files_of_earlier_builds_are_deleted_once_they_outnumber_the_used(tmp_path):
    """Each build uses some keys and writes their files: a file no build uses any more is
    deleted once such files outnumber the used ones, however many builds ago it was used."""
    builds = [{"a", "b", "c"}, {"a", "b", "d"}, {"a", "e", "f"}, {"a", "g"}]
    for used in builds:
        store = TextStore(tmp_path)
        for key in sorted(used):
            if not store.has("pairs", key):
                store.put("pairs", key, key)
        store.prune("pairs", used)
        store.save({}, {})
        kept = {k for k in "abcdefg" if store.has("pairs", k)}
        if used == {"a", "e", "f"}:  # b, c, d unused: not more than the used
            assert kept == set("abcdef")
    assert kept == {"a", "g"}


def test_term_pages_are_the_frequent_terms_with_their_uses(tmp_path, monkeypatch):
    """The term pages, worked out on the store's columns, are kw.frequent_terms of the
    profiles (most used first, ties by term), each with its uses per report in report
    order; few enough pages that the limit cuts the list."""
    monkeypatch.setattr(kw, "TERM_PAGES", 5)
    root = tmp_path / "site"
    make_corpus(root / "reports", 12)
    a = analyse(root, tmp_path / "cache")
    profiles = [a.profiles[sr.id] for sr in a.reports]
    every = kw.frequent_terms(
        profiles,
        kw.document_frequency(profiles),
        [a.keywords[sr.id] for sr in a.reports],
        set(dictionary_words()),
        limit=10**6,
    )
    assert len(every) > 5
    assert [t.term for t in a.terms] == every[:5]
    for t in a.terms:
        uses = {
            sr.id: p.terms[t.term]
            for sr, p in zip(a.reports, profiles, strict=True)
            if t.term in p.terms
        }
        assert list(t.reports.items()) == list(uses.items()) and t.total == sum(uses.values())
