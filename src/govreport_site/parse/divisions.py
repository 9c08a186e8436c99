"""Where a place sits: the province and prefecture above a city or county, by its name.

    complete(["驻马店市"])           -> ["河南省", "驻马店市"]
    complete(["昆山市"])             -> ["江苏省", "苏州市", "昆山市"]
    complete(["双鸭山市", "宝山区"]) -> ["黑龙江省", "双鸭山市", "宝山区"]
    complete(["宝山区"])             -> None: there are two (上海市, 双鸭山市)
    complete(["宝山区"], text)       -> ["上海市", "宝山区"] when the text names 上海 often
                                        and 双鸭山 or 黑龙江 never

A report rarely names its province: the title block says 在驻马店市第四届人民代表大会…
Without the places above it, a report without metadata is filed alone on the home page and
a county-level city (昆山市) looks like a prefecture. divisions.tsv lists every division
above the township with its code; the code's digits give its province and prefecture.
A name several places share (宝山区, 朝阳区, 鼓楼区: 31 of them) is completed only when
the text names the places above one of them often (three times or more) and those above
the others five times less (a district of 双鸭山 that invites investors from 上海 once is
left as it is: a wrong province is worse than none).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

_TABLE = Path(__file__).with_name("divisions.tsv")


@cache
def _divisions() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(name of each code, codes of each name)."""
    names: dict[str, str] = {}
    codes: dict[str, list[str]] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split("\t")
        names[code] = name
        codes.setdefault(name, []).append(code)
    return names, codes


def _above(code: str) -> list[str]:
    """Names of the province and prefecture above a code, top first (a municipality's
    districts have no prefecture of their own: 上海市 宝山区)."""
    names, _ = _divisions()
    chain = []
    for upper in (code[:2] + "0000", code[:4] + "00"):
        if upper != code and upper in names and names[upper] not in chain:
            chain.append(names[upper])
    return chain


def complete(region: list[str], text: str = "", context: Sequence[str] = ()) -> list[str] | None:
    """The region with the places above its top name, or None when there is nothing to
    add: the top is a province, not a division we know, or a name several places share
    and neither `context` (names the file's folders give: 上海市) nor `text` (the
    report's) tells which."""
    names = [n.strip() for n in region if n and n.strip()]
    if not names:
        return None
    found = _divisions()[1].get(names[0], [])
    if len(found) > 1 and context:
        found = [c for c in found if set(_above(c)) & set(context)] or found
    if len(found) > 1:
        found = _named_most(found, text)
    if len(found) != 1 or found[0].endswith("0000"):
        return None
    above = _above(found[0])
    return above + names if above else None


_HINTS_MIN = 3  # mentions of the places above the chosen one
_HINTS_RATIO = 5  # how many times more than those above any other


def _named_most(codes: list[str], text: str) -> list[str]:
    """The one of `codes` whose places above the text names clearly most, or []."""
    if not text:
        return []
    scores = sorted(
        ((sum(text.count(_short(n)) for n in _above(c)), c) for c in codes), reverse=True
    )
    (best, code), (second, _) = scores[0], scores[1]
    return [code] if best >= _HINTS_MIN and best >= _HINTS_RATIO * second else []


@cache
def _short_names() -> dict[str, list[str]]:
    """Provinces and prefectures by their short names: 河南 -> [河南省], 吉林 -> two."""
    out: dict[str, list[str]] = {}
    for code, name in _divisions()[0].items():
        if code.endswith("00") and _short(name) != name:
            out.setdefault(_short(name), []).append(name)
    return out


def _short(name: str) -> str:
    """The name as a text says it in passing: 黑龙江省 -> 黑龙江, 延边朝鲜族自治州 -> 延边."""
    for suffix in ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            base = name[: -len(suffix)]
            # 广西壮族 -> 广西: the ethnic group's name is not said in passing
            return base[:2] if suffix.startswith("自治") and "族" in base else base
    return name


def level(name: str) -> str | None:
    """province / city / county by the division's code (济源市, governed by its province
    directly, is county-level; its name alone would say city), or None: not one known
    division."""
    found = _divisions()[1].get(name, [])
    levels = {
        "province" if c.endswith("0000") else "city" if c.endswith("00") else "county"
        for c in found
    }
    return levels.pop() if len(levels) == 1 else None


def is_province(name: str) -> bool:
    """河南省, 上海市, 广西壮族自治区: a division at the top."""
    return any(code.endswith("0000") for code in _divisions()[1].get(name, ()))


_LONGEST = 12  # characters of the longest name (黔东南苗族侗族自治州 is 10)


def names_in(text: str) -> list[str]:
    """The division names in a text, in order, longest first where they overlap:
    河南省驻马店市西平县2019年政府工作报告 -> [河南省, 驻马店市, 西平县]; a text that is
    a province's or prefecture's short name is that name (驻马店 -> [驻马店市])."""
    codes = _divisions()[1]
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
