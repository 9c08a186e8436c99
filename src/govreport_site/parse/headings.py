"""Recognise numbered headings and cut a heading off the text run into it.

All matching is done on text.fold(line) (full-width -> ASCII, length-preserving), so
every index found here is valid in the original line.

Reports number their levels like this:
    part        一、2023年工作回顾      (or 第一部分)
    subsection  （一）产业根基更加坚实。  (or a ——lead line)
A heading is often run into its first paragraph, with or without punctuation between:
    一、2019年工作回顾2019年，在省委…
    （一）国民经济稳步增长。初步统计…
    ——经济运行稳中向好。全区规模以上工业增加值…
"""

from __future__ import annotations

import re

from govreport_site.text import CJK, chinese_number

_NUMERAL = "一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾"  # 壹、贰、: some reports number parts so

# 一、 一. 一． (not 一、二、三产业: a numeral list is not a heading)
# (二，2024年工作安排: a comma for 、 where a typist slipped)
PART_NUM_RE = re.compile(rf"\s*(?P<num>[{_NUMERAL}]{{1,3}})\s*[、.,](?![{_NUMERAL}]+[、.,，])\s*")
# 第一部分 / 第一部分：
PART_SECTION_RE = re.compile(rf"\s*第(?P<num>[{_NUMERAL}]{{1,3}})部分\s*[、.:：]?\s*")
# (一) （一） — fold() turns the full-width brackets into ASCII ones.
SUB_NUM_RE = re.compile(rf"\s*\(\s*(?P<num>[{_NUMERAL}]{{1,3}})\s*\)\s*")
# ——lead line: two em dashes (or box-drawing / a single long dash / two hyphens).
DASH_RE = re.compile(r"\s*(?:[—―─]{1,2}|-{2})\s*")

SENTENCE_END = "。！？!?"
_PUNCT = set("，,、；;：:。！？!?）)】」』”’》…·")
_OPEN_PUNCT = set("（(【「『“‘《")

# Longest heading we accept (characters of the heading itself, number excluded).
MAX_PART_HEADING = 40
MAX_SUB_HEADING = 45

# Words a heading typically ends with (nouns of the "what this part is about" kind).
# Strong endings name a report part; medium endings are ordinary noun phrases.
_STRONG_END = (
    "回顾 情况 任务 目标 安排 要求 成就 说明 重点工作 主要工作 "
    "自身建设 思路 展望 总结 举措 措施 部署 特点 "
).split()
_MEDIUM_END = (
    "工作 建设 进程 活力 发展 稳定 水平 能力 突破 福祉 底线 民生 "
    "需求 动能 格局 品质 环境 经济 政府 效能 作风 改革 开放 振兴 "
    "治理 安全 保障 质量 效率 创新 升级 转型 生活 事业 体系 机制 "
    "基础 优势 产业 城市 乡村 农业 工业 生态 文明 和谐 法治 廉政 "
    "实效 落实 局面 篇章 跨越 台阶 成效 步伐 高地 福地 要地 重地 "
    "基地 支撑 红线 品牌 实力 服务 幸福 形象 根基 后劲 合力 新貌 "
    "面貌 作为 担当 成果 收入 就业 教育 健康 文化 战略 项目 投资 "
    "消费 开发 设施 功能 社会 全局 大局 体制 主体 循环 动力 效益 "
    "关切 期盼 增长 转变 增收 竞争力 外向度 空间 市场 生产力 城镇化 "
    "现代化 增效 家园 攻坚战 秩序 "
).split()
_END_RE = re.compile(
    "(?:"
    + "|".join(sorted((re.escape(w) for w in _STRONG_END), key=len, reverse=True))
    + ")[?？]?$"
)
_MEDIUM_END_RE = re.compile(
    "(?:"
    + "|".join(sorted((re.escape(w) for w in _MEDIUM_END), key=len, reverse=True))
    + ")[?？]?$"
)

