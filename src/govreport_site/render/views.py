"""What each page shows, computed from the plan, so templates only lay it out.

Every `url` in a view is relative to the site root; templates prefix it with the page's
`root` (see render.urls). Labels are plain strings: Jinja escapes them on output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markupsafe import Markup

from govreport_site.analyse.targets import passage_start
from govreport_site.config import Config
from govreport_site.model import Part
from govreport_site.render.plan import (
    UNKNOWN_REGION_NAME,
    ProvinceGroup,
    Site,
    SiteRegion,
    SiteReport,
    SiteYear,
)
from govreport_site.render.urls import (
    HOME,
    NOT_FOUND,
    absolute,
    base_with_slash,
    is_web_url,
    root_for,
)
from govreport_site.text import chinese_year

KIND_LABELS = {
    "title": "标题",
    "opening": "开场",
    "excerpt": "摘录",
    "review": "工作回顾",
    "outlook": "五年目标",
    "plan": "年度工作安排",
    "other": "其他",
    "closing": "结束语",
}

LEVEL_LABELS = {
    "national": "国家级",
    "province": "省级",
    "city": "地级",
    "county": "县级",
    "town": "乡镇级",
}

# What the normaliser removed, in words a reader knows; unknown kinds are shown as given.
NOTE_LABELS = {
    "forwarding-notice": "转发通知",
    "footnote": "脚注",
    "docx-artefact": "文档转换残留",
    "web-debris": "网页残留",
    "crawler-header": "抓取页头",
    "page-number": "页码",
    "separator": "分隔线",
    "markdown": "Markdown 标记",
    "heading-brackets": "标题括号",
    "spacing": "多余空格",
    "blank-lines": "空行",
    "rejoined": "断行合并",
    "invisible": "不可见字符",
    "radicals": "部首字符",
    "doubled": "重复的文字（PDF 仿粗体）",
    "html": "HTML 标记",
    "page-header": "页眉",
    "table-of-contents": "目录",
}

FIELD_LABELS = {
    "region": "地区",
    "year": "年份",
    "date": "会议日期",
    "session": "会议",
    "speaker": "报告人",
    "speaker_title": "职务",
    "title": "标题",
    "source": "来源",
}

TARGETS_LABEL = "主要预期目标"
PROBLEMS_LABEL = "问题与挑战"

# What may stand before a run-in title: its number ((一) 1. 一、 一是 第一，) or a dash.
_NUMBERING = re.compile(
    r"\s*(?:[（(]?[一二三四五六七八九十百\d０-９]+[）)、.．，,]?|——|—|"
    r"第[一二三四五六七八九十]+[，,、]?|[一二三四五六七八九十]+是)?\s*"
)
_YEAR_IN_TITLE = re.compile(r"([0-9０-９〇零一二三四五六七八九OoＯ○]{4})年")
# A run-in subsection title ends at the first of these after it (（一）产业根基更加坚实。…).
_RUN_IN_END = "。；;：:，,"


@dataclass
class Link:
    label: str
    url: str | None = None  # relative to the site root; None for plain text (current page)
    note: str = ""  # small text after the link (a count, a date)


@dataclass
class Page:
    """What every page has: templates/base.html reads these."""

    template: str
    url: str  # where the page is written, relative to the site root
    title: str  # <title>
    heading: str  # <h1>
    root: str  # prefix that turns a site-root-relative URL into a link from this page
    canonical: str | None = None
    breadcrumb: list[Link] = field(default_factory=list)
    site_title: str = ""
    lang: str = "zh-CN"
    data: object = None  # the page-specific view below


# ---- report page -----------------------------------------------------------------


@dataclass
class MetaRow:
    label: str
    value: str
    url: str | None = None  # site-root-relative link
    external: str | None = None  # absolute http(s) URL (the source)
    inferred: bool = False


@dataclass
class Block:
    """One paragraph of a part, as it is laid out."""

    tag: str  # "p" | "h3" | "line" (a title-block line)
    anchor: str
    text: str
    lead: str = ""  # the bold run-in subsection title at the start of a paragraph
    label: str = ""  # 主要预期目标 / 问题与挑战
    label_class: str = ""  # targets / problems
    classes: str = ""
    html: Markup | None = None  # `text` with reused sentences marked (render.textviews)


@dataclass
class PartView:
    kind: str
    kind_label: str
    anchor: str
    heading: str  # the heading text as in the report ("一、2023年工作回顾"), or a generated one
    heading_anchor: str | None  # id of the heading paragraph, when the report has one
    generated_heading: bool  # True when the report had no heading (excerpt)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class TocEntry:
    label: str
    anchor: str
    kind_label: str = ""
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class NoteView:
    line: int | None
    kind: str
    text: str


@dataclass
class ReportView:
    meta: list[MetaRow]
    any_inferred: bool
    title_block: list[Block]
    parts: list[PartView]
    toc: list[TocEntry]
    targets: Link | None  # url is "#anchor"
    targets_excerpt: str
    problems: Link | None
    prev: Link | None
    next: Link | None
    region: Link
    notes: list[NoteView]
    diagnostics: list[str]
    chars: int
    figures: object = None  # render.indicator_views.ReportFigures: targets, actuals
    text: object = None  # render.textviews.ReportText: keywords, reuse, compare pages


# ---- index pages -----------------------------------------------------------------


@dataclass
class ReportEntry:
    label: str  # what the list shows: 双鸭山市宝山区 or 2024年
    url: str
    year: int | None
    region: str
    date: str
    speaker: str
    chars: int
    kinds: str  # 工作回顾 · 年度工作安排


@dataclass
class RegionEntry:
    label: str
    url: str
    level: str
    reports: list[Link]


@dataclass
class CityView:
    name: str
    anchor: str
    regions: list[RegionEntry]


@dataclass
class ProvinceView:
    name: str
    anchor: str
    count: int
    cities: list[CityView]


@dataclass
class HomeView:
    intro_html: Markup
    report_count: int
    region_count: int
    year_span: str
    years: list[Link]
    provinces: list[ProvinceView]
    newest: list[ReportEntry]
    undated: list[ReportEntry]


@dataclass
class RegionView:
    full_name: str
    level: str
    reports: list[ReportEntry]
    children: list[Link]
    figures: object = None  # render.indicator_views.RegionFigures: indicator × year, charts
    text: object = None  # render.textviews.RegionText: compare pages, term trends


@dataclass
class YearGroup:
    name: str
    reports: list[ReportEntry]


@dataclass
class YearView:
    groups: list[YearGroup]
    count: int
    prev: Link | None
    next: Link | None
    figures: object = None  # render.indicator_views.YearFigures: region × indicator
    text: object = None  # render.textviews.YearText: distinctive terms, compare pages


# ---- names -----------------------------------------------------------------------


def region_display(region: SiteRegion) -> str:
    """The short name a reader uses: 双鸭山市宝山区, 宝山区庙行镇, 驻马店市."""
    if not region.known:
        return UNKNOWN_REGION_NAME
    return "".join(region.names[-2:]) if len(region.names) >= 3 else region.names[-1]


def region_full(region: SiteRegion) -> str:
    return "".join(region.names) if region.known else UNKNOWN_REGION_NAME


def report_heading(sr: SiteReport) -> str:
    """双鸭山市宝山区2024年政府工作报告, without repeating what the given title already says."""
    meta = sr.report.meta
    title = (meta.title or "").strip() or "政府工作报告"
    year = f"{meta.year}年" if meta.year is not None and not _has_year(title) else ""
    if any(n and n in title for n in sr.region.names):
        # 沭阳县人民政府工作报告 says its place but not its year: a list of years needs it
        return f"{title}（{year}）" if year else title
    return f"{region_display(sr.region)}{year}{title}"


def _has_year(title: str) -> bool:
    """'2024年政府工作报告' and '二〇〇四年政府工作报告' already say their year."""
    return any(chinese_year(m) for m in _YEAR_IN_TITLE.findall(title))


def year_label(year: int | None) -> str:
    return f"{year}年" if year is not None else "年份不详"


# ---- views -----------------------------------------------------------------------


def page(template: str, url: str, title: str, heading: str, config: Config, **kw) -> Page:
    full_title = title if title == config.title else f"{title} · {config.title}"
    return Page(
        template=template,
        url=url,
        title=full_title,
        heading=heading,
        root=root_for(url),
        canonical=absolute(config.base_url, url),
        site_title=config.title,
        lang=config.language,
        **kw,
    )


def region_breadcrumb(site: Site, region: SiteRegion) -> list[Link]:
    """首页 › 黑龙江省 › 双鸭山市 › 宝山区: levels with a page link to it, the others to the
    home page's group for that name."""
    crumbs = [Link("首页", HOME)]
    if not region.known:
        return crumbs + [Link(UNKNOWN_REGION_NAME, region.url)]
    groups = {g.name: g for g in site.provinces}
    for depth in range(1, len(region.names) + 1):
        names = region.names[:depth]
        own = site.region_by_names(names)
        url = own.url if own is not None else None
        if url is None:
            group = groups.get(names[0])
            if group is not None and depth == 1:
                url = f"{HOME}#{group.anchor}"
            elif group is not None and depth == 2:
                city = next((c for c in group.cities if c.name == names[1]), None)
                url = f"{HOME}#{city.anchor}" if city else f"{HOME}#{group.anchor}"
        crumbs.append(Link(names[-1], url))
    return crumbs


