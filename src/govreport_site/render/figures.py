"""Targets and actuals across the site: canonical ids with the site's own aliases, which
actuals belong on the site, and each target set against the next year's report.

    figures = site_figures(site, config)    # computed once per planned site

Reports carry their targets and actuals from the per-report stage (analyse.report), with
canonical ids from the shipped table; here the table the site extends in site.yaml
(`indicators:`) names them again, so a site's aliases need no re-parse.

Which actuals are kept: those of an indicator the table knows, and those whose name is the
name of a target of the same region (a town's own 区级地方财政收入). The rest of what a
review counts (签约总额, 满意率 …) is not an indicator anyone set a target for.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, replace

from govreport_site.analyse.indicators import IndicatorTable, indicator_table, name_key
from govreport_site.analyse.outcomes import Outcome, outcome
from govreport_site.config import Config
from govreport_site.model import Actual, Diagnostic, Target
from govreport_site.render.plan import Site, SiteReport

INDICATORS_INDEX = "indicators/index.html"


def indicator_url(indicator_id: str) -> str:
    return f"indicators/{indicator_id}.html"


@dataclass
class SiteFigures:
    table: IndicatorTable
    targets: dict[str, list[Target]] = field(default_factory=dict)  # report id -> targets
    actuals: dict[str, list[Actual]] = field(default_factory=dict)  # report id -> kept actuals
    # report id -> one Outcome per target; None when there is no report of the next year.
    # Judged when first asked for (Outcomes): page keys never need them, and an edit
    # build renders and exports the figures of a few reports only.
    outcomes: dict[str, list[Outcome | None]] = field(default_factory=dict)
    # report id -> the report of the next year that the outcomes come from
    next_report: dict[str, SiteReport] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)  # target names without an id -> count
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def used_ids(self) -> list[str]:
        """Canonical ids with at least one target or actual, in table order."""
        seen = {
            item.canonical
            for group in (self.targets, self.actuals)
            for items in group.values()
            for item in items
            if item.canonical
        }
        return [i for i in self.table.indicators if i in seen]


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def site_figures(site: Site, config: Config) -> SiteFigures:
    """The site's figures; computed once per Site object (every page asks for them)."""
    found = _MEMO.get(site)
    if found is None or found[0] is not config:
        found = (config, _compute(site, config))
        _MEMO[site] = found
    return found[1]


class _Names:
    """name_key and the table's id of each indicator name, worked out once per name: the
    same few hundred names recur in every report."""

    def __init__(self, table: IndicatorTable) -> None:
        self.table = table
        self.keys: dict[str, str] = {}
        self.ids: dict[str, str | None] = {}

    def key(self, name: str) -> str:
        found = self.keys.get(name)
        if found is None:
            found = self.keys[name] = name_key(name)
        return found

    def resolve(self, item):
        name = item.indicator
        if name in self.ids:
            canonical = self.ids[name]
        else:
            canonical = self.ids[name] = self.table.resolve(name)
        return item if canonical == item.canonical else replace(item, canonical=canonical)


def _compute(site: Site, config: Config) -> SiteFigures:
    table = indicator_table(config.extra)
    figures = SiteFigures(table, diagnostics=list(table.diagnostics))
    names_of = _Names(table)
    for sr in site.reports:
        figures.targets[sr.id] = [names_of.resolve(t) for t in sr.report.targets]
        for t in figures.targets[sr.id]:
            if t.canonical is None:
                figures.unknown[t.indicator] = figures.unknown.get(t.indicator, 0) + 1

    for region in site.regions:
        names = {names_of.key(t.indicator) for sr in region.reports for t in figures.targets[sr.id]}
        for sr in region.reports:
            kept = []
            for a in sr.report.actuals:
                a = names_of.resolve(a)
                if a.canonical or names_of.key(a.indicator) in names:
                    kept.append(a)
            figures.actuals[sr.id] = kept

    for region in site.regions:
        if not region.known:
            continue  # unrelated reports: none is judged against another
        by_year: dict[int, SiteReport] = {}
        for sr in region.reports:
            if sr.year is not None:
                by_year.setdefault(sr.year, sr)
        for sr in region.reports:
            nxt = by_year.get(sr.year + 1) if sr.year is not None else None
            if nxt is not None:
                figures.next_report[sr.id] = nxt
    figures.outcomes = Outcomes(figures, {sr.id: sr for sr in site.reports})
    figures.unknown = dict(sorted(figures.unknown.items(), key=lambda kv: (-kv[1], kv[0])))
    return figures


class Outcomes(dict):
    """SiteFigures.outcomes, each report's judged when first asked for (a KeyError for an
    id that is no report of the site, as a dict's)."""

    def __init__(self, figures: SiteFigures, reports: dict[str, SiteReport]) -> None:
        super().__init__()
        self.figures, self.reports = figures, reports

    def __missing__(self, rid: str) -> list[Outcome | None]:
        sr = self.reports[rid]
        figures = self.figures
        targets = figures.targets[rid]
        nxt = figures.next_report.get(rid)
        if nxt is None:
            found: list[Outcome | None] = [None] * len(targets)
        else:
            reported = [a for a in figures.actuals[nxt.id] if a.year == sr.year]
            found = [outcome(t, reported, figures.table) for t in targets]
        self[rid] = found
        return found

    def get(self, rid, default=None):
        return self[rid] if rid in self.reports else default


def summary_notes(site: Site, config: Config, most: int = 12) -> list[str]:
    """Lines for the build summary: the target indicators the table does not know."""
    unknown = site_figures(site, config).unknown
    if not unknown:
        return []
    names = [f"{name} ({n})" for name, n in list(unknown.items())[:most]]
    more = f", … {len(unknown) - most} more" if len(unknown) > most else ""
    return [
        f"{len(unknown)} target indicator{'' if len(unknown) == 1 else 's'} not in the "
        "indicator table (kept as written; "
        f"add aliases under 'indicators:' in site.yaml): {', '.join(names)}{more}"
    ]
