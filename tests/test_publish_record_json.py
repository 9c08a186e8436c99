"""publish.record_json: the data files hold what json.dumps gives, one record per line."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from govreport_site.publish.record_json import document, record, records

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=30,
)
record_lists = st.lists(st.dictionaries(st.text(), values, max_size=4), max_size=5)


@given(st.dictionaries(st.text(), record_lists | values, max_size=4))
def test_a_document_reads_back_as_the_same_data_with_its_keys_in_order(data):
    text = document(data)
    assert text.endswith(b"\n")
    back = json.loads(text)
    assert back == json.loads(json.dumps(data))
    assert list(back) == list(data)


@given(record_lists)
def test_each_record_of_a_list_is_one_line(items):
    lines = document(items).decode("utf-8").split("\n")
    if not items:
        assert lines == ["[]", ""]
        return
    assert lines[0] == "[" and lines[-2:] == ["]", ""]
    body = lines[1:-2]
    assert len(body) == len(items)  # newlines inside strings are escaped
    for line, item in zip(body, items, strict=True):
        assert json.loads(line.removesuffix(",")) == json.loads(json.dumps(item))


def test_report_like_data_is_compact_utf8_in_key_order():
    entry = {
        "id": "baoshan-2024",
        "title": '双鸭山市宝山区"政府工作报告"\n\t\u2028',
        "parts": [{"kind": "plan", "chars": 1234, "subsections": []}],
        "targets_passage": None,
        "ratio": 6.5,
    }
    text = document({"reports": [entry, entry], "columns": ["a", "b"], "n": 2})
    assert text.decode("utf-8") == (
        '{"reports":[\n'
        + record(entry).decode("utf-8")
        + ",\n"
        + record(entry).decode("utf-8")
        + '\n],\n"columns":[\n"a",\n"b"\n],\n"n":2}\n'
    )
    assert "双鸭山市".encode() in record(entry)  # not \\u escapes
    assert b": " not in record(entry) and b", " not in record(entry)


@given(st.lists(st.lists(values, min_size=1, max_size=3), max_size=4))
def test_records_encoded_beforehand_give_the_same_bytes(groups):
    """A report's rows of targets.json are joined beforehand into one item of bytes."""
    flat = [row for rows in groups for row in rows]
    joined = [b",\n".join(record(row) for row in rows) for rows in groups]
    assert records(joined) == records(flat)
    assert document({"rows": joined}) == document({"rows": flat})
