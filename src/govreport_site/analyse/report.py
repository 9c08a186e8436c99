"""The per-report analysis step, run in build.process_report after the parser.

    analyse_report(report) -> None   (fills report.targets, .actuals, .targets_status)

It depends on the report alone (and the shipped indicator table, part of the code), so its
result is cached with the report. Aliases a site adds in site.yaml are applied later, when
the site is planned (analyse.corpus), without touching the cached report.
"""

from __future__ import annotations

from govreport_site.analyse.actuals import extract_actuals
from govreport_site.analyse.targets import extract_targets
from govreport_site.model import Diagnostic, Paragraph, Report
from govreport_site.parse.targets import TARGETS_ANNOUNCE
from govreport_site.text import fold


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
    elif status == "none stated" and (bare := _bare_announcement(report)) is not None:
        report.diagnostics.append(
            Diagnostic(
                report.source_file,
                f"the targets are announced ({bare.text[-24:]}) but nothing follows: "
                "was a table of targets lost when the file was converted to text?",
            )
        )


def _bare_announcement(report: Report) -> Paragraph | None:
    """A plan paragraph that ends announcing the targets (…主要预期目标是：) while no
    list follows: python-docx's text of a Word file leaves its tables out."""
    for part in report.parts:
        if part.kind != "plan":
            continue
        for para in part.paragraphs:
            f = fold(para.text)
            ends = [m.end() for m in TARGETS_ANNOUNCE.finditer(f)]
            if ends and not f[ends[-1] :].strip(" 。"):
                return para
    return None
