"""Targets and actuals as data: data/targets.csv, data/targets.json, and the `targets` /
`actuals` of each report in data/reports.json.

targets.csv is for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads the
Chinese right), one row per entry - every target and every actual kept on the site, told
apart by `record` - with the report's id, URL, region names and year, every field of the
entry, and for a target its outcome against the next year's report. targets.json holds the
same rows as objects, one per line. Rows are in report order, then in text order: the same
input gives the same bytes.
"""

from __future__ import annotations

import csv
import io

from govreport_site.analyse.outcomes import Outcome
from govreport_site.config import Config
from govreport_site.model import Actual, Target
from govreport_site.publish.record_json import document
from govreport_site.render.figures import (
    INDICATORS_INDEX,
    SiteFigures,
    indicator_url,
    site_figures,
)
from govreport_site.render.plan import Site, SiteReport

TARGETS_CSV = "data/targets.csv"
TARGETS_JSON = "data/targets.json"

COLUMNS = (
    "record",  # target | actual
    "report_id",
    "report_url",
    "region_id",
    "region",  # names top level down, joined by " / "
    "region_level",
    "year",  # the report's year (a target is for it)
    "figure_year",  # the year the figure is for: the report's year, or the actual's year
    "indicator",
    "canonical",
    "canonical_name",
    "kind",
    "low",
    "high",
    "unit",
    "qualifier",
    "estimated",
    "text",
    "anchor",
    "url",  # the paragraph: report page + #anchor
    "outcome",  # met | missed | not reported | not judged; empty without a next report
    "outcome_value",  # the actual in the target's unit
    "outcome_report_id",
    "outcome_text",
    "outcome_url",
)


def figure_data(item: Target | Actual, figures: SiteFigures) -> dict:
    """One entry as reports.json and targets.json give it."""
    data = {
        "indicator": item.indicator,
        "canonical": item.canonical,
        "canonical_name": figures.table.display(item.canonical) or None,
        "kind": item.kind,
        "low": item.low,
        "high": item.high,
        "unit": item.unit,
        "qualifier": item.qualifier,
        "text": item.text,
        "anchor": item.anchor,
    }
    if isinstance(item, Actual):
        data["year"] = item.year
        data["estimated"] = item.estimated
    return data


def _outcome_data(oc: Outcome | None, nxt: SiteReport | None) -> dict:
    if oc is None or nxt is None:
        return {"outcome": None}
    a = oc.actual
    return {
        "outcome": oc.status,
        "outcome_value": oc.value,
        "outcome_report_id": nxt.id if a is not None else None,
        "outcome_text": a.text if a is not None else None,
        "outcome_url": f"{nxt.url}#{a.anchor}" if a is not None else None,
    }


def report_figures(sr: SiteReport, figures: SiteFigures) -> dict:
    """{"targets_status", "targets": [...], "actuals": [...]} of one report, for
    reports.json; its rows of targets.csv/json are made from the same (report_rows)."""
    nxt = figures.next_report.get(sr.id)
    targets = []
    for t, oc in zip(figures.targets[sr.id], figures.outcomes[sr.id], strict=True):
        targets.append({**figure_data(t, figures), **_outcome_data(oc, nxt)})
    return {
        "targets_status": sr.report.targets_status,
        "targets": targets,
        "actuals": [figure_data(a, figures) for a in figures.actuals[sr.id]],
    }


def report_figures_data(site: Site, config: Config) -> dict[str, dict]:
    """report id -> report_figures, for every report."""
    figures = site_figures(site, config)
    return {sr.id: report_figures(sr, figures) for sr in site.reports}


def report_rows(sr: SiteReport, data: dict) -> list[dict]:
    """The rows of one report in targets.csv/json, from its report_figures."""
    base = {
        "report_id": sr.id,
        "report_url": sr.url,
        "region_id": sr.region.id,
        "region": " / ".join(sr.region.names),
        "region_level": sr.region.level,
        "year": sr.year,
    }
    out = []
    for t in data["targets"]:
        row = {"record": "target", **base, "figure_year": sr.year, **t}
        row["url"] = f"{sr.url}#{t['anchor']}"
        out.append(row)
    for a in data["actuals"]:
        row = {"record": "actual", **base, "figure_year": a["year"], **a}
        row["year"] = sr.year
        row["url"] = f"{sr.url}#{a['anchor']}"
        out.append(row)
    return [{c: row.get(c) for c in COLUMNS} for row in out]


def rows(site: Site, config: Config) -> list[dict]:
    per_report = report_figures_data(site, config)
    return [row for sr in site.reports for row in report_rows(sr, per_report[sr.id])]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else repr(value)
    return _inert(str(value))


# A spreadsheet runs a cell that starts with one of these as a formula: a region name or a
# line of report text like =HYPERLINK("http://…") would become a live link or worse.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a would-be formula
    (numbers such as -2.5 stay numbers)."""
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def csv_lines(table: list[dict], header: bool = False) -> str:
    """Rows of targets.csv, each ending in CRLF; with the header line first if asked."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return buf.getvalue()


def targets_csv(table: list[dict]) -> bytes:
    return _csv_file([csv_lines(table).encode("utf-8")])


def _csv_file(chunks: list[bytes]) -> bytes:
    return ("\ufeff" + csv_lines([], header=True)).encode("utf-8") + b"".join(chunks)


def targets_exports(site: Site, config: Config, parts: list | None = None) -> dict[str, bytes]:
    """data/targets.csv and data/targets.json; `parts` (publish.export_parts, one per
    report in site order) gives each report's rows already encoded."""
    if parts is None:
        from govreport_site.publish.export_parts import report_parts

        parts = report_parts(site, config)
    figures = site_figures(site, config)
    data = {
        "columns": list(COLUMNS),
        "rows": [rows for part in parts if (rows := part.rows_encoded()) is not None],
        "indicators": [
            {
                "id": ind.id,
                "name": ind.name,
                "aliases": list(ind.aliases),
                "direction": ind.direction,
            }
            for ind in figures.table.indicators.values()
        ],
        "unknown_indicators": [{"name": k, "targets": v} for k, v in figures.unknown.items()],
    }
    return {
        TARGETS_CSV: _csv_file([part.rows_csv for part in parts]),
        TARGETS_JSON: document(data),  # one row per line
    }


def indicator_page_urls(site: Site, config: Config) -> list[str]:
    """The indicators pages, for the sitemap."""
    return [INDICATORS_INDEX] + [indicator_url(i) for i in site_figures(site, config).used_ids()]
