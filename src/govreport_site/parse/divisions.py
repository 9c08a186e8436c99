"""Where a place sits: the province, prefecture and county above it, by its name.

    complete(["驻马店市"])           -> ["河南省", "驻马店市"]
    complete(["昆山市"])             -> ["江苏省", "苏州市", "昆山市"]
    complete(["双鸭山市", "宝山区"]) -> ["黑龙江省", "双鸭山市", "宝山区"]
    complete(["庙行镇"])             -> ["上海市", "宝山区", "庙行镇"]
    complete(["宝山区"])             -> None: there are two (上海市, 双鸭山市)
    complete(["宝山区"], text)       -> ["上海市", "宝山区"] when the text names 上海 often
                                        and 双鸭山 or 黑龙江 never

A report rarely names its province: the title block says 在驻马店市第四届人民代表大会…
Without the places above it, a report without metadata is filed alone on the home page and
a county-level city (昆山市) looks like a prefecture. divisions.tsv lists every division
above the township with its code (the code's digits give its province and prefecture),
towns.tsv.gz the towns of each county (scripts/make_divisions.py makes both).
A name several places share (宝山区, 朝阳区; 城关镇) is completed only when the text
names the places above one of them often (three times or more) and those above the
others five times less (a district of 双鸭山 that invites investors from 上海 once is
left as it is: a wrong province is worse than none).
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@dataclass
class _Table:
    names: dict[str, str] = field(default_factory=dict)  # code -> name
    shorts: dict[str, str] = field(default_factory=dict)  # code -> short name (河南)
    codes: dict[str, list[str]] = field(default_factory=dict)  # name -> codes


@cache
def _table() -> _Table:
    table = _Table()
    for line in (_HERE / "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, *short = line.split("\t")
        table.names[code] = name
        table.shorts[code] = short[0] if short else _short(name)
        table.codes.setdefault(name, []).append(code)
    return table


@cache
def _towns() -> dict[str, list[str]]:
    """Town name -> codes of the counties (or cities: 东莞市) that have one so named.
    Loaded only for a name that is not a division above the township."""
    out: dict[str, list[str]] = {}
    text = gzip.decompress((_HERE / "towns.tsv.gz").read_bytes()).decode("utf-8")
    for line in text.splitlines():
        code, names = line.split("\t")
        for name in names.split(" "):
            out.setdefault(name, []).append(code)
    return out


def _chain(code: str) -> list[str]:
    """Codes of the province, prefecture and the division itself, top first (a
    municipality's districts have no prefecture of their own: 上海市 宝山区)."""
    names = _table().names
    out: list[str] = []
    for c in (code[:2] + "0000", code[:4] + "00", code):
        if c in names and c not in out:
            out.append(c)
    return out


def _places_above(name: str) -> list[list[str]]:
    """For each place of this name, the codes of the divisions above it, top first."""
    codes = _table().codes.get(name)
    if codes:
        return [_chain(c)[:-1] for c in codes]
    return [_chain(c) for c in _towns().get(name, ())]


def complete(region: list[str], text: str = "", context: Sequence[str] = ()) -> list[str] | None:
    """The region with the places above its top name, or None when there is nothing to
    add: the top is a province, not a place we know, or a name several places share
    and neither `context` (names the file's folders give: 上海市) nor `text` (the
    report's) tells which."""
    names = [n.strip() for n in region if n and n.strip()]
    if not names:
        return None
    if is_province(names[0]):
        return _between(names)
    found = _places_above(names[0]) or _zone_of(names[0])
    table = _table()
    if len(found) > 1 and context:  # those with the most of the folders' names above
        hits = [len({table.names[c] for c in above} & set(context)) for above in found]
        found = [a for a, n in zip(found, hits, strict=True) if n == max(hits)]
    if len(found) > 1:
        found = _named_most(found, text)
    if len(found) != 1 or not found[0]:
        return None
    return [table.names[c] for c in found[0]] + names


_ZONE_END = ("新区", "开发区", "高新区", "经开区", "园区", "试验区", "实验区", "保税区", "港区")


def _zone_of(name: str) -> list[list[str]]:
    """A zone the table does not list, named after its city or province (宜昌高新区):
    the divisions above it are that place and those above it."""
    if not name.endswith(_ZONE_END):
        return []
    for size in range(min(len(name) - 2, 8), 1, -1):
        names = {n for n in _short_names().get(name[:size], ())}
        if len(names) == 1:
            return [_chain(c) for c in _table().codes[names.pop()]]
    return []


def _between(names: list[str]) -> list[str] | None:
    """河南省 西平县 -> 河南省 驻马店市 西平县: the prefecture a text skipped, where the
    place below the province is one of its name in that province."""
    if len(names) < 2:
        return None
    table = _table()
    tops = set(table.codes[names[0]])
    found = [a for a in _places_above(names[1]) if a and a[0] in tops]
    if len(found) != 1:
        return None
    full = [table.names[c] for c in found[0]]
    return full + names[1:] if len(full) > 1 else None


_HINTS_MIN = 3  # mentions of the places above the chosen one
_HINTS_RATIO = 5  # how many times more than those above any other


def _named_most(candidates: list[list[str]], text: str) -> list[list[str]]:
    """The one of `candidates` (codes above a place) whose places the text names clearly
    most, or []."""
    if not text:
        return []
    shorts = _table().shorts
    scores = sorted(
        ((sum(text.count(shorts[c]) for c in above), n) for n, above in enumerate(candidates)),
        reverse=True,
    )
    (best, n), (second, _) = scores[0], scores[1]
    return [candidates[n]] if best >= _HINTS_MIN and best >= _HINTS_RATIO * second else []


@cache
def _short_names() -> dict[str, list[str]]:
    """Provinces and prefectures by their short names: 河南 -> [河南省], 吉林 -> two."""
    table = _table()
    out: dict[str, list[str]] = {}
    for code, name in table.names.items():
        if code.endswith("00") and table.shorts[code] != name:
            out.setdefault(table.shorts[code], []).append(name)
    return out


def _short(name: str) -> str:
    """The name as a text says it in passing: 黑龙江省 -> 黑龙江, 延边朝鲜族自治州 -> 延边
    (for the older names, which the table gives no short name)."""
    for suffix in ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            base = name[: -len(suffix)]
            # 广西壮族 -> 广西: the ethnic group's name is not said in passing
            return base[:2] if suffix.startswith("自治") and "族" in base else base
    return name


def level(name: str) -> str | None:
    """province / city / county by the division's code (济源市, governed by its province
    directly, is county-level; its name alone would say city), or None: not one known
    division above the township."""
    found = _table().codes.get(name, [])
    levels = {
        "province" if c.endswith("0000") else "city" if c.endswith("00") else "county"
        for c in found
    }
    return levels.pop() if len(levels) == 1 else None


def all_names() -> list[str]:
    """Every division's name (for readings of place names: render.slugs)."""
    return list(_table().codes)


def is_province(name: str) -> bool:
    """河南省, 上海市, 广西壮族自治区: a division at the top."""
    return any(code.endswith("0000") for code in _table().codes.get(name, ()))


_LONGEST = 16  # characters of the longest name looked for (长春净月高新技术产业开发区 is 13)


def names_in(text: str) -> list[str]:
    """The division names in a text, in order, longest first where they overlap:
    河南省驻马店市西平县2019年政府工作报告 -> [河南省, 驻马店市, 西平县]; a text that is
    a province's or prefecture's short name is that name (驻马店 -> [驻马店市])."""
    codes = _table().codes
    short = _short_names().get(text, [])
    if len(short) == 1:  # a folder named 河南 or 驻马店
        return short
    found: list[str] = []
    i = 0
    while i < len(text):
        for size in range(min(_LONGEST, len(text) - i), 1, -1):
            if text[i : i + size] in codes:
                found.append(text[i : i + size])
                i += size
                break
        else:
            i += 1
    return found


def resolve(units: list[str]) -> list[str]:
    """A place as a text writes it, in the table's full names: [恩施州] -> [恩施土家族苗族
    自治州], [郑州] -> [郑州市], [郑州, 航空港经济综合实验区] -> [郑州航空港经济综合实验区].
    Units the table does not know, or knows several ways, stay as written."""
    codes = _table().codes
    out: list[str] = []
    i = 0
    while i < len(units):
        for j in range(len(units), i + 1, -1):  # the longest run of units that is one name
            if "".join(units[i:j]) in codes:
                out.append("".join(units[i:j]))
                i = j
                break
        else:
            out.append(_full_name(units[i]))
            i += 1
    return out


# What a short form's suffix says of the division it stands for: 恩施州 is the
# prefecture (not 恩施市), 长阳县 the county; a bare 郑州 or 河南 a prefecture or province.
_SHORT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "自治县": ("county",),
    "自治旗": ("county",),
    "地区": ("city",),
    "州": ("city",),
    "盟": ("city",),
    "县": ("county",),
    "旗": ("county",),
    "省": ("province",),
    "": ("province", "city"),
}


def _full_name(unit: str) -> str:
    table = _table()
    if unit in table.codes:
        return unit
    for suffix, levels in _SHORT_SUFFIXES.items():
        base = unit[: len(unit) - len(suffix)]
        if not unit.endswith(suffix) or len(base) < 2:
            continue
        names = {n for n in _all_shorts().get(base, ()) if level(n) in levels}
        if len(names) == 1:
            return names.pop()
    return unit


@cache
def _all_shorts() -> dict[str, list[str]]:
    """Every division by its short name (恩施 -> 恩施土家族苗族自治州 and 恩施市)."""
    table = _table()
    out: dict[str, list[str]] = {}
    for code, name in table.names.items():
        out.setdefault(table.shorts[code], []).append(name)
    return out
