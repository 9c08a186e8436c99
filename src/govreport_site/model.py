"""The data model every stage reads and writes.

One report flows through the pipeline as plain dataclasses:

    bytes --ingest--> SourceText --normalise--> Normalised --parse--> Report

A Report is a pure function of (file bytes, metadata inherited from sidecar and
folder files, config), so it can be cached and computed in parallel. Corpus-wide
things (ids, URLs, regions, years) are decided later, in render.plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Part kinds, in the order a report usually has them.
#   title    - the title block (政府工作报告 / ——2024年1月14日在…会议上 / speaker line)
#   opening  - 各位代表：现在，我代表…
#   excerpt  - leading text of a report that starts mid-way (no heading above it)
#   review   - last year's (or the last five years') review, 工作回顾
#   outlook  - five-year goals, e.g. "十四五"时期主要目标任务
#   plan     - this year's work: 工作安排 / 重点工作 / 主要任务 / 总体要求和目标
#   other    - any other top-level part, e.g. 政府自身建设
#   closing  - 各位代表，… the final appeal after the last part
PART_KINDS = ("title", "opening", "excerpt", "review", "outlook", "plan", "other", "closing")

# Paragraph roles inside a part.
#   heading     - the part's own heading line (一、2023年工作回顾)
#   subheading  - a subsection heading ((一)… or a ——… lead line)
#   body        - ordinary text
ROLES = ("heading", "subheading", "body")

# The metadata fields a user may give and the parser may infer.
META_FIELDS = (
    "region",
    "year",
    "date",
    "session",
    "speaker",
    "speaker_title",
    "title",
    "source",
    "id",
)


@dataclass
class Diagnostic:
    """A warning or error about one input file, shown to the user."""

    source_file: str  # path relative to the reports folder, '/'-separated
    message: str
    line: int | None = None
    level: str = "warning"  # "warning" | "error"

    def __str__(self) -> str:
        where = self.source_file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.level}: {self.message}"


@dataclass
class Note:
    """Something the normaliser removed or rewrote, kept so nothing is lost silently."""

    kind: str  # e.g. "forwarding-notice", "footnote", "docx-artefact", "web-debris"
    text: str  # the removed text, as it was in the source
    line: int | None = None  # 1-based line in the file (front matter counted)


@dataclass
class Metadata:
    """Report metadata. Every field may be None (unknown)."""

    region: list[str] = field(default_factory=list)  # top level down: [省, 市, 区]
    year: int | None = None  # the year the report plans for (year of the meeting)
    date: str | None = None  # ISO date of the meeting, YYYY-MM-DD
    session: str | None = None  # 第十一届人民代表大会第三次会议
    speaker: str | None = None  # 刘志军
    speaker_title: str | None = None  # 区长 / 代区长 / 市长
    title: str | None = None  # 政府工作报告
    source: str | None = None  # URL
    id: str | None = None  # ASCII slug chosen by the user

    def given(self) -> list[str]:
        """Names of the fields that have a value."""
        return [f for f in META_FIELDS if getattr(self, f) not in (None, [], "")]


@dataclass
class SourceText:
    """A decoded input file with its metadata, before normalisation."""

    source_file: str  # relative to the reports folder, '/'-separated
    text: str  # decoded text, line ends normalised to \n, front matter removed
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16", …
    meta: Metadata  # merged _meta.yaml < sidecar < front matter
    body_line: int = 1  # line number in the file of the first line of `text`
    markdown: bool = False  # the file is Markdown (.md)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Normalised:
    """Clean report text: one paragraph (or heading) per line, no blank lines."""

    text: str
    notes: list[Note] = field(default_factory=list)


@dataclass
class Paragraph:
    anchor: str  # unique within the report, e.g. "review-p3"
    text: str
    role: str = "body"  # one of ROLES


@dataclass
class Subsection:
    title: str
    anchor: str  # the anchor of its heading paragraph
    index: int  # index into Part.paragraphs of its heading paragraph


@dataclass
class Part:
    kind: str  # one of PART_KINDS
    title: str  # heading text without the 一、 number; "" for title/opening/excerpt/closing
    anchor: str  # e.g. "review", "plan", "other-2"
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


# Kinds of a target or actual figure.
#   growth       - a change: 增长6%, 提高1.5个百分点, 下降4% (stored negative)
#   level        - an amount: 73亿元, 5万人, 160亿斤
#   rate         - a level in % or ‰: 城镇登记失业率4.5%以内, 人口自然增长率6‰
#   qualitative  - no figure: 与经济增长基本同步, 不低于全区平均水平
FIGURE_KINDS = ("growth", "level", "rate", "qualitative")

# Report.targets_status
#   stated         - targets were extracted from the targets passage
#   none stated    - the report has no targets passage
#   not extracted  - a passage was found but no target could be read from it (a warning)
TARGETS_STATUSES = ("stated", "none stated", "not extracted")


@dataclass
class Target:
    """One target of the targets passage (主要预期目标), e.g. 规模以上工业增加值增长20%以上."""

    indicator: str  # as written: 规上工业增加值
    canonical: str | None  # id in the indicator table (analyse/indicators.yaml); None = unknown
    kind: str  # one of FIGURE_KINDS
    low: float | None = None  # 5%—5.5% -> 5 and 5.5; one value -> low == high; None if qualitative
    high: float | None = None
    unit: str = ""  # %, ‰, 个百分点, 亿元, 万人 …
    qualifier: str = ""  # as written: 左右, 以上, 控制在…以内, 力争 …
    text: str = ""  # the exact phrase
    anchor: str = ""  # the paragraph it is in
    start: int = 0  # offsets of `text` in that paragraph's text; for a row of a table
    end: int = 0  # (text then joins its cells: 地区生产总值增速6%左右), the whole row


@dataclass
class Actual:
    """A figure the review part reports, e.g. 地区生产总值同比增长6.5%."""

    indicator: str
    canonical: str | None
    kind: str  # growth | level | rate
    low: float | None = None
    high: float | None = None
    unit: str = ""
    qualifier: str = ""
    text: str = ""
    anchor: str = ""
    start: int = 0
    end: int = 0
    year: int | None = None  # the year the figure is for (usually the review year)
    estimated: bool = False  # the text says 预计


@dataclass
class Report:
    """One parsed report: the result of the per-report pipeline."""

    source_file: str
    encoding: str
    meta: Metadata  # given values merged with inferred ones
    inferred: list[str] = field(default_factory=list)  # META_FIELDS filled from the text
    review_year: int | None = None  # the year the review part looks back on
    parts: list[Part] = field(default_factory=list)
    targets_anchor: str | None = None  # paragraph holding this year's 主要预期目标
    problems_anchor: str | None = None  # paragraph naming problems (在肯定成绩的同时…)
    notes: list[Note] = field(default_factory=list)  # what the normaliser removed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    content_hash: str = ""  # sha256 of the file bytes and inherited metadata
    targets: list[Target] = field(default_factory=list)  # from the targets passage
    actuals: list[Actual] = field(default_factory=list)  # figures reported in the review
    targets_status: str | None = None  # one of TARGETS_STATUSES; None before analysis

    def paragraphs(self) -> list[Paragraph]:
        return [p for part in self.parts for p in part.paragraphs]

    def find(self, anchor: str | None) -> Paragraph | None:
        if anchor is None:
            return None
        return next((p for p in self.paragraphs() if p.anchor == anchor), None)

    @property
    def targets_passage(self) -> Paragraph | None:
        return self.find(self.targets_anchor)
