"""Data of the text analysis: data/compare.json, data/reports/<id>.json, and the
`keywords` and `reuse` of each report in data/reports.json.

- data/compare.json: a list, one entry per precomputed pair, each on a line:
  {"a", "b", "url", "kind", "kept", "changed", "new", "dropped", "reuse"} (shares 0..1;
  `reuse` = share of b's sentences, boilerplate left out, also found in a).
- data/reports/<id>.json.gz: one report's parts and paragraphs, what the compare-any-two
  page (static/compare.js) aligns in the browser and the search page (static/search.js)
  shows its results' excerpts from; gzip-compressed (publish/compress.py), the pages
  inflate it (static/fetch-data.js).
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

from govreport_site.cache import _UNREADABLE, code_fingerprint
from govreport_site.model import Report
from govreport_site.publish.compress import gzip_bytes
from govreport_site.publish.exports import to_json
from govreport_site.publish.record_json import record, records
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.views import region_display, report_heading

COMPARE_JSON = "data/compare.json"
DIGITS = 4


REPORT_JSON_SUFFIX = ".json.gz"


def report_json_path(sr: SiteReport) -> str:
    return f"data/reports/{sr.id}{REPORT_JSON_SUFFIX}"


def compare_data(site: Site) -> list[dict]:
    analysis = getattr(site, "analysis", None)
    if analysis is None:
        return []
    return [_compare_entry(p) for p in analysis.pairs]


def _compare_entry(p) -> dict:
    return {
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


def text_exports(site: Site, cache_dir: Path | None = None) -> dict[str, bytes]:
    """data/compare.json; with `cache_dir`, put together from each pair's entry as the
    last build encoded it, where the pair's figures are the same (CompareEntries)."""
    analysis = getattr(site, "analysis", None)
    if analysis is None:
        return {}
    if cache_dir is None:
        return {COMPARE_JSON: to_json(compare_data(site))}
    entries = CompareEntries(Path(cache_dir) / COMPARE_ENTRIES)
    data = entries.document(analysis.pairs)
    entries.save()
    return {COMPARE_JSON: data}


COMPARE_ENTRIES = "exports/compare-entries.pickle"


class CompareEntries:
    """compare.json's entries, encoded as they stand in the file, by what each is made
    from (the pair's ids, URL, kind, counts and reuse; the code by the file's key): an
    edit changes the figures of a few pairs only, and encoding all ~1,800 entries cost
    more than the rest of the file. Keeps the last build's entries only; safe to delete."""

    def __init__(self, path: Path):
        self.path = path
        self.code = code_fingerprint()
        self.known: dict[tuple, bytes] = {}
        self.used: dict[tuple, bytes] = {}
        try:
            with path.open("rb") as f:
                code, known = pickle.load(f)
            if code == self.code and type(known) is dict:
                self.known = known
        except _UNREADABLE:
            pass  # every entry is encoded again

    def document(self, pairs: list) -> bytes:
        """The bytes of compare.json for `pairs` (= to_json(compare_data(site)))."""
        parts = []
        for p in pairs:
            inputs = (p.a.id, p.b.id, p.url, p.kind, p.counts, p.reuse)
            data = self.known.get(inputs)
            if data is None:
                data = record(_compare_entry(p))
            self.used[inputs] = data
            parts.append(data)
        return records(parts) + b"\n"

    def save(self) -> None:
        if self.used.keys() == self.known.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps((self.code, self.used), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.path)


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
    """data/reports/<id>.json.gz: one report's text by part and paragraph, every part in
    order, gzip-compressed. The title block too (compare.js leaves it out), as the search
    page shows any indexed paragraph from here by its place among the report's
    paragraphs (publish/search)."""
    parts = []
    for part in report.parts:
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
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return gzip_bytes(text.encode())
