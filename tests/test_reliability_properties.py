"""The whole per-report pipeline on arbitrary input never raises and loses nothing.

The normaliser's and the parser's own property tests (test_normalise_corpus.py,
test_parse_properties.py) run each stage alone on short text. Here the stages run
together, as a build runs them (bytes -> read_source -> normalise -> parse), on the
shapes of input the issue names: mixed scripts, huge lines, no newlines at all, text
that is only headings, and arbitrary bytes. Two invariants hold on every example:

- the normaliser accounts for every visible source character (kept, or in a note);
- every character of the normalised text lands in exactly one paragraph, in order.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govreport_site.build import _process_safely
from govreport_site.ingest.discover import InputFile
from govreport_site.ingest.normalise import accounted_for, normalise, unaccounted
from govreport_site.ingest.read import NotTextError, read_source
from govreport_site.model import Diagnostic, Report
from govreport_site.parse import check_conservation, parse
from reliability_support import REPORT_000


def examples(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Scripts a report never has but a file may: RTL (Arabic, Hebrew), Cyrillic, Greek,
# Devanagari with combining marks, Hangul, kana, emoji with joiners and variation
# selectors, full-width forms, bidi and zero-width controls, lone combining marks.
MIXED = st.sampled_from(
    list("政府工作报告一二三四五六七八九十（）、。，；：“”——")
    + list("مرحبا بالعالم") + list("שלום") + list("Привет") + list("Ελλάδα")
    + list("नमस्ते") + list("안녕하세요") + list("こんにちはカタカナ")
    + ["👨\u200d👩\u200d👧", "❤\ufe0f", "\u0301", "\u202e", "\u2066", "\u200b", "\ufeff"]
    + list("ＡＢＣ１２３％．") + list("abc 123%.") + ["\n", "\n\n", "\r\n", "\r", "\t", "\u3000"]
)  # fmt: skip
mixed_text = st.lists(MIXED, max_size=400).map("".join)

# Lines made only of heading shapes: 一、二、三、 and the like, in any order and mix.
HEADING = st.sampled_from(
    ["一、", "二、", "三、", "十一、", "一、二、三、", "（一）", "(二)", "（十）", "——",
     "第一部分", "第二章", "一是", "1.", "１．", "一、2023年工作回顾", "二、2024年工作安排",
     "二、“十四五”时期主要目标任务", "（一）", "## ", "**一、**", "一 、", "一、 "]
)  # fmt: skip
headings_only = st.lists(
    st.lists(HEADING, min_size=1, max_size=4).map("".join), min_size=1, max_size=40
).map("\n".join)

# Real report text cut anywhere and glued back without its line breaks.
no_newlines = st.tuples(st.integers(0, len(REPORT_000)), st.integers(0, 20_000), mixed_text).map(
    lambda t: (REPORT_000[t[0] : t[0] + t[1]] + t[2]).replace("\n", "").replace("\r", "")
)


# One enormous line (50k-200k characters): a random piece repeated, with or without
# real report text before it.
def _huge(piece: str, lead: bool) -> str:
    piece = piece.replace("\n", "").replace("\r", "") or "政"
    line = (piece * (50_000 // len(piece) + 1))[:200_000]
    return (REPORT_000[:3000] + "\n" if lead else "") + line


huge_line = st.builds(_huge, mixed_text, st.booleans())


def run_pipeline(text: str) -> None:
    """Bytes through every per-report stage; assert the two invariants."""
    try:
        source = read_source(text.encode("utf-8"), "p.txt", {})
    except NotTextError:
        assert not text.lstrip("\ufeff").strip()  # only a file with no text at all
        return
    normalised = normalise(source)
    where = unaccounted(source.text, normalised)
    assert accounted_for(source.text, normalised), f"lost at {where}: {source.text[where:][:40]!r}"
    report = parse(source, normalised)
    assert check_conservation(normalised, report)
    anchors = [p.anchor for p in report.paragraphs()]
    assert len(anchors) == len(set(anchors))


@examples(300)
@given(mixed_text)
@example("一、二、三、")
@example("مرحبا\u202e政府工作报告\u200b\n一、2023年工作回顾\n")
def test_mixed_scripts(text):
    run_pipeline(text)


@examples(200)
@given(headings_only)
@example("一、\n二、\n三、")
@example("一、二、三、四、五、六、七、八、九、十、")
def test_only_headings(text):
    run_pipeline(text)


@examples(40)
@given(no_newlines)
@example(REPORT_000.replace("\n", ""))
def test_no_newlines(text):
    run_pipeline(text)


@examples(10)
@given(huge_line)
@example(REPORT_000.replace("\n", "") * 5)
def test_huge_lines(text):
    assert max(len(line) for line in text.split("\n")) >= 50_000
    run_pipeline(text)


@examples(300)
@given(st.binary(max_size=2000))
@example(b"\xff\xfe" + "一、".encode("utf-16-le") * 3)
@example(b"\xef\xbb\xbf")
@example(b"%PDF-1.4 \xe4\xb8\x80")
def test_any_bytes_give_a_report_or_a_diagnostic(data):
    """What build.py runs on each file: it returns, never raises, whatever the bytes."""
    result = _process_safely(data, InputFile(Path("/nonexistent/p.txt"), "p.txt", {}))
    assert isinstance(result, (Report, Diagnostic))
    if isinstance(result, Diagnostic):
        # A file that is not text is a warning; anything else would be a bug shown as
        # "could not be read" (level error), which must not happen.
        assert result.level == "warning", result.message
