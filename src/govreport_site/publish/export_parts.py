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
from govreport_site.publish.record_json import record
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

PACK_FILE = "exports/parts.pack"  # PartCache
INDEX_FILE = "exports/parts-index.pickle"
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


@dataclass
class ReportPart:
    """UTF-8 bytes, encoded as they stand in the files (one record per line,
    publish.record_json), so that putting the files together is joining bytes."""

    entry_json: bytes  # its entry of reports.json
    rows_json: list[bytes]  # its rows of targets.json
    rows_csv: bytes  # its rows of targets.csv

    def stored(self) -> tuple:
        """Plain bytes to pickle (many small objects pickle slowly)."""
        return (self.entry_json, self.rows_json, self.rows_csv)

    @classmethod
    def restored(cls, value: tuple) -> ReportPart:
        entry, rows, csv_rows = value
        if not all(type(b) is bytes for b in (entry, csv_rows, *rows)):
            raise TypeError("not a stored ReportPart")
        return cls(entry, rows, csv_rows)

    def rows_encoded(self) -> bytes | None:
        """Its rows as one item of targets.json's row list, the line breaks between them
        inside (~10,000 rows at 1,000 reports). None when it has none."""
        if not self.rows_json:
            return None
        return b",\n".join(self.rows_json)


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
                entry_json=record(report_entry(sr, texts, fig)),
                rows_json=[record(row) for row in rows],
                rows_csv=csv_lines(rows).encode("utf-8"),
            )
        cache.put(key, part)
    cache.save()
    return [cache.used[k] for k in cache.order]


class PartCache:
    """The parts of the last build by key; keeps this build's for the next.

    Two files: a pack of pickled (key, part) records one after another, and an index of
    where each used part's record is. Saving after an edit appends the few new records
    and rewrites the small index, instead of pickling every part again (23 MB at 1,000
    reports); the pack is written anew once more than half of it is parts no longer
    used. A record is used only when it names the key asked for, so an index that does
    not match its pack (a build stopped between the two) costs remaking parts, never a
    wrong one.
    """

    def __init__(self, folder: Path | None):
        self.pack = folder / PACK_FILE if folder is not None else None
        self.index_path = folder / INDEX_FILE if folder is not None else None
        self.known: dict[str, tuple[int, int]] = {}  # key -> (offset, length) in the pack
        self.size = 0  # bytes of the pack the index covers
        self.used: dict[str, ReportPart] = {}
        self.order: list[str] = []
        self.new: dict[str, bytes] = {}  # records to add to the pack
        self.made = 0
        self._file = None
        if self.pack is not None and self.index_path is not None:
            try:
                with self.index_path.open("rb") as f:
                    size, known = pickle.load(f)
                self._file = self.pack.open("rb")
                if os.fstat(self._file.fileno()).st_size >= size and isinstance(known, dict):
                    self.size, self.known = size, known
            except (*_UNREADABLE, ValueError):
                pass  # missing or unreadable: every part is made again

    def get(self, key: str) -> ReportPart | None:
        where = self.known.get(key)
        if where is None or self._file is None:
            return None
        try:
            found, value = pickle.loads(os.pread(self._file.fileno(), where[1], where[0]))
            if found != key:
                return None
            return ReportPart.restored(value)
        except Exception:  # noqa: BLE001 - not the record the index says: make the part
            return None

    def put(self, key: str, part: ReportPart) -> None:
        if key not in self.known:
            self.made += 1
            self.new[key] = pickle.dumps((key, part.stored()), protocol=pickle.HIGHEST_PROTOCOL)
        self.used[key] = part
        self.order.append(key)

    def save(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self.pack is None or self.index_path is None:
            return
        if not self.made and self.used.keys() == self.known.keys():
            return
        kept = {k: self.known[k] for k in self.used if k not in self.new}
        live = sum(length for _, length in kept.values()) + sum(map(len, self.new.values()))
        self.pack.parent.mkdir(parents=True, exist_ok=True)
        if self.known and 2 * live >= self.size + sum(map(len, self.new.values())):
            index = self._append(kept)
        else:  # first build, or mostly parts no longer used: a new pack
            index = self._rewrite()
        _write_atomic(self.index_path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        (self.pack.parent / "parts.pickle").unlink(missing_ok=True)  # the earlier format

    def _append(self, kept: dict[str, tuple[int, int]]) -> tuple[int, dict]:
        """The new records after the bytes the index covers (anything after them is from
        a build that stopped before writing its index)."""
        assert self.pack is not None
        where = dict(kept)
        with self.pack.open("r+b") as f:
            f.truncate(self.size)
            f.seek(self.size)
            offset = self.size
            for key, record in self.new.items():
                f.write(record)
                where[key] = (offset, len(record))
                offset += len(record)
        return offset, {k: where[k] for k in self.used}

    def _rewrite(self) -> tuple[int, dict]:
        assert self.pack is not None
        where: dict[str, tuple[int, int]] = {}
        offset = 0
        tmp = self.pack.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            for key, part in self.used.items():
                record = self.new.get(key) or pickle.dumps(
                    (key, part.stored()), protocol=pickle.HIGHEST_PROTOCOL
                )
                f.write(record)
                where[key] = (offset, len(record))
                offset += len(record)
        # The index goes first: a build stopped between the two finds records that do
        # not name its keys (get) and makes those parts again.
        self.index_path.unlink(missing_ok=True)  # type: ignore[union-attr]
        os.replace(tmp, self.pack)
        return offset, where


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