# How the first paragraph after a run-in heading typically starts.
_STRONG_OPENERS = re.compile(
    r"(?:\d{4}\s*年(?:[,，]|是|以来|以前|，是|我|全|在|里|初|底|末)"
    r"|刚刚过去|过[去年]的?[一二三四五六这几]?[个]?年|回顾过去|今年|明年|一年来|五年来|这五年"
    r"|今后五年[,，]|“十[一二三四五六七八九]五”(?:时期)?[,，是在]|“十[一二三四五六七八九]?五”是"
    r"|根据|围绕|做好|为了?实现|按照|面对|新的一年|当前|纵观|综合考虑|综合分析"
    r"|\d{1,2}\s*[.、](?!\d))"
)
_MEDIUM_OPENERS = re.compile(
    r"(?:党的|[省市区县州]委|镇党委|市委|要实现|实现全面|全[市区县镇乡省州旗]人民|奋进|站在|进入"
    r"|我们|过去|《)"
)
_WEAK_OPENERS = re.compile(
    r"(?:坚持|推进|加强|加快|持续|全力|深化|强化|提升|积极|大力|着力|切实|严守|扩围|突出|努力"
    r"|提高|完善|健全|实施|落实|抓好|深入|扎实|统筹|优化|推动|巩固|构建|打造|培育|认真|把|适应"
    r"|树立|始终|不断|进一步|全面|严格|扩大|发挥|坚决|牢固|建立|激发|增强|实现|全[市区县镇乡省]"
    r"|紧紧|聚焦|狠抓|抢抓|做大|做强|做优|着眼|立足|以|在|对|按|由于|随着|继续|有效|赋能"
    r"|高标准|千方百计|毫不松懈|融入|超前|扛稳|深度|主动)"
)
# A heading that starts with a verb: 推进工业优化升级 (not 国民经济, 发展动能).
_VERB_START = re.compile(
    r"(?:坚持|推进|加强|加快|持续|全力|深化|强化|提升|积极|大力|着力|切实|努力|提高|完善|健全"
    r"|实施|落实|抓好|深入|扎实|统筹|优化|推动|巩固|构建|打造|培育|扩大|发挥|建立|激发|增强"
    r"|实现|聚焦|狠抓|做大|做强|做优|调整|整顿|发展(?!动能|环境|基础|质量|后劲|成果)|促进|开展|继续|进一步|围绕)"
)


def part_number(f: str) -> tuple[int, int, bool] | None:
    """(number, end of the numbering, is '第N部分') for a folded line starting a part number."""
    m = PART_SECTION_RE.match(f)
    if m:
        n = chinese_number(m.group("num"))
        return (n, m.end(), True) if n else None
    m = PART_NUM_RE.match(f)
    if m:
        n = chinese_number(m.group("num"))
        return (n, m.end(), False) if n else None
    return None


def sub_number(f: str, pos: int = 0) -> tuple[int, int] | None:
    """(number, end of the numbering) for (一) at `pos` of a folded line."""
    m = SUB_NUM_RE.match(f, pos)
    if not m:
        return None
    n = chinese_number(m.group("num"))
    return (n, m.end()) if n else None


def dash_lead(f: str) -> int | None:
    """End of a leading —— in a folded line, or None."""
    m = DASH_RE.match(f)
    return m.end() if m and m.end() > 0 and m.group().strip() else None


def _balanced(s: str) -> bool:
    return (
        s.count("“") == s.count("”")
        and s.count("(") == s.count(")")
        and s.count("《") == s.count("》")
        and s.count('"') % 2 == 0
    )


def _opener_score(head: str, body: str) -> int:
    if body.startswith("回顾过去"):
        # "…主要目标回顾过去的五年": 回顾 starts the body; in "工作回顾过去的一年" it ends
        # the heading.
        return 0 if head.endswith(("工作", "的")) else 4
    if _STRONG_OPENERS.match(body):
        return 3
    if _MEDIUM_OPENERS.match(body):
        return 2
    if _WEAK_OPENERS.match(body):
        return 1
    return 0


# The longest match of _END_RE or _MEDIUM_END_RE: a word and a question mark.
_END_SPAN = max(map(len, _STRONG_END + _MEDIUM_END)) + 1


