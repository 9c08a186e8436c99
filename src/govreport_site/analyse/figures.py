"""Read indicator figures out of report sentences.

    read_figures(text) -> list[Figure]

One clause (the text between ，；。：) states one indicator and what it is or should be:

    地区生产总值增长6%                     indicator, growth verb, figure
    城镇登记失业率控制在4.5%以内            indicator, pre-qualifier, figure, post-qualifier
    社会消费品零售总额力争完成73亿元         a level
    同比增幅5%                             no indicator: the previous clause's one
    全年完成生产总值1387亿元                verb before the indicator (review style)
    城镇居民可支配收入和农民人均纯收入分别增长8％和9％   two indicators, two figures
    城乡居民收入与经济增长基本同步            no figure: qualitative

Everything is matched on a folded copy (full-width digits and ％ become ASCII; an O or l
between digits, a frequent OCR slip, becomes 0 or 1) that has the same length as the
original, so every span slices the original text unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govreport_site.text import chinese_year, fold

# ---- numbers and units -------------------------------------------------------------

_UNITS = sorted(
    "% ‰ 个百分点 百分点 倍 万亿美元 亿美元 万美元 美元 万亿元 亿元 万元 元 万亿斤 亿斤 万斤 "
    "亿公斤 万公斤 亿吨 万吨标准煤 吨标准煤 万吨 吨 万亩 亩 万亿 "
    "万千瓦时 千瓦时 万千瓦 千瓦 万人次 人次 万人 人 万户 户 万个 个 家 所 项 座 平方公里 公里 "
    "万平方米 平方米 辆 台 套 万标箱 标箱 万头 头 万只 只 亿立方米 万立方米 立方米 岁 张 亿人次 "
    "μg/m³ 微克每立方米 亿千瓦时 亿千瓦 万千升 千升 万辆 万台 万套 万件 件 万张 万公顷 公顷 "
    "万公里 万家 万株 "
    "微克/立方米 亿 万".split(),
    key=len,
    reverse=True,
)


def _unit_regex(units: list[str]) -> str:
    """The units as one regex that tries them in the given order, faster: a lookahead on the
    first character lets a number that no unit follows (2023年, 5G) fail at once, at each
    length of the number; the units are grouped by first character (万(?:亿元|元|人|)…),
    each group in the given order, so only one group is tried."""
    groups: dict[str, list[str]] = {}
    for u in units:
        groups.setdefault(u[0], []).append(re.escape(u[1:]))
    alts = [
        re.escape(c) + (f"(?:{'|'.join(rests)})" if any(rests) else "")
        for c, rests in groups.items()
    ]
    first = "".join(sorted(re.escape(c) for c in groups))
    return f"(?:(?=[{first}])(?:{'|'.join(alts)}))"


UNIT = _unit_regex(_UNITS)
NUM = r"\d+(?:\.\d+)?"
_RANGE_SEP = r"\s*(?:—{1,2}|–|－|-|~|～|〜|到|至)\s*"
# 5%—5.5% / 5-5.5% / 5%到5.5% / 6.5% / 73亿元. Not a figure: 5G, 第3位, 2023年, 12345.
FIGURE = re.compile(
    rf"(?<![\d.A-Za-z第])(?:(?P<a>{NUM})\s*(?P<ua>{UNIT})?{_RANGE_SEP}(?P<b>{NUM})\s*(?P<ub>{UNIT})"
    rf"|(?:(?<=[\u4e00-\u9fff])(?P<neg>[-−负]))?(?P<c>{NUM})(?P<kc>[千百](?!分))?\s*(?P<uc>{UNIT}))(?![A-Za-z]|月|年|季度|小时|工作日|周)"
)
PERCENT_UNITS = ("%", "‰")
POINT_UNITS = ("个百分点", "百分点")

# ---- words ---------------------------------------------------------------------------

# Where the predicate starts: the first of these after the indicator's name. Every branch
# starts with a plain character (增长率(?<!自然增长率), not (?<!自然)增长率), so that the regex
# engine skips ahead to the characters that can start one instead of trying each position.
_PREDICATE = re.compile(
    r"同比|比上年|较上年|比去年|较去年|年均(?!浓度|值)|同口径|可比口径|按可比价格计算"
    r"|增长(?!率)|增长率(?<!自然增长率)|增幅|增速|涨幅|上涨|持平|提高|提升|上升|下降|降低|减少|回落|削减|压减|增加(?!值)|翻一?番"
    r"|控制在|控制|保持在|保持|稳定在|稳定|稳步|稳中|稳量|持续|较快|平稳|同步"
    r"|基本(?=同步|持平|稳定|平衡)|总体(?=稳|平|保持|增长)"
    r"|实际(?=增长|下降|增幅|增速)|平均(?=为|达到|是|在|\s*\d)"  # 实际增长6.1%, 平均为5.2%
    r"|(?:降|下降|降低|提高|提升|升|增|减|减少)(?:至|到)|首次(?=突破|超过|达到)"
    r"|预计(?=增长|下降|完成|达到|实现|突破|超过|为|可达|\s*\d)|有望(?=达到|突破|超过|实现)"
    r"|达到|达(?=\s*\d)|超额|完成|实现|突破|跨越|迈上|超过|高于|低于|快于|好于|不低于|不高于|不超过|不少于"
    r"|小于|大于"
    r"|预期(?=增长|增速|增幅|目标|为|在|达到)"
    r"|力争|确保|争取|在(?=\s*[-−负]?\d)|为(?=\s*[-−负]?\d)|分别|均(?<!人均)(?=增长|为|达到|控制|在|保持|高于|超过|减少|下降|降低|提高|\s*\d)"
    r"|与(?=经济|GDP|生产总值|地区生产总值|国内生产总值|全省|全市|全国|全区|[“\"]|省|市|上年|去年)"
    r"|和(?=经济增长|GDP)"
)
GROWTH_WORDS = re.compile(r"增长|增幅|增速|涨幅|上涨|提高|提升|上升|增加|翻")
DECLINE_WORDS = re.compile(r"下降|降低|减少|回落|削减|压减")
# Said before the figure: 力争完成73亿元, 控制在4.5%以内, 不低于5%.
PRE_QUALIFIERS = (
    "力争",
    "确保",
    "争取",
    "控制在",
    "保持在",
    "稳定在",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "超过",
    "突破",
    "跨越",
    "迈上",
    "高于",
    "低于",
    "小于",
    "大于",
)
_PRE_QUAL = re.compile("|".join(PRE_QUALIFIERS))
# Said right after the figure: 20%以上, 10%左右, 4.5%以内.
_POST_QUAL = re.compile(r"\s*(左右|以上|以内|以下|上下|之内|区间|之间|内)")
_POST_QUAL_FIRST = "左以上之区内"  # (or a space): checked before trying _POST_QUAL
# A comparison with somewhere else, not a figure of its own: 高于全省1个百分点.
_RELATIVE = re.compile(
    r"(?:高于|低于|快于|慢于|好于|不低于|不高于|超过|略高于|领先于?)(?!\s*\d)"
    r"[^\d,;。]{0,12}?(?:全省|全市|全国|全区|全县|省|市|平均|同期|GDP|经济增长|生产总值)"
    r"|比(?:全国|全省|全市|全区|全县|省|市|平均)[、和及全国省市区县平均水]{0,8}(?:高|低|快|慢)"
)
# The characters a _RELATIVE match can start with (searched first: faster, same match).
_RELATIVE_FIRST = re.compile(r"[高低快慢好不超略领比]")
# Not this year's figure: multi-year averages, totals, ratios to another year or a budget;
# or 完成全年目标的125%, a ratio, not a growth rate (unless after 占: 占比重的30%). Three
# regexes, each starting with what the regex engine can skip ahead to (see _multi_year).
_NOT_A_YEAR_WORDS = re.compile(
    r"年均(?!浓度|值)|累计|五年|总量是|是\d{4}年|是上年的|为[^\d,;。]{0,8}的\s*\d"
    r"|的\s*\d+(?:\.\d+)?\s*倍"
)
_NOT_A_YEAR_SINCE = re.compile(r"\d{4}\s*年(?:末|底)?(?:的|以来)")
_RATIO = re.compile(r"的\s*\d+(?:\.\d+)?\s*%")


def _multi_year(f: str, start: int, end: int) -> bool:
    """Whether f[start:end] states a figure of another period (_NOT_A_YEAR_WORDS …)."""
    if _NOT_A_YEAR_WORDS.search(f, start, end) or _NOT_A_YEAR_SINCE.search(f, start, end):
        return True
    ratio = _RATIO.search(f, start, end)  # the first one: any later one has the same 占 before
    return bool(ratio) and f.find("占", start, ratio.start()) < 0


# Words before an indicator's name that belong to the sentence, not to the name.
_LEAD = re.compile(
    r"(?:[\s、]|其中|同时|另外|此外|以及|并且|全年|今年|当年|去年|上年|年末|年底|预计|初步统计|初步核算"
    r"|(?:19|20)\d{2}年(?![底末初以至到—-])(?:度)?"  # 2023年全市实现地区生产总值934亿元
    r"|[一二三四五六七八九十]是|十[一二三四五六七八九]是|——|-|[（(]?\d{1,2}(?:[）)、]|\.(?!\d))|[（(][一二三四五六七八九十]+[）)]"
    r"|[\u2460-\u249b\u2776-\u2793\u3220-\u3229]|[a-h][.、)）](?=[\u4e00-\u9fff]))+"  # ① ⑴ ❶ ㈠ a."
)
_FILLER = re.compile(
    r"^(?:比上年|较上年|同比|比去年|较去年|实际|全年|分别|均|都|也|共|合计"
    r"|[全我本](?:省|市|区|县|镇|乡|旗|州|盟)"  # 全市完成生产总值444.7亿元
    r"|新区|高新区|开发区|经开区|园区|街道|辖区(?:企业)?)+$"  # 新区实现地区生产总值560亿元
)
# The name of something measured, for entries with no figure (qualitative targets). Each
# branch starts with a plain character, as in _PREDICATE (量(?<!质量), not (?<!质)量).
INDICATOR_END = re.compile(
    r"(?:总值|增加值|收入|投资|总额|产量|总产|能耗|排放量?|减排|降耗|率|价格|就业|进出口|出口|进口|消费"
    r"|比重|指标|产值|利润|税收|人口|寿命|资金|外资|支出|收支|环境质量|量(?<!质量)|强度|浓度|规模|额|CPI|GDP|水平)$"
)
# A clause whose subject starts with an action is a task, not an indicator.
_ACTION = re.compile(
    r"^(?:安排|实施|推进|建设|开工|新建|改造|引进|培育|组织|开展|加快|加大|打造|谋划|落实|坚持|推动"
    r"|抓好|做好|围绕|聚焦|深化|扩大|完善|强化|支持|鼓励|建立|健全|促进|提升|加强|计划|签约"
    r"|重点项目|项目|总投资|年度投资|年度计划投资)"
)
_CONJ = re.compile(r"[、和及与]")
# Compiled once: read_clause runs for every clause of a report.
_TWO_LETTERS = re.compile(r"[\u4e00-\u9fffA-Za-z]{2}")
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LIST_WORDS = re.compile(r"[和及与、分别]")
_RATE_NAME = re.compile(r"(?:率|比重|比例|占比|水平|强度|份额)$|占(?!地).")  # 占…支出(的80%)
# An amount that a figure grew or fell by (增加300元, 下降0.05吨), not one it reached
_BY_AMOUNT = re.compile(r"增加|增长|提高|减少|下降|降低|削减|压减")
_TO_AMOUNT = re.compile(r"(?:增加|增长|提高|减少|下降|降低)(?:到|至)|达到|完成|实现|突破")
_TO_LEVEL = re.compile(r"(?:提高|提升|上升|升|下降|降|降低|减少|回落)(?:到|至)")
_SHARE_TAIL = re.compile(r"占.+")
_SOFT_END = re.compile(r"(左右|以上|以内|以下)$")
_SENTENCE_END = re.compile(r"[。！？!?]+")
_OCR_ZERO = re.compile(r"(?<=\d)[Oo]|[Oo](?=\d|\.\d)")
_OCR_ONE = re.compile(r"(?<![A-Za-z])[lI](?=\d|[Oo]|\.\d)")


# A number a PDF export split (增长5. 2%, 12 .2％) or written with thousands separators
# (1,234.5亿元): closed up in the folded copy, right-aligned in its own span.
_SPLIT_NUMBER = re.compile(r"\d+(?:\s+\.\s*|\.\s+)\d|\d{1,3}(?:,\d{3})+(?![\d,])")


def numfold(s: str) -> str:
    """fold(), plus the OCR slips O/o → 0 and l/I → 1 inside numbers (1O％, lO.5％), numbers
    closed up (5. 2% → ' 5.2%', 1,234 → ' 1234'), and figures in Chinese numerals written
    as digits (百分之六 → '  6%', see _chinese_figures)."""
    f = fold(s)
    if any(c in f for c in "OolI"):
        f = _OCR_ZERO.sub("0", f)
        f = _OCR_ONE.sub("1", f)
    if ("," in f or ". " in f or " ." in f) and _SPLIT_NUMBER.search(f):
        f = _SPLIT_NUMBER.sub(_closed_up, f)
    if _CN_CHARS.search(f):
        f = _chinese_figures(f)
    return f


def _closed_up(m: re.Match) -> str:
    digits = re.sub(r"[\s,]", "", m.group())
    return digits.rjust(len(m.group()))


# ---- figures in Chinese numerals ------------------------------------------------------
# Older and smaller (county, town) reports write 增长百分之八, 控制在千分之六以内, 五千人,
# 一个百分点. They are rewritten as digits in the folded copy, right-aligned in the
# numeral's own span (padded with spaces before), so that spans still slice the original:
# 百分之六点五 → '  6.5%', 五十亿斤 → '50亿斤'. A round 五千 / 三百 that has no room for its
# zeros becomes 5千 / 3百, which FIGURE reads as a multiplier (5千人 = 5000 人).
_CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_MULT = {"十": 10, "百": 100, "千": 1000}
# 万 inside a numeral only when more numerals follow it (七万四千七百七十二亿元); before a
# unit it is the unit's (七万人).
_CN_NUM = (
    r"[〇零一二三四五六七八九十百千两]+(?:万[〇零一二三四五六七八九十百千两]+)?"
    r"(?:点[〇零一二三四五六七八九]+)?"
)
_CN_CHARS = re.compile(r"[〇零一二三四五六七八九十百千两]")
# A year in numerals (一九九七年, 二〇二三年, 二O一二年): written as digits, so that the
# year rules (a year that opens a sentence, 1997年以来) read old reports too.
_CN_YEAR = re.compile(
    r"(?<![〇零○一二三四五六七八九十百千万])[一二][〇零○O一二三四五六七八九]{3}(?=\s*年)"
)
_CN_PERCENT = re.compile(
    rf"(百分之|千分之)(?P<a>{_CN_NUM})"
    rf"(?:\s*(?:—{{1,2}}|–|－|-|~|～|到|至)\s*(?:百分之|千分之)?(?P<b>{_CN_NUM}))?"
)
# A count: 五千人, 三十亿元, 两万人, 一个百分点. A single numeral character counts only before
# 万/亿 units and points (一个 / 三家 / 一户 are words, not figures).
# (Not preceded by 第 or a numeral; the check sits after the first numeral, not before it,
# so that the regex engine can skip ahead to the numerals instead of trying each position.)
_CN_COUNT = re.compile(
    r"(?P<a>[〇零一二三四五六七八九十百千两](?<![第〇零一二三四五六七八九十百千两].)"
    r"[〇零一二三四五六七八九十百千两]*(?:万[〇零一二三四五六七八九十百千两]+)?"
    rf"(?:点[〇零一二三四五六七八九]+)?)(?=\s*(?P<u>{UNIT}))",
    re.S,
)


def chinese_value(s: str) -> float | None:
    """'六' -> 6, '三千五百' -> 3500, '一百零五' -> 105, '六点五' -> 6.5,
    '七万四千七百七十二' -> 74772; None if not a number."""
    if "万" in s:
        high, _, low = s.partition("万")
        h, lo = chinese_value(high), chinese_value(low)
        if not isinstance(h, int) or lo is None or lo >= 10000:
            return None
        return h * 10000 + lo
    whole, _, frac = s.partition("点")
    if not whole or any(c not in _CN_DIGITS for c in frac):
        return None
    if all(c in _CN_DIGITS for c in whole) and len(whole) > 1:
        return None  # 七八 (about 7 or 8), 二〇二四 (a year): not one figure
    total, digit, last_mult = 0, None, 10**9
    for c in whole:
        if c in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[c] or None  # 零 only holds a place
        else:
            mult = _CN_MULT[c]
            if mult >= last_mult:
                return None
            total += (digit if digit is not None else 1) * mult
            digit, last_mult = None, mult
    total += digit or 0
    if frac:
        return float(f"{total}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")
    return total


def _digits(v: float) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _fit(ascii_: str, width: int) -> str | None:
    return ascii_.rjust(width) if len(ascii_) <= width else None


def _chinese_figures(f: str) -> str:
    def percent(m: re.Match) -> str:
        unit = "%" if m.group(1) == "百分之" else "‰"
        a = chinese_value(m.group("a"))
        b = chinese_value(m.group("b")) if m.group("b") else None
        if a is None or (m.group("b") and b is None):
            return m.group()
        out = f"{_digits(a)}{unit}" + (f"-{_digits(b)}{unit}" if b is not None else "")
        return _fit(out, len(m.group())) or m.group()

    def count(m: re.Match) -> str:
        numeral, unit = m.group("a"), m.group("u")
        if len(numeral) == 1 and not unit.startswith(("万", "亿", "个百分点", "百分点", "倍")):
            return numeral
        v = chinese_value(numeral)
        if v is None:
            return numeral
        out = _fit(_digits(v), len(numeral))
        if out is None and isinstance(v, int):
            for mult, word in ((1000, "千"), (100, "百")):
                if v % mult == 0:
                    out = _fit(f"{v // mult}{word}", len(numeral))
                    break
        return out or numeral

    def year(m: re.Match) -> str:
        return str(chinese_year(m.group()) or m.group())

    return _CN_COUNT.sub(count, _CN_PERCENT.sub(percent, _CN_YEAR.sub(year, f)))


@dataclass(slots=True)
class Figure:
    """One indicator with its figure (or its wording, when qualitative), found in a clause."""

    indicator: str  # as written
    kind: str  # growth | level | rate | qualitative
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    start: int  # span of the phrase in the text given to read_figures
    end: int
    inherited: bool = False  # the name came from the previous clause (同比增幅5%)
    relative: bool = False  # 高于全省1个百分点: a comparison, no figure of its own
    decline: bool = False  # 下降 / 降低: the figure is stored negative
    skipped: str = ""  # why a clause with a figure gave nothing ("multi-year")
    extras: dict = field(default_factory=dict)


@dataclass(slots=True)
class _Value:
    low: float
    high: float
    unit: str
    start: int
    end: int  # after the unit and any post-qualifier
    post: str = ""


# Where a clause ends: ，；。：!? (not a comma between digits: 1,234). One character class
# first, so that the regex engine skips ahead to those characters.
CLAUSE_MARK = re.compile(r"[，；。：！？!?;:,](?!(?<=,)\d{3}(?!\d))")


def clauses(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each clause: split at CLAUSE_MARK."""
    f = folded if folded is not None else numfold(text)
    return _clause_spans(f, 0, len(f))


