"""ASCII slugs for Chinese names, and the administrative level of a region name.

Region slugs are pinyin without tones, one word per level:
[黑龙江省, 双鸭山市, 宝山区] -> "heilongjiang-shuangyashan-baoshan".

The administrative suffix (省, 市, 区, 县, 镇, 街道, 自治区 …) is dropped when what is left
still has at least two characters, so 宝山区 -> baoshan but 沛县 -> peixian (沛 alone would
be too short to read, and single-character names are where homophones clash). The pinyin is
taken from the whole name before the suffix is dropped: pypinyin reads place names better in
context (朝阳区 -> chaoyang, 长春市 -> changchun).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from govreport_site.text import CJK_RE, fold

# Longest first, so 自治区 wins over 区 and 街道办事处 over 街道.
ADMIN_SUFFIXES = sorted(
    [
        "特别行政区",
        "街道办事处",
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "民族乡",
        "民族镇",
        "办事处",
        "新区",
        "林区",
        "特区",
        "地区",
        "街道",
        "苏木",
        "省",
        "市",
        "区",
        "县",
        "旗",
        "盟",
        "州",
        "镇",
        "乡",
    ],
    key=len,
    reverse=True,
)

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG = 80

# The four municipalities directly under the central government: a 市 that is a province.
MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
NATIONAL_NAMES = ("全国", "中国", "中华人民共和国")  # the parser infers 全国

PROVINCE_SUFFIXES = ("省", "自治区", "特别行政区")
CITY_SUFFIXES = ("市", "州", "盟", "地区")
COUNTY_SUFFIXES = ("区", "县", "旗")
TOWN_SUFFIXES = ("镇", "乡", "街道", "街道办事处", "办事处", "苏木")


# A zone's name keeps its kind: 宜昌高新区 is not 宜昌高 + 新区.
_ZONE_ENDS = ("高新区", "开发区", "经开区", "园区", "试验区", "实验区", "保税区", "港区")

# Place names pypinyin misreads. A leading 长 is cháng in every division's name (长治,
# 长宁, 长阳) but 长子县; these are added for each such name of parse/divisions.tsv.
_READINGS = {"闵行": "mǐn háng", "单县": "shàn xiàn", "覃塘": "qín táng", "长子": "zhǎng zǐ"}


@cache
def _pinyin():
    """pypinyin's lazy_pinyin, with the readings of place names it gets wrong loaded."""
    from pypinyin import lazy_pinyin, load_phrases_dict, pinyin

    from govreport_site.parse.divisions import all_names

    phrases = {word: [[p] for p in reading.split()] for word, reading in _READINGS.items()}
    for name in all_names():
        if name.startswith("长") and not name.startswith("长子") and len(name) > 1:
            phrases[name] = [["cháng"], *pinyin(name[1:])]
    load_phrases_dict(phrases)
    return lazy_pinyin


def strip_suffix(name: str) -> str:
    """宝山区 -> 宝山; 沛县 -> 沛县 (the rest would be one character); 宜昌高新区 stays."""
    name = name.strip()
    if name.endswith(_ZONE_ENDS):
        return name
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def pinyin_slug(text: str) -> str:
    """Lower-case ASCII slug of any text: CJK as toneless pinyin, other letters and digits kept.

    Syllables of one word are run together (双鸭山 -> shuangyashan); runs of anything that
    is not a letter or digit become a single hyphen.
    """
    lazy_pinyin = _pinyin()  # a quarter of a second to import: only when needed
    text = unicodedata.normalize("NFKC", fold(text))
    out: list[str] = []
    for piece in lazy_pinyin(text, errors=lambda s: [s]):
        if CJK_RE.match(piece[:1] or " ") is None and not piece.isascii():
            # A non-CJK, non-ASCII piece (é, ß, symbols): transliterate what we can.
            piece = unicodedata.normalize("NFKD", piece).encode("ascii", "ignore").decode()
        out.append(piece.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(out)).strip("-")
    return slug[:MAX_SLUG].strip("-")


# Slugs already computed, by (name, strip); the build keeps them in its cache folder
# (cache.ReportCache) so that planning a known corpus needs no pinyin at all.
NAME_SLUGS: dict[tuple[str, bool], str] = {}


def name_slug(name: str, strip: bool = True) -> str:
    """Slug of one region name, e.g. 双鸭山市 -> shuangyashan.

    The pinyin is computed on the full name and the syllables of the suffix dropped after,
    so the suffix gives pypinyin context for polyphonic characters.
    """
    name = name.strip()
    key = (name, strip)
    slug = NAME_SLUGS.get(key)
    if slug is None:
        slug = NAME_SLUGS[key] = _name_slug(name, strip)
    return slug


def _name_slug(name: str, strip: bool) -> str:
    lazy_pinyin = _pinyin()
    short = strip_suffix(name) if strip else name
    full = pinyin_slug(name)
    if short != name and all(CJK_RE.match(c) for c in name[len(short) :]):
        syllables = lazy_pinyin(name, errors=lambda s: [s])
        n_suffix = len(name) - len(short)
        if len(syllables) == len(name) and n_suffix < len(syllables):
            slug = pinyin_slug("".join(syllables[:-n_suffix]))
            if slug:
                return slug
        slug = pinyin_slug(short)
    else:
        slug = full
    return slug or hash_slug(name)


def hash_slug(text: str) -> str:
    """A stable ASCII stand-in for a name that has no letters, digits or CJK at all."""
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def region_slug(names: list[str], strip: bool = True) -> str:
    """[黑龙江省, 双鸭山市, 宝山区] -> heilongjiang-shuangyashan-baoshan."""
    return "-".join(name_slug(n, strip) for n in names if n.strip())


def valid_slug(value: object) -> bool:
    """A user-given id must already be a clean ASCII slug: a-z, 0-9 and single hyphens."""
    return isinstance(value, str) and len(value) <= MAX_SLUG and bool(SLUG_RE.fullmatch(value))


def region_level(names: list[str]) -> str | None:
    """national / province / city / county / town from the suffix of the lowest name, or None.

    The position matters where the suffix alone is ambiguous: a 市 at the top of the list
    that is one of the four municipalities is province-level (上海市); a 市 below a
    city-level name is a county-level city (苏州市 昆山市); a 区 is county-level wherever
    it sits (a district of a city or of a municipality). A name in the table of divisions
    (parse/divisions.tsv) has the level its code gives: 昆山市 is county-level alone too.
    """
    names = [n.strip() for n in names if n and n.strip()]
    if not names:
        return None
    leaf = names[-1]
    if len(names) == 1 and leaf in NATIONAL_NAMES:
        return "national"
    if leaf.endswith("市") and leaf[:-1] in MUNICIPALITIES:
        return "province"
    from govreport_site.parse.divisions import level as division_level  # only when asked

    known = division_level(leaf)
    if known is not None:
        return known
    if leaf.endswith(TOWN_SUFFIXES):
        return "town"
    if leaf.endswith(PROVINCE_SUFFIXES):
        return "province"
    if leaf.endswith(CITY_SUFFIXES):
        if leaf.endswith("市") and len(names) > 1 and region_level(names[:-1]) == "city":
            return "county"  # a county-level city under a prefecture (苏州市 昆山市)
        return "city"
    if leaf.endswith(COUNTY_SUFFIXES):
        return "county"
    return None
