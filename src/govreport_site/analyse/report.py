"""The per-report analysis step, run in build.process_report after the parser.

    analyse_report(report) -> None   (fills report.targets, .actuals, .targets_status)

It depends on the report alone (and the shipped indicator table, part of the code), so its
result is cached with the report. Aliases a site adds in site.yaml are applied later, when
the site is planned (analyse.corpus), without touching the cached report.
"""

from __future__ import annotations

from govreport_site.analyse.actuals import extract_actuals
from govreport_site.analyse.targets import extract_targets
from govreport_site.model import Diagnostic, Report


def analyse_report(report: Report) -> None:
    targets, status = extract_targets(report)
    report.targets, report.targets_status = targets, status
    report.actuals = extract_actuals(report)
    if status == "not extracted":
        report.diagnostics.append(
            Diagnostic(
                report.source_file,
                "targets passage found (主要预期目标) but no target could be read from it",
            )
        )