def report_entry(sr: SiteReport, label: str) -> ReportEntry:
    meta = sr.report.meta
    kinds = [p.kind for p in sr.report.parts if p.kind in ("excerpt", "review", "outlook", "plan")]
    return ReportEntry(
        label=label,
        url=sr.url,
        year=meta.year,
        region=region_display(sr.region),
        date=meta.date or "",
        speaker=" ".join(x for x in (meta.speaker_title, meta.speaker) if x),
        chars=sum(p.chars for p in sr.report.parts),
        kinds=" · ".join(KIND_LABELS[k] for k in dict.fromkeys(kinds)),
    )


def report_page(site: Site, sr: SiteReport, config: Config) -> Page:
    heading = report_heading(sr)
    crumbs = region_breadcrumb(site, sr.region)
    crumbs[-1] = Link(crumbs[-1].label, sr.region.url)
    crumbs.append(Link(year_label(sr.year)))
    view = report_view(sr)
    from govreport_site.render import indicator_views  # late: it builds on this module

    view.figures = indicator_views.report_figures(site, sr, config)
    from govreport_site.render import textviews  # late: it builds on this module

    view.text = textviews.report_text(site, sr, view)
    return page("report.html", sr.url, heading, heading, config, breadcrumb=crumbs, data=view)


def report_view(sr: SiteReport) -> ReportView:
    report = sr.report
    meta = report.meta
    inferred = set(report.inferred)
    rows: list[MetaRow] = [
        MetaRow("地区", region_full(sr.region), url=sr.region.url, inferred="region" in inferred)
    ]
    if meta.year is not None:
        years = f"years/{meta.year}.html"
        rows.append(MetaRow("年份", f"{meta.year}年", url=years, inferred="year" in inferred))
    else:
        rows.append(MetaRow("年份", "不详"))
    if report.review_year is not None:
        rows.append(MetaRow("回顾年份", f"{report.review_year}年"))
    for key in ("date", "session"):
        value = getattr(meta, key)
        if value:
            rows.append(MetaRow(FIELD_LABELS[key], str(value), inferred=key in inferred))
    if meta.speaker or meta.speaker_title:
        who = " ".join(str(x) for x in (meta.speaker_title, meta.speaker) if x)
        rows.append(MetaRow("报告人", who, inferred=bool({"speaker", "speaker_title"} & inferred)))
    if meta.title:
        rows.append(MetaRow("标题", str(meta.title), inferred="title" in inferred))
    if meta.source:
        web = is_web_url(meta.source)
        rows.append(
            MetaRow("来源", str(meta.source), external=meta.source.strip() if web else None)
        )
    rows.append(MetaRow("源文件", f"{report.source_file}（{report.encoding}）"))

    targets = report.targets_passage
    problems = report.find(report.problems_anchor)
    parts = [p for p in report.parts if p.kind != "title"]
    title_block = [
        Block("line", p.anchor, p.text)
        for part in report.parts
        if part.kind == "title"
        for p in part.paragraphs
    ]
    part_views = [part_view(p, report.targets_anchor, report.problems_anchor) for p in parts]
    _unique_ids(title_block, part_views)

    return ReportView(
        meta=rows,
        any_inferred=any(r.inferred for r in rows),
        title_block=title_block,
        parts=part_views,
        toc=[toc_entry(p) for p in parts if p.paragraphs],
        targets=Link(TARGETS_LABEL, "#" + targets.anchor) if targets else None,
        targets_excerpt=_excerpt(targets.text[passage_start(targets.text) :]) if targets else "",
        problems=Link(PROBLEMS_LABEL, "#" + problems.anchor) if problems else None,
        prev=neighbour_link(sr.prev, sr, "上一年"),
        next=neighbour_link(sr.next, sr, "下一年"),
        region=Link(region_display(sr.region), sr.region.url),
        notes=[
            NoteView(n.line, NOTE_LABELS.get(n.kind, n.kind), n.text)
            for n in sorted(report.notes, key=lambda n: (n.line is None, n.line or 0))
        ],
        diagnostics=[_diagnostic_text(d) for d in sr.diagnostics],
        chars=sum(p.chars for p in report.parts),
    )


