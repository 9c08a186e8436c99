"""Data exports: data/reports.json, sitemap.xml, robots.txt, .nojekyll.

reports.json is the machine-readable twin of the site (issue 2, point 7): same ids and
URLs as the pages, keys in a fixed order, UTF-8 without \\u escapes, one record (a report,
a region, a year) per line (publish.record_json) and a trailing newline, so two builds of
the same input give the same bytes and diffs stay small.
"""

from __future__ import annotations

from pathlib import Path

from govreport_site.config import Config
from govreport_site.publish.record_json import document
from govreport_site.publish.sitemap import robots_txt, sitemap_files
from govreport_site.publish.targets_export import report_figures, targets_exports
from govreport_site.render.figures import site_figures
from govreport_site.render.plan import Site, SiteRegion, SiteReport

REPORTS_JSON = "data/reports.json"


def export_files(site: Site, config: Config, cache_dir: Path | None = None) -> dict[str, bytes]:
    """Every data file. Each report's part of reports.json and the targets files is kept
    in `cache_dir` (publish.export_parts), so an edit encodes only what it changed."""
    from govreport_site.publish.export_parts import report_parts
    from govreport_site.publish.text_exports import text_exports  # late: it imports this

    parts = report_parts(site, config, cache_dir)
    return {
        REPORTS_JSON: to_json(reports_document(site, [p.entry_json for p in parts])),
        **sitemap_files(site, config),  # sitemap.xml (and its parts on a very large site)
        "robots.txt": robots_txt(config),
        # GitHub Pages would otherwise run Jekyll, which hides files and folders starting with _.
        ".nojekyll": b"",
        **targets_exports(site, config, parts),  # data/targets.csv, data/targets.json
        **text_exports(site, cache_dir),  # data/compare.json, when the texts were analysed
    }


def to_json(data: dict | list) -> bytes:
    return document(data)  # one record per line, UTF-8, a newline at the end


def reports_data(site: Site, config: Config | None = None) -> dict:
    """What data/reports.json holds, as plain data."""
    from govreport_site.publish.export_parts import report_entry, text_fields

    figures = site_figures(site, config or Config())
    entries = [
        report_entry(sr, texts, report_figures(sr, figures))
        for sr, texts in zip(site.reports, text_fields(site), strict=True)
    ]
    return reports_document(site, entries)


def reports_document(site: Site, entries: list) -> dict:
    """reports.json around its report entries (dicts, or their bytes from record_json)."""
    return {
        "reports": entries,
        "regions": [
            {
                "id": r.id,
                "names": list(r.names),
                "url": r.url,
                "reports": [sr.id for sr in r.reports],
            }
            for r in site.regions
        ],
        "years": [
            {"year": y.year, "url": y.url, "reports": [sr.id for sr in y.reports]}
            for y in site.years
        ],
    }


def region_data(region: SiteRegion) -> dict:
    return {
        "id": region.id,
        "names": list(region.names),
        "name": region.name,
        "level": region.level,
    }


def report_data(sr: SiteReport) -> dict:
    report, meta = sr.report, sr.report.meta
    targets = report.targets_passage
    return {
        "id": sr.id,
        "url": sr.url,
        "source_file": report.source_file,
        "region": region_data(sr.region),
        "year": meta.year,
        "review_year": report.review_year,
        "date": meta.date,
        "session": meta.session,
        "speaker": meta.speaker,
        "speaker_title": meta.speaker_title,
        "title": meta.title,
        "source": meta.source,
        "inferred": list(report.inferred),
        "parts": [
            {
                "kind": part.kind,
                "title": part.title,
                "anchor": part.anchor,
                "chars": part.chars,
                "subsections": [{"title": s.title, "anchor": s.anchor} for s in part.subsections],
            }
            for part in report.parts
        ],
        "targets_passage": {"text": targets.text, "anchor": targets.anchor} if targets else None,
        "problems_anchor": report.problems_anchor,
        "warnings": [str(d) for d in sr.diagnostics],
    }
