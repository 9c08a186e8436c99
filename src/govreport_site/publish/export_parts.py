"""Each report's part of the exports (its entry in data/reports.json, its rows in
data/targets.json and data/targets.csv), already encoded and cached by what it is made
from, so that after an edit only the parts of the reports it touched are made again and
the files are put together from the rest.

A part's key: the code, the config (indicator table), the report's content hash, its id,
URL and region, the plan's diagnostics about it, its text-analysis fields (keywords,
reuse) and the inputs of its figures (render.page_inputs: which of its actuals the site
keeps, and the report of the next year its targets are judged against). The cache keeps
the parts of the last build only, in one file beside the report cache; deleting it costs
one build the time of making them all.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from govreport_site.cache import code_fingerprint
from govreport_site.config import Config
from govreport_site.publish.fastjson import Encoded
from govreport_site.publish.targets_export import (
    csv_lines,
    report_figures,
    report_rows,
)
from govreport_site.render.digests import digest, value_key
from govreport_site.render.figures import site_figures
from govreport_site.render.outputs import config_key
from govreport_site.render.page_inputs import site_inputs
from govreport_site.render.plan import Site, SiteReport

PARTS_FILE = "exports/parts.pickle"
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


# Where the parts stand in their files: reports.json's "reports" and targets.json's "rows"
# are lists in the top-level object.
LEVEL = 2


@dataclass
class ReportPart:
    """UTF-8 bytes, encoded as they stand in the files (LEVEL), so that putting the files
    together is joining bytes."""

    entry_json: Encoded  # its entry of reports.json
    rows_json: list[Encoded]  # its rows of targets.json
    rows_csv: bytes  # its rows of targets.csv

    def stored(self) -> tuple:
        """Plain bytes to pickle (many small objects pickle slowly)."""
        return (self.entry_json.data, [r.data for r in self.rows_json], self.rows_csv)

    @classmethod
    def restored(cls, value: tuple) -> ReportPart:
        entry, rows, csv_rows = value
        if not all(type(b) is bytes for b in (entry, csv_rows, *rows)):
            raise TypeError("not a stored ReportPart")
        return cls(Encoded(entry, LEVEL), [Encoded(r, LEVEL) for r in rows], csv_rows)


def report_entry(sr: SiteReport, text_fields: dict, figure_fields: dict) -> dict:
    """The report's entry in reports.json."""
    from govreport_site.publish.exports import report_data  # late: it imports this module

    return {**report_data(sr), **text_fields, **figure_fields}


def text_fields(site: Site) -> list[dict]:
    """keywords, reuse and data of each report (in site order), when the texts were
    analysed; empty dicts otherwise."""
    from govreport_site.publish.text_exports import add_text_fields

    fields: list[dict] = [{} for _ in site.reports]
    add_text_fields(site, fields)
    return fields


def report_parts(site: Site, config: Config, cache_dir: Path | None = None) -> list[ReportPart]:
    """Every report's part, in site order: from the cache where its key is there."""
    cache = PartCache(cache_dir)
    inputs = site_inputs(site, config)
    base = digest(code_fingerprint(), config_key(config), "export-part")
    figures = None
    for sr, texts in zip(site.reports, text_fields(site), strict=True):
        region = sr.region
        key = digest(
            base,
            sr.report.content_hash,
            inputs.figures[sr.id],  # with id and URL
            value_key(
                (
                    (region.id, region.names, region.name, region.level),
                    [str(d) for d in sr.diagnostics],
                    texts,
                )
            ),
        )
        part = cache.get(key)
        if part is None:
            figures = figures or site_figures(site, config)
            fig = report_figures(sr, figures)
            rows = report_rows(sr, fig)
            part = ReportPart(
                entry_json=Encoded.of(report_entry(sr, texts, fig), LEVEL),
                rows_json=[Encoded.of(row, LEVEL) for row in rows],
                rows_csv=csv_lines(rows).encode("utf-8"),
            )
        cache.put(key, part)
    cache.save()
    return [cache.used[k] for k in cache.order]


class PartCache:
    """The parts of the last build by key; keeps this build's for the next."""

    def __init__(self, folder: Path | None):
        self.path = folder / PARTS_FILE if folder is not None else None
        self.known: dict[str, tuple] = {}  # ReportPart.stored()
        self.used: dict[str, ReportPart] = {}
        self.order: list[str] = []
        self.made = 0
        if self.path is not None:
            try:
                with self.path.open("rb") as f:
                    found = pickle.load(f)
                if isinstance(found, dict):
                    self.known = found
            except _UNREADABLE:
                pass  # missing or unreadable: every part is made again

    def get(self, key: str) -> ReportPart | None:
        found = self.known.get(key)
        try:
            return ReportPart.restored(found)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None  # not there, or from another version of this module

    def put(self, key: str, part: ReportPart) -> None:
        if key not in self.known:
            self.made += 1
        self.used[key] = part
        self.order.append(key)

    def save(self) -> None:
        if self.path is None or (not self.made and self.used.keys() == self.known.keys()):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            stored = {k: p.stored() for k, p in self.used.items()}
            pickle.dump(stored, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
