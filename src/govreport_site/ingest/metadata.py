"""Report metadata from YAML: front matter, sidecar files and folder _meta.yaml files.

Merged in this order, later wins:

    _meta.yaml of each folder from reports/ down  <  <stem>.yaml beside the report
    <  front matter at the top of the report

Every value is checked here, once, and stored in a plain form (region: list of str,
year: int, date: "YYYY-MM-DD", the rest str). A bad value is dropped with a warning
naming the file, the key and the line, so a typo never stops the build.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

import yaml

from govreport_site.model import META_FIELDS, Diagnostic, Metadata
from govreport_site.text import chinese_year, fold

_FENCE = re.compile(r"---[ \t]*")
_FENCE_END = re.compile(r"(---|\.\.\.)[ \t]*")

# Region names never hold these, so a region written as one string can be split on them.
_REGION_SPLIT = re.compile(r"[\s/,，、>]+")

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
)

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML, but dates stay text: _check_date reads them (and YAML's own date
    reading crashes on an impossible date such as 2024-02-30). Parsed by libyaml where
    PyYAML has it: a corpus has a _meta.yaml per region, thousands at country scale."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split YAML front matter off the top of a report.

    Returns (front matter YAML or None, body, line number of the body's first line).
    Front matter must start on the very first line with `---` and end with a line
    `---` (or `...`); without a closing line the text is all body.
    """
    lines = text.split("\n")
    if not lines or not _FENCE.fullmatch(lines[0]):
        return None, text, 1
    for i in range(1, len(lines)):
        if _FENCE_END.fullmatch(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def load_yaml(
    text: str, source_file: str, first_line: int = 1
) -> tuple[dict, dict[str, int], list[Diagnostic]]:
    """Parse a YAML mapping; return (values, line of each key, diagnostics).

    `first_line` is the file line of the YAML's first line (2 for front matter), so
    that line numbers in messages point into the file the user edits.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        msg = f"YAML syntax error: {problem}; the values in it are ignored"
        return {}, {}, [Diagnostic(source_file, msg, line=line)]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return {}, {}, [Diagnostic(source_file, f"YAML error: {exc}; the values in it are ignored")]
    finally:
        loader.dispose()
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict):
        msg = "expected YAML keys and values (key: value); the content is ignored"
        return {}, {}, [Diagnostic(source_file, msg, line=first_line)]
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines.setdefault(str(key_node.value), key_node.start_mark.line + first_line)
    return data, lines, []


def clean_metadata(
    raw: Mapping, source_file: str, lines: Mapping[str, int] | None = None
) -> tuple[dict, list[Diagnostic]]:
    """Check metadata values and bring them to one form; drop bad ones with a warning.

    Returns a dict with only known keys, whose values are ready for Metadata(**dict).
    Empty values (`speaker:` with nothing after it) count as not given.
    """
    lines = lines or {}
    clean: dict = {}
    diagnostics: list[Diagnostic] = []
    for key in sorted(raw, key=str):
        value = raw[key]
        name = str(key)
        line = lines.get(name)
        if name not in META_FIELDS:
            known = ", ".join(META_FIELDS)
            msg = f"unknown metadata key '{name}' is ignored (known keys: {known})"
            diagnostics.append(Diagnostic(source_file, msg, line=line))
            continue
        if value is None or value == "" or value == []:
            continue
        checked, problem = _CHECKS[name](value)
        if problem:
            msg = f"metadata '{name}': {problem}; the value {value!r} is ignored"
            diagnostics.append(Diagnostic(source_file, msg, line=line))
            continue
        checked, removed = _without_controls(checked)
        if removed:
            msg = f"metadata '{name}': invisible control characters removed ({removed})"
            diagnostics.append(Diagnostic(source_file, msg, line=line))
        if checked in ("", []):
            continue
        clean[name] = checked
    return clean, diagnostics


def _without_controls(value):
    """`value` (a str, a list of str or anything else) without control and format
    characters, and the names of those removed ("" when none).

    Metadata ends up in headings, titles, attributes, URLs and JSON. A right-to-left
    override (U+202E) there would show a reversed name and flip the text after it; a
    zero-width space would make 宝山区 and 宝山\u200b区 two regions. Neither is ever
    meant, so they go, with a warning; line breaks become spaces.
    """
    if isinstance(value, list):
        pairs = [_without_controls(v) for v in value]
        names = sorted({n for _, found in pairs for n in found.split(", ") if n})
        return [v for v, _ in pairs if v], ", ".join(names)
    if not isinstance(value, str):
        return value, ""
    if value.isprintable() and "  " not in value and value == value.strip():
        return value, ""  # the usual case, without a look at each character
    removed: set[str] = set()
    kept: list[str] = []
    for c in value:
        if c in "\t\n\r\f\v":
            kept.append(" ")
        elif unicodedata.category(c) in ("Cc", "Cf"):
            removed.add(f"U+{ord(c):04X} {unicodedata.name(c, 'control')}")
        else:
            kept.append(c)
    text = re.sub(r" {2,}", " ", "".join(kept)).strip()
    return text, ", ".join(sorted(removed))


def to_metadata(values: Mapping) -> Metadata:
    """Build a Metadata from cleaned values (see clean_metadata)."""
    return Metadata(**{k: v for k, v in values.items() if k in META_FIELDS})


def _check_region(value) -> tuple[list[str] | None, str | None]:
    if isinstance(value, str):
        parts = [p for p in _REGION_SPLIT.split(value.strip()) if p]
    elif isinstance(value, list) and all(isinstance(p, str) for p in value):
        parts = [p.strip() for p in value if p.strip()]
    else:
        return (
            None,
            "should be a list of names from the top level down, e.g. [黑龙江省, 双鸭山市, 宝山区]",
        )
    return (parts, None) if parts else (None, "is empty")


def _check_year(value) -> tuple[int | None, str | None]:
    year: int | None = None
    if isinstance(value, bool):
        year = None
    elif isinstance(value, int):
        year = value
    elif isinstance(value, str):
        s = fold(value.strip()).removesuffix("年").strip()
        year = chinese_year(s)
    if year is None:
        return None, "should be a year such as 2024"
    if not 1900 <= year <= 2100:
        return None, "should be a year between 1900 and 2100"
    return year, None


def _check_date(value) -> tuple[str | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, str):
        s = fold(value.strip())
        for form in _DATE_FORMS:
            m = form.fullmatch(s)
            if m:
                try:
                    return dt.date(*(int(g) for g in m.groups())).isoformat(), None
                except ValueError:
                    return None, "is not a real date"
    return None, "should be a date written YYYY-MM-DD, e.g. 2024-01-14"


def _check_text(value) -> tuple[str | None, str | None]:
    # Numbers are fine as text (a title like 2024); lists, mappings and dates are not.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, "should be text"
    text = str(value).strip()
    return (text, None) if text else (None, "is empty")


def _check_id(value) -> tuple[str | None, str | None]:
    if isinstance(value, str) and _SLUG.fullmatch(value.strip()):
        return value.strip(), None
    return None, "should be an ASCII slug of letters, digits, '-' and '_' (quote it in YAML)"


_CHECKS = {
    "region": _check_region,
    "year": _check_year,
    "date": _check_date,
    "session": _check_text,
    "speaker": _check_text,
    "speaker_title": _check_text,
    "title": _check_text,
    "source": _check_text,
    "id": _check_id,
}
