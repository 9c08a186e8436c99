"""The search index after an edit: a build on top of the cache finds exactly what a
fresh build of the edited reports finds, and gives the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govreport_site.build import build
from govreport_site.cache import ReportCache
from govreport_site.config import load_config
from govreport_site.publish.search import index as index_module
from govreport_site.publish.search import store as store_module
from govreport_site.publish.search import write_search_index
from govreport_site.publish.search.query import SearchIndex
from govreport_site.render.plan import plan_site
from search_support import SAMPLES, load_site, paragraphs, truth

NEW_PHRASE = "增量索引独有短语甲乙丙"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def found(index: SearchIndex, query: str) -> set[tuple[str, str]]:
    out = set()
    for r in index.search(query):
        url, anchor, _ = index.paragraph(r.paragraph)
        out.add((url, anchor))
    return out


def unique_term(folder: Path, source: str) -> tuple[str, str]:
    """A phrase of the report `source` found in no other paragraph, and its URL."""
    site = load_site(folder)[0]
    paras = paragraphs(site)
    url = next(sr.url for sr in site.reports if Path(sr.report.source_file).name == source)
    for p in paras:
        if p.url != url or len(p.text) < 40:
            continue
        for start in range(0, len(p.text) - 12, 7):
            term = p.text[start : start + 12]
            if " " not in term and truth(paras, term) == {(p.url, p.anchor)}:
                return term, url
    raise AssertionError("no phrase of its own")


@pytest.fixture
def site(tmp_path):
    """A built site of the samples (cache filled) and its config."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLES, root / "reports")
    config, _ = load_config(root)
    build(config)
    return root, config


def fresh_build(tmp_path: Path, reports: Path) -> dict[str, bytes]:
    """search/ of a build of `reports` with no cache and no earlier output."""
    root = tmp_path / "fresh"
    shutil.copytree(reports, root / "reports")
    config, _ = load_config(root)
    build(config, use_cache=False)
    return files_of(config.out_dir / "search")


def test_an_edited_report_is_searched_by_its_new_text_only(site, tmp_path, monkeypatch):
    root, config = site
    source = sorted((root / "reports").glob("*.txt"))[2]
    old, url = unique_term(root / "reports", source.name)
    assert found(SearchIndex(config.out_dir / "search"), old) != set()
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(old, NEW_PHRASE, 1), encoding="utf-8")

    made = []  # reports whose share of the index was computed, not taken from the cache
    real = store_module.index_report
    monkeypatch.setattr(store_module, "index_report", lambda p: made.append(p) or real(p))
    build(config)
    index = SearchIndex(config.out_dir / "search")
    assert found(index, old) == set()
    hits = found(index, NEW_PHRASE)
    assert hits and {u for u, _ in hits} == {url}
    assert hits == truth(paragraphs(load_site(root / "reports")[0]), NEW_PHRASE)
    assert len(made) == 1  # only the edited report was indexed again
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path, root / "reports")


def test_a_removed_report_is_no_longer_found(site, tmp_path):
    root, config = site
    source = sorted((root / "reports").glob("*.txt"))[1]
    term, url = unique_term(root / "reports", source.name)
    assert {u for u, _ in found(SearchIndex(config.out_dir / "search"), term)} == {url}
    source.unlink()
    source.with_suffix(".yaml").unlink()
    build(config)
    index = SearchIndex(config.out_dir / "search")
    assert found(index, term) == set()
    assert index.meta["paragraphs"] == len(paragraphs(load_site(root / "reports")[0]))
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path, root / "reports")


def test_a_damaged_share_of_the_index_in_the_cache_is_made_again(tmp_path):
    site, config = load_site(SAMPLES)
    whole: dict[str, bytes] = {}
    write_search_index(site, whole.__setitem__)
    cache = ReportCache(tmp_path / "cache")
    planned = plan_site(
        [cache.put(f"key{n}", sr.report) for n, sr in enumerate(site.reports)], config
    )
    first: dict[str, bytes] = {}
    write_search_index(planned, first.__setitem__, cache=cache)
    stored = sorted((tmp_path / "cache" / "search").rglob("*.pickle"))
    assert len(stored) == 5
    stored[0].write_bytes(stored[0].read_bytes()[:100])  # cut short
    stored[1].write_bytes(b"")
    again: dict[str, bytes] = {}
    write_search_index(planned, again.__setitem__, cache=cache)
    assert first == whole and again == whole


@pytest.mark.parametrize("direct", [True, False])
def test_the_cached_shares_give_the_same_files_joined_directly_or_through_spills(
    monkeypatch, tmp_path, direct
):
    """A large corpus goes through spill files, a small one is joined in memory; with
    worker processes or without, from the cache or not, the files are the same."""
    site, config = load_site(SAMPLES)
    whole: dict[str, bytes] = {}
    write_search_index(site, whole.__setitem__, jobs=1)
    cache = ReportCache(tmp_path / "cache")
    planned = plan_site(
        [cache.put(f"key{n}", sr.report) for n, sr in enumerate(site.reports)], config
    )
    if not direct:
        monkeypatch.setattr(index_module, "DIRECT_MAX_CHARS", 0)
        monkeypatch.setattr(index_module, "BATCH", 5000)  # several spills
    # Worker processes; from the cache (nothing to index again), the join starts while
    # the texts are written.
    monkeypatch.setattr(index_module, "PARALLEL_MIN_CHARS", 1)
    for _ in range(2):  # indexed, then from the cache
        files: dict[str, bytes] = {}
        write_search_index(planned, files.__setitem__, jobs=2, cache=cache)
        assert files == whole
