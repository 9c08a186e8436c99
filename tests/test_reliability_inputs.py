"""Every bad input gets a clear answer naming the file (and line), and the rest still builds.

Each test runs the real `build-site build` on a folder of files, as a user would, and
checks the exit code, the message under the file's name and what reached the site.
"""

from __future__ import annotations

import re
import time

import pytest

from govreport_site.ingest.discover import discover
from reliability_support import EXCERPT_001, REPORT_000, SAMPLES, build_site

REGION_000 = "region: [黑龙江省, 双鸭山市, 宝山区]\n"


def sample(prefix: str) -> str:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def report_pages(run) -> list[str]:
    return sorted(p.name for p in (run.site / "reports").glob("*.html"))


# ---- encodings and line ends --------------------------------------------------------

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-16-le": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "utf-16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("gb18030"),
}


def test_every_encoding_and_line_end_reads_the_same_report(tmp_path):
    # 000 is the title block and the review, cut before its (GBK-less) characters, saved
    # eight ways; each copy gets its own region so the copies are not duplicates.
    text = REPORT_000[:6000]
    text.encode("gbk")  # the snippet must be representable in every encoding tried
    files = {}
    for n, (name, encode) in enumerate(ENCODINGS.items()):
        files[f"reports/{name}/2024.txt"] = encode(text)
        files[f"reports/{name}/_meta.yaml"] = f"region: [黑龙江省, 双鸭山市, 宝山区{n}]\n"
    run = build_site(tmp_path, files)
    assert run.code == 0, run.err
    reports = {r["source_file"].split("/")[0]: r for r in run.data()["reports"]}
    assert sorted(reports) == sorted(ENCODINGS)
    # Same parts, same subsections, same character counts, same inferred metadata.
    shape = {
        name: (r["year"], r["date"], r["speaker"], r["session"], r["parts"])
        for name, r in reports.items()
    }
    first = shape["utf-8"]
    assert first[0] == 2024 and first[1] == "2024-01-14" and first[2] == "刘志军"
    for name, value in shape.items():
        assert value == first, name
    assert "damaged" not in run.err


# ---- files that are not text reports ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("2024.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "(PDF)"),
        ("2024.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "(PDF)"),  # renamed, still PDF
        ("2024.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "docx"),
        ("2024.txt", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "docx"),
        ("2024.zip", b"PK\x03\x04\x0a\x00\x00\x00\x00\x00report/2024.txt", "zip"),
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("2024.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("2024.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Word"),
        ("2024.txt", bytes(range(256)) * 8, "binary file"),
    ],
    ids=["pdf", "pdf-as-txt", "docx", "docx-as-txt", "zip", "png", "png-as-txt", "doc", "binary"],
)
def test_not_a_text_report_is_named_and_skipped(tmp_path, name, data, expect):
    run = build_site(
        tmp_path,
        {
            "reports/baoshan/2024.yaml": REGION_000,
            "reports/baoshan/2024.txt": REPORT_000,
            f"reports/other/{name}": data,
        },
    )
    assert run.code == 0, run.err  # a stray file is a warning: the site is still built
    (message,) = run.messages(f"other/{name}")
    assert message.startswith("warning: not a text report: convert it to text first")
    assert expect in message
    assert report_pages(run) == ["heilongjiang-shuangyashan-baoshan-2024.html"]


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n", "\ufeff\u3000\u3000\r\n\t\n".encode(), "\u3000\n".encode("utf-16")],
    ids=["empty", "spaces", "bom-and-ideographic-spaces", "utf-16-space"],
)
def test_empty_and_whitespace_only_files_warn_and_build_nothing(tmp_path, data):
    run = build_site(
        tmp_path,
        {
            "reports/2024.txt": data,
            "reports/a/2024.txt": REPORT_000,
            "reports/a/2024.yaml": REGION_000,
        },
    )
    assert run.code == 0, run.err
    assert run.messages("2024.txt") == [
        "warning: empty file: there is no text to build a report from"
    ]
    assert len(run.data()["reports"]) == 1
    assert "Built 1 report," in run.out
    # --strict: the same warning fails the build
    strict = build_site(tmp_path, {}, "--strict")
    assert strict.code == 1
    assert "1 warning count as errors" in strict.err


