"""Find the targets passage (this year's 主要预期目标) and the problems paragraph."""

from __future__ import annotations

import re

from govreport_site.model import Part
from govreport_site.text import fold

# 今年经济社会发展的主要预期目标是： / 主要目标建议为 / 主要预期目标为：/ 预期目标：
TARGETS_ANNOUNCE = re.compile(
    r"(?:主要预期目标|预期目标|主要目标|奋斗目标|发展目标|主要指标|目标任务|主要经济指标"
    r"|主要预期指标|预期性指标|主要经济社会发展指标|发展的目标|今年的目标|全年的目标)"
    r"\s*(?:[（(][^）)]{1,10}[）)])?"  # （详见附表） / （见表1）
    r"\s*(?:建议|确定|初步确定|安排|设定|拟定|定|预期)?"  # 主要目标定为 / 主要指标预期：
    r"\s*(?:(?:是|为|如下表?|见下表)\s*[:：]?|[:：])"
)
_TARGETS_STRONG = re.compile(r"(主要预期目标|预期目标|主要目标|主要指标)")
# A figure soon after: 增长6%，增长6.5%左右，力争达到10％, 控制在3%以内; or a number
# that is a table cell (cells are split by tabs, and so are the paragraphs after an
# announcement when they are read: a table may be written a cell a paragraph)
_FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|万|亿|元)|增长|左右|以上|以内|\t\d+(?:\.\d+)?(?:\t|$|左右|以)"
)
# Five-year goals are not this year's targets.
_FIVE_YEAR = re.compile(r"今后五年|未来五年|十[一二三四五六七八九]?五|“十.五”|五年")
_FIRST_OR_LAST_YEAR = re.compile(r"开局之年|收官之年|开局年|第[一二三四五]年|最后一年")
# …nor goals for a year ahead: 主要预期目标是：到2015年，全市生产总值2240亿元…
_HORIZON = re.compile(r"\s*(?:到|至)\s*(?:\d{4}\s*年|\W?十.五\W?末)")


def _targets_score(text: str, following: str = "") -> int:
    """How surely `text` states this year's targets; `following` is the text of the next
    paragraphs, read when the paragraph only announces a list (…主要预期目标是：) that
    continues below it, one target a line."""
    f = fold(text)
    best = 0
    for m in TARGETS_ANNOUNCE.finditer(f):
        before = f[max(0, m.start() - 30) : m.start()]
        # the same clause only: "兼顾“十五”计划…，今年…的主要预期目标是" is this year's
        before = re.split(r"[。,;!?]", before)[-1]
        if _FIVE_YEAR.search(before) and not _FIRST_OR_LAST_YEAR.search(before):
            continue  # (but “十一五”开局之年的主要预期目标 is this year's)
        after = f[m.end() : m.end() + 80]
        if not after.strip(" 。") and following:
            after = fold(following)[:80]
        if _HORIZON.match(after):
            continue
        figures = len(_FIGURE.findall(after))
        if figures < 2:
            continue
        score = 2 + min(figures, 6)
        if _TARGETS_STRONG.match(m.group()):
            score += 4
        if "预期" in m.group():
            score += 2
        if re.search(r"今年|明年|\d{4}\s*年", before):
            score += 2
        best = max(best, score)
    return best


# A heading that names the targets, the list in the paragraph below it:
# （一）主要预期目标 / 2024年主要预期目标 / 二、今年经济社会发展的主要目标
_TARGETS_HEADING = re.compile(
    r"\W*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.]?)?\s*"
    r"(?:(?:今年|明年|\d{4}\s*年)的?)?(?:全[省市区县镇])?(?:经济社会发展|经济发展)?的?"
    r"(?:主要预期目标|主要目标|预期目标|主要指标|主要经济指标)\W*"
)


def find_targets(parts: list[Part]) -> str | None:
    """Anchor of the paragraph stating this year's main targets, inside a plan part."""
    best: tuple[int, str] | None = None
    for part in parts:
        if part.kind != "plan":
            continue
        for i, p in enumerate(part.paragraphs):
            # (the first 80 characters are read: a table a cell a line needs a few lines)
            following = "\t".join(q.text for q in part.paragraphs[i + 1 : i + 7])
            s, anchor = _targets_score(p.text, following), p.anchor
            nxt = part.paragraphs[i + 1] if i + 1 < len(part.paragraphs) else None
            if not s and nxt is not None and _TARGETS_HEADING.fullmatch(fold(p.text)):
                figures = len(_FIGURE.findall(fold(nxt.text)[:120]))
                if figures >= 2:
                    s, anchor = 8 + min(figures, 6), nxt.anchor
            if s and (best is None or s > best[0]):
                best = (s, anchor)
        if best and best[0] >= 8:  # the first plan part that has one wins
            return best[1]
    return best[1] if best else None


_PROBLEMS_STRONG = re.compile(
    r"在(?:肯定|总结|看到)成绩的同时|(?:清醒|清楚)地?(?:看到|认识到|认识|意识到)"
    r"|问题.{0,8}清醒|不足之处|差距和不足"
)
_PROBLEMS_WEAK = re.compile(
    r"(?:还|仍|依然|仍然)(?:存在|面临)[^。]{0,20}(?:问题|不足|困难|挑战|短板)"
    r"|存在的(?:矛盾和)?问题|困难和问题|问题和困难|问题和不足|困难和挑战|问题和挑战"
)


def find_problems(parts: list[Part]) -> str | None:
    """Anchor of the review paragraph that names problems (在肯定成绩的同时…)."""
    pool = [p for p in parts if p.kind == "review"] or [p for p in parts if p.kind == "excerpt"]
    for rx in (_PROBLEMS_STRONG, _PROBLEMS_WEAK):
        hits = [q.anchor for part in pool for q in part.paragraphs if rx.search(fold(q.text))]
        if hits:
            # the problems paragraph closes the review: take the last strong hit
            return hits[-1] if rx is _PROBLEMS_WEAK else hits[0]
    return None
