"""Figures the review part reports: what was achieved in the year under review.

    extract_actuals(report) -> list[Actual]

Every clause of the review (or of a leading excerpt, for a report that starts mid-review)
is read like a target (analyse.figures): 地区生产总值同比增长6.5%, 全年完成生产总值1387亿元，
增长10.4%, 外贸进出口总额增幅227%. Kept are the figures of indicators the table knows
(or that are named like one: …总值, …收入, …率), for the year under review:

- `year` is the report's review_year, or the year a sentence opens with (刚刚过去的2022年，…);
- `estimated` is true when the sentence says 预计 or 有望 before the figure (reports written
  before the statistics came out: 预计全年完成国内生产总值332亿元, 生产总值预计增长5%);
- figures of other periods are left out: 年均, 累计, 五年, ratios to another year or to a
  budget (总量是2011年的1.42倍, 为调整后预算的104%), and comparisons (高于全省1.3个百分点);
- one figure per indicator and kind: the first, which is the headline figure of the review.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govreport_site.analyse.figures import (
    FIGURE_END,
    INDICATOR_END,
    numfold,
    read_sentence,
    sentences,
)
from govreport_site.analyse.indicators import IndicatorTable, name_key, shipped_table
from govreport_site.analyse.targets import figure_fields
from govreport_site.model import Actual, Paragraph, Report

# (The optional opening quote is a branch of its own, so that every branch starts with a
# plain character and the regex engine skips ahead to those.)
_OTHER_PERIOD = re.compile(
    r"五年|累计|年均(?!浓度|值)|[“\"]十[一二三四五]五[”\"]?(?:时期|期间)"
    r"|十[一二三四五]五[”\"]?(?:时期|期间)"
)
# A paragraph about a longer period: 过去五年，是…的五年。……全市地区生产总值增长38.2%…
# Its figures are the period's, until a sentence names a year (2022年，…) or 过去一年.
_PERIOD_PARAGRAPH = re.compile(
    r"\s*(?:过去(?:的)?五年|五年来|本届政府(?:以来|任期内|成立以来)|[“\"]?十[一二三四五]五[”\"]?(?:时期|期间|以来))"
)
_BACK_TO_THE_YEAR = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*年(?![底末])|过去一年|一年来|去年|今年以来)"
)
# Part of the year: 前三季度，…增长3.9%，预计全年增长4.5%: the year's figure follows 全年
_PART_OF_YEAR = re.compile(
    r"前三季度|上半年|一季度|前[一二三四五六七八九十]{1,2}个月|1\s*[—–-]\s*\d{1,2}\s*月"
    r"|[一二三四五六七八九十]{1,2}至[一二三四五六七八九十]{1,2}月|全年"
)
# A round mark passed (突破3万亿元): the figure itself may follow in the sentence
_MILESTONE = ("突破", "超过", "跨越", "迈上")
# Figures listed with one unit after the last: 72、43微克/立方米
_NUMBER_LIST = re.compile(r"\d\s*、\s*\d")
# 预计全年完成… / 地区生产总值预计增长… / 有望达到…: written before the statistics came out
_ESTIMATE = re.compile(r"预计|有望")
# Indicator names repeat within a report and across the reports a worker reads.
_name_key = lru_cache(maxsize=4096)(name_key)
_OPENS_WITH_YEAR = re.compile(r"\s*(?:刚刚过去的|过去的|回顾)?\s*((?:19|20)\d{2})\s*年(?![底末])")


def review_paragraphs(report: Report) -> list[Paragraph]:
    parts = [p for p in report.parts if p.kind == "review"]
    if not parts:
        parts = [p for p in report.parts if p.kind == "excerpt"]
    return [q for part in parts for q in part.paragraphs if q.role == "body"]


# A figure that is last year's target quoted in the review (…增长7%的目标 / 的预期目标)
_A_TARGET = re.compile(r"\s*(?:左右|以上|以内)?\s*的?(?:预期|年度|发展|奋斗)?目标")


def extract_actuals(report: Report, table: IndicatorTable | None = None) -> list[Actual]:
    table = table or shipped_table()
    out: list[Actual] = []
    seen: dict[tuple, int] = {}  # key -> its place in out
    milestone: tuple | None = None  # (place, paragraph, sentence) of a 突破… figure
    rounded: set[int] = set()  # places of 突破… figures not yet replaced by an exact one
    for para in review_paragraphs(report):
        text = para.text
        f = numfold(text)
        other_period = _PERIOD_PARAGRAPH.match(f) is not None
        for s0, s1 in sentences(text, f):
            if other_period and _BACK_TO_THE_YEAR.match(f, s0):
                other_period = False
            if other_period or not FIGURE_END.search(f, s0, s1):
                continue  # no figure with a value: most sentences, left at once
            year = report.review_year
            m = _OPENS_WITH_YEAR.match(f, s0, s1)
            if m and (year is None or abs(int(m.group(1)) - year) <= 5):
                year = int(m.group(1))
            for _, c1, found in read_sentence(text, f, s0, s1, values_only=True):
                found = [
                    g for g in found if g.kind != "qualitative" and not g.skipped and not g.relative
                ]
                if not found:
                    continue
                # 五年累计…，新增城镇就业40.25万人: the period is named earlier in the clause run
                semi = max(f.rfind(";", s0, c1), f.rfind("；", s0, c1))
                clauses = semi + 1 if semi >= 0 else s0
                if _OTHER_PERIOD.search(f, clauses, c1):
                    continue
                # the last of 前三季度 … / 全年 before the clause's end
                marks = [m.group() for m in _PART_OF_YEAR.finditer(f, clauses, c1)]
                if marks and marks[-1] != "全年":
                    continue
                for g in found:
                    name = _name_key(g.indicator)
                    known = table.by_name.get(name) is not None  # table.resolve(g.indicator)
                    if not known and not INDICATOR_END.search(name):
                        continue
                    if _NUMBER_LIST.search(f, g.start, g.end):
                        continue  # PM10、PM2.5平均浓度降至72、43微克: whose is 43?
                    if _A_TARGET.match(f, g.end):
                        continue  # 年初确定的地区生产总值增长7%的目标未能完成: no actual
                    key = (name, g.kind, year)
                    actual = Actual(
                        **figure_fields(g, text, para.anchor, table),
                        year=year,
                        estimated=_ESTIMATE.search(f, clauses, g.end) is not None,
                    )
                    if key in seen:
                        # 突破3万亿元，达到30664.85亿元: the round mark passed, then the figure
                        # (in the sentence, or later: 过去五年…突破4200亿元 … 2022年…4261.6亿元)
                        at = seen[key]
                        if (at, para.anchor, s0) == milestone or (
                            at in rounded and g.qualifier not in _MILESTONE
                        ):
                            out[at] = actual
                            rounded.discard(at)
                            milestone = None
                        continue
                    seen[key] = len(out)
                    if g.qualifier in _MILESTONE:
                        milestone = (len(out), para.anchor, s0)
                        rounded.add(len(out))
                    out.append(actual)
    return out