def test_a_20_mb_file_is_refused_at_once_with_its_size(tmp_path):
    """20 MB of report text: refused by size in well under a second, named, exit 1,
    and the other reports are built. (Read anyway with max_report_mb in site.yaml.)"""
    big = (REPORT_000 + "\n") * (20_000_000 // len(REPORT_000.encode()) + 1)
    files = {
        "reports/big/2024.txt": big,
        "reports/baoshan/2024.txt": REPORT_000,
        "reports/baoshan/2024.yaml": REGION_000,
    }
    run = build_site(tmp_path, files)
    # Refused by its size, before a byte of it is read: finding the files stays instant.
    start = time.perf_counter()
    items, found = discover(tmp_path / "reports", max_mb=2)
    assert time.perf_counter() - start < 1
    assert [i.rel for i in items] == ["baoshan/2024.txt"] and found[0].level == "error"
    assert run.code == 1  # a report left out of the site is an error
    (message,) = run.messages("big/2024.txt")
    assert message.startswith("error: not read: the file is 20.0 MB, more than the 2 MB")
    assert "max_report_mb in site.yaml" in message
    assert report_pages(run) == ["heilongjiang-shuangyashan-baoshan-2024.html"]


def test_the_size_limit_is_a_site_setting(tmp_path):
    files = {
        "site.yaml": "max_report_mb: 0.01\n",  # 10 KB: 000 (30 KB) is over, 001 (7 KB) is not
        "reports/a/2024.txt": REPORT_000,
        "reports/a/2024.yaml": REGION_000,
        "reports/b/2023.txt": EXCERPT_001,
        "reports/b/2023.yaml": "region: [黑龙江省, 双鸭山市, 宝山区]\nyear: 2023\n",
    }
    run = build_site(tmp_path, files)
    assert run.code == 1
    assert "more than the 0.01 MB" in run.messages("a/2024.txt")[0]
    assert [r["year"] for r in run.data()["reports"]] == [2023]
    run = build_site(tmp_path, {"site.yaml": "max_report_mb: lots\n"})
    assert run.code == 0  # the bad setting is ignored (default 2 MB) with a warning
    assert "line 1: warning: 'max_report_mb' should be a positive number" in run.err


# ---- metadata YAML ------------------------------------------------------------------


def test_yaml_problems_name_the_file_key_and_line_and_the_report_still_builds(tmp_path):
    files = {
        # _meta.yaml with a syntax error on line 2: ignored, with the line
        "reports/broken/_meta.yaml": "region: [河南省, 驻马店市]\nspeaker: '未闭合\n",
        "reports/broken/2024.txt": REPORT_000,  # 宝山区 2024, read from the text
        # sidecar: wrong types for year (line 2) and region (line 1), an unknown key (line 3)
        "reports/types/2024.yaml": "region: {省: 黑龙江省}\nyear: 明年\nmayor: 刘志军\n",
        "reports/types/2024.txt": sample("003"),  # 爱民区 2024
        # front matter: region a number (line 2), year a list (line 3)
        "reports/front/2024.txt": "---\nregion: 123\nyear: [2024]\n---\n" + sample("004"),
    }
    run = build_site(tmp_path, files)
    assert run.code == 0, run.err
    (syntax,) = run.messages("broken/_meta.yaml")
    assert syntax.startswith("line 3: warning: YAML syntax error") or syntax.startswith(
        "line 2: warning: YAML syntax error"
    )
    assert "ignored" in syntax
    sidecar = run.messages("types/2024.yaml")
    assert sidecar[0].startswith("line 1: warning: metadata 'region': should be a list")
    assert sidecar[1].startswith("line 2: warning: metadata 'year': should be a year")
    assert "'明年'" in sidecar[1]
    assert sidecar[2].startswith("line 3: warning: unknown metadata key 'mayor'")
    front = run.messages("front/2024.txt")
    assert any(m.startswith("line 2: warning: metadata 'region': should be a list") for m in front)
    assert any(m.startswith("line 3: warning: metadata 'year': should be a year") for m in front)
    # All three still build, the year read from the text since the given one was bad.
    years = {r["source_file"]: r["year"] for r in run.data()["reports"]}
    assert years == {"broken/2024.txt": 2024, "types/2024.txt": 2024, "front/2024.txt": 2021}


# ---- the corpus as a whole ----------------------------------------------------------


def test_two_reports_of_one_region_and_year_are_an_error_naming_both(tmp_path):
    files = {
        "reports/2024.txt": REPORT_000,
        "reports/2024.yaml": REGION_000,
        "reports/copy/2024-again.txt": REPORT_000,  # a copy pasted in twice
        "reports/copy/2024-again.yaml": REGION_000,
    }
    run = build_site(tmp_path, files)
    assert run.code == 1
    for name in ("2024.txt", "copy/2024-again.txt"):
        errors = [m for m in run.messages(name) if m.startswith("error:")]
        assert len(errors) == 1, run.err
        assert "2 reports for 黑龙江省/双鸭山市/宝山区 2024" in errors[0]
        assert "2024.txt" in errors[0] and "copy/2024-again.txt" in errors[0]
    # Both are still on the site (nothing lost), under distinct URLs.
    assert report_pages(run) == [
        "heilongjiang-shuangyashan-baoshan-2024-2.html",
        "heilongjiang-shuangyashan-baoshan-2024.html",
    ]
    assert "1 error" not in run.out and "2 errors" in run.out


def test_id_collisions_get_a_suffix_and_a_warning(tmp_path):
    files = {
        "reports/a.txt": REPORT_000,
        "reports/a.yaml": REGION_000 + "id: baoshan\n",
        "reports/b.txt": EXCERPT_001,
        "reports/b.yaml": REGION_000 + "year: 2023\nid: baoshan\n",
        # a derived id equal to a given one: the given one keeps it
        "reports/c.txt": EXCERPT_001,
        "reports/c.yaml": "region: [黑龙江省, 双鸭山市, 宝山区]\nyear: 2022\n",
        "reports/d.txt": EXCERPT_001,
        "reports/d.yaml": REGION_000 + "year: 2021\nid: heilongjiang-shuangyashan-baoshan-2022\n",
    }
    run = build_site(tmp_path, files)
    assert run.code == 0, run.err
    ids = {r["source_file"]: r["id"] for r in run.data()["reports"]}
    assert ids == {
        "a.txt": "baoshan",
        "b.txt": "baoshan-2",
        "c.txt": "heilongjiang-shuangyashan-baoshan-2022-2",
        "d.txt": "heilongjiang-shuangyashan-baoshan-2022",
    }
    assert run.messages("b.txt") == [
        "warning: id 'baoshan' is already used by a.txt; this report gets 'baoshan-2'"
    ]
    assert any("already used by d.txt" in m for m in run.messages("c.txt"))
    assert sorted(p for p in report_pages(run)) == sorted(f"{i}.html" for i in ids.values())


def test_bad_ids_are_ignored_with_a_warning(tmp_path):
    files = {
        "reports/a.txt": REPORT_000,
        "reports/a.yaml": REGION_000 + "id: ../../etc/passwd\n",
        "reports/b.txt": EXCERPT_001,
        "reports/b.yaml": REGION_000 + "year: 2023\nid: 宝山区\n",
    }
    run = build_site(tmp_path, files)
    assert run.code == 0
    assert run.messages("a.yaml")[0].startswith("line 2: warning: metadata 'id': should be")
    assert run.messages("b.yaml")[0].startswith("line 3: warning: metadata 'id': should be")
    assert report_pages(run) == [
        "heilongjiang-shuangyashan-baoshan-2023.html",
        "heilongjiang-shuangyashan-baoshan-2024.html",
    ]


def test_a_report_whose_region_and_year_are_unknown_still_builds(tmp_path):
    # The review's last lines from 001 (an excerpt) before its 二、2023年工作安排 heading:
    # without metadata nothing in them tells the region or the year.
    review_tail = "\n".join(EXCERPT_001.splitlines()[:6]) + "\n"
    run = build_site(tmp_path, {"reports/excerpt.txt": review_tail})
    assert run.code == 0, run.err
    messages = run.messages("excerpt.txt")
    assert "warning: the report's year could not be determined" in messages
    assert "warning: the report's region could not be determined" in messages
    (report,) = run.data()["reports"]
    assert report["year"] is None and report["region"]["names"] == []
    page = (run.site / report["url"]).read_text(encoding="utf-8")
    assert EXCERPT_001.splitlines()[1][:20] in page  # its text is on its page
    assert run.data()["years"] == []  # no year page for it
    assert (run.site / "regions" / "unknown.html").is_file()
    assert build_site(tmp_path, {}, "--strict").code == 1


# ---- --strict ------------------------------------------------------------------------


def test_strict_fails_on_warnings_listed_by_file(tmp_path):
    files = {
        "reports/a/2024.txt": REPORT_000,
        "reports/a/2024.yaml": REGION_000 + "mayor: 刘志军\n",  # unknown key: a warning
        "reports/b/notes.docx": b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        "reports/b/excerpt.txt": "\n".join(EXCERPT_001.splitlines()[:6]),  # no region or year
    }
    relaxed = build_site(tmp_path, files)
    assert relaxed.code == 0
    strict = build_site(tmp_path, {}, "--strict")
    assert strict.code == 1
    seconds = re.compile(r"in [0-9.]+ s")
    # The same site and summary; only the verdict differs.
    assert seconds.sub("", strict.out) == seconds.sub("", relaxed.out)
    assert "Built 2 reports" in strict.out and "5 warnings" in strict.out
    assert strict.err.rstrip().endswith("build-site: --strict: 5 warnings count as errors")
    # Grouped by file, files in order, each message under its file.
    headers = [line for line in strict.err.splitlines() if line.startswith("reports")]
    assert headers == ["reports/a/2024.yaml", "reports/b/excerpt.txt", "reports/b/notes.docx"]
    assert strict.messages("a/2024.yaml") == [
        "line 2: warning: unknown metadata key 'mayor' is ignored (known keys: region, year, "
        "date, session, speaker, speaker_title, title, source, id)"
    ]
    assert len(strict.messages("b/excerpt.txt")) == 3
    assert strict.messages("b/notes.docx")[0].startswith("warning: not a text report")
