"""The segmenter's data derived from jieba's dictionary, kept on disk between processes:
same tokens and noun judgements from a filled cache, an empty one, a damaged one, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_site.analyse import segment as seg

pytest.importorskip("rjieba")

TEXTS = [
    "优化营商环境，2023年GDP增长6.5%，5G基站1,200个，AT&T与C++，编号ZMD-2024-001号",
    "推进驿城区数字经济产业园建设，电话0396-2345678，网址www.zhumadian.gov.cn",
    "A级景区、PM2.5平均浓度下降12.3%，2003-02-21 c#  x86_64",
]
EXTRA = seg.clean_extra(["驿城区数字经济产业园"])
WORDS = ["经济", "营商环境", "消费", "保证", "坚定不移", "驻马店", "更多地", "AT&T"]


def results() -> tuple:
    return (
        [seg.segment(t) for t in TEXTS],
        [seg.segment(t, EXTRA) for t in TEXTS],
        [seg.noun_like(w) for w in WORDS],
    )


def reference() -> tuple:
    """What jieba's full tokenizer and its dictionary file say."""
    nouns = set(seg._read_nouns())
    return (
        [seg.tokenizer().lcut(t) for t in TEXTS],
        [seg.tokenizer(EXTRA).lcut(t) for t in TEXTS],
        [w in nouns for w in WORDS],
    )


def fresh_process(monkeypatch, folder: Path) -> None:
    """As a new process would start: nothing derived in memory, the cache at `folder`."""
    monkeypatch.setenv("GOVREPORT_SEGMENT_CACHE", str(folder))
    for cached in (seg._nouns, seg._policy, seg._rjieba, seg._not_han_tokenizer, seg._jieba_cut):
        cached.cache_clear()


def test_a_filled_cache_gives_jiebas_results_without_its_full_dictionary(monkeypatch, tmp_path):
    want = reference()
    fresh_process(monkeypatch, tmp_path)
    assert results() == want  # fills the cache
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == [
        "nouns",
        "policy",
        "policy",
    ]
    fresh_process(monkeypatch, tmp_path)

    def no_full_tokenizer(*args):
        raise AssertionError("jieba's full dictionary loaded")

    monkeypatch.setattr(seg, "tokenizer", no_full_tokenizer)
    monkeypatch.setattr(seg, "_read_nouns", no_full_tokenizer)
    assert results() == want


def test_without_a_writable_cache_folder_results_are_the_same(monkeypatch, tmp_path):
    want = reference()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    fresh_process(monkeypatch, blocker / "cache")
    assert results() == want
    assert blocker.read_text() == "not a folder"


def test_damaged_or_foreign_cache_files_are_recomputed(monkeypatch, tmp_path):
    want = reference()
    fresh_process(monkeypatch, tmp_path)
    results()
    files = sorted(tmp_path.iterdir())
    files[0].write_text("{not json")
    files[1].write_text('{"key": {"format": 0}, "value": {"add": []}}')
    files[2].write_text('["a list"]')
    fresh_process(monkeypatch, tmp_path)
    assert results() == want
    fresh_process(monkeypatch, tmp_path)  # rewritten whole
    monkeypatch.setattr(seg, "tokenizer", None)
    assert results() == want


def test_runs_without_chinese_cut_as_the_full_tokenizer_does():
    runs = ["AT&T", "C++", "c#", "2003-02-21", "x86_64", "PM2.5", "12.3%", "A.B.C", "ATM"]
    for words in ((), EXTRA):
        small = seg._not_han_tokenizer(words)
        assert [small.lcut(r) for r in runs] == [seg.tokenizer(words).lcut(r) for r in runs]
