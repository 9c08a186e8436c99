"""Which targets changed between two reports: "地区生产总值（增速）：6% → 5.5%左右".

From the targets the targets stage extracted (Report.targets, analyse.targets): paired by
canonical indicator and kind (growth, level, rate, qualitative), else by the similarity of
the indicator names; listed when the value as a reader says it differs, or when one side
does not state it.

Reports without extracted targets (built by hand) fall back on reading the two passages
directly: each clause (cut at ，；。) that holds a number is read as
"<indicator><verb><value>", e.g.
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


KIND_WORDS = {"growth": "增速", "level": "总量", "rate": "比率", "qualitative": "定性"}


def report_target_changes(a, b) -> list[TargetChange]:
    """Changes between two Reports' targets (model.Target), or their passages' text."""
    if not (a.targets and b.targets):
        pa, pb = a.targets_passage, b.targets_passage
        return target_changes(pa.text if pa else None, pb.text if pb else None)
    from govreport_site.render.indicator_views import value_text  # how the site writes one

    def key(t) -> tuple[str, str]:
        return (t.canonical or t.indicator, t.kind)

    def label(t) -> str:
        return f"{t.indicator}（{KIND_WORDS.get(t.kind, t.kind)}）"

    used: set[int] = set()
    changes: list[TargetChange] = []
    for y in b.targets:
        match = next(
            (i for i, x in enumerate(a.targets) if i not in used and key(x) == key(y)), None
        )
        if match is None and not y.canonical:
            scored = [
                (dice(grams(x.indicator), grams(y.indicator)), i)
                for i, x in enumerate(a.targets)
                if i not in used and x.kind == y.kind and not x.canonical
            ]
            best = max(scored, default=(0.0, -1))
            match = best[1] if best[0] >= 0.5 else None
        if match is None:
            changes.append(TargetChange(label(y), None, value_text(y)))
            continue
        used.add(match)
        before, after = value_text(a.targets[match]), value_text(y)
        if y.kind == "qualitative":  # 与经济增长基本同步 / 增长与经济增长基本同步: the same
            same = dice(grams(before), grams(after)) >= 0.7
        else:
            same = before == after
        if not same:
            changes.append(TargetChange(label(y), before, after))
    changes += [
        TargetChange(label(x), value_text(x), None)
        for i, x in enumerate(a.targets)
        if i not in used
    ]
    return changes


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
