"""The search index: exact substring results on real report text, filters, ranking, the
file layout the page reads, and a build that is deterministic and bounded.

SearchIndex (publish/search/query.py) is the Python twin of static/search.js; here it is
held to the substring truth. tests/test_search_browser.py holds the page to the same truth.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_site.cache import ReportCache
from govreport_site.config import Config
from govreport_site.model import Metadata, Paragraph, Part, Report
from govreport_site.publish.search import (
    folder_sink,
    search_doc,
    write_search_index,
)
from govreport_site.publish.search import index as index_module
from govreport_site.publish.search import postings as postings_module
from govreport_site.publish.search.catalog import result_order
from govreport_site.publish.search.fold import fold_codes, query_terms, search_fold
from govreport_site.publish.search.index import GAP
from govreport_site.publish.search.postings import (
    decode_paragraphs,
    decode_positional,
    encode_paragraphs,
    encode_positional,
    gram_hash,
    gram_hash_array,
    parse_shard,
    varint_decode,
    varint_encode,
)
from govreport_site.publish.search.query import SearchIndex, cover_offsets
from govreport_site.render.plan import plan_site
from search_support import (
    SAMPLES,
    ZHUMADIAN,
    load_site,
    paragraphs,
    sample_terms,
    truth,
    write_report_texts,
)

FIXED_TERMS = ["营商环境", "规上工业", "煤矿", "5G", "12345", "GDP", "ＧＤＰ", "%", "“", "。"]


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return built(SAMPLES, tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="module")
def zhumadian(tmp_path_factory):
    if not ZHUMADIAN.is_dir():
        pytest.skip("../shared/corpus/zhumadian is not here")
    return built(ZHUMADIAN, tmp_path_factory.mktemp("zhumadian"))


def built(folder: Path, out: Path) -> tuple:
    """(site, paragraphs, SearchIndex) for a folder of reports: the index in out/search,
    the reports' texts it shows results from in out/data."""
    site, _ = load_site(folder)
    write_search_index(site, folder_sink(out / "search"))
    write_report_texts(site, out)
    return site, paragraphs(site), SearchIndex(out / "search")


def results(index: SearchIndex, query: str, **filters) -> list[tuple[str, str]]:
    found = []
    for r in index.search(query, **filters):
        url, anchor, _ = index.paragraph(r.paragraph)
        found.append((url, anchor))
    return found


def check_terms(index: SearchIndex, paras, terms: list[str]) -> None:
    for term in terms:
        got = results(index, term)
        assert len(got) == len(set(got)), term
        assert set(got) == truth(paras, term), f"{term!r}"


# ---- folding -------------------------------------------------------------------------


def test_fold_of_arrays_is_the_fold_of_text_for_every_bmp_character():
    text = "".join(chr(c) for c in range(1, 0x10000) if not 0xD800 <= c < 0xE000)
    text += "𠮷𪚥\U0001f600"
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    folded = fold_codes(codes).tobytes().decode("utf-32-le")
    assert folded == search_fold(text)
    assert len(search_fold(text)) == len(text)


def test_query_words_fold_width_case_and_spaces():
    assert query_terms("ＧＤＰ　增长 gdp  增长") == ["gdp", "增长"]
    assert query_terms("  \t\u3000 ") == []
    assert search_fold("５Ｇ基站") == "5g基站"


# ---- postings ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**63), max_size=200))
def test_varints_round_trip(values):
    data, starts = varint_encode(np.array(values, dtype=np.uint64))
    assert varint_decode(data.tobytes()) == values
    for start, value in zip(starts.tolist(), values, strict=True):
        assert varint_decode(data.tobytes(), start)[0] == value


