"""segment() computed with rjieba gives exactly jieba's tokens, on real report text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from govreport_site.analyse import segment as seg

pytest.importorskip("rjieba")

ROOT = Path(__file__).resolve().parents[1]
ZHUMADIAN = (ROOT / ".." / "shared" / "corpus" / "zhumadian").resolve()


def lines(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        out += [ln.strip() for ln in text.splitlines() if ln.strip()]
    return out


def assert_same_as_jieba(paragraphs: list[str], extra: tuple[str, ...] = ()) -> None:
    assert seg._rjieba(extra) is not None  # the fast path is the one under test
    jieba_tokens = seg.tokenizer(extra)
    differ = [p for p in paragraphs if seg.segment(p, extra) != jieba_tokens.lcut(p)]
    assert differ == []


def test_sample_reports_segment_as_jieba_does():
    assert_same_as_jieba(lines(ROOT / "reports"))


def test_dates_codes_and_mixed_runs_segment_as_jieba_does():
    assert_same_as_jieba(
        [
            "2003-02-21在驻马店市第二届人民代表大会上，GDP增长6.5%，5G基站1,200个",
            "A级景区、PM2.5平均浓度下降12.3%，“十四五”期间",
            "电话0396-2345678，网址www.zhumadian.gov.cn，编号ZMD-2024-001号",
        ]
    )


def test_a_sites_own_terms_segment_as_jieba_does():
    extra = seg.clean_extra(["驿城区数字经济产业园", "天中英才计划"])
    text = "推进驿城区数字经济产业园建设，实施天中英才计划，引进人才2,000人"
    assert_same_as_jieba([text], extra)
    assert "天中英才计划" in seg.segment(text, extra)


def test_zhumadian_reports_segment_as_jieba_does():
    if not ZHUMADIAN.is_dir():
        pytest.skip("shared zhumadian corpus not present")
    assert_same_as_jieba(lines(ZHUMADIAN))


def test_a_reports_token_counts_are_those_of_its_paragraphs_segments():
    paragraphs = lines(ROOT / "reports")[:400]
    paragraphs += ["", "电话0396-2345678，", "末尾有空格 ", "\r回车", "2003-02-21，GDP增长6.5%"]
    for extra in ((), seg.clean_extra(["天中英才计划"])):
        each = Counter(token for p in paragraphs for token in seg.segment(p, extra))
        assert seg.token_counts(paragraphs, extra) == each
    with_newline = ["第一段\n第二段", "第三段"]
    each = Counter(token for p in with_newline for token in seg.segment(p))
    assert seg.token_counts(with_newline) == each
