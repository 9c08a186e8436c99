"""The search page and the search files in a real build (build-site on the samples)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace

from govreport_site.build import build
from govreport_site.config import load_config
from govreport_site.publish.search import search_files, search_output
from govreport_site.publish.search.query import SearchIndex
from search_support import REPO, SAMPLES, load_site, paragraphs, truth


def test_search_page_has_the_form_the_filters_and_its_script(tmp_path):
    site, config = load_site(SAMPLES, root=tmp_path)
    files = search_files(site, config)
    page = files["search/index.html"].decode()
    assert '<script src="../static/search.js"></script>' in page
    assert 'data-root="../"' in page  # every URL the script makes is relative
    assert 'role="search"' in page and 'name="q"' in page
    assert '<option value="heilongjiang">' in page  # a province
    assert '<option value="heilongjiang-shuangyashan">' in page  # a city
    assert '<option value="2021">2021年</option>' in page
    assert '<option value="targets">主要预期目标</option>' in page
    assert "<noscript>" in page
    meta = json.loads(files["search/meta.json"])
    assert meta["format"] == 5 and meta["years"] == [2024, 2023, 2021]


def test_search_output_key_follows_the_reports_and_nothing_else(tmp_path):
    site, config = load_site(SAMPLES, root=tmp_path)
    again, _ = load_site(SAMPLES, root=tmp_path)
    key = search_output(site, config, cache=None).key
    assert search_output(again, config, cache=None).key == key
    sr = again.reports[0]
    sr.report = replace(sr.report, content_hash="edited")
    assert search_output(again, config, cache=None).key != key


def test_built_site_searches_the_cached_reports_exactly(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SAMPLES, root / "reports")
    config, _ = load_config(root)
    first = build(config)
    search = config.out_dir / "search"
    assert (search / "index.html").is_file() and (search / "meta.json").is_file()
    assert not (search / "t").exists()  # the excerpts come from data/reports/<id>.json
    index = SearchIndex(search)
    paras = paragraphs(load_site(SAMPLES)[0])
    for term in ("营商环境", "规上工业", "2023", "增长", "煤"):
        got = set()
        for r in index.search(term):
            url, anchor, _ = index.paragraph(r.paragraph)
            got.add((url, anchor))
        assert got == truth(paras, term), term
    assert first.rendered > 0
    # Every paragraph a result can link to has its anchor on the report page.
    ids: dict[str, set[str]] = {}
    for n in index.ids():
        url, anchor, _ = index.paragraph(n)
        if url not in ids:
            page = (config.out_dir / url).read_text(encoding="utf-8")
            ids[url] = set(re.findall(r' id="([^"]+)"', page))
        assert anchor in ids[url], (url, anchor)
    assert len(ids) == 5
    nothing = build(config)  # unchanged corpus: the index is kept, not made again
    assert nothing.rendered == 0
    home = (config.out_dir / "index.html").read_text(encoding="utf-8")
    assert '<a href="search/index.html">搜索</a>' in home
    assert (config.out_dir / "static" / "search.js").is_file()
    assert (
        REPO.joinpath("static", "search.js").read_bytes()
        == (config.out_dir / "static" / "search.js").read_bytes()
    )