def test_varints_in_blocks_are_the_same_bytes(monkeypatch):
    values = (np.arange(5000, dtype=np.uint64) * np.uint64(40503)) % np.uint64(1 << 35)
    whole = varint_encode(values)
    monkeypatch.setattr(postings_module, "VARINT_BLOCK", 7)
    blocks = varint_encode(values)
    assert whole[0].tobytes() == blocks[0].tobytes()
    assert whole[1].tolist() == blocks[1].tolist()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3000), st.integers(0, 400)), max_size=300)
)
def test_positional_postings_round_trip(entries):
    entries = sorted(set(entries))
    keys = np.array([e[0] for e in entries], dtype=np.uint64)
    paras = np.array([e[1] for e in entries], dtype=np.uint64)
    pos = np.array([e[2] for e in entries], dtype=np.uint64)
    grams, bodies = encode_positional(keys, paras, pos)
    decoded = {int(g): decode_positional(b) for g, b in zip(grams, bodies, strict=True)}
    expected: dict[int, list] = {}
    for k, p, q in entries:
        expected.setdefault(k, []).append((p, q))
    assert decoded == expected

    pairs = sorted({(k, p) for k, p, _ in entries})
    grams, bodies = encode_paragraphs(
        np.array([k for k, _ in pairs], np.uint64), np.array([p for _, p in pairs], np.uint64)
    )
    got = {int(g): decode_paragraphs(b) for g, b in zip(grams, bodies, strict=True)}
    assert got == {k: [p for kk, p in pairs if kk == k] for k in {k for k, _ in pairs}}


def test_hash_of_arrays_matches_the_scalar_hash():
    rng = np.random.default_rng(1)
    c1 = rng.integers(0, 0x110000, 1000).astype(np.uint32)
    c2 = rng.integers(0, 0x110000, 1000).astype(np.uint32)
    got = gram_hash_array(c1, c2).tolist()
    assert got == [gram_hash(a, b) for a, b in zip(c1.tolist(), c2.tolist(), strict=True)]


def test_cover_offsets_cover_every_character():
    for n in range(2, 30):
        offsets = cover_offsets(n)
        assert offsets[0] == 0 and offsets[-1] == n - 2
        assert {i for k in offsets for i in (k, k + 1)} == set(range(n))


# ---- exact results on real reports ----------------------------------------------------


def test_samples_every_containing_paragraph_and_nothing_else(samples):
    _, paras, index = samples
    terms = sample_terms(paras, 300, seed=11) + FIXED_TERMS
    assert any(t.isascii() and any(c.isdigit() for c in t) for t in terms)
    assert {len(t) for t in terms} >= set(range(1, 21))
    check_terms(index, paras, terms)
    # The check has teeth: common and rare terms, hits in several reports.
    assert len(results(index, "营商环境")) >= 5
    assert len({u for u, _ in results(index, "营商环境")}) >= 3


def test_zhumadian_every_containing_paragraph_and_nothing_else(zhumadian):
    _, paras, index = zhumadian
    terms = sample_terms(paras, 200, seed=3) + FIXED_TERMS + ["驻马店", "粮食", "高质量发展"]
    check_terms(index, paras, terms)
    assert len({u for u, _ in results(index, "驻马店")}) >= 20


def test_several_words_mean_all_of_them(samples):
    _, paras, index = samples
    both = set(results(index, "营商环境 改革"))
    assert both == truth(paras, "营商环境 改革")
    assert both and both < set(results(index, "营商环境"))
    assert results(index, "营商环境 这个词不在任何报告里") == []


def test_a_term_split_across_paragraphs_or_spaces_is_not_found(samples):
    _, paras, index = samples
    last = paras[0].text[-2:]
    first = paras[1].text[:2]
    joined = last + first
    assert set(results(index, joined)) == truth(paras, joined)


