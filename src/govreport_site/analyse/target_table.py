"""Targets given as a table below the passage (Word exports keep a table's rows as lines
of tab-separated cells):

    表1　武侯区2024年经济社会发展主要预期目标
    序号  指标名称              单位  2023年完成  2024年目标
    1     地区生产总值增速      %     6.2         6左右
    5     一般公共预算收入      亿元  86.3        增长5%

The header row names the columns; each row below it becomes the phrase the prose would
have used (地区生产总值增速6%左右, 一般公共预算收入增长5%), read like the prose list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from govreport_site.analyse.figures import Figure, numfold, sentences
from govreport_site.model import Paragraph

_NAME = re.compile(r"指标|项目|名称")
_UNIT = re.compile(r"(?:计量)?单位")
_TARGET = re.compile(r"目标|预期|计划")
_NOT_TARGET = re.compile(r"完成|实际|上年|基数|现状")
_EMPTY = {"", "—", "——", "-", "－", "/", "无"}
_LEADING_NUMBER = re.compile(r"\s*[+-]?\d+(?:\.\d+)?")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?![\d.%％‰万亿千百元个人户吨])")  # 增长6, not 增长5%
HEADER_WITHIN = 3  # paragraphs after the passage the header row may be in (a caption first)
# A table written a cell a paragraph: its header cells, and how long a cell can be.
_HEADER_CELL = re.compile(
    r"^(?:序号|编号|指标|项目|名称|(?:计量)?单位|.{0,8}(?:目标|预期|计划|完成|实际))"
)
_MAX_HEADER_CELL = 12
_MAX_COLUMNS = 6
_MAX_CELL = 30


@dataclass
class Columns:
    name: int
    target: int
    unit: int | None


def table_figures(
    follow: list[Paragraph],
    read: Callable[[str, str, int, int], list[Figure]],
) -> list[tuple[Paragraph, str, Figure]]:
    """(row, the row's phrase, a figure read from it) for each target of a table that
    starts within HEADER_WITHIN paragraphs of `follow`; `read` reads one sentence. The
    row is the paragraph of its first cell."""
    found = _rows(follow)
    if found is None:
        return []
    columns, rows = found
    out = []
    for row, cells in rows:
        phrase = _phrase(cells, columns)
        if phrase:
            f = numfold(phrase)
            for s0, s1 in sentences(phrase, f):
                out += [(row, phrase, g) for g in read(phrase, f, s0, s1)]
    return out


def _rows(follow: list[Paragraph]) -> tuple[Columns, list[tuple[Paragraph, list[str]]]] | None:
    """The table's columns and rows: a row a paragraph, its cells split by tabs (Word,
    Markdown), or a cell a paragraph (docx2txt, LibreOffice: 指标 / 预期目标 / 地区生产总值 /
    增长6% …), the rows then as wide as the header."""
    for i, para in enumerate(follow[:HEADER_WITHIN]):
        cells = _cells(para.text)
        if cells:
            columns = _header(cells)
            if columns is None:
                continue
            rows = []
            for row in follow[i + 1 :]:
                row_cells = _cells(row.text)
                if len(row_cells) < 2:
                    break  # the table ends at the first line that is not a row
                if all(_RULE.fullmatch(c) for c in row_cells):
                    continue
                rows.append((row, row_cells))
            return columns, rows
        head = []
        for cell in follow[i : i + _MAX_COLUMNS]:
            if len(cell.text) > _MAX_HEADER_CELL or not _HEADER_CELL.search(cell.text):
                break
            head.append(cell.text.strip())
        columns = _header(head) if len(head) >= 2 else None
        if columns is None:
            continue
        width, rows, k = len(head), [], i + len(head)
        while k + width <= len(follow):
            chunk = [q.text.strip() for q in follow[k : k + width]]
            if any(len(c) > _MAX_CELL or c.endswith("。") for c in chunk):
                break  # the text after the table
            rows.append((follow[k], chunk))
            k += width
        return columns, rows
    return None


def _cells(text: str) -> list[str]:
    """A row's cells: split by tabs, or by the pipes of a Markdown table left as text
    (| 地区生产总值 | 增长6% |)."""
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    t = text.strip()
    if len(t) > 2 and t[0] == t[-1] == "|" and t.count("|") >= 3:
        return [c.strip() for c in t[1:-1].split("|")]
    return []


_RULE = re.compile(r":?-{3,}:?")  # | --- | :---: |: the line under a Markdown table's header


def _header(cells: list[str]) -> Columns | None:
    """The columns of a header row: an indicator name, this year's target, maybe a unit."""
    name = next((i for i, c in enumerate(cells) if _NAME.search(c)), None)
    unit = next((i for i, c in enumerate(cells) if _UNIT.fullmatch(c)), None)
    targets = [
        i
        for i, c in enumerate(cells)
        if _TARGET.search(c) and not _NOT_TARGET.search(c) and i != name
    ]
    if name is None or not targets:
        return None
    return Columns(name, targets[-1], unit)


def _phrase(cells: list[str], columns: Columns) -> str:
    """地区生产总值增速 + 6左右 (unit %) -> 地区生产总值增速6%左右; '' for a row without
    a target. A value with words of its own (增长5%, 与经济增长同步) is used as written."""
    if max(columns.name, columns.target) >= len(cells):
        return ""
    name, value = cells[columns.name], cells[columns.target]
    if not name or value in _EMPTY:
        return ""
    unit = cells[columns.unit] if columns.unit is not None and columns.unit < len(cells) else ""
    m = _LEADING_NUMBER.match(value) or _BARE_NUMBER.search(value)  # 6左右 / 增长6
    if m and unit and unit not in value:
        value = value[: m.end()] + unit + value[m.end() :]
    return name + value
