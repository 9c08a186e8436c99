"""publish.fastjson writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from govreport_site.publish.fastjson import dumps_indented

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: they go through json.dumps
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | st.integers(), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(values)
def test_same_text_as_json_dumps(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_report_like_data_with_chinese_quotes_and_controls():
    data = {
        "reports": [
            {
                "id": "baoshan-2024",
                "title": '双鸭山市宝山区"政府工作报告"\n\t\u2028',
                "parts": [{"kind": "plan", "chars": 1234, "subsections": []}],
                "targets_passage": None,
                "ratio": 6.5,
                "inferred": [],
            }
        ],
        "regions": {},
    }
    assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)


@given(st.lists(values, max_size=4), st.integers(0, 3))
def test_parts_encoded_beforehand_give_the_same_document(items, level):
    from govreport_site.publish.fastjson import Encoded, dumps_indented_bytes

    doc = {"reports": items, "after": [items]}
    parts = {"reports": [Encoded.of(v, level) for v in items], "after": [items]}
    expected = json.dumps(doc, ensure_ascii=False, indent=2)
    assert dumps_indented(parts) == expected
    assert dumps_indented_bytes(parts) == expected.encode("utf-8")


@given(st.lists(st.lists(values, min_size=1, max_size=3), max_size=4), st.booleans())
def test_several_items_encoded_as_one_give_the_same_document(groups, odd_key):
    """A report's rows of targets.json are one Encoded value: the same bytes as its
    rows one by one, also where the document falls back to json.dumps."""
    from govreport_site.publish.fastjson import Encoded, dumps_indented_bytes

    doc: dict = {"rows": [row for rows in groups for row in rows]}
    many = [
        Encoded(b",\n    ".join(Encoded.of(row, 2).data for row in rows), 2, many=True)
        for rows in groups
    ]
    parts: dict = {"rows": many}
    if odd_key:  # not a string key: json.dumps writes the whole document
        doc["odd"] = parts["odd"] = {1: 2}
    expected = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    assert dumps_indented_bytes(parts) == expected
