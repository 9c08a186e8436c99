"""Split normalised report text into title block, parts, subsections and paragraphs.

    parse(source, normalised) -> Report

Every character of the normalised text except the line breaks lands in exactly one
paragraph, in order (check_conservation). Paragraphs are slices of the input lines:
a line is cut only where a heading is run into its paragraph.
"""

from __future__ import annotations

import re

from govreport_site.model import (
    Diagnostic,
    Normalised,
    Paragraph,
    Part,
    Report,
    SourceText,
    Subsection,
)
from govreport_site.parse.anchors import paragraph_anchor, part_anchors
from govreport_site.parse.headings import SENTENCE_END, clean_title
from govreport_site.parse.infer import Evidence, heading_years, infer_metadata, infer_year
from govreport_site.parse.parts import (
    Draft,
    Piece,
    add_subsections,
    classify,
    cut_lines,
    find_part_headings,
    split_appendix,
    split_closing,
    split_run_in_parts,
)
from govreport_site.parse.targets import find_problems, find_targets
from govreport_site.parse.titleblock import divide_leading, issuer_place, read_title_block
from govreport_site.text import fold

__all__ = ["parse", "check_conservation"]


def check_conservation(text: Normalised, report: Report) -> bool:
    """True when the paragraphs hold exactly the text's characters, in order."""
    return "".join(p.text for p in report.paragraphs()) == text.text.replace("\n", "")


def parse(source: SourceText, text: Normalised) -> Report:
    lines = text.text.split("\n")
    folded = [fold(line) for line in lines]  # once; fold() keeps every index valid
    heads, style = find_part_headings(lines, folded)
    cuts = split_run_in_parts(lines, folded, heads, style)
    if cuts:  # …提出意见。一、2023年工作回顾…: the parts start their own paragraphs
        lines = cut_lines(lines, cuts)
        folded = [fold(line) for line in lines]
        heads, style = find_part_headings(lines, folded)
    first = heads[0].line if heads else len(lines)
    lead = divide_leading(lines, first)

    drafts: list[Draft] = []
    if lead.title_pieces:
        drafts.append(Draft("title", "", [Piece(i, a, b) for i, a, b in lead.title_pieces]))
    if lead.excerpt_lines:
        drafts.append(Draft("excerpt", "", [_whole(i, lines) for i in lead.excerpt_lines]))
    if lead.opening_lines:
        drafts.append(Draft("opening", "", [_whole(i, lines) for i in lead.opening_lines]))
    for j, h in enumerate(heads):
        end = heads[j + 1].line if j + 1 < len(heads) else len(lines)
        draft = Draft(classify(h.title), h.title, number=h.num)
        line = lines[h.line]
        draft.pieces.append(Piece(h.line, 0, h.head_end, "heading"))
        if h.head_end < len(line):
            draft.pieces.append(Piece(h.line, h.head_end, len(line)))
        nxt = h.line + 1
        if not h.title and nxt < end and _short_heading(lines[nxt]):
            # "一、" alone on its line, the heading text on the next one
            draft.title = clean_title(lines[nxt])
            draft.kind = classify(draft.title)
            draft.pieces.append(Piece(nxt, 0, len(lines[nxt]), "heading"))
            nxt += 1
        draft.pieces.extend(_whole(i, lines) for i in range(nxt, end))
        drafts.append(draft)
    for d in drafts:
        d.pieces = [p for p in d.pieces if p.end > p.start]

    pieces_of = {"title": [], "opening": []}
    for d in drafts:
        if d.kind in pieces_of:
            pieces_of[d.kind] = [lines[p.line][p.start : p.end] for p in d.pieces]
    facts = read_title_block(pieces_of["title"], pieces_of["opening"])
    notices = [n.text for n in text.notes if n.kind == "forwarding-notice"]
    if facts.region is None and notices:
        facts.place = issuer_place(notices[0])
        facts.region = facts.place[-1] if facts.place else facts.region

    _resolve_kinds(drafts, facts, source.meta.year, lines)
    numbered = [d for d in drafts if d.number is not None]
    if numbered:
        appendix = split_appendix(numbered[-1], folded)
        if appendix:
            drafts.append(appendix)
        closing = split_closing(numbered[-1], lines, folded)
        if closing:
            drafts.append(closing)
    for d in drafts:
        if d.kind not in ("title", "opening", "closing"):
            add_subsections(d, lines, folded, style, free_start=d.kind == "excerpt")

    parts = _build_parts(drafts, lines)
    ev = _evidence(facts, drafts, lines)
    meta, inferred, warnings, review_year = infer_metadata(source.meta, ev, source.source_file)
    body = sum(p.chars for p in parts if p.kind != "title")
    if body < _TOO_SHORT and len(text.text) > 0:
        msg = f"only {body} characters besides the title block: is the report's text missing?"
        warnings.append(Diagnostic(source.source_file, msg))
    elif not numbered:
        warnings.append(Diagnostic(source.source_file, "no part headings (一、二、三…) found"))
    return Report(
        source_file=source.source_file,
        encoding=source.encoding,
        meta=meta,
        inferred=inferred,
        review_year=review_year,
        parts=parts,
        targets_anchor=find_targets(parts),
        problems_anchor=find_problems(parts),
        notes=list(text.notes),
        diagnostics=[*source.diagnostics, *warnings],
    )


