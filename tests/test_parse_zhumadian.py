"""The parser on 25 real yearly reports of 驻马店市 (2002–2026), crawled from the web.

The folder lives outside the repository (../shared/corpus/zhumadian); the tests skip
when it is absent. The file name is the true year of the report; the parser gets no
metadata, so the year must come from the text (the crawler's 年份 header is wrong for
2011–2013 and is removed by the normaliser anyway).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govreport_site.model import Normalised
from govreport_site.parse import check_conservation, parse
from parse_support import ZHUMADIAN, heading_run_in, normalised, source_for, zhumadian_files

FILES = zhumadian_files()
pytestmark = pytest.mark.skipif(not FILES, reason=f"corpus not found at {ZHUMADIAN}")

_cache: dict[Path, tuple] = {}


def parsed(path: Path):
    if path not in _cache:
        src = source_for(path)  # no metadata at all
        norm = normalised(src)
        _cache[path] = (norm, parse(src, norm))
    return _cache[path]


def has_targets_text(norm: Normalised) -> bool:
    """Whether the report states this year's targets at all (read from the text)."""
    pattern = r"今年[^。]{0,16}(主要预期目标|主要目标)|主要预期目标是"
    return re.search(pattern, norm.text) is not None


def figures() -> dict[str, int]:
    counts = {"reports": 0, "year": 0, "review+plan": 0, "targets": 0, "has targets": 0}
    counts.update({"conservation": 0, "problems": 0, "date": 0})
    for path in FILES:
        norm, r = parsed(path)
        kinds = {p.kind for p in r.parts}
        counts["reports"] += 1
        counts["year"] += r.meta.year == int(path.stem)
        counts["review+plan"] += {"review", "plan"} <= kinds
        counts["has targets"] += has_targets_text(norm)
        counts["targets"] += r.targets_anchor is not None
        counts["conservation"] += check_conservation(norm, r)
        counts["problems"] += r.problems_anchor is not None
        counts["date"] += r.meta.date is not None and r.meta.date[:4] == path.stem
    return counts


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_year_parts_targets_conservation(path: Path) -> None:
    norm, r = parsed(path)
    assert check_conservation(norm, r)
    assert r.meta.year == int(path.stem), [d.message for d in r.diagnostics]
    assert "year" in r.inferred
    assert r.review_year == int(path.stem) - 1
    kinds = [p.kind for p in r.parts]
    assert "review" in kinds and "plan" in kinds
    assert kinds.index("review") < kinds.index("plan")
    if has_targets_text(norm):
        passage = r.targets_passage
        assert passage is not None
        assert any(passage in p.paragraphs for p in r.parts if p.kind == "plan")
        assert re.search(r"\d\s*(?:[%％]|个百分点)", passage.text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_year_from_the_headings_alone(path: Path) -> None:
    """Without the title block (no date, no dated title), the part headings still tell."""
    norm, _ = parsed(path)
    lines = norm.text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"各位代表|一、", line))
    text = Normalised("\n".join(lines[start:]))
    r = parse(source_for(path), text)
    assert r.meta.year == int(path.stem)
    assert check_conservation(text, r)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_subsection_titles_are_short_headings(path: Path) -> None:
    _, r = parsed(path)
    for part in r.parts:
        for sub in part.subsections:
            assert 2 <= len(sub.title) <= 45, sub.title
            assert part.paragraphs[sub.index].anchor == sub.anchor


def test_figures(capsys) -> None:
    counts = figures()
    with capsys.disabled():
        print("\nzhumadian:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    n = counts["reports"]
    assert n == len(FILES)
    assert counts["year"] == n and counts["review+plan"] == n and counts["conservation"] == n
    assert counts["targets"] >= counts["has targets"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_part_headings_run_into_the_sentence_before_are_found(path: Path) -> None:
    norm, report = parsed(path)
    run_in = Normalised(heading_run_in(norm, report))
    assert run_in.text != norm.text  # at least one heading was run in
    again = parse(source_for(path), run_in)
    assert check_conservation(run_in, again)
    assert [(p.kind, p.title) for p in again.parts] == [(p.kind, p.title) for p in report.parts]


@pytest.mark.parametrize("number", ["", "1. ", "(1)"])
def test_parts_whose_numbers_a_word_converter_lost_or_rewrote(number: str) -> None:
    """A Word file numbers its headings itself; converters drop the number (docx2txt)
    or write their own list number (pandoc: 1. 2007年政府的工作). 2008's parts are still
    found, with their titles, and the targets in the plan."""
    path = next(p for p in FILES if p.stem == "2008")
    _, report = parsed(path)
    # one paragraph a line, as a converter writes a Word file (headings on their own)
    lines = "\n".join(p.text for p in report.paragraphs())
    arabic = iter(range(1, 10))
    text = re.sub(
        r"(?m)^[一二三四五六七八九十]、",
        lambda m: number.replace("1", str(next(arabic))),
        lines,
    )
    assert text != lines
    again = parse(source_for(path), Normalised(text))
    want = [(p.kind, p.title) for p in report.parts if p.kind in ("review", "plan")]
    assert [(p.kind, p.title) for p in again.parts if p.kind in ("review", "plan")] == want
    assert again.targets_passage is not None
    assert again.targets_passage.text == report.targets_passage.text