def _end_score_at(rest: str, cut: int) -> int:
    """How surely rest[:cut] ends like a heading: 2 (回顾, 目标 …), 1 (工作, 建设 …), 0;
    only the characters an ending can span are looked at."""
    pos = max(0, cut - _END_SPAN)
    if _END_RE.search(rest, pos, cut):
        return 2
    if _MEDIUM_END_RE.search(rest, pos, cut):
        return 1
    return 0


def _cuts(rest: str, limit: int, start: int = 2):
    """Every (cut, end score, opener score) where rest[:cut] could be a run-in heading."""
    end = min(len(rest) - 1, limit)
    stop = rest.find("。")
    for cut in range(start, end + 1):
        if 0 <= stop < cut - 1:
            break  # a 。 inside the heading, and so for every longer one
        prev, nxt = rest[cut - 1], rest[cut]
        if prev in _PUNCT and prev not in "?？”》)":
            continue
        if nxt in _PUNCT or nxt.isspace() or prev in _OPEN_PUNCT:
            continue
        e = _end_score_at(rest, cut)  # first: most places fail it, and it is cheap
        if not e:
            continue
        head = rest[:cut]
        if not _balanced(head):
            continue
        s = _opener_score(head, rest[cut:])
        if s:
            yield cut, e, s


def lexical_split(rest: str, limit: int, start: int = 2) -> tuple[int, int] | None:
    """Best place to cut a run-in heading with no punctuation after it.

    `rest` is the folded text after the number. Returns (cut, score): rest[:cut] is the
    heading. A cut needs a heading that ends like a heading (回顾, 目标任务, 建设 …)
    and a body that starts like a paragraph (2019年，… 今年… 围绕… 坚持…).
    Ties go to the earliest cut.
    """
    best: tuple[int, int] | None = None
    for cut, e, s in _cuts(rest, limit, start):
        if best is None or e + s > best[1]:
            best = (cut, e + s)
    return best


# Verbs that make one noun with the noun before them (营商环境优化提升, 质量提升行动):
# a lead sentence does not start with them.
_NOUN_MAKER = re.compile(r"提升|优化|升级|提质|增效|改造|转型")
# Adverbs that open the predicate of the head's last noun (推动经济|持续健康发展, 推进乡村
# |全面振兴): the heading goes on, no lead sentence starts there. A lead sentence that
# starts with one is longer: 着力推进乡村全面振兴|持续提升粮食综合生产能力。
_ADVERB = re.compile(r"持续|全面|不断|稳步|更加|健康|高质量")


def _split_in_sentence(sentence: str) -> int | None:
    """A heading run into a short lead sentence, both before the first 。.

    聚焦群众关切，不断增进民生福祉|持续办实办好惠民实事。
    推进城镇化进程|加快中心城区建设。
    but not 发展动能|不断增强。 (a subject and its predicate) nor 国民经济稳步增长。
    """
    body_end = len(sentence) - 1
    first_comma = sentence.find(",")  # fold() turned ， into ,
    strong: tuple[int, int] | None = None
    latest: int | None = None
    in_first_clause: int | None = None
    for cut, e, s in _cuts(sentence[:body_end], body_end - 1):
        head, left = sentence[:cut], body_end - cut
        if e + s >= 4 and left >= 4 and (strong is None or e + s > strong[1]):
            strong = (cut, e + s)
        # A lead phrase is a verb with its object (持续办实办好惠民实事), longer than a
        # bare predicate (不断增强, 全面进步).
        clause = re.match(r"[^,;:。]*", sentence[cut:]).group()
        if left < 6 or len(clause) < 4:  # 聚焦改革|深化，扩大… cuts a clause apart
            continue
        if "," not in head and _VERB_START.match(head) is not None:
            # 推进工业优化升级|抓好工业结构调整。 积极扩大消费需求|坚持把…，努力…。
            # A short head before a lead of several clauses is rather a heading that
            # goes on: 深化改革扩大开放，持续改善营商环境。
            # 开展质量|提升行动 is one noun (质量提升行动); 服务业提质增效|提升… is a lead
            noun = (_NOUN_MAKER.match(clause) and not _NOUN_MAKER.fullmatch(head[-2:])) or (
                _ADVERB.match(clause) and len(clause) < 8  # not 持续提升粮食综合生产能力
            )
            if not noun and (len(head) >= 6 or clause == sentence[cut:body_end]):
                in_first_clause = cut
        elif 0 < first_comma < cut - 2 and cut - head.rfind(",") > 6:
            # 聚焦群众关切，不断增进民生福祉|持续办实办好惠民实事。 The heading's clauses
            # are phrases of their own: not 着力扩大国内需求，推动经济|实现良性循环。
            latest = cut
    if strong:
        return strong[0]
    if in_first_clause and (first_comma < 0 or in_first_clause < first_comma):
        return in_first_clause
    return latest