_TOO_SHORT = 20  # characters of text besides the title block: a report has thousands


def _whole(i: int, lines: list[str]) -> Piece:
    return Piece(i, 0, len(lines[i]))


def _short_heading(line: str) -> bool:
    f = re.sub(r"\s+", "", fold(line))
    return 0 < len(f) <= 30 and not any(c in f[:-1] for c in SENTENCE_END + ",")


_OPENS_WITH_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*年\s*(?:[,，]\s*)?(?:是|我|全|在|面对)")


def _evidence(facts, drafts: list[Draft], lines: list[str] | None = None) -> Evidence:
    ev = Evidence(facts, text="".join(lines or ()))
    for d in drafts:
        years = heading_years(d.title)
        if d.kind == "plan" and years:
            ev.plan_years.append(years[0])
        elif d.kind == "review" and years:
            ev.review_years.append(max(years))
        if lines is None or d.kind not in ("plan", "review"):
            continue
        # the first paragraph: "2024年是新中国成立75周年" / "2023年，面对…"
        body = [p for p in d.pieces if p.role == "body"][:1]
        for p in body:
            m = _OPENS_WITH_YEAR.match(fold(lines[p.line][p.start : p.end]))
            if m:
                ev.text_years.append(int(m.group(1)) + (d.kind == "review"))
    return ev


# 2023年主要工作(及成效): a plan's words, but about the year before
_LAST_YEARS_WORK = re.compile(r"^(?!.*(?:安排|任务|目标|计划|要求|今年|明年)).*工作")


def _resolve_kinds(drafts: list[Draft], facts, given_year: int | None, lines: list[str]) -> None:
    """Kinds the heading words did not settle, from the year they name or their place."""
    # 一、2023年主要工作(及成效) before 二、2024年工作安排: the year before's work, done
    plans = [(d, heading_years(d.title)) for d in drafts if d.kind == "plan"]
    for (d, years), (_, later) in zip(plans, plans[1:], strict=False):
        if years and later and max(years) == later[0] - 1 and _LAST_YEARS_WORK.search(d.title):
            d.kind = "review"
    year = given_year or infer_year(_evidence(facts, drafts, lines))[0]
    prev = None
    for d in drafts:
        if d.kind is None:
            years = heading_years(d.title)
            if year and years and max(years) == year - 1:
                d.kind = "review"  # 2007年政府的工作 in the 2008 report
            elif year and years and years[0] == year:
                d.kind = "plan"
            elif prev in ("plan", "outlook") and d.number is not None:
                d.kind = "plan"  # 三、大力实施项目带动战略… after the plan's heading part
            else:
                d.kind = "other"
        prev = d.kind


def _build_parts(drafts: list[Draft], lines: list[str]) -> list[Part]:
    drafts = [d for d in drafts if d.pieces]
    drafts.sort(key=lambda d: (d.pieces[0].line, d.pieces[0].start))
    anchors = part_anchors([d.kind or "other" for d in drafts])
    parts = []
    for d, anchor in zip(drafts, anchors, strict=True):
        part = Part(kind=d.kind or "other", title=d.title, anchor=anchor)
        for i, p in enumerate(d.pieces):
            para = Paragraph(paragraph_anchor(anchor, i), lines[p.line][p.start : p.end], p.role)
            part.paragraphs.append(para)
            if p.sub_title is not None:
                part.subsections.append(Subsection(p.sub_title, para.anchor, i))
        parts.append(part)
    return parts
