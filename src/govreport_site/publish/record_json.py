"""The data files' JSON layout: one record per line.

data/reports.json, data/targets.json and data/compare.json hold long lists of records (a
report, a row, a pair). Each record is written compact (no spaces, UTF-8 without \\u
escapes) on a line of its own, so the files are a third smaller than with a two-space
indent yet a diff or a grep still shows one whole record per changed line:

    {"reports":[
    {"id":"…",…},
    {"id":"…",…}
    ],
    "regions":[
    …
    ]}

The values are what json.dumps gives for the same data, in the same key order. Records
may be encoded beforehand (`record`) and passed as bytes, so a document of many parts
that rarely change is put together by joining bytes (publish.export_parts).
"""

from __future__ import annotations

import json

# The C encoder (no indent): much faster than an indented json.dumps.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def record(value: object) -> bytes:
    """One record (or any value) as a line: compact JSON in UTF-8, no newline."""
    return _encode(value).encode("utf-8")


def records(items: list) -> bytes:
    """A list with each item on its own line; an item that is bytes is placed as is (one
    or more records already joined by b",\\n")."""
    if not items:
        return b"[]"
    lines = [item if type(item) is bytes else record(item) for item in items]
    return b"[\n" + b",\n".join(lines) + b"\n]"


def document(data: dict | list) -> bytes:
    """A whole data file: a list of records, or an object whose list values are lists of
    records (each on a line) and whose other values are compact; a newline at the end."""
    if isinstance(data, list):
        return records(data) + b"\n"
    fields = [
        record(key) + b":" + (records(value) if isinstance(value, list) else record(value))
        for key, value in data.items()
    ]
    return b"{" + b",\n".join(fields) + b"}\n"