def test_filters_narrow_to_exactly_the_matching_paragraphs(samples):
    site, paras, index = samples
    term = "发展"
    every = truth(paras, term)
    areas = {a["id"]: tuple(a["names"]) for a in index.meta["areas"]}
    assert {"heilongjiang", "heilongjiang-shuangyashan"} <= set(areas)
    for area_id, names in areas.items():
        got = set(results(index, term, region=area_id))
        assert got == truth(paras, term, region=names), area_id
    shuangyashan = set(results(index, term, region="heilongjiang-shuangyashan"))
    assert shuangyashan and shuangyashan < set(results(index, term, region="heilongjiang"))
    for year in (2021, 2023, 2024):
        assert set(results(index, term, year=year)) == truth(paras, term, year=year)
    for kind in ("review", "targets", "plan", "outlook", "other"):
        assert set(results(index, term, kind=kind)) == truth(paras, term, kind=kind)
    assert len(set(results(index, "增长", kind="targets"))) >= 4  # one targets passage each
    union = set().union(*(truth(paras, term, year=y.year) for y in site.years))
    assert union == every
    assert results(index, term, region="no-such-region") == []


def test_headings_and_targets_first_then_newest_year_first(samples):
    _, paras, index = samples
    by_key = {(p.url, p.anchor): p for p in paras}
    found = [by_key[k] for k in results(index, "发展")]
    boosted = [p.cls in index.meta["class_chars"][8:] for p in found]
    assert any(boosted) and not all(boosted)
    assert boosted == sorted(boosted, reverse=True)  # all boosted ones come first
    for group in (found[: sum(boosted)], found[sum(boosted) :]):
        years = [p.year for p in group]
        assert years == sorted(years, reverse=True)


# ---- files and build -----------------------------------------------------------------


def test_one_query_reads_only_a_few_small_files(samples):
    index = SearchIndex(samples[2].folder)  # nothing read yet
    index.search("营商环境")
    assert 1 <= len(index.fetched) <= 4
    assert all(name.startswith(("b/", "u/")) for name in index.fetched)


def test_the_index_holds_no_text_of_its_own(samples):
    """The excerpts come from data/reports/<id>.json: no second copy of the text."""
    folder = samples[2].folder
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert "meta.json" in names
    assert {n.split("/")[0] for n in names - {"meta.json"}} == {"b", "u"}
    assert index_module.FORMAT == samples[2].meta["format"] == 5


def test_postings_are_stored_gzip_compressed(samples):
    """Every b/ and u/ file is gzip (servers send .bin as it is), and inflated it is a
    shard the reader parses: the page (static/fetch-data.js) reads it the same way."""
    folder = samples[2].folder
    files = list(folder.rglob("*.bin"))
    assert len(files) > 100
    raw = stored = 0
    for path in files:
        data = path.read_bytes()
        assert data[:2] == b"\x1f\x8b", path
        plain = gzip.decompress(data)
        raw, stored = raw + len(plain), stored + len(data)
        if "/x/" not in path.as_posix():
            parse_shard(plain, 2 if path.parent.name == "b" else 1)
    assert stored < 0.9 * raw  # 0.83 here, 0.66 on 1000 synthetic reports


def test_files_are_the_same_whatever_the_batch_and_the_workers(monkeypatch, tmp_path):
    site, _ = load_site(SAMPLES)
    first: dict[str, bytes] = {}
    write_search_index(site, first.__setitem__, jobs=1)
    again: dict[str, bytes] = {}
    write_search_index(site, again.__setitem__, jobs=1)
    assert again == first  # deterministic
    monkeypatch.setattr(index_module, "BATCH", 5000)  # many small flushes
    monkeypatch.setattr(index_module, "PARALLEL_MIN_CHARS", 0)  # worker processes
    folder = tmp_path / "idx"
    write_search_index(site, folder_sink(folder), jobs=2)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.relative_to(folder).as_posix(): p.read_bytes() for p in files} == first


def test_workers_loading_reports_from_the_build_cache_give_the_same_files(monkeypatch, tmp_path):
    site, config = load_site(SAMPLES)
    whole: dict[str, bytes] = {}
    write_search_index(site, whole.__setitem__)
    cache = ReportCache(tmp_path / "cache")
    summaries = [cache.put(f"key{n}", sr.report) for n, sr in enumerate(site.reports)]
    planned = plan_site(summaries, config)  # summaries only: text comes from the cache
    monkeypatch.setattr(index_module, "PARALLEL_MIN_CHARS", 0)
    from_cache: dict[str, bytes] = {}
    stats = write_search_index(planned, from_cache.__setitem__, jobs=2, cache=cache)
    assert from_cache == whole
    assert stats.reports == 5 and stats.paragraphs == len(paragraphs(site))