def _fallback_end(rest: str, limit: int) -> int | None:
    """The longest heading-like ending within the first clause, when no body opener fits."""
    found = None
    for cut in range(2, min(len(rest) - 1, limit) + 1):
        if rest[cut - 1] in _PUNCT or rest[cut] in _PUNCT:
            continue
        head = rest[:cut]
        if "。" in head or head.count(",") > 1 or not _balanced(head):
            continue
        if _END_RE.search(head):
            return cut  # the first strong ending: 2017年政府工作安排|五年工作需要…
        if found is None and _MEDIUM_END_RE.search(head) and "," in head:
            found = cut  # 加强政府自身建设，不断提高施政水平|驻马店作为…
    return found


def split_heading(rest_folded: str, level: str) -> int | None:
    """Length of the heading at the start of `rest_folded` (text after the number).

    level is "part" or "sub". None when no heading can be cut off with confidence.
    A result equal to len(rest_folded) means the whole line is the heading.
    """
    rest = rest_folded
    limit = MAX_PART_HEADING if level == "part" else MAX_SUB_HEADING
    stripped = rest.rstrip()
    if not stripped:
        return len(rest)
    # A short line with no sentence inside it is a heading on its own line.
    inner = stripped.rstrip(SENTENCE_END + "；;")
    # …重点做好以下工作： introduces what follows; it is not a heading by itself.
    if (
        stripped[-1] not in "：:"
        and len(stripped) <= limit
        and not any(c in inner for c in SENTENCE_END)
    ):
        # …unless a short paragraph is run into it: 一、2019年工作回顾2019年，在省委…
        cut = lexical_split(stripped, limit)
        return cut[0] if cut and cut[1] >= 5 else len(rest)
    # First sentence: （一）产业根基更加坚实。农业生产…
    first_end = next((i for i, c in enumerate(rest) if c in "。！？!?"), -1)
    if level == "sub" and 0 < first_end < limit:
        # （一）产业根基更加坚实。农业生产… — cut after the 。, unless the heading is
        # run into a short lead phrase inside that sentence.
        return _split_in_sentence(rest[: first_end + 1]) or first_end + 1
    if level == "part" and 0 < first_end < 16 and len(rest) > first_end + 1:
        # 四、政府自身建设。…  — a short first sentence after a part number.
        if _END_RE.search(rest[:first_end]) or _MEDIUM_END_RE.search(rest[:first_end]):
            return first_end + 1
    cut = lexical_split(rest, limit)
    if cut:
        return cut[0]
    return _fallback_end(rest, limit)


_SPACE_BY_CJK = re.compile(rf"(?<=[{CJK}\d“”《》（）、，])\s+|\s+(?=[{CJK}“”《》（）、，])")
_SPACES = re.compile(r"\s+")


def clean_title(s: str) -> str:
    """Heading text for display: no stray spaces next to CJK, no trailing punctuation."""
    s = s.strip()
    s = _SPACE_BY_CJK.sub("", s)
    s = _SPACES.sub(" ", s)
    return s.rstrip("。．.！!？?；;：:， ,").strip()
