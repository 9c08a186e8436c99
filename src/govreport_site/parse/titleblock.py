"""The lines before the first part: title block, opening address, or an excerpt.

    政府工作报告
    ——2024年1月14日在宝山区第十一届人民代表大会第三次会议上
    宝山区人民政府区长 刘志军
    各位代表：
    现在，我代表区人民政府向大会报告工作，请予审议。

Web copies often run the whole title block into one line
("政府工作报告——2025年2月21日在…会议上驻马店市人民政府市长李跃勇"); it is cut into
its pieces so that each becomes its own paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govreport_site.parse.divisions import resolve
from govreport_site.text import CJK, chinese_number, chinese_year, fold

_NUM = r"[一二三四五六七八九十\d]+"

DATE_RE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"|(?<![\d.])(\d{4})\s*[.．]\s*(\d{1,2})\s*[.．]\s*(\d{1,2})(?![\d.])"  # 2024.1.15
)
_YEAR_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
# 二〇二四年一月十四日
CN_DATE_RE = re.compile(
    r"([〇零O○0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)
SESSION_RE = re.compile(
    rf"第\s*({_NUM})\s*届\s*(全国)?\s*人民代表大会\s*(?:常务委员会\s*)?第\s*({_NUM})\s*次\s*(全体)?\s*会议"
)
# 市十五届人大四次会议
SHORT_SESSION_RE = re.compile(
    rf"第?\s*({_NUM})\s*届\s*(全国)?\s*人大\s*(?:常委会\s*)?第?\s*({_NUM})\s*次\s*(全体)?\s*会议"
)
# 在宝山区第十一届 / 在驻马店市第五届 / 在郑州市十六届人大 / 2024年1月18日江门市第十五届 /
# 在兴安盟人大工委会议上 (the place before the session)
SESSION_PLACE_RE = re.compile(
    rf"(?:在|日(?!\s*在))\s*([{CJK}\s]{{2,24}}?)\s*"
    rf"(?:第?\s*{_NUM}\s*届|人大工委|人民代表大会|居民代表)"
)
# 宝山区人民政府区长 刘志军 / 庙行镇镇长 朱峻峰 / 代区长 黄远志 / 市长朱是西
SPEAKER_RE = re.compile(
    rf"(?P<title>(?:管委会|管理委员会|街道办事处|办事处)?(?:代理|代|常务副|副)?"
    rf"(?:[省市区县镇乡旗州盟]\s*长|主\s*席|主\s*任|总\s*理"
    rf"|(?:行署)?专\s*员|苏木达))"
    rf"\s*(?P<name>[{CJK}]{{2,4}}|[{CJK}]{{1,8}}[·•・][{CJK}]{{1,10}})\s*[)）]?\s*$"
)
GOV_PLACE_RE = re.compile(rf"^\s*([{CJK}]{{2,24}}?)(?:人民政府|行政公署)")
# 宝山区政府工作报告 / 宝山区2024年政府工作报告 / 2024年驻马店市政府工作报告
_TITLE_YEAR = r"(?:[〇零O○0-9一二三四五六七八九]{4}\s*年(?:度)?)"
TITLE_PLACE_RE = re.compile(
    rf"^\s*{_TITLE_YEAR}?\s*([{CJK}]{{2,24}}?)\s*{_TITLE_YEAR}?\s*(?:人民)?政府工作报告"
)
# 我代表市人民政府 / 我代表驻马店市政府 / 受郑州市人民政府委托
WE_REPRESENT_RE = re.compile(rf"(?:我代表|受)\s*([{CJK}]{{1,24}}?)\s*(?:人民)?政府")
TITLE_YEAR_RE = re.compile(r"([〇零OoＯ○0-9０-９一二三四五六七八九]{4})\s*年")
OPENING_RE = re.compile(r"\s*(?:各位代表|各位委员|代表们|同志们|各位人大代表)")

_SENTENCE = re.compile(r"[。！？!?]")
_REPORT_WORD = re.compile(r"报\s*告")
_MEETING = re.compile(r"人民代表大会|代表大会|会议")
# Where a run-in title line is cut: after 报告, after 会议上 / 会议通过.
_CUT_AFTER_TITLE = re.compile(r"报\s*告(?:\s*[(（][^)）]{1,8}[)）])?")
_CUT_AFTER_MEETING = re.compile(r"会\s*议(?:\s*上|\s*通过)?\s*[)）]?")

# Place names end in a level; used to take the leaf of 宝山区庙行镇 / 牡丹江市爱民区.
# 州 and 乡 also end names (苏州市, 贵州省, 通州区, 新乡市): before another level they
# are part of the name, not a level (恩施州 alone is one).
_LEVEL = (
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|街道|地区|苏木|省|市|区|县|镇|旗|盟"
    r"|州(?![省市区县])|乡(?![市区县镇]))"
)
_UNIT_RE = re.compile(rf"[{CJK}]+?{_LEVEL}")
# …where 市 before 镇, 乡 or 区 is part of a name (新市镇, 沙市区), tried when _UNIT_RE leaves
# a piece over (宁波市镇海区 splits at 市 first)
_UNIT_NO_CITY_RE = re.compile(rf"[{CJK}]+?{_LEVEL.replace('|市|', '|市(?![镇乡区])|')}")
# Kinds of zone named after the city they are in (苏州工业园区, 郑州经济技术开发区)
_ZONE = re.compile(
    r"(?:工业园|产业园|高新技术产业开发|经济技术开发|经济开发|高新|经开|开发|保税)区"
)
# The title of a zone's report: 宜昌高新区管委会2024年工作报告
ZONE_TITLE_RE = re.compile(
    rf"^\s*{_TITLE_YEAR}?\s*([{CJK}]{{2,24}}?区)\s*(?:党工委)?(?:管委会|管理委员会)\s*"
    rf"{_TITLE_YEAR}?\s*工作报告"
)


@dataclass
class Leading:
    """How the lines before the first part divide up."""

    title_pieces: list[tuple[int, int, int]] = field(default_factory=list)  # (line, start, end)
    opening_lines: list[int] = field(default_factory=list)
    excerpt_lines: list[int] = field(default_factory=list)


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def is_title_like(line: str) -> bool:
    """A line of a title block: the title, the meeting/date line, the speaker line."""
    f = _compact(fold(line))
    if not f:
        return True
    if f.startswith(("各位代表", "代表们", "同志们")):
        return False
    has_sentence = _SENTENCE.search(f) is not None
    if _REPORT_WORD.search(f) and len(f) <= 50 and not has_sentence and "," not in f:
        return True
    if DATE_RE.search(f) and len(f) <= 150 and not has_sentence:
        return True
    if _MEETING.search(f) and len(f) <= 80 and not has_sentence:
        return True
    if SPEAKER_RE.search(f) and len(f) <= 40 and not has_sentence:
        return True
    # （草案） / （摘要） / a lone name line — but not a numbered or dashed heading
    if re.match(r"[(—―─-]|[一二三四五六七八九十]+[、.]", f):
        return False
    return len(f) <= 12 and not has_sentence and "," not in f


def split_title_line(line: str) -> list[tuple[int, int]]:
    """Cut a run-in title line into (start, end) pieces covering the whole line."""
    f = fold(line)
    cuts: set[int] = set()
    for rx in (_CUT_AFTER_TITLE, _CUT_AFTER_MEETING):
        for m in rx.finditer(f):
            cuts.add(m.end())
    # A date right after the title: 政府工作报告2015年4月20日…
    points = sorted(c for c in cuts if 0 < c < len(f.rstrip()))
    pieces, start = [], 0
    for c in points:
        if f[start:c].strip():
            pieces.append((start, c))
            start = c
    pieces.append((start, len(line)))
    return pieces


_OPENING_WORDS = re.compile(r"报告工作|请予审议|向大会|工作报告|作报告")


def divide_leading(lines: list[str], first_part: int) -> Leading:
    """Title block / opening / excerpt for lines[:first_part]."""
    lead = Leading()
    title_end = 0
    while title_end < first_part and is_title_like(lines[title_end]):
        title_end += 1
    opening = None
    for i in range(title_end, first_part):
        if OPENING_RE.match(fold(lines[i])) and (
            i == title_end or _OPENING_WORDS.search("".join(lines[i : i + 2]))
        ):
            opening = i
            break
    if title_end == 0 and opening is not None:
        # a stray line above the title (e.g. a file name) does not make this an excerpt
        title_end = opening if all(is_title_like(lines[i]) for i in range(opening)) else 0
    for i in range(title_end):
        for start, stop in split_title_line(lines[i]):
            lead.title_pieces.append((i, start, stop))
    if opening is not None:
        for i in range(title_end, opening):  # between the title block and 各位代表
            if title_end:
                lead.title_pieces.append((i, 0, len(lines[i])))
            else:
                lead.excerpt_lines.append(i)
        lead.opening_lines = list(range(opening, first_part))
    elif title_end > 0:
        lead.opening_lines = list(range(title_end, first_part))  # preamble, no 各位代表
    else:
        lead.excerpt_lines = list(range(first_part))
    return lead


def leaf_place(place: str) -> str | None:
    """宝山区庙行镇 -> 庙行镇; 驻马店市 -> 驻马店市; 区 -> None."""
    units = place_units(place)
    return units[-1] if units else None


def place_units(place: str) -> list[str]:
    """宝山区庙行镇 -> [宝山区, 庙行镇]; 驻马店市 -> [驻马店市]; 区 -> []."""
    place = _compact(place)
    units = _UNIT_RE.findall(place)
    rest = place[len("".join(units)) :]
    if units and place.startswith("".join(units)) and rest in ("镇", "乡", "市", "县", "区"):
        units[-1] += rest  # 乌镇镇, 古镇镇: a name that ends like its level
    if "".join(units) != place:  # 德清县新市镇: 新市 + 镇 is no split, 新市镇 is one name
        units = _UNIT_NO_CITY_RE.findall(place)
    if not units or "".join(units) != place:
        return []
    merged: list[str] = []
    for u in units:  # 市中区 is one name, not 市 + 中区; nor is 乌镇镇 乌镇 + 镇
        if merged and (len(merged[-1]) < 2 or len(u) < 2):
            merged[-1] += u
        else:
            merged.append(u)
    if len(merged) > 1 and _ZONE.fullmatch(merged[-1]):  # 苏州|工业园区 is one name
        merged[-2:] = [merged[-2] + merged[-1]]
    leaf = merged[-1]
    if len(leaf) < 2 or leaf[0] in "全本我该" or leaf in _BARE_LEVELS:
        return []
    return merged


# A level word alone names no place: 在地区人大工委会议上
_BARE_LEVELS = {"地区", "街道", "自治区", "自治州", "自治县", "自治旗", "特别行政区"}


@dataclass
class TitleFacts:
    title: str | None = None
    title_year: int | None = None
    date: str | None = None
    session: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    month: str | None = None  # 2012-02 from ——2012年2月在…, where no day is given
    region: str | None = None  # the lowest place: 庙行镇
    place: list[str] = field(default_factory=list)  # as the text names it: [宝山区, 庙行镇]


def _iso(y: str, m: str, d: str) -> str | None:
    yi, mi, di = int(y), int(m), int(d)
    if 1949 <= yi <= 2100 and 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{yi:04d}-{mi:02d}-{di:02d}"
    return None


def read_title_block(pieces: list[str], opening: list[str]) -> TitleFacts:
    """What the title block and the opening say about the report."""
    facts = TitleFacts()
    folded = [_compact(fold(p)) for p in pieces]
    joined = "".join(folded)
    for f in folded:
        if _REPORT_WORD.search(f) and facts.title is None:
            t = re.sub(r"^标题[:：]", "", f)
            facts.title = t or None
            m = TITLE_YEAR_RE.search(f)
            if m:
                facts.title_year = chinese_year(m.group(1))
    m = DATE_RE.search(joined)
    if m:
        facts.date = _iso(*[g for g in m.groups() if g is not None])
    else:
        m = CN_DATE_RE.search(joined)
        if m:
            y = chinese_year(m.group(1))
            mo, d = chinese_number(m.group(2)), chinese_number(m.group(3))
            if y and mo and d:
                facts.date = _iso(str(y), str(mo), str(d))
    if facts.date is None:
        m = _YEAR_MONTH.search(joined)
        if m and 1949 <= int(m.group(1)) <= 2100 and 1 <= int(m.group(2)) <= 12:
            facts.month = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    m = SESSION_RE.search(joined) or SHORT_SESSION_RE.search(joined)
    if m:
        a, national, b, whole = m.groups()
        facts.session = f"第{a}届{national or ''}人民代表大会第{b}次{whole or ''}会议"
    speakers = _speaker_lines(folded)
    for f in reversed(speakers):
        m = SPEAKER_RE.search(f)
        if m:
            facts.speaker = m.group("name")
            facts.speaker_title = _compact(m.group("title"))
            break
    facts.place = _place(speakers, joined, opening)
    facts.region = facts.place[-1] if facts.place else None
    if facts.region is None and _is_national(facts, joined, opening):
        facts.region = NATIONAL
    return facts


_ON_BEHALF = re.compile(r"[(（]受[^()（）]{0,12}委托[)）]$")  # 副市长 张俊峰（受市长委托）
_ACTING = re.compile(r"([省市区县镇乡旗州盟]长)[(（](代|代理)[)）]")  # 市长（代） 何雄
_TITLE_ONLY = re.compile(r"(?:[省市区县镇乡旗州盟]长|主席|主任|总理|专员)$")


def _speaker_lines(folded: list[str]) -> list[str]:
    """The title block's lines as the speaker pattern reads them: without a trailing
    （受市长委托）, with 市长（代） as 代市长, and a title alone on its line joined to the
    name on the next (郑州市人民政府市长 / 何雄)."""
    out: list[str] = []
    for f in folded:
        f = _ACTING.sub(r"\2\1", _ON_BEHALF.sub("", f))
        if out and _TITLE_ONLY.search(out[-1]) and re.fullmatch(rf"[{CJK}·•・]{{2,12}}", f):
            out[-1] += f
        else:
            out.append(f)
    return out


NATIONAL = "全国"  # the State Council's report: its place in the site beside the provinces


def _is_national(facts: TitleFacts, joined: str, opening: list[str] = ()) -> bool:
    """Given at 全国人民代表大会 (全国人大), by the 国务院总理, or 我代表国务院."""
    return (
        "全国人民代表大会" in joined
        or "全国人大" in joined
        or facts.speaker_title == "总理"
        or any("我代表国务院" in _compact(line) for line in opening[:3])
    )


def _units(place: str) -> list[str]:
    """place_units in the full names of the table of divisions (恩施州 -> 恩施土家族苗族
    自治州); a bare short name it knows stands for its place (郑州 -> 郑州市)."""
    units = place_units(place)
    if not units:
        bare = _compact(place)
        known = resolve([bare])
        units = known if known != [bare] else []
    return resolve(units)


def issuer_place(notice: str) -> list[str]:
    """The place of the office that forwards the report (佳木斯市前进区人民政府办公室
    关于印发《政府工作报告》的通知): the title block then often says only 在区第十六届…"""
    m = GOV_PLACE_RE.match(_compact(fold(notice.split("\n", 1)[0])))
    return _units(m.group(1)) if m else []


def _place(folded: list[str], joined: str, opening: list[str]) -> list[str]:
    """The report's place as the text names it, top first: [宝山区, 庙行镇]."""
    m = SESSION_PLACE_RE.search(joined)
    if m:
        units = _units(m.group(1))
        if units:
            return units
    for f in folded:
        m = TITLE_PLACE_RE.match(f)
        if m and not re.fullmatch(r"[〇零O○0-9一二三四五六七八九]{4}年?", m.group(1)):
            units = _units(m.group(1))
            if units:
                return units
        m = GOV_PLACE_RE.match(f) or ZONE_TITLE_RE.match(f)
        if m:
            units = _units(m.group(1))
            if units:
                return units
        # 庙行镇镇长 朱峻峰: the place named by the level of the title
        m = SPEAKER_RE.search(f)
        if m:
            before = f[: m.start()]
            level = _compact(m.group("title")).lstrip("代理常务副")[:1]
            if before.endswith(level) and len(before) >= 2:
                units = _units(before)
                if units:
                    return units
    for line in opening:
        m = WE_REPRESENT_RE.search(_compact(fold(line)))
        if m:
            units = _units(m.group(1))
            if units:
                return units
    return []
