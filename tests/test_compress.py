"""Each report's text for the browser, data/reports/<id>.json.gz: gzip that Python and
the browser read, the same bytes on every build and Python version, and much smaller."""

from __future__ import annotations

import gzip
import json
import zlib

from compare_support import BAOSHAN_2024, sample_site
from govreport_site.publish.compress import gzip_bytes


def test_report_texts_are_gzip_of_the_report_json():
    stored = (sample_site() / "data" / "reports" / f"{BAOSHAN_2024}.json.gz").read_bytes()
    data = json.loads(gzip.decompress(stored))
    assert data["id"] == BAOSHAN_2024 and data["url"] == f"reports/{BAOSHAN_2024}.html"
    paragraphs = [p for part in data["parts"] for p in part["paragraphs"]]
    assert any("主要预期目标" in p["text"] for p in paragraphs)
    # The header names no file, no time and no OS (gzip.compress names the OS from
    # Python 3.11 on): the file is the same whichever Python made it.
    assert stored[3:10] == b"\x00\x00\x00\x00\x00\x00\xff"
    plain = gzip.decompress(stored)
    assert len(stored) * 2 < len(plain)


def test_gzip_bytes_round_trips_any_text():
    for text in ["", "各位代表：", "政府工作报告\n" * 5000, "生僻字𠮷𪚥\x00"]:
        data = text.encode()
        packed = gzip_bytes(data)
        assert gzip.decompress(packed) == data
        assert zlib.decompress(packed, 31) == data  # a plain zlib reader too
        assert gzip_bytes(data) == packed