def _diagnostic_text(d) -> str:
    where = f"第 {d.line} 行：" if d.line else ""
    level = "错误" if d.level == "error" else "警告"
    return f"{level}｜{where}{d.message}"


def neighbour_link(sr: SiteReport | None, of: SiteReport, way: str) -> Link | None:
    """The previous or next report of the region; its label says which way: 上一年 /
    下一年, 上一篇（2022年） across a missing year, or 同年另一篇 for a second report of
    the same year (a draft, a copy)."""
    if sr is None:
        return None
    label = "同年另一篇" if sr.year == of.year else way
    if sr.year is not None and of.year is not None and abs(sr.year - of.year) > 1:
        label = f"{way[0]}一篇（{sr.year}年）"  # 上一篇（2022年）: the years between are missing
    return Link(label, sr.url, note=report_heading(sr))


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "……"


def part_view(part: Part, targets: str | None, problems: str | None) -> PartView:
    kind_label = KIND_LABELS.get(part.kind, part.kind)
    subsection_at = {s.index: s for s in part.subsections}
    heading_para = next((p for p in part.paragraphs if p.role == "heading"), None)
    blocks: list[Block] = []
    for i, para in enumerate(part.paragraphs):
        if para is heading_para:
            continue
        sub = subsection_at.get(i)
        if para.role == "subheading":
            blocks.append(Block("h3", para.anchor, para.text))
            continue
        block = Block("p", para.anchor, para.text)
        if sub is not None:
            block.lead, block.text = split_run_in(para.text, sub.title)
            block.classes = "run-in"
        if para.anchor == targets:
            block.label, block.label_class = TARGETS_LABEL, "targets"
        elif para.anchor == problems:
            block.label, block.label_class = PROBLEMS_LABEL, "problems"
        block.classes = _join(block.classes, block.label_class)
        blocks.append(block)
    if heading_para is not None:
        heading, generated = heading_para.text, False
    elif part.title:
        heading, generated = part.title, True
    elif part.kind == "excerpt":
        heading, generated = "摘录（原文从此处开始，前文缺失）", True
    else:
        heading, generated = "", True
    return PartView(
        kind=part.kind,
        kind_label=kind_label,
        anchor=part.anchor,
        heading=heading,
        heading_anchor=heading_para.anchor if heading_para is not None else None,
        generated_heading=generated,
        blocks=blocks,
    )


