"""render.pages: what a reader sees on the home, report, region, year and 404 pages."""

from __future__ import annotations

import re
import shutil
from html import unescape

from govreport_site.render.pages import Dedent
from govreport_site.render.views import split_run_in
from reliability_support import SAMPLES, build_site
from render_fixtures import (
    HOSTILE,
    config_for,
    hostile_report,
    render_site,
    report_000,
    report_001,
    report_003,
    sample_reports,
)

R000 = "reports/heilongjiang-shuangyashan-baoshan-2024.html"
R001 = "reports/heilongjiang-shuangyashan-baoshan-2023.html"


def html(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def element(page: str, anchor: str) -> str:
    """The opening tag and text of the element with id=anchor, up to its closing tag."""
    m = re.search(rf'<(\w+)[^>]*\sid="{re.escape(anchor)}"[^>]*>.*?</\1>', page, re.S)
    assert m, anchor
    return m.group(0)


def test_every_page_is_chinese_utf8_with_viewport_and_landmarks(tmp_path):
    files = render_site(config_for(tmp_path))
    pages = [n for n in files if n.endswith(".html")]
    # home, reports, regions, years, 404, search, indicators (these reports state no targets)
    assert len(pages) == 1 + 5 + 4 + 3 + 1 + 1 + 1
    for name in pages:
        page = html(files, name)
        assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">'), name
        assert '<meta charset="utf-8">' in page
        assert 'name="viewport"' in page
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in page, (name, landmark)
        assert 'class="skip-link" href="#page-main"' in page
        scripts = re.findall(r"<script[^>]*>", page)
        if name.startswith("reports/"):  # the ¶ links; reading needs no JavaScript
            assert scripts == ['<script src="../static/report-page.js" defer>'], name
        elif name != "search/index.html":  # searching needs JavaScript; reading does not
            assert scripts == [], name
        assert "http://" not in page and "https://" not in page  # no CDN, no absolute links


def test_report_text_and_metadata_markup_is_inert(tmp_path):
    config = config_for(
        tmp_path,
        title="库<script>x</script>",
        intro="介绍 <script>bad()</script> [x](javascript:alert(1))",
    )
    files = render_site(config, sample_reports() + [hostile_report()])
    for name, data in files.items():
        if name.endswith(".html"):
            page = data.decode("utf-8")
            # The search page's own scripts and a report page's, and nothing else, may run.
            for own in ("fetch-data.js", "search.js"):
                page = page.replace(f'<script src="../static/{own}"></script>', "", 1)
            page = page.replace('<script src="../static/report-page.js" defer></script>', "", 1)
            assert "<script" not in page, name
            assert "<img" not in page, name
            assert 'href="javascript:' not in page, name
    evil = next(n for n in files if n.startswith("reports/") and "script" in n)
    page = html(files, evil)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # shown, as text
    assert page.count("&lt;script&gt;") >= 6  # region, speaker, session, title, part, note …
    assert "javascript:alert(1)" in page  # the source is shown but not linked
    assert 'href="javascript' not in page
    home = html(files, "index.html")
    assert "库&lt;script&gt;x&lt;/script&gt;" in home
    assert "介绍 &lt;script&gt;bad()&lt;/script&gt;" in home


def test_hostile_text_in_json_is_data_not_markup(tmp_path):
    import json

    files = render_site(config_for(tmp_path), [hostile_report()])
    data = json.loads(files["data/reports.json"])
    assert data["reports"][0]["speaker"] == HOSTILE


def test_targets_passage_is_highlighted_and_linked_from_the_top(tmp_path):
    files = render_site(config_for(tmp_path))
    page = html(files, R000)
    targets = element(page, "plan-p3")
    assert 'class="targets"' in targets
    assert "主要预期目标" in targets
    top = page.index('<nav class="toc"')
    assert page.index('href="#plan-p3"') < top  # a jump link above the table of contents
    problems = element(page, "review-p5")
    assert 'class="problems"' in problems


def test_inferred_fields_are_marked_and_given_ones_are_not(tmp_path):
    files = render_site(config_for(tmp_path))
    inferred = html(files, R000)  # year, date, speaker … read from the text
    given = html(files, R001)  # year from the sidecar, nothing inferred
    row = re.search(r'<div class="meta-row[^"]*">\s*<dt>年份</dt>.*?</div>', inferred, re.S).group(
        0
    )
    assert "is-inferred" in row and "推断" in row
    assert inferred.count("未在元数据中给出") == 1  # explained once, under the list
    row = re.search(r'<div class="meta-row[^"]*">\s*<dt>年份</dt>.*?</div>', given, re.S).group(0)
    assert "is-inferred" not in row and "推断" not in row
    assert "推断" not in given


def test_every_paragraph_has_its_anchor_for_a_permalink(tmp_path):
    """Each paragraph's id, which static/report-page.js gives a ¶ link (the browser test
    in test_reliability_a11y follows them)."""
    report = report_000()
    files = render_site(config_for(tmp_path), [report])
    page = html(files, R000)
    body = page[page.index('<div class="report-body">') :]
    for para in report.paragraphs():
        assert element(body, para.anchor).startswith(("<p ", "<h2 ", "<h3 ")), para.anchor


def test_every_paragraph_text_is_on_the_page(tmp_path):
    report = report_000()
    files = render_site(config_for(tmp_path), [report])
    text = unescape(re.sub(r"<[^>]+>", "", html(files, R000)))
    for para in report.paragraphs():
        assert para.text in text, para.anchor


def test_parts_show_their_kind_and_the_toc_lists_subsections(tmp_path):
    files = render_site(config_for(tmp_path))
    page = html(files, R000)
    review = element(page, "review-p1")
    assert "工作回顾" in review and "一、2023年工作回顾" in review
    assert "年度工作安排" in element(page, "plan-p1")
    toc = page[
        page.index('<nav class="toc"') : page.index("</nav>", page.index('<nav class="toc"'))
    ]
    for title, anchor in [
        ("产业根基更加坚实", "review-p3"),
        ("锚定优化产业结构，开创高质量发展新局面", "plan-p4"),
    ]:
        assert f'<a href="#{anchor}">{title}</a>' in toc
    # A run-in subsection title is bold at the start of its paragraph.
    assert '<strong class="lead">（一）产业根基更加坚实。</strong>农业生产稳步增长。' in page
    # ——lead lines of the excerpt are headings.
    excerpt = html(files, R001)
    assert "摘录" in excerpt
    assert re.search(r'<h3 id="excerpt-p1">——扎实开展社会治理。', excerpt)


def test_prev_and_next_report_of_the_same_region(tmp_path):
    files = render_site(config_for(tmp_path))
    newer, older = html(files, R000), html(files, R001)
    assert 'rel="prev" href="../reports/heilongjiang-shuangyashan-baoshan-2023.html"' in newer
    assert 'rel="next"' not in newer
    assert 'rel="next" href="../reports/heilongjiang-shuangyashan-baoshan-2024.html"' in older
    town = html(files, "reports/shanghai-baoshan-miaoxing-2023.html")
    assert 'rel="prev"' not in town and 'rel="next"' not in town


def test_source_notes_and_diagnostics_are_shown(tmp_path):
    files = render_site(config_for(tmp_path))
    town = html(files, "reports/shanghai-baoshan-miaoxing-2023.html")
    notes = town[town.index("<details") : town.index("</details>")]
    assert "2 处" in notes
    assert "第 42 行" in notes and "脚注" in notes and "[1] 数据来源：区统计局。" in notes
    assert notes.index("第 42 行") < notes.index("第 101 行")  # in line order
    assert "Markdown 标记" in notes
    excerpt = html(files, R001)
    assert "no title block: the report is an excerpt" in excerpt


def test_region_page_has_breadcrumb_and_reports_by_year(tmp_path):
    files = render_site(config_for(tmp_path))
    page = html(files, "regions/heilongjiang-shuangyashan-baoshan.html")
    crumbs = page[
        page.index('<nav class="breadcrumb') : page.index(
            "</nav>", page.index('<nav class="breadcrumb')
        )
    ]
    labels = re.findall(r">([^<>]+)</(?:a|span)>", crumbs)
    assert labels == ["首页", "黑龙江省", "双鸭山市", "宝山区"]
    assert '<span aria-current="page">宝山区</span>' in crumbs
    assert page.index(">2023年<") < page.index(">2024年<")
    town = html(files, "regions/shanghai-baoshan-miaoxing.html")
    assert "上海市宝山区庙行镇" in town and "黑龙江" not in town


def test_year_page_groups_reports_by_province(tmp_path):
    files = render_site(config_for(tmp_path))
    page = html(files, "years/2023.html")
    assert "<h1>2023年政府工作报告</h1>" in page
    groups = re.findall(r'<h2 id="page-group-\d+">([^<]+)</h2>', page)
    assert groups == ["黑龙江省", "上海市"]
    assert "reports/heilongjiang-shuangyashan-baoshan-2023.html" in page
    assert "reports/shanghai-baoshan-miaoxing-2023.html" in page
    assert "2024.html" in page  # next year link
    assert "reports/heilongjiang-shuangyashan-baoshan-2024.html" not in page


def test_home_page_shows_intro_counts_regions_years_and_newest(tmp_path):
    files = render_site(
        config_for(tmp_path, title="测试报告库", intro="本站收录**地方**政府工作报告。")
    )
    page = html(files, "index.html")
    assert "<title>测试报告库</title>" in page
    assert "<p>本站收录<strong>地方</strong>政府工作报告。</p>" in page
    assert "<strong>5</strong> 篇" in page and "<strong>4</strong> 个地区" in page
    assert "2021—2024年" in page
    provinces = re.findall(r'<h3 id="p-[a-z-]+">([^<]+?) <span', page)
    assert provinces == ["黑龙江省", "上海市"]
    newest = page[page.index('id="page-newest"') :]
    links = re.findall(r'href="(reports/[^"]+)"', newest)
    assert links[0] == "reports/heilongjiang-shuangyashan-baoshan-2024.html"
    assert links[-1] == "reports/heilongjiang-jiamusi-qianjin-2021.html"


def test_404_and_canonical_use_base_url_only_when_given(tmp_path):
    files = render_site(config_for(tmp_path))
    assert "canonical" not in html(files, R000)
    assert 'href="index.html"' in html(files, "404.html")
    base = "https://example.github.io/reports-site/"
    files = render_site(config_for(tmp_path, base_url=base))
    assert f'<link rel="canonical" href="{base}{R000}">' in html(files, R000)
    assert f'<link rel="canonical" href="{base}">' in html(files, "index.html")
    not_found = html(files, "404.html")
    assert f'href="{base}index.html"' in not_found
    assert f'href="{base}static/site.css"' in not_found
    assert "canonical" not in not_found
    # Only the 404 page and canonical links are absolute.
    assert f'href="{base}' not in html(files, R000).replace(f'rel="canonical" href="{base}', "")


def test_site_templates_and_static_files_override_the_theme(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>找不到：{{ page.heading }}</p>{% endblock %}',
        encoding="utf-8",
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body { color: red }\n", encoding="utf-8")
    (tmp_path / "static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    files = render_site(config_for(tmp_path))
    assert "<p>找不到：页面不存在</p>" in html(files, "404.html")
    assert '<html lang="zh-CN">' in html(files, "404.html")  # the theme's base still applies
    assert files["static/site.css"] == b"body { color: red }\n"
    assert files["static/logo.svg"] == b"<svg/>"


def test_template_indentation_is_left_out_but_no_space_between_words_is(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}\n'
        "    <p>找不到</p>\n"
        "    {% if true %}\n"
        "      <span>甲</span>{% endif %}\n"
        "        <span>乙</span>\n"
        "{% endblock %}",
        encoding="utf-8",
    )
    page = html(render_site(config_for(tmp_path)), "404.html")
    assert re.search(r"\n ?<p>找不到</p>", page)  # a space at most
    assert re.search(r"<span>甲</span>\s+<span>乙</span>", page)  # still a space apart
    assert not re.search(r"\n {2,}", page)  # the theme's indentation is gone too


def test_without_the_indentation_every_page_has_the_same_text_and_markup(tmp_path, monkeypatch):
    """The sample site built with and without render.pages.Dedent: every page (report,
    compare, term, index pages …) is the same once runs of whitespace are collapsed to
    one space, and the site is smaller."""
    sites = {}
    for name in ("dedented", "as written"):
        root = tmp_path / name.replace(" ", "-")
        shutil.copytree(SAMPLES, root / "reports")
        assert build_site(root).code == 0
        sites[name] = root / "_site"
        monkeypatch.setattr(Dedent, "preprocess", lambda self, source, *_: source)
    pages = {
        name: {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}
        for name, site in sites.items()
    }
    assert pages["dedented"].keys() == pages["as written"].keys()
    assert len(pages["dedented"]) > 100
    for page, text in pages["dedented"].items():
        written = pages["as written"][page]
        assert re.sub(r"\s+", " ", text) == re.sub(r"\s+", " ", written), page
    size = {name: sum(len(t.encode()) for t in found.values()) for name, found in pages.items()}
    assert size["dedented"] < 0.99 * size["as written"]


def test_a_template_with_preformatted_text_keeps_its_indentation(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}\n<pre>\n  一\n    二\n</pre>{% endblock %}',
        encoding="utf-8",
    )
    assert "<pre>\n  一\n    二\n</pre>" in html(render_site(config_for(tmp_path)), "404.html")


def test_theme_stylesheet_has_the_reading_basics(tmp_path):
    css = render_site(config_for(tmp_path))["static/site.css"].decode("utf-8")
    for needle in (
        '"PingFang SC"',
        '"Microsoft YaHei"',
        '"Noto Sans CJK SC"',
        "line-height: 1.8",
        "text-indent: 2em",
        "@media print",
        "@media (max-width",
        ":focus-visible",
    ):
        assert needle in css, needle
    assert "@import" not in css and "url(" not in css  # nothing fetched from elsewhere


def test_rendering_twice_gives_the_same_bytes(tmp_path):
    config = config_for(tmp_path, base_url="https://example.org/x/")
    assert render_site(config) == render_site(config)


def test_split_run_in_only_bolds_a_title_at_the_start():
    text = "（二）发展动能不断增强。扎实开展招商引资。"
    assert split_run_in(text, "发展动能不断增强") == (
        "（二）发展动能不断增强。",
        "扎实开展招商引资。",
    )
    # A title found only later in the paragraph is not bolded.
    late = "我们要围绕发展动能不断增强这一目标，持续发力。"
    assert split_run_in(late, "发展动能不断增强") == ("", late)
    assert split_run_in("一是强化安全监管。深入开展专项整治。", "强化安全监管") == (
        "一是强化安全监管。",
        "深入开展专项整治。",
    )
    # A whole-paragraph title leaves nothing to split.
    assert split_run_in("（三）三次产业做优做强", "三次产业做优做强") == (
        "",
        "（三）三次产业做优做强",
    )


def test_report_without_parts_or_region_still_renders(tmp_path):
    bare = report_001()
    bare.parts = []
    bare.targets_anchor = None
    bare.meta.region = []
    bare.meta.year = None
    files = render_site(config_for(tmp_path), [bare])
    page = html(files, "reports/001-6cdde31dd99d9c5b.html")
    assert "未知地区" in page and "年份不详" in page
    assert "年份不详的报告" in html(files, "index.html")


def test_report_heading_does_not_repeat_a_year_or_region_the_title_has(tmp_path):
    cases = {
        "政府工作报告": "双鸭山市宝山区2024年政府工作报告",
        "二〇二四年政府工作报告": "双鸭山市宝山区二〇二四年政府工作报告",
        "2024年政府工作报告": "双鸭山市宝山区2024年政府工作报告",
        "宝山区2024年政府工作报告": "宝山区2024年政府工作报告",
        # the place but not the year: the year is added, in brackets
        "宝山区人民政府工作报告": "宝山区人民政府工作报告（2024年）",
    }
    for title, heading in cases.items():
        report = report_000()
        report.meta.title = title
        page = html(render_site(config_for(tmp_path), [report]), R000)
        assert f"<h1>{heading}</h1>" in page, title


def test_region_page_lists_the_regions_below_it(tmp_path):
    city = report_003()
    city.meta.region = ["黑龙江省", "牡丹江市"]
    city.source_file = "mudanjiang.txt"
    files = render_site(config_for(tmp_path), [city, report_003()])
    page = html(files, "regions/heilongjiang-mudanjiang.html")
    below = page[page.index('id="page-children"') :]
    assert 'href="../regions/heilongjiang-mudanjiang-aimin.html"' in below
    # …and the district's breadcrumb links up to the city's own page.
    district = html(files, "regions/heilongjiang-mudanjiang-aimin.html")
    assert '<li><a href="../regions/heilongjiang-mudanjiang.html">牡丹江市</a></li>' in district


def test_a_second_report_of_the_same_year_is_no_previous_year(tmp_path):
    """A draft and a final of one region and year (an error the build reports): their
    pages link each other as 同年另一篇, not as 上一年/下一年, and no year-on-year compare
    pair is made of them."""
    from govreport_site.analyse.texts import choose_pairs
    from govreport_site.render.plan import plan_site

    draft = report_000()
    draft.source_file = "draft.txt"
    files = render_site(config_for(tmp_path), [report_000(), draft])
    pages = [html(files, n) for n in files if n.startswith("reports/") and n.endswith(".html")]
    dirs = [re.findall(r'<span class="dir">([^<]*)</span>', p) for p in pages]
    assert len(pages) == 2 and all(d and all("同年另一篇" in x for x in d) for d in dirs), dirs
    site = plan_site([report_000(), draft], config_for(tmp_path))
    assert choose_pairs(site) == []