def test_reports_can_be_streamed_one_at_a_time():
    site, _ = load_site(SAMPLES)
    whole: dict[str, bytes] = {}
    write_search_index(site, whole.__setitem__)
    handed: list[str] = []

    def one_by_one():
        for sr in result_order(site):
            handed.append(sr.id)
            yield sr.report

    streamed: dict[str, bytes] = {}
    write_search_index(site, streamed.__setitem__, reports=one_by_one())
    assert streamed == whole and len(handed) == len(site.reports)


def test_meta_and_report_texts_describe_every_paragraph(samples):
    _, paras, index = samples
    meta = index.meta
    assert meta["paragraphs"] == len(paras) == sum(meta["reports"]["paragraphs"])
    ids = index.ids()
    assert len(ids) == len(paras)
    # One class per paragraph id; the ids at the end of a report's block are gaps.
    assert [c for c in meta["classes"] if c != GAP] == [p.cls for p in paras]
    assert [meta["classes"][i] for i in ids] == [p.cls for p in paras]
    # Every paragraph, of every report and part (the title block too), is shown from its
    # report's data/reports/<id>.json with its own text, report and anchor.
    got = [index.paragraph(i) for i in ids]
    assert got == [(p.url, p.anchor, p.text) for p in paras]
    assert any(p.anchor.startswith("title-") for p in paras)
    # Each report's text is read once, however many of its paragraphs are shown.
    texts = [name for name in index.fetched if name.endswith(".json.gz")]
    expected = {meta["texts"] + i + ".json.gz" for i in meta["reports"]["id"]}
    assert sorted(texts) == sorted(expected)
    assert meta["years"] == sorted({p.year for p in paras}, reverse=True)


HOSTILE = [
    "<script>alert(1)</script>营商环境</p><img src=x onerror=alert(2)>",
    "含\x00零字符与\u200b零宽空格、ＡＢＣ全角和ｇｄｐ",
    "生僻字𠮷𪚥出现在地名中，𠮷𪚥镇",
    "很长的段落" * 4000,
    "  前后有空格  ",
]


def test_hostile_and_unusual_text_is_indexed_exactly(tmp_path):
    paragraphs_ = [Paragraph(f"plan-p{i + 1}", t) for i, t in enumerate(HOSTILE)]
    report = Report(
        "x/hostile.txt",
        "utf-8",
        Metadata(region=["某省", "某市"], year=2024),
        parts=[Part("plan", "", "plan", paragraphs_)],
    )
    site = plan_site([report], Config(root=tmp_path))
    write_search_index(site, folder_sink(tmp_path / "search"))
    write_report_texts(site, tmp_path)
    index = SearchIndex(tmp_path / "search")
    paras = paragraphs(site)
    for term in [
        "<script>",
        "营商环境",
        "abc",
        "ＧＤＰ",
        "𠮷",
        "𠮷𪚥镇",
        "段落很长的段",
        "前后",
        "\u200b零宽",
        "alert(2)>",
    ]:
        assert set(results(index, term)) == truth(paras, term), term
    assert results(index, "零字符与") and results(index, "𪚥")


def test_a_doc_without_text_is_fine(tmp_path):
    empty = Report("e.txt", "utf-8", Metadata(region=["某省"], year=2020), parts=[])
    sink: dict[str, bytes] = {}
    site = plan_site([empty], Config(root=tmp_path))
    stats = write_search_index(site, sink.__setitem__)
    assert stats.paragraphs == 0 and "meta.json" in sink
    assert search_doc(empty, "reports/e.html", 0).paragraphs == []
