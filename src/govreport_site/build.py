"""The build: the pipeline stages in order.

    1. ingest   - find report files, decode, read metadata, normalise
    2. parse    - title block, parts, subsections, paragraphs, targets passage
    3. analyse  - (later: targets, keywords, comparisons)
    4. render   - plan ids and URLs, render pages
    5. publish  - data exports, sitemap, atomic write of the output folder
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from govreport_site import __version__
from govreport_site.config import Config
from govreport_site.ingest.discover import InputFile, discover
from govreport_site.ingest.normalise import normalise
from govreport_site.ingest.read import NotTextError, read_source
from govreport_site.model import Diagnostic, Report
from govreport_site.parse import parse
from govreport_site.publish.exports import export_files
from govreport_site.publish.write import write_output
from govreport_site.render.pages import render_pages
from govreport_site.render.plan import plan_site


@dataclass
class BuildResult:
    reports: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]


def process_report(data: bytes, item: InputFile) -> Report:
    """Everything that depends on one report alone: a pure function of its inputs."""
    source = read_source(data, item.rel, item.inherited)
    report = parse(source, normalise(source))
    report.content_hash = content_hash(data, item)
    return report


def content_hash(data: bytes, item: InputFile) -> str:
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(item.rel.encode())
    h.update(repr(sorted(item.inherited.items())).encode())
    h.update(data)
    return h.hexdigest()


def load_reports(config: Config, progress=None) -> tuple[list[Report], list[Diagnostic]]:
    """Stages 1-2 for every report file; a bad file becomes a diagnostic, not a crash."""
    items, diagnostics = discover(config.reports_dir)
    reports: list[Report] = []
    for n, item in enumerate(items, 1):
        if progress:
            progress(n, len(items), item.rel)
        try:
            report = process_report(item.path.read_bytes(), item)
        except NotTextError as exc:
            diagnostics.append(Diagnostic(item.rel, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the site
            diagnostics.append(
                Diagnostic(item.rel, f"could not be read: {type(exc).__name__}: {exc}", level="error")
            )
            continue
        reports.append(report)
        diagnostics.extend(report.diagnostics)
    return reports, diagnostics


def build(config: Config, progress=None) -> BuildResult:
    start = time.perf_counter()
    reports, diagnostics = load_reports(config, progress)  # 1-2. ingest, parse
    site = plan_site(reports, config)  # 4. render: ids, URLs, regions, years
    diagnostics.extend(site.diagnostics)
    pages = render_pages(site, config)
    files = dict(pages)
    files.update(export_files(site, config))  # 5. publish
    write_output(files, config)
    return BuildResult(
        reports=len(reports),
        pages=sum(1 for name in pages if name.endswith(".html")),
        files=len(files),
        seconds=time.perf_counter() - start,
        diagnostics=diagnostics,
    )


def default_progress(n: int, total: int, name: str) -> None:
    """A progress line on long builds, only when stderr is a terminal."""
    if total >= 50 and sys.stderr.isatty() and (n % 25 == 0 or n == total):
        print(f"\r  {n}/{total} reports", end="" if n < total else "\n", file=sys.stderr)


def resolve(path: Path, root: Path) -> Path:
    return path if path.is_absolute() else root / path
