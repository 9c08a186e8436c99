"""Target against outcome: the rules for met / missed, one case each."""

from __future__ import annotations

import pytest

from govreport_site.analyse.indicators import indicator_table
from govreport_site.analyse.outcomes import outcome
from govreport_site.model import Actual, Target

TABLE = indicator_table()


def target(name, low, high=None, qualifier="", kind="growth", unit="%"):
    return Target(
        name, TABLE.resolve(name), kind, low, low if high is None else high, unit, qualifier
    )


def actual(name, value, kind="growth", unit="%"):
    return Actual(name, TABLE.resolve(name), kind, value, value, unit)


@pytest.mark.parametrize(
    "t, value, status",
    [
        (target("规模以上工业增加值", 20, qualifier="以上"), 20.0, "met"),
        (target("规模以上工业增加值", 20, qualifier="以上"), 19.9, "missed"),
        (target("地区生产总值", 6), 6.5, "met"),  # a plain figure: at least it
        (target("地区生产总值", 6), 5.9, "missed"),
        (target("固定资产投资", 10, qualifier="左右"), 9.5, "met"),  # within 0.5 point
        (target("固定资产投资", 10, qualifier="左右"), 9.4, "missed"),
        (target("固定资产投资", 10, qualifier="左右"), 14.0, "met"),  # above is fine
        (target("地区生产总值", 5, 5.5, qualifier="区间"), 5.2, "met"),  # a range: ≥ low
        (target("地区生产总值", 5, 5.5), 4.9, "missed"),
        (target("城镇登记失业率", 4.5, qualifier="控制在…以内", kind="rate"), 4.5, "met"),
        (target("城镇登记失业率", 4.5, qualifier="控制在…以内", kind="rate"), 4.6, "missed"),
        (target("居民消费价格", 3, qualifier="左右"), 3.4, "met"),  # lower is better, ±0.5
        (target("居民消费价格", 3, qualifier="左右"), 3.6, "missed"),
        (target("居民消费价格", 3, qualifier="左右"), 1.0, "met"),
        (target("单位生产总值能耗", -4, qualifier="左右"), -3.6, "met"),  # 降低4%左右
        (target("单位生产总值能耗", -1, qualifier="以上"), -0.8, "missed"),  # 下降1%以上
        (target("单位生产总值能耗", -1, qualifier="以上"), -3.0, "met"),
        (target("某种未知指标", 5), 5.0, "met"),  # not in the table: by name
    ],
)
def test_rules(t: Target, value: float, status: str) -> None:
    a = actual(t.indicator, value, kind=t.kind, unit=t.unit)
    assert outcome(t, [a], TABLE).status == status


def test_amounts_in_other_units_compare() -> None:
    t = target("社会消费品零售总额", 73, qualifier="力争", kind="level", unit="亿元")
    got = outcome(
        t,
        [
            actual("社会零售品消费总额", 1, "level", "亿元"),
            actual("社会消费品零售总额", 735000, "level", "万元"),
        ],
        TABLE,
    )
    assert (got.status, got.value) == ("met", 73.5)


def test_names_of_one_indicator_match() -> None:
    t = target("规上工业增加值", 8)
    got = outcome(t, [actual("全市规模以上工业增加值", 8.6)], TABLE)
    assert got.status == "met" and got.actual.indicator == "全市规模以上工业增加值"


def test_not_reported_when_no_comparable_figure() -> None:
    t = target("地区生产总值", 6)
    # a level is no answer to a growth target, nor a figure of another indicator
    others = [actual("地区生产总值", 1387, "level", "亿元"), actual("固定资产投资", 9)]
    assert outcome(t, others, TABLE).status == "not reported"
    assert outcome(t, [], TABLE).status == "not reported"


def test_qualitative_target_is_not_judged_but_shows_the_figure() -> None:
    t = Target("城乡居民收入", TABLE.resolve("城乡居民收入"), "qualitative")
    got = outcome(t, [actual("居民人均可支配收入", 5.0)], TABLE)
    assert got.status == "not judged" and got.actual is not None
