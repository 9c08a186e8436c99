"""Data of the text analysis: data/compare.json, data/reports/<id>.json, and the
`keywords` and `reuse` of each report in data/reports.json.

- data/compare.json: a list, one entry per precomputed pair:
  {"a", "b", "url", "kind", "kept", "changed", "new", "dropped", "reuse"} (shares 0..1;
  `reuse` = share of b's sentences, boilerplate left out, also found in a).
- data/reports/<id>.json: one report's parts and paragraphs, what the compare-any-two page
  (static/compare.js) aligns in the browser.
"""

from __future__ import annotations

import json

from govreport_site.model import Report
from govreport_site.publish.exports import to_json
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.views import region_display, report_heading

COMPARE_JSON = "data/compare.json"
DIGITS = 4


def report_json_path(sr: SiteReport) -> str:
    return f"data/reports/{sr.id}.json"


def compare_data(site: Site) -> list[dict]:
    analysis = getattr(site, "analysis", None)
    if analysis is None:
        return []
    return [
        {
            "a": p.a.id,
            "b": p.b.id,
            "url": p.url,
            "kind": p.kind,
            "kept": round(p.share("kept"), DIGITS),
            "changed": round(p.share("changed"), DIGITS),
            "new": round(p.share("new"), DIGITS),
            "dropped": round(p.share("dropped"), DIGITS),
            "reuse": round(p.reuse, DIGITS),
        }
        for p in analysis.pairs
    ]


def text_exports(site: Site) -> dict[str, bytes]:
    if getattr(site, "analysis", None) is None:
        return {}
    return {COMPARE_JSON: to_json(compare_data(site))}


def add_text_fields(site: Site, entries: list[dict]) -> None:
    """Add `keywords` and `reuse` to the reports.json entries (same order as site.reports)."""
    analysis = getattr(site, "analysis", None)
    if analysis is None:
        return
    for sr, entry in zip(site.reports, entries, strict=True):
        reuse = analysis.reuse.get(sr.id)
        entry["keywords"] = [[t, w] for t, w in analysis.keywords.get(sr.id, [])]
        entry["reuse"] = {
            "previous": None
            if reuse is None or reuse.previous is None
            else round(reuse.previous, DIGITS),
            "corpus": 0.0 if reuse is None else round(reuse.corpus, DIGITS),
        }
        entry["data"] = report_json_path(sr)


def report_json(sr: SiteReport, report: Report) -> bytes:
    """One report's text by part and paragraph (the title block left out)."""
    parts = []
    for part in report.parts:
        if part.kind == "title":
            continue
        starts = {s.index for s in part.subsections}
        parts.append(
            {
                "kind": part.kind,
                "title": part.title,
                "anchor": part.anchor,
                "paragraphs": [
                    {
                        "anchor": p.anchor,
                        "role": p.role,
                        "text": p.text,
                        **({"starts": True} if n in starts or n == 0 else {}),
                    }
                    for n, p in enumerate(part.paragraphs)
                ],
            }
        )
    data = {
        "id": sr.id,
        "url": sr.url,
        "title": report_heading(sr),
        "region": region_display(sr.region),
        "year": sr.year,
        "targets_anchor": report.targets_anchor,
        "parts": parts,
    }
    # Compact: the browser downloads two of these for every comparison.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
