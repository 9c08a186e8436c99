"""Targets and actuals of the five sample reports, read by hand from their passages."""

from __future__ import annotations

import pytest

from targets_support import entry, sample

G, L, Q = "growth", "level", "qualitative"


def test_000_eight_targets() -> None:
    # 今年经济社会发展的主要预期目标是：地区生产总值增长6%，农林牧渔业总产值增长5%，规模以上工业
    # 增加值增长20%以上，社会消费品零售总额增长6.5%，固定资产投资增长10%左右，外贸进出口总值增长
    # 10%，财政一般公共预算收入增长38%左右，城乡居民人均可支配收入增长与经济增长基本同步。
    report = sample("000")
    assert report.targets_status == "stated"
    assert [entry(t) for t in report.targets] == [
        ("地区生产总值", "gdp", G, 6, 6, "%", ""),
        ("农林牧渔业总产值", "farm-output", G, 5, 5, "%", ""),
        ("规模以上工业增加值", "industrial-value-added", G, 20, 20, "%", "以上"),
        ("社会消费品零售总额", "retail-sales", G, 6.5, 6.5, "%", ""),
        ("固定资产投资", "fixed-asset-investment", G, 10, 10, "%", "左右"),
        ("外贸进出口总值", "foreign-trade", G, 10, 10, "%", ""),
        ("财政一般公共预算收入", "general-budget-revenue", G, 38, 38, "%", "左右"),
        ("城乡居民人均可支配收入", "resident-income", Q, None, None, "", ""),
    ]
    last = report.targets[-1]
    assert last.text == "城乡居民人均可支配收入增长与经济增长基本同步"
    assert last.anchor == report.targets_anchor
    passage = report.targets_passage.text
    for t in report.targets:  # the exact phrase, where it is in the paragraph
        assert passage[t.start : t.end] == t.text


def test_001_eight_targets_with_older_names() -> None:
    report = sample("001")
    got = [entry(t) for t in report.targets]
    assert got == [
        ("地区生产总值", "gdp", G, 6, 6, "%", ""),
        ("农林牧渔总产值", "farm-output", G, 6, 6, "%", ""),
        ("规模以上工业增加值", "industrial-value-added", G, 20, 20, "%", ""),
        ("固定资产投资", "fixed-asset-investment", G, 10, 10, "%", ""),
        ("外贸进出口总额", "foreign-trade", G, 15, 15, "%", ""),
        ("财政一般预算收入", "general-budget-revenue", G, 10, 10, "%", ""),
        ("社会消费品零售总额", "retail-sales", G, 5, 5, "%", ""),
        ("城乡居民收入", "resident-income", Q, None, None, "", ""),
    ]


def test_002_one_phrase_two_entries() -> None:
    # 区级地方财政收入增速不低于全区平均水平；社会消费品零售总额力争完成73亿元，同比增幅5%；
    # 固定资产投资力争完成10亿元。
    report = sample("002")
    assert [entry(t) for t in report.targets] == [
        ("区级地方财政收入", "fiscal-revenue", Q, None, None, "", "不低于"),
        ("社会消费品零售总额", "retail-sales", L, 73, 73, "亿元", "力争"),
        ("社会消费品零售总额", "retail-sales", G, 5, 5, "%", ""),
        ("固定资产投资", "fixed-asset-investment", L, 10, 10, "亿元", "力争"),
    ]
    texts = [t.text for t in report.targets[1:3]]
    assert texts == ["社会消费品零售总额力争完成73亿元", "同比增幅5%"]


def test_003_seven_targets() -> None:
    report = sample("003")
    assert [entry(t) for t in report.targets] == [
        ("地区生产总值", "gdp", G, 6, 6, "%", ""),
        ("固定资产投资", "fixed-asset-investment", G, 10, 10, "%", ""),
        ("一般公共预算收入", "general-budget-revenue", G, 18, 18, "%", ""),
        ("规模以上工业增加值", "industrial-value-added", G, 10, 10, "%", ""),
        ("社会消费品零售总额", "retail-sales", G, 7, 7, "%", ""),
        ("进出口总额", "foreign-trade", G, 10, 10, "%", ""),
        ("城乡居民收入", "resident-income", Q, None, None, "", ""),
    ]


def test_004_four_targets_and_not_the_sentence_after() -> None:
    # …社会消费品零售总额增长10%以上。这些主要预期目标均不低于全市预期目标，…
    report = sample("004")
    assert [entry(t) for t in report.targets] == [
        ("一般公共预算收入", "general-budget-revenue", G, 10, 10, "%", "左右"),
        ("固定资产投资", "fixed-asset-investment", G, 15, 15, "%", "左右"),
        ("规上工业增加值", "industrial-value-added", G, 15, 15, "%", "以上"),
        ("社会消费品零售总额", "retail-sales", G, 10, 10, "%", "以上"),
    ]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_target_warning_when_targets_were_read(prefix: str) -> None:
    report = sample(prefix)
    assert not any("no target could be read" in d.message for d in report.diagnostics)


def test_000_review_reports_foreign_trade_for_2023() -> None:
    # 外贸进出口交易大力推进，…外贸进出口总额增幅227%；
    report = sample("000")
    trade = [a for a in report.actuals if a.canonical == "foreign-trade"]
    assert [(a.kind, a.low, a.unit, a.year, a.estimated) for a in trade] == [
        ("growth", 227, "%", 2023, False)
    ]
    assert trade[0].text == "外贸进出口总额增幅227%"


def test_003_estimated_actuals() -> None:
    # 预计地区生产总值同比增长6.5%，…
    report = sample("003")
    gdp = next(a for a in report.actuals if a.canonical == "gdp")
    assert (gdp.low, gdp.year, gdp.estimated) == (6.5, 2023, True)
    assert report.find(gdp.anchor).text[gdp.start : gdp.end] == gdp.text
