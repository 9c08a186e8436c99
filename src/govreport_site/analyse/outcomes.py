"""Target against outcome: was a target of year Y met, by what the report of Y+1 says?

    outcome(target, actuals, table) -> Outcome

The actual is the first figure the next report's review gives for year Y with the same
indicator (canonical id, or the same name when the indicator is not in the table) and a
comparable kind and unit (a growth rate with a growth rate, 亿元 with 万元 …).

The rules, in the direction the indicator should move (`up`: more is better, such as
growth and revenue; `down`: less is better, such as prices, unemployment, energy use):

- 以上, 不低于, a plain figure, 力争, 确保: met when actual ≥ low (down: ≤ high);
- a range (5%—5.5%, 区间): met when actual ≥ low (down: ≤ high) - overshooting a growth
  range is not failing it;
- 以内, 以下, 不超过, 控制在 (a ceiling): the direction is down whatever the indicator;
- 左右 / 上下 (about): met within 0.5 percentage point (0.5‰ for ‰, 1% of the figure for an
  amount) on the wrong side, or anywhere on the right side;
- a decline target (单位生产总值能耗下降4%) is stored as -4 and its indicator goes down;
- a qualitative target (与经济增长同步) is not judged: its outcome shows the figure, if any.

Statuses: "met", "missed", "not reported" (the next report gives no comparable figure),
"not judged" (qualitative target).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreport_site.analyse.indicators import IndicatorTable, name_key
from govreport_site.model import Actual, Target

STATUSES = ("met", "missed", "not reported", "not judged")
ABOUT_TOLERANCE = 0.5  # percentage points (or ‰) for 左右
ABOUT_SHARE = 0.01  # of the figure, for amounts

_CEILING = re.compile(r"以内|以下|之内|不超过|不高于|低于|小于|控制在")
_ABOUT = re.compile(r"左右|上下")

# Amounts in one base unit, so 1.2亿元 and 12000万元 compare.
_SCALE = {
    "万亿元": ("元", 1e12),
    "亿元": ("元", 1e8),
    "万元": ("元", 1e4),
    "元": ("元", 1),
    "亿美元": ("美元", 1e8),
    "万美元": ("美元", 1e4),
    "美元": ("美元", 1),
    "万人": ("人", 1e4),
    "人": ("人", 1),
    "万亿斤": ("斤", 1e12),
    "亿斤": ("斤", 1e8),
    "万斤": ("斤", 1e4),
    "亿公斤": ("斤", 2e8),
    "万公斤": ("斤", 2e4),
    # one base for weights: a grain target in 亿斤 is met or missed by an actual in 万吨
    "亿吨": ("斤", 2e11),
    "万吨": ("斤", 2e7),
    "吨": ("斤", 2000),
    "公斤": ("斤", 2),
    "万亩": ("亩", 1e4),
    "亩": ("亩", 1),
    "百分点": ("个百分点", 1),
}


@dataclass
class Outcome:
    status: str  # one of STATUSES
    actual: Actual | None = None
    value: float | None = None  # the actual in the target's unit


def scale(unit: str) -> tuple[str, float]:
    return _SCALE.get(unit, (unit, 1.0))


def indicator_key(item: Target | Actual) -> str:
    """What two entries must share to be the same indicator."""
    return item.canonical or "name:" + name_key(item.indicator)


def comparable(target: Target, actual: Actual) -> float | None:
    """The actual in the target's unit, or None when the two do not measure the same."""
    if target.kind != actual.kind or actual.low is None:
        return None
    base_t, f_t = scale(target.unit)
    base_a, f_a = scale(actual.unit)
    if base_t != base_a:
        return None
    return actual.low * f_a / f_t


def direction(target: Target, table: IndicatorTable) -> str:
    if _CEILING.search(target.qualifier):
        return "down"
    ind = table.get(target.canonical)
    if ind is not None and ind.direction == "down":
        return "down"
    if target.low is not None and target.low < 0 and target.kind == "growth":
        return "down"  # a decline target: 下降4% or more
    return "up"


def tolerance(target: Target) -> float:
    if not _ABOUT.search(target.qualifier) or target.low is None:
        return 0.0
    if target.unit in ("%", "‰", "个百分点", "百分点"):
        return ABOUT_TOLERANCE
    return abs(target.high or target.low) * ABOUT_SHARE


def judge(target: Target, value: float, table: IndicatorTable) -> str:
    """met or missed, for a numeric target and the actual in its unit."""
    assert target.low is not None and target.high is not None
    tol = tolerance(target)
    if direction(target, table) == "down":
        return "met" if value <= target.high + tol + 1e-9 else "missed"
    return "met" if value >= target.low - tol - 1e-9 else "missed"


def outcome(target: Target, actuals: list[Actual], table: IndicatorTable) -> Outcome:
    """The outcome of `target` among `actuals`: the next report's figures for its year."""
    key = indicator_key(target)
    same = [a for a in actuals if indicator_key(a) == key]
    if target.kind == "qualitative":
        return Outcome("not judged", same[0] if same else None)
    for a in same:
        value = comparable(target, a)
        if value is not None:
            return Outcome(judge(target, value, table), a, value)
    return Outcome("not reported")
