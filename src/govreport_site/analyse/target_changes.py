"""Which targets changed between two targets passages: "地区生产总值增长 6% → 5.5%左右".

A stop-gap until the targets stage (issue 3) extracts indicators properly: each clause of the
passage (cut at ，；。) that holds a number is read as "<indicator><verb><value>", e.g.
规模以上工业增加值 / 增长 / 20%以上. Indicators of the two passages are paired when their
names are alike (bigram Dice ≥ 0.5, so 农林牧渔总产值 pairs with 农林牧渔业总产值), and a pair
is listed when the value as written differs. Indicators found on one side only are listed
as added or no longer stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreport_site.analyse.align import dice, grams
from govreport_site.text import fold

_CLAUSE = re.compile(r"[^，,；;。]+")
_VERB = (
    r"(?:同比)?(?:增长|增幅|增速|下降|降低|达到|达|完成|控制在|保持在|稳定在|实现|突破|超过|"
    r"提高到|提高)"
)
_VALUE = (
    r"(?:力争|确保|约)?\d+(?:\.\d+)?(?:\s*[-—~～至到]\s*\d+(?:\.\d+)?)?\s*"
    r"(?:%|‰|个百分点|[亿万千百]?[元吨亩人户个家项]|亿美元|万美元|亿)?"
)
_QUALIFIER = r"(?:左右|以上|以内|以下|上下)?"
_ITEM = re.compile(rf"^(?P<label>.*?)(?P<verb>{_VERB})?(?P<value>{_VALUE}{_QUALIFIER})\s*$")
_LEAD = re.compile(r"^.*?[：:]")  # 主要预期目标是：… / 建议…目标为：…


@dataclass(frozen=True)
class Target:
    label: str  # indicator and verb as written: 地区生产总值增长
    value: str  # 6%, 20%以上, 73亿元


@dataclass(frozen=True)
class TargetChange:
    label: str  # the newer wording of the indicator
    before: str | None  # value in the older report (None: not stated there)
    after: str | None  # value in the newer report (None: no longer stated)

    def __str__(self) -> str:
        return f"{self.label}：{self.before or '未提及'} → {self.after or '未提及'}"


def targets_in(passage: str) -> list[Target]:
    text = fold(passage)
    text = _LEAD.sub("", text, count=1) if _LEAD.match(text) else text
    out: list[Target] = []
    for m in _CLAUSE.finditer(text):
        clause = m.group().strip()
        item = _ITEM.match(clause)
        if item is None or not item.group("label").strip():
            continue
        label = (item.group("label") + (item.group("verb") or "")).strip()
        out.append(Target(label, item.group("value").replace(" ", "")))
    return out


def target_changes(before: str | None, after: str | None) -> list[TargetChange]:
    """Indicators whose stated value differs, in the newer passage's order, then those
    the newer passage no longer states."""
    if not before or not after:
        return []
    xs, ys = targets_in(before), targets_in(after)
    used: set[int] = set()
    changes: list[TargetChange] = []
    for y in ys:
        scored = [(dice(grams(x.label), grams(y.label)), i) for i, x in enumerate(xs)]
        best = max((s for s in scored if s[1] not in used), default=(0.0, -1))
        if best[0] >= 0.5:
            used.add(best[1])
            x = xs[best[1]]
            if x.value != y.value:
                changes.append(TargetChange(y.label, x.value, y.value))
        else:
            changes.append(TargetChange(y.label, None, y.value))
    changes += [TargetChange(x.label, x.value, None) for i, x in enumerate(xs) if i not in used]
    return changes
