"""This year's targets, read from the targets passage (主要预期目标).

    extract_targets(report) -> (targets, status)

Where the list is:
- it starts after the words that announce it (主要预期目标是： / 主要目标为 …) in the targets
  paragraph the parser found, or at the paragraph's start when they are not there;
- it runs to the end of that sentence, and on into the next sentences (and paragraphs) as
  long as they continue the list: they state new indicators with figures and do not turn
  to something else (实现上述目标… / 这些指标… / 围绕… / an explanation of a figure
  already listed, as in 生产总值预期增长在8.5%左右，充分考虑了…);
- a passage that only announces the list (…主要预期目标是：) continues in the next
  paragraphs (——地区生产总值增长6%左右；…), or in the rows of a table below it
  (analyse.target_table).

Each clause of the list gives zero, one or more entries (analyse.figures). Figures that
describe other years (年均, 五年) are not targets; neither are tasks (安排…项目).
"""

from __future__ import annotations

import re
from functools import partial

from govreport_site.analyse.figures import Figure, numfold, plausible, read_sentence, sentences
from govreport_site.analyse.indicators import IndicatorTable, name_key, shipped_table
from govreport_site.analyse.target_table import table_figures
from govreport_site.model import Paragraph, Report, Target
from govreport_site.parse.targets import TARGETS_ANNOUNCE

# A sentence that starts like this has left the list.
_STOP = re.compile(
    r"\s*(?:[,，]\s*)?(?:实现|完成|为实现|为了实现|要实现|围绕|以上|上述|这些|为此|做好|当前|我们|综合|按照|根据"
    r"|这是|这个|其中.{0,6}(?:考虑|基于)|同时|但|然而|今年|明年|总之|必须|坚持|重点)"
)
# An explanation of a figure, not a new one.
_EXPLAIN = re.compile(r"考虑|基于|因为|由于|实事求是|下调|上调|可能|预计|相比|充分|依据")
_MAX_PARAGRAPHS = 20  # how far an announced list may run on (one target a paragraph: 9 or more)


def extract_targets(report: Report, table: IndicatorTable | None = None) -> tuple[list, str]:
    """The report's targets and its targets_status (see model.TARGETS_STATUSES)."""
    table = table or shipped_table()
    passage = report.targets_passage
    if passage is None:
        return [], "none stated"
    paragraphs = report.paragraphs()
    at = next(i for i, p in enumerate(paragraphs) if p.anchor == passage.anchor)
    targets: list[Target] = []
    seen: set[tuple] = set()

    f = numfold(passage.text)
    start = _list_start(f)
    _, complete = _read_list(passage, f, start, targets, seen, table, first=True)
    # The list may run on into the next paragraphs (or start there, after 目标是：), or
    # be a table below: …主要预期目标（详见附表）是： and its rows.
    follow = paragraphs[at + 1 : at + 1 + _MAX_PARAGRAPHS]
    rows = table_figures(follow, partial(_sentence_figures, table=table)) if complete else []
    for row, phrase, g in rows:
        if _key(g) not in seen:
            seen.add(_key(g))
            target = _target(g, phrase, row.anchor, table)
            target.start, target.end = 0, len(row.text)  # the row as a whole
            targets.append(target)
    for para in [] if rows else follow:
        if not complete:
            break
        if para.role == "heading" or (
            para.role == "subheading" and not para.text.lstrip().startswith("—")
        ):
            break
        pf = numfold(para.text)
        if targets and not _opens_with_target(para.text, pf, table):
            break  # 全年计划实施重点项目120个…：the work after the list, not more targets
        found_here, complete = _read_list(para, pf, 0, targets, seen, table, first=not targets)
        if not found_here:
            break
    _merge_stretch(targets, {p.anchor: p.text for p in paragraphs})
    return targets, "stated" if targets else "not extracted"


def _merge_stretch(targets: list[Target], texts: dict[str, str]) -> None:
    """增长7%左右、力争达到7.5%: one target with its stretch figure, not two targets of one
    indicator (the second would be judged, and counted, on its own)."""
    out: list[Target] = []
    for t in targets:
        prev = out[-1] if out else None
        if (
            prev is not None
            and t.qualifier.startswith("力争")
            and "力争" not in prev.qualifier
            and (prev.anchor, prev.kind, prev.unit) == (t.anchor, t.kind, t.unit)
            and (prev.canonical or prev.indicator) == (t.canonical or t.indicator)
            and 0 <= t.start - prev.end <= 2
            and t.low is not None
        ):
            stretch = f"，力争{t.low:g}{t.unit}"
            q = prev.qualifier
            prev.qualifier = q + stretch if "…" in q else "…" + q + stretch
            prev.end = t.end
            prev.text = texts.get(prev.anchor, "")[prev.start : prev.end] or prev.text
            continue
        out.append(t)
    targets[:] = out


def passage_start(text: str) -> int:
    """Where the sentence that announces the list begins in a targets passage (after the
    year's preamble: 2024年是…。今年经济社会发展的主要预期目标是：…), for previews; 0 when
    no announcement is found."""
    f = numfold(text)
    end = _list_start(f)
    return max(f.rfind(c, 0, end) for c in "。;!?") + 1 if end else 0


def _opens_with_target(text: str, f: str, table: IndicatorTable) -> bool:
    """Whether a paragraph after the list's start goes on with it: its first clause (after
    a list mark: ——, 1.) states a target."""
    spans = sentences(text, f)
    if not spans:
        return False
    clauses = read_sentence(text, f, *spans[0], _is_target)
    if not clauses:
        return False
    c0, c1, found = clauses[0]
    return bool(found) or bool(_sentence_figures(text, f, c0, c1, table))


