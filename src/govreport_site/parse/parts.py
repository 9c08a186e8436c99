"""Find the top-level parts (一、二、三…) and the subsections inside them.

The output is a list of _Part drafts whose paragraphs are slices of the input lines;
anchors are given later (anchors.py), once every part's kind is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govreport_site.parse.headings import (
    MAX_PART_HEADING,
    MAX_SUB_HEADING,
    SENTENCE_END,
    clean_title,
    dash_lead,
    part_number,
    split_heading,
    sub_number,
)
from govreport_site.text import chinese_number, fold

# ---- part kinds from the heading text ---------------------------------------------

_REVIEW = re.compile(
    r"回顾|完成情况|工作情况|执行情况|主要成就|重大成就|取得的成就|工作总结|成绩|过去.{0,4}年.{0,4}工作"
    r"|一年来的?工作|巨大成就|五年来的工作|[“\"]?[八九]五[”\"]?(?:期间|时期).{0,12}成就"
)
_FIVE_YEAR = re.compile(
    r"今后五年|未来五年|十[一二三四五六七八九]?五|[“\"][八九]五[”\"]|五年规划|规划纲要|纲要"
)
_OUTLOOK_WORD = re.compile(r"目标|任务|思路|规划|纲要|展望|说明|设想|蓝图|部署|要求|建议")
_OTHER = re.compile(
    r"自身建设|政府建设|施政能力|施政水平|政府职能|依法行政|廉政|作风建设|服务型政府|法治政府"
    r"|人民满意的政府|自身改革|机构改革|政府管理创新|外交|国防|军队建设|香港|澳门|台湾"
)
_PLAN = re.compile(
    r"工作安排|重点工作|主要工作|主要任务|工作任务|目标任务|总体要求|预期目标|奋斗目标|主要目标"
    r"|目标和任务|目标要求|工作目标|发展目标|任务|安排|计划|打算|总体部署|经济工作|今年|明年"
)
YEAR_IN_HEADING = re.compile(r"((?:19|20)\d{2})\s*年")

# Unnumbered part headings on their own line (some county and town reports, and text
# from Word files whose headings Word numbered: the number is lost, or a converter
# writes its own, 1. 2007年政府的工作).
_UNNUMBERED = re.compile(
    r"(?:(?:19|20)\d{2}\s*年|过去.{0,3}年|今后五年|今年|明年|“十.五”时期)?.{0,16}"
    r"(?:工作回顾|工作安排|重点工作|主要任务|目标任务|总体要求和主要目标|政府自身建设)$"
    r"|(?:19|20)\d{2}\s*年(?:政府)?的?工作$"
)
_BRACKETED = re.compile(r"[【\[]\s*(.+?)\s*[】\]]")
_LIST_MARK = re.compile(r"\s*(?:\d{1,2}\s*[.、)]|\(\s*\d{1,2}\s*\))\s*")


def classify(title: str) -> str | None:
    """Kind of a part from its heading; None when the words alone do not tell."""
    t = re.sub(r"\s+", "", fold(title))
    if _REVIEW.search(t):
        return "review"
    # 今后五年奋斗目标和2023年重点工作: the year's plan is in it, with its targets
    this_year = re.search(r"今年|明年|[和及与暨](?:19|20)\d{2}\s*年", t)
    if _FIVE_YEAR.search(t) and _OUTLOOK_WORD.search(t) and not this_year:
        years = [int(y) for y in YEAR_IN_HEADING.findall(t)]
        # "2021年工作安排" inside a 十四五 sentence is still this year's plan
        if not years or re.search(r"十.五|今后五年|未来五年", t):
            return "outlook"
    if _OTHER.search(t):
        return "other"
    if _PLAN.search(t):
        return "plan"
    return None


# A part number starts with one of these.
_NUMBER_START = set("一二三四五六七八九十第壹贰叁肆伍陆柒捌玖拾")

# ---- drafts ------------------------------------------------------------------------


@dataclass
class Piece:
    """A paragraph to be: a slice of one input line."""

    line: int
    start: int
    end: int
    role: str = "body"
    sub_title: str | None = None  # set on subsection headings


@dataclass
class Draft:
    kind: str | None
    title: str = ""
    pieces: list[Piece] = field(default_factory=list)
    number: int | None = None  # 一、二、三 number of the heading


@dataclass
class _Cand:
    line: int
    num: int
    head_end: int  # index in the line where the heading ends
    title: str
    quality: int
    section: bool


_PART_WORDS = re.compile(
    r"回顾|情况|成就|安排|任务|目标|要求|重点工作|主要工作|自身建设|规划|纲要|展望|计划|总结|打算"
)


def _candidate(i: int, line: str, f: str, paren: bool = False) -> _Cand | None:
    """A part heading numbered 一、 (or 第一部分; with `paren`, （一）) on line i."""
    if paren:
        sn = sub_number(f)
        pn = (sn[0], sn[1], False) if sn else None
    else:
        pn = part_number(f)
    if not pn:
        return None
    num, pos, section = pn
    rest = f[pos:]
    k = split_heading(rest, "part")
    if k is None:
        # no clean cut: take the first clause if it is short enough to be a heading
        m = re.search(r"[,:;。!?]", rest)
        if not m or m.start() > 24:
            return None
        k = m.start() + 1
    title = clean_title(line[pos : pos + k])
    if len(title) > MAX_PART_HEADING:
        return None
    quality = 0
    if _PART_WORDS.search(title):
        quality += 3
    if YEAR_IN_HEADING.search(title) or re.search(r"今年|明年|五年|十.五", title):
        quality += 2
    if any(c in title for c in "。!?！？"):
        quality -= 2
    if not title:
        quality -= 1
    return _Cand(i, num, pos + k, title, quality, section)


def _best_chain(cands: list[_Cand]) -> list[_Cand]:
    """The longest run numbered n, n+1, n+2 … in line order (ties: starts at 一, quality).

    One pass: the best chain ending in number n-1 so far is all a candidate numbered n
    needs to know, so this stays linear however many numbered lines a text has.
    """
    if not cands:
        return []
    keys: list[tuple[int, int, int]] = []
    prev: list[int | None] = []
    best_by_num: dict[int, int] = {}  # number -> index of the best chain ending there
    for j, c in enumerate(cands):
        key, back = (1, int(c.num == 1), c.quality), None
        i = best_by_num.get(c.num - 1)
        if i is not None:
            k = keys[i]
            longer = (k[0] + 1, k[1], k[2] + c.quality)
            if longer > key:
                key, back = longer, i
        keys.append(key)
        prev.append(back)
        if c.num not in best_by_num or key > keys[best_by_num[c.num]]:
            best_by_num[c.num] = j
    end = max(range(len(cands)), key=lambda j: (keys[j], -j))
    chain = []
    j: int | None = end
    while j is not None:
        chain.append(cands[j])
        j = prev[j]
    chain.reverse()
    # A lone heading counts only when it clearly names a part (001: 二、2023年工作安排).
    if len(chain) == 1 and chain[0].quality < 3:
        return []
    return chain


def find_part_headings(lines: list[str], folded: list[str]) -> tuple[list[_Cand], str]:
    """Part headings, and the numbering their subsections use ("paren" or "num").

    `folded` is text.fold() of every line, computed once by the caller.
    """
    numbered: list[_Cand] = []
    sections: list[_Cand] = []
    for i, (line, f) in enumerate(zip(lines, folded, strict=True)):
        if (numbered or sections) and _APPENDIX.match(f):
            break  # 附件: an appendix's 一、二、 (十件民生实事 …) number no parts of the report
        if f[:12].lstrip()[:1] not in _NUMBER_START:
            continue
        c = _candidate(i, line, f)
        if c:
            (sections if c.section else numbered).append(c)
    chain = _best_chain(sections)
    if len(chain) >= 2:
        return chain, "num"  # 第一部分 … with 一、二、 inside
    chain = _best_chain(numbered)
    bare = _unnumbered(lines, folded)
    if len(bare) >= 2 and sum(c.num == 1 for c in numbered) >= 2:
        # "2023年工作回顾" / "2024年工作安排" on their own lines, each with its own
        # 一、二、三 inside: the bare headings are the parts.
        return bare, "num"
    if chain:
        return chain, "paren"
    if bare:
        return bare, "paren"
    # （一）2023年工作回顾 / （二）2024年工作安排 as the top level (some town reports),
    # each heading naming a part, with 1. 2. inside
    parens = [c for i, f in enumerate(folded) if (c := _candidate(i, lines[i], f, paren=True))]
    chain = _best_chain([c for c in parens if c.quality >= 3])
    if len(chain) >= 2 and all(_PART_WORDS.search(c.title) for c in chain):
        return chain, "num"
    return [], "paren"


# A part number right after the end of a sentence, inside a line.
_MID_PART = re.compile(r"(?<=[。!?])\s*(?=[一二三四五六七八九十]{1,2}\s*[、.])")


def split_run_in_parts(
    lines: list[str], folded: list[str], heads: list[_Cand], style: str
) -> list[tuple[int, int]] | None:
    """Where to cut lines before part headings run in after a sentence, as web copies
    lose the break (…提出意见。一、2023年工作回顾2023年是…): the places (line, position)
    after a 。 where 一、二、… go on the numbering of the headings at line starts
    (`heads`) in order, n, n+1, n+2 …, at least one of them naming a part (回顾, 安排,
    任务 … or a year). None when there is nothing to cut."""
    if style == "num":
        return None  # parts are 第一部分 … or unnumbered: 一、 is a lower level
    found: list[tuple[int, int, _Cand]] = []
    for i, (line, f) in enumerate(zip(lines, folded, strict=True)):
        if "。" not in f and "!" not in f and "?" not in f:
            continue
        for m in _MID_PART.finditer(f):
            c = _candidate(i, line[m.end() :], f[m.end() :])
            if c and not c.section:
                found.append((i, m.end(), c))
    if not found:
        return None
    where = {id(c): (i, pos) for i, pos, c in found}
    ordered = sorted([(h.line, 0, h) for h in heads] + found, key=lambda t: t[:2])
    chain = _best_chain([c for _, _, c in ordered])
    cuts = [where[id(c)] for c in chain if id(c) in where]
    strong = any(c.quality >= 2 for c in chain if id(c) in where)  # part words or a year
    if len(chain) < 2 or not strong or len(chain) - len(cuts) < len(heads):
        return None  # only ever adds to the headings at line starts
    return cuts


def cut_lines(lines: list[str], cuts: list[tuple[int, int]]) -> list[str]:
    """`lines` with each line cut at the given (line, position) places."""
    at: dict[int, list[int]] = {}
    for i, pos in cuts:
        at.setdefault(i, []).append(pos)
    out: list[str] = []
    for i, line in enumerate(lines):
        bounds = [0, *at.get(i, []), len(line)]
        out.extend(line[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)
    return out


def _unnumbered(lines: list[str], folded: list[str]) -> list[_Cand]:
    out = []
    for i, line in enumerate(lines):
        if len(line) > 60:
            continue
        mark = _LIST_MARK.match(folded[i])
        start = mark.end() if mark else 0
        f = re.sub(r"\s+", "", folded[i][start:])
        if part_number(f) or sub_number(f) or dash_lead(f):
            continue
        bracketed = _BRACKETED.fullmatch(f)
        if bracketed:  # 【2023年工作回顾】
            f = bracketed.group(1)
        if len(f) <= 30 and not any(c in f for c in SENTENCE_END + ",") and _UNNUMBERED.match(f):
            title = clean_title(line[start:])
            title = _BRACKETED.sub(r"\1", title) if bracketed else title
            out.append(_Cand(i, len(out) + 1, len(line), title, 3, False))
    return out if len(out) >= 2 else []


# ---- subsections -------------------------------------------------------------------

_MID_SUB = re.compile(r"(?<=[。:])\s*\(\s*([一二三四五六七八九十]{1,3})\s*\)")
_LINE_NUM = re.compile(r"\s*([一二三四五六七八九十]{1,3})\s*[、.](?![一二三四五六七八九十]+[、.,])")
MAX_DASH_HEADING = 40


# 1. / 1、 / (1): subsections numbered in digits where a part has no (一) or 一、 in it
_ARABIC = re.compile(r"\s*(?:(\d{1,2})\s*[、.](?!\d)|\(\s*(\d{1,2})\s*\))")
_LIST_END = re.compile(r"[;,、]\s*$")


def _number_at(f: str, pos: int, style: str) -> tuple[int, int] | None:
    if style == "arabic":
        m = _ARABIC.match(f, pos)
        if not m:
            return None
        # 1.地区生产总值增长7%左右； is an item of a list of targets, 1.“强工业”：指… an
        # entry of a glossary: neither is a heading
        first = re.match(r"[^。!?]*", f[m.end() :]).group()
        if re.search(r"[\d:]", first) or _LIST_END.search(first):
            return None
        return int(m.group(1) or m.group(2)), m.end()
    if style == "paren":
        return sub_number(f, pos)
    m = _LINE_NUM.match(f, pos)
    if not m:
        return None
    n = chinese_number(m.group(1))
    return (n, m.end()) if n else None


def add_subsections(
    part: Draft, lines: list[str], folded: list[str], style: str, free_start: bool
) -> None:
    """Split subsection headings off the body pieces of `part`, in place.

    style "paren" for (一)(二) (or "num" for 一、二、 under 第N部分). Numbers must run
    1, 2, 3 … (one gap allowed, for a typo); free_start lets an excerpt start anywhere.
    """
    body = [p for p in part.pieces if p.role == "body"]
    # Every place a subsection number could start: at the start of a piece, or after
    # a 。/： inside it (web copies run whole subsections into one line).
    spots: list[tuple[int, int, int, bool]] = []  # (piece index, offset, number, mid-line)
    for pi, p in enumerate(body):
        f = folded[p.line][: p.end]
        got = _number_at(f, p.start, style)
        if got:
            spots.append((pi, p.start, got[0], False))
        if style == "paren":
            for m in _MID_SUB.finditer(f, p.start):
                n = chinese_number(m.group(1))
                if n:
                    spots.append(
                        (pi, m.start() + (len(m.group()) - len(m.group().lstrip())), n, True)
                    )
    spots = sorted(set(spots))
    last_two = max((i for i, s in enumerate(spots) if s[2] == 2), default=-1)
    accepted: list[tuple[int, int, int]] = []
    expected = None
    for idx, (pi, off, n, mid) in enumerate(spots):
        if expected is None:
            ok = n == 1 or (free_start and not mid)
            if ok and mid and n == 1:
                ok = last_two > idx  # ：（一）… only when a （二） follows
        else:
            ok = n == expected or (not mid and n == expected + 1)
        if ok:
            accepted.append((pi, off, n))
            expected = n + 1
    if accepted:
        _apply_numbered(part, body, lines, folded, accepted, style)
    elif style == "num":  # 第一部分 with （一）（二） right below it, no 一、二、
        add_subsections(part, lines, folded, "paren", free_start)
    elif style == "paren":  # 一、 with 1. 2. or (1) (2) right below it
        add_subsections(part, lines, folded, "arabic", free_start)
    else:
        _apply_dash_leads(part, lines, folded)
        if not any(p.role == "subheading" for p in part.pieces):
            _apply_bare_headings(part, lines)


def _apply_numbered(
    part: Draft, body: list[Piece], lines: list[str], folded: list[str], accepted: list, style: str
) -> None:
    by_piece: dict[int, list[int]] = {}
    for pi, off, _ in accepted:
        by_piece.setdefault(pi, []).append(off)
    new: list[Piece] = []
    body_ids = {id(p): i for i, p in enumerate(body)}
    for p in part.pieces:
        pi = body_ids.get(id(p))
        if pi is None or pi not in by_piece:
            new.append(p)
            continue
        cuts = sorted(set(by_piece[pi]) | {p.start})
        bounds = [*cuts, p.end]
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a == b:
                continue
            if a in by_piece[pi]:
                new.extend(_heading_pieces(p.line, a, b, lines[p.line], folded[p.line], style))
            else:
                new.append(Piece(p.line, a, b))
    part.pieces = new


def _heading_pieces(
    line_no: int, a: int, b: int, line: str, folded: str, style: str
) -> list[Piece]:
    f = folded[:b]
    got = _number_at(f, a, style)
    assert got is not None
    _, pos = got
    k = split_heading(f[pos:b], "sub")
    if k is None:
        # Numbered, but no clean cut: keep the text whole, name it by its first clause.
        m = re.search(r"[,:;。!?]", f[pos:b])
        guess = line[pos : pos + min(m.start() if m else 20, 20)]
        return [Piece(line_no, a, b, "body", clean_title(guess))]
    head = Piece(line_no, a, pos + k, "subheading", clean_title(line[pos : pos + k]))
    if pos + k >= b:
        return [head]
    return [head, Piece(line_no, pos + k, b)]


def _apply_dash_leads(part: Draft, lines: list[str], folded: list[str]) -> None:
    """——lead lines as subsection heads: ——扎实开展社会治理。 / ——经济运行稳中向好。全区…"""
    new: list[Piece] = []
    in_list = False  # the line before was an item of a —— list
    for p in part.pieces:
        if p.role != "body" or p.start != 0:
            new.append(p)
            in_list = False
            continue
        f = folded[p.line][: p.end]
        pos = dash_lead(f)
        if pos is None:
            new.append(p)
            in_list = False
            continue
        rest = f[pos:]
        stripped = rest.rstrip()
        first = next((i for i, c in enumerate(rest) if c in "。!?"), -1)
        if len(stripped) <= MAX_DASH_HEADING and (first < 0 or first >= len(stripped) - 1):
            cut = len(rest)
        elif 0 < first < MAX_DASH_HEADING:
            cut = first + 1
        else:
            new.append(p)
            continue
        if in_list or stripped[-1:] in (";", ",", "、") or re.search(r"\d", rest[:cut]):
            new.append(p)  # an item of a list (——地区生产总值增长6%左右；), not a heading
            in_list = True
            continue
        title = clean_title(lines[p.line][pos : pos + cut])
        new.append(Piece(p.line, p.start, pos + cut, "subheading", title))
        if pos + cut < p.end:
            new.append(Piece(p.line, pos + cut, p.end))
    part.pieces = new


# A subsection heading whose number Word made and a converter dropped (docx2txt,
# python-docx): 经济运行情况稳中向好，锻造产业发展“强引擎” on its own line, a paragraph
# after it. No figures (a row of a table: 地区生产总值增长6%左右), no full stop.
_BARE_HEADING_END = tuple("，,、；;：:")
_FIGURE_IN_TITLE = re.compile(r"\d(?!\d*\s*年)|%|％")
MIN_BARE_HEADINGS = 2


def _apply_bare_headings(part: Draft, lines: list[str]) -> None:
    """Short lines of their own between the end of a paragraph (or the part's heading)
    and a paragraph, in a part with no numbered or —— subsections, are its subsection
    headings (at least MIN_BARE_HEADINGS of them). Cells of a table written a cell a line
    follow each other, with no paragraph end before them."""
    pieces = part.pieces
    heads = []
    for i, p in enumerate(pieces[:-1]):
        text = lines[p.line][p.start : p.end].strip()
        after = pieces[i + 1]
        before = lines[pieces[i - 1].line][pieces[i - 1].start : pieces[i - 1].end] if i else ""
        if (
            i
            and (pieces[i - 1].role != "body" or before.rstrip()[-1:] in SENTENCE_END + "：:")
            and p.role == "body"
            and p.start == 0
            and 2 <= len(text) <= MAX_SUB_HEADING
            and "\t" not in text
            and not any(c in text for c in SENTENCE_END)
            and not text.endswith(_BARE_HEADING_END)
            and not _FIGURE_IN_TITLE.search(text)
            and after.role == "body"
            and after.end - after.start > len(text)
            and lines[after.line][after.start : after.end].rstrip()[-1:] in SENTENCE_END
        ):
            heads.append(i)
    if len(heads) < MIN_BARE_HEADINGS or 2 * len(heads) > len(pieces):
        return
    for i in heads:
        p = pieces[i]
        title = clean_title(lines[p.line][p.start : p.end])
        pieces[i] = Piece(p.line, p.start, p.end, "subheading", title)


# ---- closing -----------------------------------------------------------------------

_ADDRESS = re.compile(r"\s*(?:各位代表|同志们|代表们|各位委员|各位人大代表)")
# The appeal itself: 让我们…, 为…而奋斗, 携手奋进 (not just any paragraph addressed to
# 各位代表, such as a promise to accept the congress's supervision).
_APPEAL = re.compile(
    r"让我们|为[^。]{2,80}而(?:努力|不懈|共同|团结|接续)?奋斗|携手(?:并进|奋进|共进|前行)"
    r"|作出新的(?:更大)?贡献"  # the State Council's: 我们要更加紧密地团结在…作出新的更大贡献！
    # 奋斗创造历史，实干成就未来！ / 蓝图已经绘就，号角已经吹响 / 创造新的更大业绩
    r"|成就未来|号角已经吹响|新的更大(?:业绩|成绩|辉煌)|谱写[^。]{0,30}新篇章|再创[^。]{0,6}新辉煌"
    r"|勇毅前行|砥砺前行|奋勇前进|踔厉奋发|笃行不怠"
)


def split_closing(part: Draft, lines: list[str], folded: list[str]) -> Draft | None:
    """Take the final 各位代表，…让我们… appeal off the last part."""
    pieces = part.pieces
    for j in range(len(pieces) - 1, max(len(pieces) - 4, 0), -1):
        p = pieces[j]
        if p.role == "body" and p.start == 0 and _ADDRESS.match(folded[p.line]):
            tail = "".join(lines[q.line][q.start : q.end] for q in pieces[j:])
            if _APPEAL.search(tail) and all(q.role == "body" for q in pieces[j:]):
                part.pieces = pieces[:j]
                return Draft("closing", "", pieces[j:])
            return None
    return None


# 附件：名词解释 / 名词解释 / 注释 — notes printed after the report's closing words
_APPENDIX = re.compile(
    r"\s*(?:附件\s*\d*\s*[:：]?\s*)?(?:名词解释|名词注释|注释|附件\s*\d*)\s*[:：]?\s*$"
)


def split_appendix(part: Draft, folded: list[str]) -> Draft | None:
    """Take an appendix of notes (附件：名词解释 …) off the end of the last part."""
    for j, p in enumerate(part.pieces):
        if j and p.start == 0 and p.role == "body" and _APPENDIX.match(folded[p.line]):
            tail = part.pieces[j:]
            part.pieces = part.pieces[:j]
            title = clean_title(folded[tail[0].line])
            tail[0].role = "heading"
            return Draft("other", title, tail)
    return None
