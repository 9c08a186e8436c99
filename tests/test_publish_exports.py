"""publish.exports: data/reports.json, sitemap.xml, robots.txt, .nojekyll."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from render_fixtures import config_for, render_site, report_000, sample_reports

REPORT_KEYS = {
    "id",
    "url",
    "source_file",
    "region",
    "year",
    "review_year",
    "date",
    "session",
    "speaker",
    "speaker_title",
    "inferred",
    "parts",
    "targets_passage",
    "warnings",
}


def reports_json(tmp_path, reports=None, **kw) -> dict:
    files = render_site(config_for(tmp_path, **kw), reports)
    raw = files["data/reports.json"]
    assert raw.endswith(b"\n")
    assert "宝山区".encode() in raw or reports is not None  # UTF-8, not \\u escapes
    return json.loads(raw)


def test_reports_json_has_the_shape_of_the_issue(tmp_path):
    data = reports_json(tmp_path)
    assert list(data) == ["reports", "regions", "years"]
    assert len(data["reports"]) == 5
    for r in data["reports"]:
        assert REPORT_KEYS <= set(r), REPORT_KEYS - set(r)
        assert set(r["region"]) == {"id", "names", "name", "level"}
        assert r["url"] == f"reports/{r['id']}.html"
        for part in r["parts"]:
            assert set(part) == {"kind", "title", "anchor", "chars", "subsections"}
            assert all(set(s) == {"title", "anchor"} for s in part["subsections"])
        assert r["targets_passage"] is None or set(r["targets_passage"]) == {"text", "anchor"}
        assert all(isinstance(w, str) for w in r["warnings"])
    for region in data["regions"]:
        assert set(region) == {"id", "names", "url", "reports"}
    for year in data["years"]:
        assert set(year) == {"year", "url", "reports"}


def test_reports_json_values_for_one_report(tmp_path):
    data = reports_json(tmp_path)
    r = next(x for x in data["reports"] if x["source_file"] == "000_b4b53c33c4814be1.txt")
    source = report_000()
    assert r["id"] == "heilongjiang-shuangyashan-baoshan-2024"
    assert r["region"] == {
        "id": "heilongjiang-shuangyashan-baoshan",
        "names": ["黑龙江省", "双鸭山市", "宝山区"],
        "name": "宝山区",
        "level": "county",
    }
    assert (r["year"], r["review_year"], r["date"]) == (2024, 2023, "2024-01-14")
    assert (r["speaker"], r["speaker_title"]) == ("刘志军", "区长")
    assert r["inferred"] == source.inferred
    assert [p["kind"] for p in r["parts"]] == ["title", "opening", "review", "plan", "closing"]
    review = r["parts"][2]
    assert review["title"] == "2023年工作回顾" and review["anchor"] == "review"
    assert review["chars"] == sum(len(p.text) for p in source.parts[2].paragraphs)
    assert review["subsections"] == [
        {"title": "产业根基更加坚实", "anchor": "review-p3"},
        {"title": "发展动能不断增强", "anchor": "review-p4"},
    ]
    assert r["targets_passage"] == {"text": source.targets_passage.text, "anchor": "plan-p3"}
    town = next(x for x in data["reports"] if x["region"]["name"] == "庙行镇")
    assert town["region"]["level"] == "town"


def test_regions_and_years_list_report_ids(tmp_path):
    data = reports_json(tmp_path)
    ids = {r["id"] for r in data["reports"]}
    regions = {r["id"]: r for r in data["regions"]}
    assert len(regions) == 4
    baoshan = regions["heilongjiang-shuangyashan-baoshan"]
    assert baoshan["url"] == "regions/heilongjiang-shuangyashan-baoshan.html"
    assert baoshan["reports"] == [
        "heilongjiang-shuangyashan-baoshan-2023",
        "heilongjiang-shuangyashan-baoshan-2024",
    ]
    assert [y["year"] for y in data["years"]] == [2021, 2023, 2024]
    assert data["years"][1]["url"] == "years/2023.html"
    listed = [i for y in data["years"] for i in y["reports"]]
    assert sorted(listed) == sorted(ids)


def test_warnings_of_the_plan_reach_the_report(tmp_path):
    a, b = report_000(), report_000()
    b.source_file = "z-copy.txt"
    data = reports_json(tmp_path, [a, b])
    copy = next(r for r in data["reports"] if r["source_file"] == "z-copy.txt")
    assert any("000_b4b53c33c4814be1.txt" in w and "z-copy.txt" in w for w in copy["warnings"])


def test_exports_are_deterministic(tmp_path):
    config = config_for(tmp_path)
    first = render_site(config, sample_reports())
    second = render_site(config, list(reversed(sample_reports())))
    for name in ("data/reports.json", "sitemap.xml", "robots.txt"):
        assert first[name] == second[name], name


def sitemap_locs(files) -> list[str]:
    root = ET.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in root.findall("s:url/s:loc", ns)]


def test_sitemap_is_absolute_with_base_url(tmp_path):
    base = "https://example.github.io/repo/"
    files = render_site(config_for(tmp_path, base_url=base))
    locs = sitemap_locs(files)
    assert locs[0] == base
    assert f"{base}reports/heilongjiang-shuangyashan-baoshan-2024.html" in locs
    assert f"{base}regions/shanghai-baoshan-miaoxing.html" in locs
    assert f"{base}years/2021.html" in locs
    assert all(loc.startswith(base) for loc in locs)
    assert not any(loc.endswith("404.html") for loc in locs)
    assert len(locs) == 1 + 5 + 4 + 3 + 1  # … and indicators/index.html
    assert f"Sitemap: {base}sitemap.xml" in files["robots.txt"].decode()


def test_sitemap_without_base_url_is_relative_and_says_so(tmp_path):
    files = render_site(config_for(tmp_path))
    locs = sitemap_locs(files)
    assert locs[0] == "index.html"
    assert all(loc in files for loc in locs)  # each names a page of the site
    assert b"No base URL" in files["sitemap.xml"]
    assert b"Sitemap:" not in files["robots.txt"]


def test_a_sitemap_over_the_protocol_limit_becomes_an_index_of_parts(tmp_path, monkeypatch):
    from govreport_site.publish import sitemap

    base = "https://example.github.io/repo/"
    whole = sitemap_locs(render_site(config_for(tmp_path, base_url=base)))
    monkeypatch.setattr(sitemap, "MAX_URLS", 5)
    files = render_site(config_for(tmp_path, base_url=base))
    root = ET.fromstring(files["sitemap.xml"])
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    parts = [loc.text for loc in root.findall("s:sitemap/s:loc", ns)]
    assert parts == [f"{base}sitemap-{n}.xml" for n in range(1, (len(whole) + 4) // 5 + 1)]
    locs = [sitemap_locs({"sitemap.xml": files[p.removeprefix(base)]}) for p in parts]
    assert all(len(chunk) <= 5 for chunk in locs)
    assert [loc for chunk in locs for loc in chunk] == whole  # every page once, in order


def test_github_pages_marker(tmp_path):
    files = render_site(config_for(tmp_path))
    assert files[".nojekyll"] == b""


def test_reports_json_has_one_record_per_line(tmp_path):
    """Compact, but a diff or grep still shows one whole report, region or year a line."""
    files = render_site(config_for(tmp_path), sample_reports())
    lines = files["data/reports.json"].decode("utf-8").split("\n")
    data = json.loads(files["data/reports.json"])
    assert lines[0] == '{"reports":['
    records = [json.loads(line.removesuffix(",")) for line in lines[1:] if line.startswith("{")]
    assert records == data["reports"] + data["regions"] + data["years"]
    assert len(lines) == len(records) + 7  # 3 openings, 3 closings, the final newline