def split_run_in(text: str, title: str) -> tuple[str, str]:
    """'（一）产业根基更加坚实。农业…' -> ('（一）产业根基更加坚实。', '农业…').

    Only when the title sits at the very start (after its number): otherwise the whole
    paragraph stays plain text rather than bolding the wrong words.
    """
    at = text.find(title) if title else -1
    if at < 0 or not _NUMBERING.fullmatch(text[:at]):
        return "", text
    end = at + len(title)
    if end < len(text) and text[end] in _RUN_IN_END:
        end += 1
    if end >= len(text):
        return "", text
    return text[:end], text[end:]


def toc_entry(part: Part) -> TocEntry:
    kind_label = KIND_LABELS.get(part.kind, part.kind)
    label = part.title or kind_label
    return TocEntry(
        label=label,
        anchor=part.anchor,
        kind_label=kind_label if label != kind_label else "",
        children=[TocEntry(s.title, s.anchor) for s in part.subsections],
    )


def _join(*classes: str) -> str:
    return " ".join(c for c in classes if c)


def _unique_ids(title_block: list[Block], parts: list[PartView]) -> None:
    """Ids must be unique on a page; the parser promises it, this keeps the HTML valid if not."""
    seen: set[str] = set()

    def claim(anchor: str) -> str:
        new, n = anchor, 2
        while new in seen:
            new, n = f"{anchor}-{n}", n + 1
        seen.add(new)
        return new

    for p in parts:
        p.anchor = claim(p.anchor)
    for b in title_block:
        b.anchor = claim(b.anchor)
    for p in parts:
        if p.heading_anchor:
            p.heading_anchor = claim(p.heading_anchor)
        for b in p.blocks:
            b.anchor = claim(b.anchor)


# ---- home, region, year, 404 -----------------------------------------------------


