"""Small text helpers shared by the stages."""

from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII by a fixed offset; the ideographic
# space to a space. Each character maps to exactly one character, so an index found in
# the folded text is valid in the original: match on fold(s), slice s.
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD["\u3000"] = " "
# Replacing each distinct character that changes (a text has a few: ，（）：；) is about 3x
# faster than str.translate, which looks up (and misses) every Chinese character of the
# text in the table, and 1.3x faster than re.sub with a function called per character.
_FOLDABLE = re.compile("[\uff01-\uff5e\u3000]")
_foldable = _FOLDABLE.findall


def fold(s: str) -> str:
    """Map full-width digits, letters, punctuation and spaces to ASCII, length-preserving."""
    found = _foldable(s)
    if not found:
        return s
    for c in set(found):  # any order: each becomes a character that does not change
        s = s.replace(c, _FOLD[c])
    return s


CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# Chinese numerals as used in years (二〇二四, 二O一二, 二零零二) and ordinals (十一).
_DIGITS = {
    "〇": 0,
    "零": 0,
    "O": 0,
    "o": 0,
    "Ｏ": 0,
    "○": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_year(s: str) -> int | None:
    """'二O一二' -> 2012, '2024' -> 2024; None when it is not a 4-digit year."""
    s = fold(s)
    if re.fullmatch(r"\d{4}", s):
        return int(s)
    if len(s) == 4 and all(c in _DIGITS or c.isdigit() for c in s):
        return int("".join(str(_DIGITS[c]) if c in _DIGITS else c for c in s))
    return None


_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾", "一二三四五六七八九十")


def chinese_number(s: str) -> int | None:
    """'十一' -> 11, '二十三' -> 23, '7' -> 7; None when not a number below 100."""
    s = fold(s).translate(_FINANCIAL)  # 壹、贰、 as headings number parts too
    if s.isdigit():
        return int(s)
    if not s or any(c not in _DIGITS and c != "十" for c in s):
        return None
    if "十" not in s:
        return _DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _DIGITS.get(tens, -1) if tens else 1
    o = _DIGITS.get(ones, -1) if ones else 0
    return None if t < 0 or o < 0 else t * 10 + o
