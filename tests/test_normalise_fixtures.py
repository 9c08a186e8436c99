"""Fixture cases for the normaliser: real report snippets in, clean text and notes out.

The format is described in tests/fixtures/normalise/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govreport_site.ingest.normalise import SUMMARY_KINDS, accounted_for, normalise_text

FIXTURES = Path(__file__).parent / "fixtures" / "normalise"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def read_cases(path: Path) -> list[tuple[str, str, str, list[str]]]:
    """(title, source, expected text, expected notes) for every case in a file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if lines[i] == ".":
            title = lines[i - 1].lstrip("# ").strip()
            j = lines.index(".", i + 1)
            k = lines.index(".", j + 1)
            source = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), "\n".join(lines[i + 1 : j]))
            expected = lines[j + 1 : k]
            sep = expected.index("---")
            cases.append((title, source, "\n".join(expected[:sep]), expected[sep + 1 :]))
            i = k + 1
        else:
            i += 1
    return cases


CASES = [
    pytest.param(source, text, notes, id=f"{path.stem}: {title}")
    for path in sorted(FIXTURES.glob("*.txt"))
    for title, source, text, notes in read_cases(path)
]


def test_fixture_files_hold_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("source, text, notes", CASES)
def test_fixture(source: str, text: str, notes: list[str]):
    result = normalise_text(source)
    assert result.text == text
    got = [
        f"{n.kind}@{n.line}: {n.text.replace(chr(10), '↵')}"
        for n in result.notes
        if n.kind not in SUMMARY_KINDS
    ]
    assert got == notes
    assert accounted_for(source, result)
