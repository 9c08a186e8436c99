"""What the pages show of targets and actuals (see render.figures for the data).

- report page: the targets table (with the outcome from the next year's report, both
  sentences linked) and the actuals table;
- region page: an indicator × year table, targets and actuals side by side, and a chart
  per canonical indicator;
- year page: a region × indicator table of that year's targets;
- indicators/index.html and indicators/<id>.html: every canonical indicator, its values
  across regions and years.

Views hold plain strings and numbers only (no Site objects), so they pickle small and
their pickles key the incremental build.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from markupsafe import Markup

from govreport_site.analyse.outcomes import Outcome, indicator_key, scale
from govreport_site.config import Config
from govreport_site.model import Actual, Target
from govreport_site.render.figures import (
    INDICATORS_INDEX,
    SiteFigures,
    indicator_url,
    site_figures,
)
from govreport_site.render.plan import Site, SiteRegion, SiteReport, SiteYear
from govreport_site.render.target_charts import ActualPoint, TargetPoint, target_chart
from govreport_site.render.urls import HOME
from govreport_site.render.views import Link, Page, page, region_display, region_full

KIND_LABELS = {"growth": "增速", "level": "总量", "rate": "比率", "qualitative": "定性"}
KIND_ORDER = {"growth": 0, "rate": 1, "level": 2, "qualitative": 3}
STATUS_LABELS = {
    "met": "完成",
    "missed": "未完成",
    "not reported": "未报告",
    "not judged": "定性目标",
}
STATUS_MARKS = {"met": "✓", "missed": "✗", "not reported": "—", "not judged": "·"}
TARGETS_STATUS_NOTES = {
    "none stated": "这篇报告没有列出年度主要预期目标。",
    "not extracted": "找到了主要预期目标段落，但未能从中识别出具体目标，请阅读原文。",
}
_POST_WORDS = ("左右", "以上", "以内", "以下", "上下", "之内", "区间", "之间", "内")


def num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.4f}".rstrip("0").rstrip(".")


def value_text(item: Target | Actual) -> str:
    """The figure as a reader says it: 20%以上, 控制在4.5%以内, 力争73亿元, 5%—5.5%."""
    if item.kind == "qualitative" or item.low is None:
        # what is said of it: 城乡居民收入与经济增长基本同步 -> 与经济增长基本同步
        # (完成国家下达的节能减排任务, where the name is inside: the phrase itself)
        rest = item.text[len(item.indicator) :] if item.text.startswith(item.indicator) else ""
        phrase = item.text.strip("，,；;。 ")
        if not rest and item.indicator in phrase and phrase != item.indicator:
            rest = phrase
        return rest.strip("，,；;。 ") or item.qualifier or "—"
    low, high = item.low, item.high if item.high is not None else item.low
    value = f"{num(low)}{item.unit}" if low == high else f"{num(low)}—{num(high)}{item.unit}"
    q = item.qualifier
    if not q:
        return value
    pre, _, post = q.partition("…")
    if not post and pre in _POST_WORDS:
        pre, post = "", pre
    return f"{pre}{value}{post}"


def _indicator_link(item: Target | Actual, figures: SiteFigures) -> Link:
    """The indicator as written, linked to its page when it has a canonical id."""
    if item.canonical:
        name = figures.table.display(item.canonical, item.indicator)
        note = name if name != item.indicator else ""
        return Link(item.indicator, indicator_url(item.canonical), note=note)
    return Link(item.indicator, None, note="")


# ---- report page -----------------------------------------------------------------


@dataclass
class TargetRow:
    indicator: Link  # url: the indicator page; note: the canonical name when it differs
    kind: str
    value: str
    text: str  # the exact phrase, linked to its paragraph
    anchor: str
    status: str = ""  # "" when there is no report of the next year
    status_label: str = ""
    mark: str = ""
    actual: str = ""  # the actual figure, as the next report gives it
    actual_text: str = ""
    actual_url: str | None = None  # next report's page + #paragraph
    estimated: bool = False


@dataclass
class ActualRow:
    indicator: Link
    kind: str
    value: str
    year: str
    estimated: bool
    text: str
    anchor: str


@dataclass
class ReportFigures:
    status: str  # Report.targets_status
    note: str  # why there is no table
    targets: list[TargetRow]
    actuals: list[ActualRow]
    review_year: str
    next_report: Link | None  # where the outcomes come from
    indicators: Link


def report_figures(site: Site, sr: SiteReport, config: Config) -> ReportFigures:
    figures = site_figures(site, config)
    nxt = figures.next_report.get(sr.id)
    rows = []
    targets = figures.targets.get(sr.id, [])
    outcomes = figures.outcomes.get(sr.id, [None] * len(targets))
    for t, oc in zip(targets, outcomes, strict=True):
        row = TargetRow(
            indicator=_indicator_link(t, figures),
            kind=KIND_LABELS.get(t.kind, t.kind),
            value=value_text(t),
            text=t.text,
            anchor=t.anchor,
        )
        if oc is not None:
            _fill_outcome(row, oc, nxt)
        rows.append(row)
    actuals = [
        ActualRow(
            indicator=_indicator_link(a, figures),
            kind=KIND_LABELS.get(a.kind, a.kind),
            value=value_text(a),
            year=f"{a.year}年" if a.year else "",
            estimated=a.estimated,
            text=a.text,
            anchor=a.anchor,
        )
        for a in figures.actuals.get(sr.id, [])
    ]
    status = sr.report.targets_status or "none stated"
    return ReportFigures(
        status=status,
        note=TARGETS_STATUS_NOTES.get(status, ""),
        targets=rows,
        actuals=actuals,
        review_year=f"{sr.report.review_year}年" if sr.report.review_year else "",
        next_report=Link(f"{nxt.year}年报告", nxt.url) if nxt is not None else None,
        indicators=Link("全部指标", INDICATORS_INDEX),
    )


def _fill_outcome(row: TargetRow, oc: Outcome, nxt: SiteReport | None) -> None:
    row.status = oc.status
    row.status_label = STATUS_LABELS[oc.status]
    row.mark = STATUS_MARKS[oc.status]
    if oc.actual is not None and nxt is not None:
        row.actual = value_text(oc.actual)
        row.actual_text = oc.actual.text
        row.actual_url = f"{nxt.url}#{oc.actual.anchor}"
        row.estimated = oc.actual.estimated


# ---- tables of many reports ------------------------------------------------------


@dataclass
class CellItem:
    label: str  # 目标 / 实际 / 预计
    value: str
    url: str | None  # the report page + #paragraph
    mark: str = ""
    status: str = ""
    status_label: str = ""


@dataclass
class Cell:
    items: list[CellItem] = field(default_factory=list)


@dataclass
class MatrixRow:
    indicator: Link
    kind: str
    cells: list[Cell]


@dataclass
class Chart:
    id: str
    title: str
    svg: Markup
    note: str = ""


@dataclass
class RegionFigures:
    years: list[int]
    rows: list[MatrixRow]
    charts: list[Chart]
    indicators: Link


@dataclass
class _Entry:
    """One target or actual placed in a table: its year, report, and outcome."""

    item: Target | Actual
    year: int
    sr: SiteReport
    outcome: Outcome | None = None

    @property
    def is_target(self) -> bool:
        return isinstance(self.item, Target)


def _row_key(item: Target | Actual) -> tuple[str, str, str]:
    return (indicator_key(item), item.kind, scale(item.unit)[0] if item.unit else "")


def _entries(figures: SiteFigures, reports: list[SiteReport]) -> list[_Entry]:
    out: list[_Entry] = []
    for sr in reports:
        if sr.year is None:
            continue
        outcomes = figures.outcomes.get(sr.id, [])
        for n, t in enumerate(figures.targets.get(sr.id, [])):
            out.append(_Entry(t, sr.year, sr, outcomes[n] if n < len(outcomes) else None))
    # an actual for year Y: from the report of Y+1 first, then any other
    actual_seen: set[tuple] = set()
    ordered = sorted(
        (sr for sr in reports if sr.year is not None),
        key=lambda sr: sr.year or 0,
    )
    for prefer_next in (True, False):
        for sr in ordered:
            for a in figures.actuals.get(sr.id, []):
                if a.year is None or (prefer_next and a.year != (sr.year or 0) - 1):
                    continue
                key = (*_row_key(a), a.year)
                if key in actual_seen:
                    continue
                actual_seen.add(key)
                out.append(_Entry(a, a.year, sr))
    return out


def _cell_item(e: _Entry) -> CellItem:
    url = f"{e.sr.url}#{e.item.anchor}"
    if e.is_target:
        item = CellItem("目标", value_text(e.item), url)
        if e.outcome is not None:
            item.mark = STATUS_MARKS[e.outcome.status]
            item.status = e.outcome.status
            item.status_label = STATUS_LABELS[e.outcome.status]
        return item
    label = "预计" if e.item.estimated else "实际"
    return CellItem(label, value_text(e.item), url)


def _rows(figures: SiteFigures, entries: list[_Entry], years: list[int]) -> list[MatrixRow]:
    groups: dict[tuple, list[_Entry]] = {}
    for e in entries:
        groups.setdefault(_row_key(e.item), []).append(e)
    order = {iid: n for n, iid in enumerate(figures.table.indicators)}

    def sort_key(key: tuple) -> tuple:
        ind, kind, unit = key
        known = not ind.startswith("name:")
        return (not known, order.get(ind, 0), ind, KIND_ORDER.get(kind, 9), unit)

    rows = []
    for key in sorted(groups, key=sort_key):
        group = groups[key]
        # rows without a target are kept only for known indicators
        if key[0].startswith("name:") and not any(e.is_target for e in group):
            continue
        first = next((e for e in group if e.is_target), group[0])
        cells = []
        for year in years:
            here = [e for e in group if e.year == year]
            here.sort(key=lambda e: (not e.is_target, e.sr.id))
            cells.append(Cell([_cell_item(e) for e in here]))
        item = first.item
        label = figures.table.display(item.canonical, item.indicator)
        link = Link(label, indicator_url(item.canonical) if item.canonical else None)
        rows.append(MatrixRow(link, KIND_LABELS[key[1]], cells))
    return rows


def region_figures(site: Site, region: SiteRegion, config: Config) -> RegionFigures:
    figures = site_figures(site, config)
    entries = _entries(figures, region.reports)
    years = sorted({e.year for e in entries})
    rows = _rows(figures, entries, years)
    return RegionFigures(
        years=years,
        rows=rows,
        charts=_charts(figures, entries, region),
        indicators=Link("全部指标", INDICATORS_INDEX),
    )


def _charts(figures: SiteFigures, entries: list[_Entry], region: SiteRegion) -> list[Chart]:
    """One chart per canonical indicator: its most frequent numeric kind and unit."""
    by_ind: dict[str, dict[tuple, list[_Entry]]] = {}
    for e in entries:
        if e.item.canonical and e.item.kind != "qualitative" and e.item.low is not None:
            series = (e.item.kind, e.item.unit)
            by_ind.setdefault(e.item.canonical, {}).setdefault(series, []).append(e)
    charts = []
    for iid in figures.table.indicators:
        if iid not in by_ind:
            continue
        # growth rates first (what targets are mostly about), then the fullest series
        (kind, unit), group = max(
            by_ind[iid].items(),
            key=lambda kv: (kv[0][0] == "growth", sum(e.is_target for e in kv[1]), len(kv[1])),
        )
        targets = [
            TargetPoint(e.year, e.item.low, e.item.high, value_text(e.item))
            for e in group
            if e.is_target
        ]
        actuals = [
            ActualPoint(e.year, e.item.low, e.item.estimated, value_text(e.item))
            for e in group
            if not e.is_target
        ]
        name = figures.table.display(iid, iid)
        title = f"{region_display(region)}{name}（{KIND_LABELS[kind]}，{unit}）：目标与实际"
        chart_id = f"chart-{iid}"
        charts.append(Chart(chart_id, title, target_chart(chart_id, title, unit, targets, actuals)))
    return charts


# ---- year page -------------------------------------------------------------------


@dataclass
class YearRow:
    region: Link
    report: Link
    cells: list[Cell]


@dataclass
class YearFigures:
    columns: list[Link]  # canonical indicators
    rows: list[YearRow]
    other: int  # targets of indicators without a canonical id (not in the table)
    indicators: Link


def year_figures(site: Site, year: SiteYear, config: Config) -> YearFigures:
    figures = site_figures(site, config)
    used: set[str] = set()
    for sr in year.reports:
        used |= {t.canonical for t in figures.targets.get(sr.id, []) if t.canonical}
    columns = [iid for iid in figures.table.indicators if iid in used]
    rows, other = [], 0
    for sr in year.reports:
        targets = figures.targets.get(sr.id, [])
        outcomes = figures.outcomes.get(sr.id, [])
        other += sum(1 for t in targets if not t.canonical)
        if not targets:
            continue
        cells = []
        for iid in columns:
            items = [
                _cell_item(_Entry(t, year.year, sr, outcomes[n] if n < len(outcomes) else None))
                for n, t in enumerate(targets)
                if t.canonical == iid
            ]
            cells.append(Cell(items))
        rows.append(
            YearRow(Link(region_display(sr.region), sr.region.url), Link("报告", sr.url), cells)
        )
    return YearFigures(
        columns=[Link(figures.table.display(i, i), indicator_url(i)) for i in columns],
        rows=rows,
        other=other,
        indicators=Link("全部指标", INDICATORS_INDEX),
    )


# ---- indicators pages ------------------------------------------------------------


@dataclass
class IndicatorEntry:
    link: Link
    aliases: str  # the names reports use for it, as written
    regions: int
    targets: int
    actuals: int
    years: str


@dataclass
class IndicatorsIndex:
    indicators: list[IndicatorEntry]
    unknown: list[Link]  # note: how many targets


@dataclass
class RegionLine:
    region: Link
    rows: list[MatrixRow]


@dataclass
class IndicatorView:
    name: str
    note: str
    direction: str
    aliases: str
    years: list[int]
    regions: list[RegionLine]
    index: Link


def indicator_pages(site: Site, config: Config) -> list[Page]:
    figures = site_figures(site, config)
    pages = [indicators_index_page(site, config)]
    pages += [indicator_page(site, iid, config) for iid in figures.used_ids()]
    return pages


def indicators_index_page(site: Site, config: Config) -> Page:
    return _index_page(site, site_figures(site, config), config)


def indicator_page(site: Site, iid: str, config: Config) -> Page:
    figures = site_figures(site, config)
    return _indicator_page(figures, iid, _by_indicator(site, figures).get(iid, []), config)


_BY_ID: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _by_indicator(
    site: Site, figures: SiteFigures
) -> dict[str, list[tuple[SiteRegion, list[_Entry]]]]:
    """Each region's entries once, grouped by indicator, for all the indicator pages (kept
    per site: pages made one at a time share it)."""
    found = _BY_ID.get(site)
    if found is not None and found[0] is figures:
        return found[1]
    by_id: dict[str, list[tuple[SiteRegion, list[_Entry]]]] = {}
    for region in site.regions:
        grouped: dict[str, list[_Entry]] = {}
        for e in _entries(figures, region.reports):
            if e.item.canonical:
                grouped.setdefault(e.item.canonical, []).append(e)
        for iid, entries in grouped.items():
            by_id.setdefault(iid, []).append((region, entries))
    _BY_ID[site] = (figures, by_id)
    return by_id


def _index_page(site: Site, figures: SiteFigures, config: Config) -> Page:
    stats: dict[str, dict] = {}
    for sr in site.reports:
        for group, field_name in ((figures.targets, "targets"), (figures.actuals, "actuals")):
            for item in group.get(sr.id, []):
                if not item.canonical:
                    continue
                s = stats.setdefault(
                    item.canonical,
                    {"regions": set(), "targets": 0, "actuals": 0, "years": set(), "names": {}},
                )
                s["regions"].add(sr.region.id)
                s[field_name] += 1
                year = sr.year if field_name == "targets" else item.year
                if year is not None:
                    s["years"].add(year)
                s["names"][item.indicator] = s["names"].get(item.indicator, 0) + 1
    entries = []
    for iid in figures.used_ids():
        s = stats[iid]
        years = sorted(s["years"])
        span = "" if not years else f"{years[0]}—{years[-1]}" if len(years) > 1 else str(years[0])
        names = sorted(s["names"], key=lambda n: (-s["names"][n], n))
        entries.append(
            IndicatorEntry(
                link=Link(figures.table.display(iid, iid), indicator_url(iid)),
                aliases="、".join(names[:8]),
                regions=len(s["regions"]),
                targets=s["targets"],
                actuals=s["actuals"],
                years=span,
            )
        )
    view = IndicatorsIndex(
        indicators=entries,
        unknown=[Link(name, None, note=str(n)) for name, n in figures.unknown.items()],
    )
    crumbs = [Link("首页", HOME), Link("指标")]
    return page(
        "indicators.html",
        INDICATORS_INDEX,
        "指标",
        "指标：目标与实际",
        config,
        breadcrumb=crumbs,
        data=view,
    )


def _indicator_page(
    figures: SiteFigures,
    iid: str,
    per_region: list[tuple[SiteRegion, list[_Entry]]],
    config: Config,
) -> Page:
    ind = figures.table.get(iid)
    assert ind is not None
    lines: list[RegionLine] = []
    names: dict[str, int] = {}
    for _, entries in per_region:
        for e in entries:
            names[e.item.indicator] = names.get(e.item.indicator, 0) + 1
    years = sorted({e.year for _, entries in per_region for e in entries})
    for region, entries in per_region:
        rows = _rows(figures, entries, years)
        lines.append(
            RegionLine(Link(region_display(region), region.url, note=region_full(region)), rows)
        )
    view = IndicatorView(
        name=ind.name,
        note=ind.note,
        direction="数值越低越好" if ind.direction == "down" else "数值越高越好",
        aliases="、".join(sorted(names, key=lambda n: (-names[n], n))),
        years=years,
        regions=lines,
        index=Link("全部指标", INDICATORS_INDEX),
    )
    crumbs = [Link("首页", HOME), Link("指标", INDICATORS_INDEX), Link(ind.name)]
    return page(
        "indicator.html",
        indicator_url(iid),
        ind.name,
        ind.name,
        config,
        breadcrumb=crumbs,
        data=view,
    )