def _list_start(f: str) -> int:
    """Where the list begins: after the best announcing words (the one most figures follow)."""
    best, best_score = 0, -1
    for m in TARGETS_ANNOUNCE.finditer(f):
        before = re.split(r"[。,;!?，；]", f[max(0, m.start() - 30) : m.start()])[-1]
        if re.search(r"今后五年|未来五年|十[一二三四五六七八九]?五|五年", before):
            continue
        score = len(re.findall(r"\d+(?:\.\d+)?\s*(?:%|‰|亿|万)", f[m.end() : m.end() + 120]))
        if re.search(r"[。]", f[m.end() : m.end() + 3]):
            score = 0
        if score > best_score:
            best, best_score = m.end(), score
    return best


def _read_list(
    para: Paragraph,
    f: str,
    start: int,
    targets: list[Target],
    seen: set[tuple],
    table: IndicatorTable,
    first: bool,
) -> tuple[bool, bool]:
    """Read the list's sentences from f[start:]. Returns (found any, ran to the paragraph's
    end): a list that ends mid-paragraph does not go on into the next paragraph."""
    text = para.text
    found = False
    spans = [(a + start, b + start) for a, b in sentences(text[start:], f[start:])]
    for n, (s0, s1) in enumerate(spans):
        opening = first and n == 0
        figures = _sentence_figures(text, f, s0, s1, table)
        new = [g for g in figures if _key(g) not in seen]
        if not opening:
            if _STOP.match(f, s0, s1) or not _continues(f, s0, s1, figures, new, table):
                return found, False
        for g in new:
            seen.add(_key(g))
            targets.append(_target(g, text, para.anchor, table))
            found = True
    return found, True


# 加大研究与实验发展经费投入 / 稳定粮食生产: a known indicator after a verb of direction
_DIRECTED = re.compile(r"\s*(?:继续|持续|进一步)?(加大|提高|扩大|增加|降低|减少|稳定|保持)")


# 完成省下达的节能减排任务 / 完成国家下达的主要污染物减排任务 / 完成市下达的节能减排和
# 环境质量目标任务: a qualitative target named after the verb
_ASSIGNED = re.compile(
    r"[\s—-]*(?:\d{1,2}[.、]|\([\d一二三四五六七八九十]{1,2}\))?\s*"  # ——, 1., (1)
    r"(?:全面|确保|力争)?完成[^,;，；。]{0,10}?下达的?(?!的|目标)"
    r"(?P<names>[^,;，；。]{2,24}?)(?:(?:目标)?任务|(?:约束性)?指标|目标)"
)


def _sentence_figures(
    text: str, f: str, s0: int, s1: int, table: IndicatorTable | None = None
) -> list[Figure]:
    out = []
    for c0, c1, found in read_sentence(text, f, s0, s1, _is_target):
        if not found and table is not None:
            m = _DIRECTED.match(f, c0, c1)
            if m and table.resolve(text[m.end() : c1]):
                found = [Figure(text[m.end() : c1], "qualitative", None, None, "", "", c0, c1)]
            m = _ASSIGNED.match(f, c0, c1)
            if m and not found:
                names = re.split(r"和|及|、", text[m.start("names") : m.end("names")])
                found = [Figure(n, "qualitative", None, None, "", "", c0, c1) for n in names if n]
        if table is not None:
            _carry_head(found, table)
        out.extend(found)
    return out


def _carry_head(found: list[Figure], table: IndicatorTable) -> None:
    """利用省外资金、境外资金和进出口: the first name's head word (利用) belongs to the
    names after it too. An unknown name takes the shortest head of the first name that
    turns it into a known indicator (利用 + 境外资金); known names are left as written."""
    if len(found) < 2:
        return
    first = found[0].indicator
    for g in found[1:]:
        if (g.start, g.end) != (found[0].start, found[0].end) or table.resolve(g.indicator):
            continue
        for k in range(1, min(len(first) - 1, 5)):
            if table.resolve(first[:k] + g.indicator):
                g.indicator = first[:k] + g.indicator
                break


def _is_target(g: Figure) -> bool:
    return not g.skipped and plausible(g)


def _continues(
    f: str, s0: int, s1: int, figures: list[Figure], new: list[Figure], table: IndicatorTable
) -> bool:
    """A later sentence continues the list when it adds indicators - with figures, or known
    ones without (…进出口持续增长) - and does not explain the ones already there."""
    adding = [
        g
        for g in new
        if not g.inherited and (g.kind != "qualitative" or table.resolve(g.indicator))
    ]
    if not adding:
        return False
    if len(new) < len(figures) and _EXPLAIN.search(f, s0, s1):
        return False  # 生产总值预期增长在8.5%左右，充分考虑了… restates a listed target
    return True


def _key(g: Figure) -> tuple:
    return (name_key(g.indicator), g.kind, g.low, g.high, g.unit)


def figure_fields(g: Figure, text: str, anchor: str, table: IndicatorTable) -> dict:
    """The fields a Target and an Actual share, for a figure found in paragraph `text`."""
    return dict(
        indicator=g.indicator,
        canonical=table.resolve(g.indicator),
        kind=g.kind,
        low=g.low,
        high=g.high,
        unit=g.unit,
        qualifier=g.qualifier,
        text=text[g.start : g.end],
        anchor=anchor,
        start=g.start,
        end=g.end,
    )


def _target(g: Figure, text: str, anchor: str, table: IndicatorTable) -> Target:
    return Target(**figure_fields(g, text, anchor, table))