def _clause_spans(f: str, s0: int, s1: int) -> list[tuple[int, int]]:
    """clauses(f[s0:s1]), as offsets in f (CLAUSE_MARK looks no further than s1 either)."""
    spans, start = [], s0
    for m in CLAUSE_MARK.finditer(f, s0, s1):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < s1:
        spans.append((start, s1))
    return spans


def sentences(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence, the end mark included."""
    f = folded if folded is not None else numfold(text)
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(f):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(f) and f[start:].strip():
        spans.append((start, len(f)))
    return spans


# Where a FIGURE match can start: a digit or minus sign not after a digit, letter, . or 第.
# FIGURE starts with that lookbehind, which keeps the regex engine from skipping ahead to
# the characters that can start a match: trying it only here finds the same matches faster.
# (A regex call costs more than a short scan: the helpers below also avoid calls that
# cannot match, e.g. _LISTED and _CATEGORY without 等.)
_FIGURE_START = re.compile(r"[\d\-−负](?<![\d.A-Za-z第].)", re.S)


def _values(f: str, start: int, end: int) -> list[_Value]:
    """The figures in f[start:end]: joined by 和/、/与 they are one list (分别 8% 和 9%)."""
    out: list[_Value] = []
    pos = start  # FIGURE.finditer(f, start, end), tried only where a number can start
    for c in _FIGURE_START.finditer(f, start, end):
        if c.start() < pos:
            continue
        m = FIGURE.match(f, c.start(), end)
        if not m:
            continue
        pos = m.end()
        if m.group("a") is not None:
            lo, hi = float(m.group("a")), float(m.group("b"))
            unit = m.group("ub")
            if m.group("ua") and m.group("ua") != unit:
                continue  # 5万人-10% is not a range
            lo, hi = min(lo, hi), max(lo, hi)
        else:
            lo = hi = float(m.group("c")) * (-1 if m.group("neg") else 1)
            if m.group("kc"):  # 5千人 (from 五千人): 5000 人
                lo = hi = lo * _CN_MULT[m.group("kc")]
            unit = m.group("uc")
        v = _Value(lo, hi, unit, m.start(), pos)
        if pos < end and (f[pos] in _POST_QUAL_FIRST or f[pos].isspace()):
            q = _POST_QUAL.match(f, pos, end)
            if q:
                v.post, v.end = q.group(1), q.end()
        if v.post in ("以上", "以下") and _THRESHOLD.match(f, v.end, end):
            continue  # 收入10万元以上的村, 5000万元以上的项目: a class of things, not a figure
        out.append(v)
    return out


# A threshold that qualifies a noun: …以上的 / …以下的 (收入10万元以上的村占比达到32%).
_THRESHOLD = re.compile(r"\s*的(?!水平|目标|规模|高位|幅度|增速|增长)")


def _pre_qualifier(f: str, start: int, end: int) -> str:
    if not _PRE_QUAL.search(f, start, end):
        return ""  # most clauses: no need to collect
    words = [m.group() for m in _PRE_QUAL.finditer(f, start, end)]
    return "…".join(dict.fromkeys(words))


def _join_qualifier(pre: str, post: str) -> str:
    return f"{pre}…{post}" if pre and post else pre or post


def _trim_lead(f: str, start: int, end: int) -> int:
    m = _LEAD.match(f, start, end)
    return m.end() if m else start


def _strip_trailing(f: str, start: int, end: int) -> int:
    while end > start and f[end - 1] in " 的要将":
        end -= 1
    return end


# "X、Y等约束性指标": the names listed before 等 are the entries; the words after 等 only say
# what kind of thing they are.
_LISTED = re.compile(r"等[^、和及与]{0,8}指标$")
# "X、Y等主要污染物排放量": examples, then the statistic itself.
_CATEGORY = re.compile(r"、[^、]{1,12}等(?=[^、等]{2,}$)")


def _listed(f: str, start: int, end: int) -> re.Match | None:
    return _LISTED.search(f, start, end) if f.find("等", start, end) >= 0 else None


def _split_subject(text: str, f: str, start: int, end: int) -> list[tuple[int, int]]:
    """'化学需氧量、二氧化硫排放量' -> two names; '节能减排、生态环保等约束性指标' -> 节能减排,
    生态环保; '高等教育毛入学率' stays one (等 inside a word)."""
    listed = _listed(f, start, end)
    if listed:
        end = listed.start()
    elif "等" in f[start:end]:
        return [(start, end)]
    parts, s = [], start
    for m in _CONJ.finditer(f, start, end):
        if m.start() > s:
            parts.append((s, m.start()))
        s = m.end()
    if end > s:
        parts.append((s, end))
    return parts or [(start, end)]


# Where the shared tail of "工业和服务业增加值" starts in the last name: 服务业|增加值.
_TAIL_HEAD = re.compile(
    r"产业|增加值|总产值|产值|排放|居民|人均|纯收入|可支配收入|收入|投资|总额|产量|能耗|消费|价格"
    r"|覆盖率|比重|占比|面积|浓度|利润|税收|资金|就业|失业率|增长率|增速"
)


def _complete_parts(names: list[str]) -> list[str]:
    """城镇和农村居民人均可支配收入, 工业和服务业增加值, 氨氮、氮氧化物排放量: a short first
    word takes the last name's tail - what follows the last name's own head word (农村 |
    服务业 | 氮氧化物), i.e. the suffix that starts at the first indicator word after it."""
    if len(names) == 1:
        return names  # the common case: nothing to complete
    last = names[-1]
    head = _TAIL_HEAD.search(last, 1)
    tail = last[head.start() :] if head else ""
    out = []
    for name in names[:-1]:
        # (水耗、碳排放: 水耗 is whole; 能耗, 物耗 name what they measure)
        short = len(name) <= 4 and not INDICATOR_END.search(name) and not name.endswith("耗")
        out.append(_joined(name, tail) if short and tail and not name.endswith(tail) else name)
    return out + [last]


# A verb before the name of a figure in a list: 、实现旅游综合收入462亿元, 、完成出口…
_LEAD_VERB = re.compile(r"(?:实现|完成|达到|累计完成|全年完成)(?=[\u4e00-\u9fff]{2})")


def _part_word(name: str) -> bool:
    """城镇居民, 中心城区: a short name of a part that needs the whole's tail (not 4月份仅)."""
    return len(name) <= 4 and not INDICATOR_END.search(name) and not re.search(r"\d", name)


def _joined(name: str, tail: str) -> str:
    """name + tail, once where they overlap: 全体居民 + 居民人均可支配收入."""
    for k in range(min(len(name), len(tail)), 0, -1):
        if name.endswith(tail[:k]):
            return name + tail[k:]
    return name + tail


def _name_end(f: str, start: int, end: int) -> int:
    """Where a name that starts at `start` ends: at the first predicate word, or `end`."""
    m = _PREDICATE.search(f, start, end)
    return m.start() if m else end


def _interleaved(f: str, values: list[_Value]) -> bool:
    """True when a name stands between the figures (A 5元、B 6元), not just 和 / 、."""
    return all(
        len(_HAN.findall(_LIST_WORDS.sub("", f[a.end : b.start]))) >= 2
        for a, b in zip(values, values[1:], strict=False)
    )


def _kind(name: str, predicate: str, unit: str, relative: bool) -> str:
    if relative:
        return "qualitative"
    if unit in POINT_UNITS or unit == "倍":
        return "growth"
    if unit in PERCENT_UNITS:
        if _TO_LEVEL.search(predicate):
            return "rate"  # 比重提高到52.6%: where it got to, not by how much
        if GROWTH_WORDS.search(predicate) or DECLINE_WORDS.search(predicate):
            return "growth"
        if _RATE_NAME.search(name):
            return "rate"
        return "growth"
    if _BY_AMOUNT.search(predicate) and not _TO_AMOUNT.search(predicate):
        return "growth"  # 农民人均纯收入增加300元: by how much, in the figure's unit
    return "level"


def read_clause(
    text: str,
    f: str,
    start: int,
    end: int,
    previous: list[Figure] | None = None,
    earlier: list[Figure] | None = None,
) -> list[Figure]:
    """The figures of one clause f[start:end] (f = numfold(text))."""
    breakdown = f.startswith("其中", start)  # 其中城镇居民46520元: parts of the figure before
    start = _trim_lead(f, start, end)
    while end > start and f[end - 1] in " 。":
        end -= 1
    if end <= start:
        return []
    values = _values(f, start, end)
    pm = _PREDICATE.search(f, start, end)
    pred = pm.start() if pm else end
    if values and values[0].start < pred:
        pred = values[0].start
    subj_start, subj_end = start, _strip_trailing(f, start, pred)

    # Number first: "10.02万农村贫困人口脱贫" - the name follows the figure.
    if values and values[0].start == start:
        v = values[0]
        name_end = end
        if name_end - v.end >= 2:
            name = text[v.end : name_end]
            return [Figure(name, "level", v.low, v.high, v.unit, v.post, start, end)]
        return []

    inherited = False
    names: list[tuple[int, int]]
    if subj_end <= subj_start or _FILLER.match(f[subj_start:subj_end]):
        # Verb first: "完成国内生产总值332亿元" - the name sits between verb and figure.
        inner = None
        if values and pm:
            k = pm.end()
            while True:
                nxt = _PREDICATE.match(f, k, values[0].start)
                if not nxt:
                    break
                k = nxt.end()
            k = _trim_lead(f, k, values[0].start)
            e = _strip_trailing(f, k, _name_end(f, k, values[0].start))
            if e - k >= 2 and _TWO_LETTERS.search(f, k, e):
                inner = (k, e)
        if inner:
            names = [inner]
        elif previous and values:
            names, inherited = [], True
        else:
            return []
    else:
        names = [(subj_start, subj_end)]
        has_deng = f.find("等", subj_start, subj_end) >= 0  # _CATEGORY needs one
        category = _CATEGORY.search(f, subj_start, subj_end) if has_deng else None
        if (
            category
            and not _listed(f, subj_start, subj_end)
            and INDICATOR_END.search(f[category.end() : subj_end])
        ):
            # 化学需氧量、二氧化硫等主要污染物排放量: the entry is the category after 等
            names = [(category.end(), subj_end)]

    predicate = f[pred:end]
    first = _RELATIVE_FIRST.search(f, pred, end)
    relative_m = first and _RELATIVE.search(f, first.start(), end)
    relative = bool(relative_m) and (not values or relative_m.start() < values[0].start)

    interleaved = False
    if inherited:
        prev_names = [(p.indicator, p) for p in previous or []]
        if len(values) > len(prev_names) and predicate.startswith("分别") and earlier:
            # 实际利用外资3134万美元，完成出口创汇5060万美元，分别增长30.6％和11.2％
            named = {g.indicator: g for g in earlier}
            if len(named) >= len(values):
                prev_names = [(n, g) for n, g in list(named.items())[-len(values) :]]
        if not prev_names:
            return []
    elif len(values) > 1 and _interleaved(f, values):
        # 城镇居民人均可支配收入17671元、农民人均纯收入6599元: a name before each figure;
        # 固定资产投资完成200亿元、增长10%: none before the second, the same name again
        interleaved = True
        prev_names = [(text[names[0][0] : names[0][1]], None)]
        for a, b in zip(values, values[1:], strict=False):
            k = _trim_lead(f, a.end, b.start)
            while verb := _LEAD_VERB.match(f, k, b.start):  # 、实现旅游综合收入462亿元
                k = verb.end()
            if f.startswith(("和", "及", "与"), k):  # …20574元和农村居民人均纯收入8265元
                k = _trim_lead(f, k + 1, b.start)
            e = _strip_trailing(f, k, _name_end(f, k, b.start))
            prev_names.append((text[k:e] if e - k >= 2 else prev_names[-1][0], None))
    else:
        if not values or relative or len(values) > 1 or predicate.startswith(("分别", "均", "都")):
            parts = _split_subject(text, f, *names[0]) if len(names) == 1 else names
            listed = _listed(f, *names[0]) if len(names) == 1 else None
            if (len(parts) > 1 or listed) and (
                not values
                or relative
                or len(parts) == len(values)
                or predicate.startswith(("均", "都"))
                or (len(values) == 1 and predicate.startswith("分别"))
            ):
                names = parts
        prev_names = [(n, None) for n in _complete_parts([text[a:b] for a, b in names])]
        if (
            len(prev_names) == 1
            and len(values) == 2
            and predicate.startswith("分别")
            and fold(prev_names[0][0]).startswith("城乡")
        ):
            # 城乡居民人均可支配收入分别增长6%和7.5%: urban, then rural
            rest = prev_names[0][0][2:]
            prev_names = [("城镇" + rest, None), ("农村" + rest, None)]
        tail = _SHARE_TAIL.search(prev_names[-1][0]) if len(prev_names) > 1 else None
        if tail:
            # 高新技术产业、战略性新兴产业占规上工业增加值比重: the 占… tail belongs to both
            prev_names = [(n if "占" in n else n + tail.group(), p) for n, p in prev_names]

    if breakdown and not inherited and (previous or earlier):
        # …收入35000元，其中城镇居民46520元、农村居民23860元: 城镇居民 takes the tail of
        # the name before (居民人均可支配收入)
        base = (previous or earlier)[-1].indicator
        head = _TAIL_HEAD.search(base, 1)
        if head:
            tail = base[head.start() :]
            prev_names = [(_joined(n, tail) if _part_word(n) else n, p) for n, p in prev_names]

    if values and relative:
        values = []
    if not values:
        pre = _pre_qualifier(f, pred, end)
        m = _SOFT_END.search(f[pred:end])
        qual = _join_qualifier(pre, m.group(1) if m else "")
        listed = not inherited and bool(_listed(f, subj_start, subj_end))
        return [
            Figure(
                name,
                "qualitative",
                None,
                None,
                "",
                qual,
                start,
                end,
                relative=relative,
                extras={"listed": True} if listed else {},
            )
            for name, _ in prev_names
        ]

    if len(values) > 1 and not interleaved:
        # a shared post-qualifier (分别控制在5.5%和4.5%以内) applies to every figure
        last_post = values[-1].post
        for v in values:
            v.post = v.post or last_post
    pre = _pre_qualifier(f, pred, values[0].start)
    multi_year = _multi_year(f, start, end)
    figures: list[Figure] = []
    pairs: list[tuple[tuple[str, Figure | None], _Value]]
    if len(prev_names) == len(values):
        pairs = list(zip(prev_names, values, strict=True))
    elif len(prev_names) == 1:
        pairs = [(prev_names[0], v) for v in values]
    else:
        pairs = [(n, values[0]) for n in prev_names]
    for n, ((name, prev), v) in enumerate(pairs):
        seg = _trim_lead(f, values[n - 1].end, v.start) if interleaved and n else pred
        between = f[seg : v.start]
        if interleaved:
            pre = _pre_qualifier(f, seg, v.start)
        decline = bool(DECLINE_WORDS.search(between)) and not GROWTH_WORDS.search(
            DECLINE_WORDS.split(between)[-1]
        )
        # (_kind looks at the name's last characters, which fold() leaves as they are)
        kind = _kind(name, between, v.unit, False)
        if prev is not None and kind == "growth" and v.unit in PERCENT_UNITS:
            # 力争达到10% after 增长9%以上: the same kind as the clause it continues
            if not GROWTH_WORDS.search(between) and prev.kind == "rate":
                kind = "rate"
        low, high = (-v.high, -v.low) if decline and kind == "growth" else (v.low, v.high)
        fig = Figure(
            name,
            kind,
            low,
            high,
            v.unit,
            _join_qualifier(pre, v.post),
            start if not interleaved or n == 0 else seg,
            v.end if len(pairs) == 1 or interleaved else end,
            inherited=inherited,
            decline=decline,
        )
        if multi_year:
            fig.skipped = "multi-year"
        figures.append(fig)
    return figures


# Every FIGURE match ends in a digit, maybe 千/百, maybe spaces, and a unit, and never spans
# a clause mark: a clause (or sentence) without this has no figure with a value.
FIGURE_END = re.compile(rf"\d[千百]?\s*{UNIT}")


# A clause that only says how a figure is counted, between the name and the figure
_ASIDE = re.compile(
    r"\s*(?:按可比价(?:格)?计算|按可比口径计算|扣除价格因素|同口径|剔除[^,;，；。]{1,8}因素)\s*"
)
# 在上年增长7.6%的基础上 / 在去年2.6亿美元的基础上: last year's figure, restated; and the
# start of a from-to (由93.4亿元增加到154.6亿元, 从2016年的1830.4亿元增加到…)
_BASE = re.compile(
    r"在(?:上年|去年|上一年|\d{4}年)[^,;，；。]{0,24}?的?基础上"
    r"|[由从](?:\d{4}\s*年(?:底|末)?的?)?\s*\d+(?:\.\d+)?\s*[^\d,;，；。]{0,6}?"
    r"(?=(?:增加|增长|提高|提升|上升|扩大|下降|降低|减少|缩小|降)(?:到|至))"
)
# the year before the figure reached: 增加到2021年的3350.3亿元
_TO_YEAR = re.compile(r"(?<=[到至])\d{4}\s*年(?:底|末)?的?(?=\s*\d)")


def read_sentence(
    text: str, f: str, s0: int, s1: int, keep=None, values_only: bool = False
) -> list[tuple[int, int, list[Figure]]]:
    """(start, end, figures) of each clause of the sentence f[s0:s1], keeping the figures
    `keep` accepts (default: plausible). A clause with no name of its own takes the
    previous clause's; 分别… takes as many names as it has figures from the clauses before.

    values_only: the caller wants only figures with a value (not qualitative ones). A clause
    without one matters then only as a source of names: it is read when the next clause,
    or a later one with 分别, may have a figure, and left out otherwise (read_clause looks at
    `previous` only for a clause with a figure, and at `earlier` only for one with 分别)."""
    keep = keep or plausible
    if "基础上" in f[s0:s1] or "由" in f[s0:s1] or "从" in f[s0:s1]:
        # blank the restated base and a from-to's start out (same length, same places)
        blank = lambda m: " " * len(m.group())  # noqa: E731
        f = _TO_YEAR.sub(blank, _BASE.sub(blank, f[:s1])) + f[s1:]
    spans = _clause_spans(f, s0, s1)
    wanted = [True] * len(spans)
    if values_only:
        wanted = _wanted(f, s0, s1, spans)
    out = []
    previous: list[Figure] = []
    earlier: list[Figure] = []
    for (c0, c1), read in zip(spans, wanted, strict=True):
        if _ASIDE.fullmatch(f, c0, c1):
            continue  # …936亿元，按可比价格计算，增长6.7%: the name carries over it
        if not read:
            previous = []
            continue
        found = [g for g in read_clause(text, f, c0, c1, previous, earlier) if keep(g)]
        out.append((c0, c1, found))
        previous = [g for g in found if not g.relative and not g.skipped]
        earlier += previous
    return out


def _wanted(f: str, s0: int, s1: int, spans: list[tuple[int, int]]) -> list[bool]:
    """Which clauses read_sentence(values_only=True) reads (see there)."""
    # The clauses that may have a figure: those with a FIGURE_END match, found in one pass.
    starts = [m.start() for m in FIGURE_END.finditer(f, s0, s1)]
    has, k = [], 0
    for _, c1 in spans:
        before = k
        while k < len(starts) and starts[k] < c1:
            k += 1
        has.append(k > before)
    wanted = [False] * len(spans)
    lends_all = False  # a later clause with a figure and 分别 may take any name before it
    for n in range(len(spans) - 1, -1, -1):
        wanted[n] = has[n] or lends_all or (n + 1 < len(spans) and has[n + 1])
        lends_all = lends_all or (has[n] and f.find("分别", *spans[n]) >= 0)
    return wanted


def read_figures(text: str, folded: str | None = None) -> list[Figure]:
    """All figures of a text, sentence by sentence (see read_sentence)."""
    f = folded if folded is not None else numfold(text)
    return [
        g
        for s0, s1 in sentences(text, f)
        for _, _, found in read_sentence(text, f, s0, s1)
        for g in found
    ]


def plausible(g: Figure) -> bool:
    """A name that can be an indicator: not empty, not a task (安排…), some letters."""
    name = fold(g.indicator).strip()
    if not _LETTER.search(name) or not 2 <= len(name) <= 40:
        return False
    if _ACTION.match(name):
        return False
    if g.kind == "qualitative":
        # 发展的质量和效益明显提高 is a wish, not an indicator; 生态环保 in
        # 节能减排、生态环保等约束性指标 is one by the report's own word (指标)
        return "的" not in name and (bool(INDICATOR_END.search(name)) or g.extras.get("listed"))
    return True