def home_page(site: Site, config: Config) -> Page:
    md = MarkdownIt("js-default")  # no raw HTML, unsafe link schemes refused
    intro = Markup(md.render(config.intro)) if config.intro and config.intro.strip() else Markup("")
    years = [Link(year_label(y.year), y.url, note=f"{len(y.reports)}") for y in site.years]
    dated = [sr for sr in site.reports if sr.year is not None]
    newest = sorted(dated, key=lambda sr: (-(sr.year or 0), _neg_date(sr), sr.region.id, sr.id))[
        :10
    ]
    span = ""
    if site.years:
        first, last = site.years[0].year, site.years[-1].year
        span = f"{first}年" if first == last else f"{first}—{last}年"
    view = HomeView(
        intro_html=intro,
        report_count=len(site.reports),
        region_count=len(site.regions),
        year_span=span,
        years=years,
        provinces=[province_view(g) for g in site.provinces],
        newest=[report_entry(sr, report_heading(sr)) for sr in newest],
        undated=[report_entry(sr, report_heading(sr)) for sr in site.reports if sr.year is None],
    )
    return page("home.html", HOME, config.title, config.title, config, data=view)


def _neg_date(sr: SiteReport) -> tuple:
    # Newest first by date; reports without a date after those with one.
    date = sr.report.meta.date or ""
    return (date == "", tuple(-ord(c) for c in date))


def province_view(group: ProvinceGroup) -> ProvinceView:
    cities = []
    for city in group.cities:
        entries = []
        for region in city.regions:
            below = region.names[2:] if city.name else region.names[1:]
            label = "".join(below) or (city.name or region.name) + "（本级）"
            entries.append(
                RegionEntry(
                    label=label,
                    url=region.url,
                    level=LEVEL_LABELS.get(region.level or "", ""),
                    reports=[Link(year_label(sr.year), sr.url) for sr in region.reports],
                )
            )
        cities.append(CityView(city.name, city.anchor, entries))
    return ProvinceView(group.name, group.anchor, group.report_count, cities)


def region_page(site: Site, region: SiteRegion, config: Config) -> Page:
    crumbs = region_breadcrumb(site, region)
    crumbs[-1] = Link(crumbs[-1].label)
    children = [
        Link(region_display(r), r.url, note=f"{len(r.reports)}") for r in region.descendants
    ]
    view = RegionView(
        full_name=region_full(region),
        level=LEVEL_LABELS.get(region.level or "", ""),
        reports=[report_entry(sr, year_label(sr.year)) for sr in region.reports],
        children=children,
    )
    from govreport_site.render import indicator_views  # late: it builds on this module

    view.figures = indicator_views.region_figures(site, region, config)
    from govreport_site.render import textviews  # late: it builds on this module

    view.text = textviews.region_text(site, region)
    title = region_full(region)
    return page(
        "region.html",
        region.url,
        title,
        region_display(region),
        config,
        breadcrumb=crumbs,
        data=view,
    )


def year_page(site: Site, year: SiteYear, config: Config) -> Page:
    groups: dict[str, YearGroup] = {}
    for sr in year.reports:  # already sorted by region id, so provinces come in pinyin order
        name = sr.region.names[0] if sr.region.known else UNKNOWN_REGION_NAME
        groups.setdefault(name, YearGroup(name, [])).reports.append(
            report_entry(sr, _below_province(sr.region))
        )
    ordered = sorted(groups.values(), key=lambda g: g.name == UNKNOWN_REGION_NAME)
    index = [y.year for y in site.years].index(year.year)
    prev = site.years[index - 1] if index > 0 else None
    nxt = site.years[index + 1] if index + 1 < len(site.years) else None
    view = YearView(
        groups=ordered,
        count=len(year.reports),
        prev=Link(year_label(prev.year), prev.url) if prev else None,
        next=Link(year_label(nxt.year), nxt.url) if nxt else None,
    )
    from govreport_site.render import indicator_views  # late: it builds on this module

    view.figures = indicator_views.year_figures(site, year, config)
    from govreport_site.render import textviews  # late: it builds on this module

    view.text = textviews.year_text(site, year)
    heading = f"{year.year}年政府工作报告"
    crumbs = [Link("首页", HOME), Link(year_label(year.year))]
    return page("year.html", year.url, heading, heading, config, breadcrumb=crumbs, data=view)


def _below_province(region: SiteRegion) -> str:
    if not region.known:
        return UNKNOWN_REGION_NAME
    return "".join(region.names[1:]) or region.names[0]


def not_found_page(config: Config) -> Page:
    """Served for any missing path, so its links cannot be relative to where it is written:
    with a base URL they are absolute; without one they are relative to the site root and
    only work for missing pages at the top level (documented in the README)."""
    p = page("404.html", NOT_FOUND, "页面不存在", "页面不存在", config)
    p.root = base_with_slash(config.base_url) or ""
    p.canonical = None
    return p
