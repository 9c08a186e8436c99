"""The text analysis run in a child process (analyse.isolate): the build gets the same
analysis, pointing at its own planned reports, and an error in the child stops the build
as it would in-process."""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import sys
import threading
from itertools import pairwise
from pathlib import Path

import pytest

import govreport_site.build as pipeline
import test_texts_incremental as inc
from govreport_site.analyse import isolate, texts
from govreport_site.build import build, load_reports, report_settings
from govreport_site.cache import ReportCache, content_hash
from govreport_site.config import Config, load_config
from govreport_site.ingest.discover import discover
from govreport_site.render.plan import plan_site
from test_build import site_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

real_can_fork = isolate.can_fork
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


def planned(root: Path, *caches: Path):
    """The planned site, its reports cached in each of `caches` (where an analysis with
    that cache folder reads them, as in a build)."""
    config = Config(root=root, reports_dir=root / "reports", out_dir=root / "_site")
    items, _ = discover(config.reports_dir)
    settings = report_settings(config)
    keys = [content_hash(i.path.read_bytes(), i, settings) for i in items]
    first = caches[0] if caches else root / "reports-cache"
    reports, _, _ = load_reports(items, keys, ReportCache(first), jobs=1)
    for other in caches[1:]:
        shutil.copytree(first / "reports", other / "reports")
    return plan_site(reports, config), config


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("child") / "site"
    make_corpus(root / "reports", 12)
    return root


@linux
def test_the_child_gives_the_analysis_made_in_process(corpus, tmp_path):
    site, config = planned(corpus, tmp_path / "here", tmp_path / "apart")
    here = texts.analyse_texts(site, config, cache_dir=tmp_path / "here")
    apart = texts.analyse_site_texts(site, config, tmp_path / "apart", processed=10**6)
    assert inc.plain(apart) == inc.plain(here)
    # It points at the plan's own reports and regions, not at copies.
    own = {id(sr) for sr in site.reports}
    assert all(id(sr) in own for sr in apart.reports)
    assert all(id(p.a) in own and id(p.b) in own for p in apart.pairs)
    assert all(p.a.region in site.regions for p in apart.pairs)
    assert all(p.next is None or p.next.prev is p for p in apart.pairs)
    # Again from the child's store: a pair's page reads its comparison from there.
    again = texts.analyse_site_texts(site, config, tmp_path / "apart", processed=10**6)
    assert inc.plain(again) == inc.plain(here)
    for pair in again.pairs:
        assert pair._comparison is None and pair._load.a is pair.a
        assert tuple(getattr(pair.comparison, n) for n in texts.COUNTS) == pair.counts


def chained(site, config=None, cache_dir=None) -> texts.TextAnalysis:
    """An analysis whose 5,000 pairs form one chain, as a province's regions in one year
    do in a large corpus."""
    reports = site.reports
    pairs = []
    for n in range(5000):
        a, b = reports[n % len(reports)], reports[(n + 1) % len(reports)]
        pairs.append(texts.ComparePair(a, b, "same-year", f"compare/{n}.html", (n,), 0.0))
    for x, y in pairwise(pairs):
        x.next, y.prev = y, x
    return texts.TextAnalysis({}, {}, {}, pairs, {}, {}, {}, [], {}, reports)


def assert_one_chain(pairs, reports) -> None:
    assert [p.counts for p in pairs] == [(n,) for n in range(5000)]
    assert pairs[0].prev is None and pairs[-1].next is None
    assert all(x.next is y and y.prev is x for x, y in pairwise(pairs))
    assert all(p.a.id == reports[n % len(reports)].id for n, p in enumerate(pairs))


@linux
def test_a_long_chain_of_pairs_comes_back_linked(corpus, tmp_path, monkeypatch):
    site, config = planned(corpus)
    monkeypatch.setattr(texts, "analyse_texts", chained)
    pairs = texts.analyse_site_texts(site, config, tmp_path, processed=10**6).pairs
    assert_one_chain(pairs, site.reports)
    assert all(p.a is site.reports[n % len(site.reports)] for n, p in enumerate(pairs))


def test_a_site_with_a_long_chain_of_pairs_pickles(corpus):
    """How render workers that are not forked receive the site (workers.py): pickle would
    recurse along the chain and stop at Python's recursion limit."""
    site, _ = planned(corpus)
    site.analysis = chained(site)
    copy = pickle.loads(pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))
    assert_one_chain(copy.analysis.pairs, site.reports)
    assert copy.analysis.pairs[7].a is copy.reports[7 % len(site.reports)]


@linux
def test_an_error_in_the_child_is_raised_as_in_process(corpus, tmp_path, monkeypatch):
    site, config = planned(corpus, tmp_path / "cache")

    def broken(site, same_year="pages"):
        raise ValueError(f"no pairs in process {os.getpid()}")

    monkeypatch.setattr(texts, "choose_pairs", broken)
    with pytest.raises(ValueError, match="no pairs in process") as raised:
        texts.analyse_site_texts(site, config, tmp_path / "cache", processed=10**6)
    assert f"process {os.getpid()}" not in str(raised.value)  # it did run in the child


@linux
def test_an_error_that_does_not_pickle_still_stops_the_build():
    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a} and {b}")

        def __reduce__(self):
            raise TypeError("not this one")

    def work():
        raise Odd("this", "that")

    with pytest.raises(RuntimeError, match="Odd: this and that"):
        isolate.in_child(work)


@linux
def test_a_child_that_dies_stops_the_build():
    def work():
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(RuntimeError, match="killed by signal 9"):
        isolate.in_child(work)


def test_with_another_thread_running_it_stays_in_process():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert isolate.in_child(os.getpid) == os.getpid()
    finally:
        stop.set()
        thread.join()


@linux
def test_alone_it_forks():
    assert isolate.in_child(os.getpid) != os.getpid()


def test_a_few_processed_reports_stay_in_process(corpus, tmp_path, monkeypatch):
    site, config = planned(corpus, tmp_path / "cache")
    monkeypatch.setattr(isolate, "in_child", lambda work, shared=(): pytest.fail("forked"))
    analysis = texts.analyse_site_texts(site, config, tmp_path / "cache", processed=1)
    assert len(analysis.reports) == len(site.reports)


@linux
def test_a_build_through_the_child_writes_the_site_of_one_process(corpus, tmp_path, monkeypatch):
    def site(name: str) -> Config:
        shutil.copytree(corpus / "reports", tmp_path / name / "reports")
        return load_config(tmp_path / name)[0]

    here = site("here")
    build(here, use_cache=False, jobs=2)
    # A first build forks once the reports are processed (by workers, whose pool must
    # be gone by then: a fork is refused while another thread runs).
    forks = []
    monkeypatch.setattr(texts, "CHILD_MIN_PROCESSED", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)
    monkeypatch.setattr(isolate, "can_fork", lambda: forks.append(real_can_fork()) or forks[-1])
    apart = site("apart")
    build(apart, jobs=2)
    assert forks == [True]
    assert site_files(apart.out_dir) == site_files(here.out_dir)
