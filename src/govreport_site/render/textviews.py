"""Views of the text analysis: compare pages, the compare-any-two page, term pages, and
what report, region and year pages show of it.

Everything here is computed from `site.analysis` (analyse.texts.TextAnalysis); nothing
is shown when the site was planned without it.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from markupsafe import Markup, escape

from govreport_site.analyse.compare import Row
from govreport_site.analyse.texts import ComparePair, TermInfo, TextAnalysis
from govreport_site.analyse.texts import new_and_gone_terms as _changes
from govreport_site.cache import code_fingerprint
from govreport_site.config import Config
from govreport_site.model import Report
from govreport_site.publish.text_exports import report_json_path
from govreport_site.render.charts import bar_chart, share_bar
from govreport_site.render.digests import digest, pickled, value_key
from govreport_site.render.plan import Site, SiteRegion, SiteReport, SiteYear
from govreport_site.render.urls import HOME, root_for
from govreport_site.render.views import (
    KIND_LABELS,
    Link,
    Page,
    page,
    region_breadcrumb,
    region_display,
    report_heading,
    year_label,
)

COMPARE_INDEX = "compare/index.html"
TERMS_INDEX = "terms/index.html"

FAMILY_LABELS = {
    "opening": "开场",
    "review": "工作回顾",
    "outlook": "五年目标",
    "plan": "年度工作安排",
    "other": "其他部分",
    "closing": "结束语",
}
STATUS_LABELS = {"same": "未变", "changed": "修改", "new": "新增", "dropped": "删除"}
KIND_OF_PAIR = {"previous": "与上一年对比", "same-year": "同年对比"}
# The note of a pair left to the compare-any-two page (site.yaml compare: same_year).
IN_BROWSER = "（在浏览器中对齐）"


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def analysis_of(site: Site) -> TextAnalysis | None:
    found = getattr(site, "analysis", None)
    return found if isinstance(found, TextAnalysis) else None


# ---- compare pages -----------------------------------------------------------------


@dataclass
class CompareSection:
    anchor: str
    label: str
    a_titles: list[str]
    b_titles: list[str]
    rows: Markup  # the rows' HTML, made at once (see compare_rows)
    counts: dict[str, int]


@dataclass
class ShareRow:
    label: str
    value: str
    note: str
    css: str


@dataclass
class CompareView:
    kind: str
    a: Link
    b: Link
    a_label: str  # short column label: 2023年 or 爱民区
    b_label: str
    shares: list[ShareRow]
    bar: Markup
    reuse: str
    targets: list[str]
    new_terms: list[Link]
    gone_terms: list[Link]
    sections: list[CompareSection]
    prev: Link | None
    next: Link | None
    counts: dict[str, int]
    columns: Markup  # style="…" of the rows: the column labels as CSS strings (--a, --b)
    a_json: str  # data/reports/<id>.json of each report: the full text of excerpted rows
    b_json: str
    partial: list[str] = field(default_factory=list)  # column labels of excerpted reports


def _column_labels(pair: ComparePair) -> tuple[str, str]:
    if pair.a.region is pair.b.region:
        return year_label(pair.a.year), year_label(pair.b.year)
    return region_display(pair.a.region), region_display(pair.b.region)


def pair_label(pair: ComparePair) -> str:
    a, b = _column_labels(pair)
    return f"{a} → {b}" if pair.kind == "previous" else f"{a} · {b}"


class Labels:
    """Report headings, region names and pair labels as pages show them, each made once
    per planned site (labels(site)): the keys of every page ask for them many times over
    (a report's reuse marks name other reports, each pair is listed on three pages)."""

    def __init__(self, site: Site) -> None:
        self.headings: dict[str, str] = {}  # report id ->
        self.regions: dict[str, str] = {}  # region id ->
        self.pairs: dict[str, str] = {}  # pair url ->
        self.rows: dict[str, tuple[str, str, str, str, str]] = {}  # pair url ->
        self._others: list[tuple] | None = None

    def heading(self, sr: SiteReport) -> str:
        found = self.headings.get(sr.id)
        if found is None:
            found = self.headings[sr.id] = report_heading(sr)
        return found

    def region(self, region: SiteRegion) -> str:
        found = self.regions.get(region.id)
        if found is None:
            found = self.regions[region.id] = region_display(region)
        return found

    def pair(self, pair: ComparePair) -> str:
        found = self.pairs.get(pair.url)
        if found is None:
            found = self.pairs[pair.url] = pair_label(pair)
        return found

    def others(self, analysis: TextAnalysis) -> list[tuple]:
        """What a reuse mark shows of each report of the analysis (by index): its URL,
        heading, year label, region and region label."""
        if self._others is None:
            self._others = [
                (sr.url, self.heading(sr), year_label(sr.year), r.id, self.region(r))
                for sr in analysis.reports
                for r in [sr.region]
            ]
        return self._others

    def pair_row(self, pair: ComparePair) -> tuple:
        """A pair as the tables of pairs show it: label, kept, changed, new, reuse (a pair
        compared in the browser: its label alone)."""
        found = self.rows.get(pair.url)
        if found is None and not pair.precomputed:
            found = self.rows[pair.url] = (self.pair(pair),)
        elif found is None:
            shares = [pct(pair.share(name)) for name in ("kept", "changed", "new")]
            found = self.rows[pair.url] = (self.pair(pair), *shares, pct(pair.reuse))
        return found


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _per_site(site: Site, make: Callable):
    """make(site), made once per planned site and text analysis (neither changes once
    made; the build sets the analysis after planning)."""
    analysis, made = _MEMO.get(site, (None, None))
    if made is None or analysis is not site.analysis:
        made = {}
        _MEMO[site] = (site.analysis, made)
    if make not in made:
        made[make] = make(site)
    return made[make]


def labels(site: Site) -> Labels:
    return _per_site(site, Labels)


def _cells(runs, ta: str, tb: str) -> tuple[str, str, bool]:
    """HTML of both cells of a row from its redline runs: side a shows equal and deleted
    text; side b shows equal, inserted, and deleted text, the last for the inline view
    only (static/texts.css hides a <del> of side b side by side). And whether side a is
    side b less its <ins>: not when an equal run differs in width (６ = 6, ，= ,)."""
    out_a: list[str] = []
    out_b: list[str] = []
    derived = True
    i = j = 0
    for tag, n, m in runs:
        sa, sb = ta[i : i + n], tb[j : j + m]
        i, j = i + n, j + m
        if tag == "equal":
            out_a.append(escape(sa))
            out_b.append(escape(sb))
            derived = derived and sa == sb
            continue
        if sa:
            ea = escape(sa)
            out_a.append(f"<del>{ea}</del>")
            out_b.append(f"<del>{ea}</del>")
        if sb:
            out_b.append(f"<ins>{escape(sb)}</ins>")
    return "".join(out_a), "".join(out_b), derived


# What a compare page carries of a new or dropped paragraph: its first clause, or its
# first EXCERPT characters when that clause is longer (or shorter than EXCERPT_MIN, like
# 一是，): enough to tell it without JavaScript. 40 characters until these rows were a
# fifth of the site; a whole clause also reads better than a cut one.
EXCERPT = 20
EXCERPT_MIN = 6
EXCERPT_SLACK = 6  # a paragraph at most this much longer is shown whole
_CLAUSE_END = re.compile(r"[，。；：！？;!?]|[,:](?!\d)")  # not the , of 1,000


def excerpt(text: str) -> str:
    """The start of a whole new or dropped paragraph, as its compare page shows it: such
    rows held most of a page's bytes, and static/compare-page.js fills the full text in
    from data/reports/<id>.json (without it the excerpt and the ¶ link stay)."""
    if len(text) <= EXCERPT + EXCERPT_SLACK:
        return text
    clause = _CLAUSE_END.search(text, EXCERPT_MIN, EXCERPT + 1)
    end = clause.start() if clause else EXCERPT
    while end > 1 and unicodedata.combining(text[end]):  # keep a mark with its letter
        end -= 1
    return text[:end].rstrip() + "…"


def compare_rows(rows: list[Row], a: dict[str, str], b: dict[str, str], family: str) -> Markup:
    """The HTML of a section's rows (what templates/compare.html showed row by row), made
    here in one pass: a Jinja loop over about a thousand rows a page cost more than the
    rest of the page. `a` and `b` map paragraph anchors to their text; `family` is the
    section's (its id is sec-<family>).

    There are about a hundred rows a page, most of them new or dropped, so a row carries
    only what differs from row to row (static/texts.css and static/compare-page.js give
    the rest):
    - a paragraph cell is <p data-a="N"> or <p data-b="N">: its side and its anchor,
      N alone for <family>-pN (else the whole anchor); compare-page.js makes the ¶ link
      to it in its report from that. The ¶ links held 22 % of compare/ as real links of
      about 95 bytes each; without JavaScript the page keeps every text, the redline and
      both modes, and its header links both reports;
    - a new or dropped paragraph is its cell alone, straight in the section: a row with
      only side b is new, with only side a dropped, and the stylesheet shows the status
      (新增 / 删除, generated content, which screen readers read) and the empty column;
    - a kept or changed row is <div class="cmp-row st-…" data-from="N"> around side b's
      cell alone, its redline with both the deleted and the inserted text: side a's cell
      (the same less the insertions; the text of changed rows a second time, a tenth of
      compare/) is made from it by compare-page.js, and the row's data-from names side
      a's paragraph. Without JavaScript the one cell spans the row and shows the redline
      in both modes. A row whose equal text differs in width (６ and 6) keeps both cells.
      The stylesheet shows the status (修改) before side b;
    - but a paragraph kept word for word (its text 8 % of compare/ a second time) is
      <p data-ab="N M"> (M left out when the same): compare-page.js makes it a row of two
      cells; without JavaScript it shows once, with 未变 in the right column."""
    out: list[str] = []
    short = f"{family}-p"
    for row in rows:
        ta, tb = a.get(row.a or "", ""), b.get(row.b or "", "")
        role = "" if row.role == "body" else f"role-{escape(row.role)}"
        if row.a is None or row.b is None:  # a whole paragraph new or dropped: plain text
            side, anchor, text = ("b", row.b, tb) if row.a is None else ("a", row.a, ta)
            cls = f' class="{role}"' if role else ""
            out.append(
                f'<p{cls} data-{side}="{_cell_anchor(anchor, short)}">{escape(excerpt(text))}</p>\n'
            )
            continue
        html_a, html_b, derived = _cells(row.runs, ta, tb)
        flags = [f for f in ("moved" if row.moved else "", role) if f]
        na, nb = _cell_anchor(row.a, short), _cell_anchor(row.b, short)
        if row.status == "same" and html_a == html_b:
            cls = f' class="{" ".join(flags)}"' if flags else ""
            both = na if na == nb else f"{na} {nb}"
            out.append(f'<p{cls} data-ab="{both}">{html_a}</p>\n')
            continue
        cls = " ".join(["cmp-row", f"st-{escape(row.status)}", *flags])
        side_a = f' data-from="{na}">' if derived else f'><p data-a="{na}">{html_a}</p>'
        out.append(f'<div class="{cls}"{side_a}<p data-b="{nb}">{html_b}</p></div>\n')
    return Markup("".join(out))


def _cell_anchor(anchor: str, short: str) -> str:
    """A cell's paragraph as its data-a/-b names it: "3" for <short>3 (review-p3 in
    sec-review), else the whole anchor (never all digits, never with a space)."""
    n = anchor[len(short) :] if anchor.startswith(short) else ""
    short_ok = n.isascii() and n.isdigit() and n[0] != "0"
    return n if short_ok else str(escape(anchor))


def attr_value(text: str) -> str:
    """`text` escaped for a double-quoted attribute (its ' left as is: CSS reads it)."""
    return (
        text.replace("&", "&amp;").replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;")
    )


def css_string(text: str) -> str:
    """`text` as a CSS string (for a custom property the stylesheet shows with content:)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\a ") + "'"


def _anchor_texts(report: Report) -> dict[str, str]:
    return {p.anchor: p.text for p in report.paragraphs()}


def _term_links(terms: list[str], analysis: TextAnalysis) -> list[Link]:
    return [Link(t, analysis.term_url.get(t)) for t in terms]


def term_changes(pair: ComparePair, analysis: TextAnalysis, k: int = 15) -> tuple[list, list]:
    """Terms b uses that a does not (most used first), and the other way round."""
    found = analysis.term_changes.get(pair.url)
    if found is None or k != 15:
        ta = analysis.profiles[pair.a.id].terms
        tb = analysis.profiles[pair.b.id].terms
        found = _changes(ta, tb, k)
    new, gone = found
    return _term_links(new, analysis), _term_links(gone, analysis)


def _pair_link(pair: ComparePair | None) -> Link | None:
    if pair is None:
        return None
    return Link(pair_label(pair), pair.url, note=pair_note(pair))


def pair_kind(pair: ComparePair) -> str:
    """与上一年对比, or, where the region has no report of the years between, with the
    year it goes back to: 与2022年对比（缺2023年）."""
    a, b = pair.a.year, pair.b.year
    if pair.kind == "previous" and a is not None and b is not None and b - a > 1:
        missing = f"{a + 1}年" if b - a == 2 else f"{a + 1}—{b - 1}年"
        return f"与{a}年对比（缺{missing}）"
    return KIND_OF_PAIR[pair.kind]


def pair_note(pair: ComparePair) -> str:
    return pair_kind(pair) + ("" if pair.precomputed else IN_BROWSER)


def compare_page(
    site: Site, pair: ComparePair, config: Config, load: Callable[[SiteReport], Report]
) -> Page:
    analysis = analysis_of(site)
    assert analysis is not None
    c = pair.comparison
    a_text, b_text = _anchor_texts(load(pair.a)), _anchor_texts(load(pair.b))
    a_label, b_label = _column_labels(pair)
    sections = []
    for s in c.sections:
        counts = {k: 0 for k in STATUS_LABELS}
        for r in s.rows:
            counts[r.status] += 1
        sections.append(
            CompareSection(
                anchor=f"sec-{s.family}",
                label=FAMILY_LABELS.get(s.family, s.family),
                a_titles=[t or KIND_LABELS.get(s.family, "") for _, t in s.a_parts],
                b_titles=[t or KIND_LABELS.get(s.family, "") for _, t in s.b_parts],
                rows=compare_rows(s.rows, a_text, b_text, s.family),
                counts=counts,
            )
        )
    shares = [
        ShareRow("保留", pct(c.share("kept")), f"{b_label}中与{a_label}相同的文字", "kept"),
        ShareRow("修改", pct(c.share("changed")), f"{b_label}中改写的文字", "changed"),
        ShareRow("新增", pct(c.share("new")), f"{b_label}中{a_label}没有对应段落的文字", "new"),
        ShareRow("删除", pct(c.share("dropped")), f"{a_label}中{b_label}不再有的文字", "dropped"),
    ]
    bar = share_bar(
        [(r.label, c.share(r.css), f"s-{r.css}") for r in shares[:3]],
        f"{b_label}的文字：保留 {shares[0].value}，修改 {shares[1].value}，新增 {shares[2].value}",
    )
    new_terms, gone_terms = term_changes(pair, analysis)
    view = CompareView(
        kind=pair_kind(pair),
        a=Link(report_heading(pair.a), pair.a.url, note=a_label),
        b=Link(report_heading(pair.b), pair.b.url, note=b_label),
        a_label=a_label,
        b_label=b_label,
        shares=shares,
        bar=bar,
        reuse=pct(pair.reuse),
        targets=[str(t) for t in c.targets],
        new_terms=new_terms,
        gone_terms=gone_terms,
        sections=sections,
        prev=_pair_link(pair.prev),
        next=_pair_link(pair.next),
        counts=c.counts,
        columns=Markup(
            f"--a:{attr_value(css_string(a_label))};--b:{attr_value(css_string(b_label))}"
        ),
        a_json=report_json_path(pair.a),
        b_json=report_json_path(pair.b),
        partial=[
            label
            for sr, label in ((pair.a, a_label), (pair.b, b_label))
            if any(part.kind == "excerpt" for part in sr.report.parts)
        ],
    )
    if pair.kind == "previous":
        heading = f"{region_display(pair.b.region)} {a_label}与{b_label}政府工作报告对比"
        crumbs = region_breadcrumb(site, pair.b.region)
        crumbs[-1] = Link(crumbs[-1].label, pair.b.region.url)
    else:
        heading = f"{year_label(pair.b.year)} {a_label}与{b_label}政府工作报告对比"
        crumbs = [Link("首页", HOME)]
        if pair.b.year is not None:
            crumbs.append(Link(year_label(pair.b.year), f"years/{pair.b.year}.html"))
    crumbs.append(Link(pair_label(pair)))
    return page("compare.html", pair.url, heading, heading, config, breadcrumb=crumbs, data=view)


# ---- compare any two -----------------------------------------------------------------


@dataclass
class Choice:
    id: str
    label: str


@dataclass
class ChoiceGroup:
    label: str
    choices: list[Choice]


@dataclass
class CompareIndexView:
    groups: list[ChoiceGroup]
    pairs: list[tuple[Link, str, str, str, str]]  # link, kept, changed, new, reuse
    first: str
    second: str
    browser: list[Link] = field(default_factory=list)  # same-year pairs, shown by this page


def compare_index_page(site: Site, config: Config) -> Page:
    analysis = analysis_of(site)
    assert analysis is not None
    groups: dict[str, ChoiceGroup] = {}
    for sr in site.reports:
        top = sr.region.names[0] if sr.region.known else "未知地区"
        groups.setdefault(top, ChoiceGroup(top, [])).choices.append(
            Choice(sr.id, f"{region_display(sr.region)} {year_label(sr.year)}")
        )
    pairs = pair_rows(site, analysis.pairs)
    for (link, *_), p in zip(pairs, analysis.pairs, strict=True):
        link.label = f"{region_display(p.b.region)} {link.label}"
    dated = [sr for sr in site.reports if sr.year is not None] or site.reports
    first = dated[-2].id if len(dated) >= 2 else (dated[0].id if dated else "")
    second = dated[-1].id if dated else ""
    if analysis.pairs:
        first, second = analysis.pairs[-1].a.id, analysis.pairs[-1].b.id
    label = labels(site).pair
    browser = [Link(f"{year_label(p.b.year)} {label(p)}", p.url) for p in analysis.browser_pairs]
    view = CompareIndexView(list(groups.values()), pairs, first, second, browser)
    heading = "报告对比"
    crumbs = [Link("首页", HOME), Link(heading)]
    return page(
        "compare-index.html", COMPARE_INDEX, heading, heading, config, breadcrumb=crumbs, data=view
    )


# ---- terms ---------------------------------------------------------------------------


@dataclass
class TermRow:
    region: Link
    counts: list[int]  # per year of the table
    total: int


@dataclass
class TermView:
    term: str
    total: int
    report_count: int
    first_year: int | None
    last_year: int | None
    chart: Markup
    years: list[int]
    rows: list[TermRow]
    more_regions: int
    reports: list[tuple[Link, int]]  # the reports that use it most


TERM_TABLE_REGIONS = 30


def term_page(site: Site, term: TermInfo, config: Config) -> Page:
    analysis = analysis_of(site)
    assert analysis is not None
    by_id = {sr.id: sr for sr in site.reports}
    years = [y.year for y in site.years]
    counted = term_counts(term, term_cells(site))
    # Rate per 10,000 term tokens over all reports of each year.
    bars = [
        (str(year), round(counted.per_year.get(year, 0) * 10_000 / tokens, 1) if tokens else 0.0)
        for year, tokens in year_tokens(site)
    ]
    used_years = [int(label) for label, v in bars if v > 0]
    desc = "；".join(f"{label}年 {v}" for label, v in bars)
    chart = bar_chart(
        bars,
        f"“{term.term}”各年使用频率（每万词）",
        f"各年报告中“{term.term}”每万词出现次数：{desc}。",
        "chart-term",
        unit="次/万词",
    )
    rows = []
    for r, counts in counted.rows:
        by_year = dict(zip(counted.years, counts, strict=True))
        cells = [by_year.get(y, 0) for y in years]
        rows.append(TermRow(Link(region_display(r), r.url), cells, sum(counts)))
    view = TermView(
        term=term.term,
        total=term.total,
        report_count=len(term.reports),
        first_year=min(used_years) if used_years else None,
        last_year=max(used_years) if used_years else None,
        chart=chart,
        years=years,
        rows=rows,
        more_regions=max(0, counted.regions - TERM_TABLE_REGIONS),
        reports=[(Link(report_heading(by_id[rid]), by_id[rid].url), n) for rid, n in counted.top],
    )
    heading = f"“{term.term}”"
    crumbs = [Link("首页", HOME), Link("词语", TERMS_INDEX), Link(term.term)]
    return page("term.html", term.url, heading, heading, config, breadcrumb=crumbs, data=view)


class TermCells:
    """Each report's cell in a grid of regions (in order of id) by years (and a last
    column for undated reports), so that a term's uses are summed by region and year in
    one numpy call, not a dictionary step per report: the hundreds of common terms are
    each used in most reports."""

    def __init__(self, site: Site) -> None:
        by_id = dict(sorted({sr.region.id: sr.region for sr in site.reports}.items()))
        self.regions = list(by_id.values())
        self.years = sorted({sr.year for sr in site.reports if sr.year is not None})
        self.width = len(self.years) + 1
        row = {region_id: n for n, region_id in enumerate(by_id)}
        column = {year: n for n, year in enumerate(self.years)}
        undated = self.width - 1
        self.cell = {
            sr.id: row[sr.region.id] * self.width + column.get(sr.year, undated)
            for sr in site.reports
        }


@dataclass
class TermCounts:
    years: list[int]  # the columns of `rows`
    # The first TERM_TABLE_REGIONS regions using the term, most uses first (ties by
    # region id), with their uses per year
    rows: list[tuple[SiteRegion, list[int]]]
    regions: int  # how many regions use it (a report without a year counts)
    per_year: dict[int, int]  # uses in all reports of each year
    top: list[tuple[str, int]]  # (report id, uses) of the reports using it most


TOP_REPORTS = 20


def term_counts(term: TermInfo, cells: TermCells) -> TermCounts:
    """What term pages show of a term's uses: the table by region and year, the totals
    per year and the reports that use it most."""
    n = len(term.reports)
    if not n:
        return TermCounts(cells.years, [], 0, {}, [])
    at = np.fromiter(map(cells.cell.__getitem__, term.reports), np.int64, n)
    uses = np.fromiter(term.reports.values(), np.int64, n)
    height, width = len(cells.regions), cells.width
    # Float weights hold these sums exactly (far below 2**53).
    grid = np.bincount(at, uses, height * width).astype(np.int64).reshape(height, width)
    dated = grid[:, : width - 1]
    using = np.flatnonzero(np.bincount(at // width, minlength=height))
    # Rows are in order of region id, so a stable sort by uses breaks ties by id.
    ranked = using[np.argsort(-dated[using].sum(axis=1), kind="stable")]
    rows = [(cells.regions[i], dated[i].tolist()) for i in ranked[:TERM_TABLE_REGIONS]]
    per_year = dict(zip(cells.years, dated.sum(axis=0).tolist(), strict=True))
    return TermCounts(cells.years, rows, len(using), per_year, _top_reports(term, uses))


def _top_reports(term: TermInfo, uses: np.ndarray) -> list[tuple[str, int]]:
    """The TOP_REPORTS reports using the term most, ties by report id."""
    n = len(uses)
    if n > TOP_REPORTS:  # only the reports using it at least as often as the 20th can be
        floor = np.partition(uses, n - TOP_REPORTS)[n - TOP_REPORTS]
        ids = list(term.reports)
        found = [(ids[i], int(uses[i])) for i in np.flatnonzero(uses >= floor)]
    else:
        found = list(term.reports.items())
    return sorted(found, key=lambda kv: (-kv[1], kv[0]))[:TOP_REPORTS]


def term_cells(site: Site) -> TermCells:
    return _per_site(site, TermCells)


def year_tokens(site: Site) -> list[tuple[int, int]]:
    """(year, term tokens of all its reports), for the rates on term pages."""
    return _per_site(site, _year_tokens)


def _year_tokens(site: Site) -> list[tuple[int, int]]:
    analysis = analysis_of(site)
    assert analysis is not None
    return [(y.year, sum(analysis.tokens[sr.id] for sr in y.reports)) for y in site.years]


def term_year_uses(terms: list[TermInfo], cells: TermCells) -> tuple[np.ndarray, list[bytes]]:
    """Each term's uses in each column of `cells` (its years, then undated reports), all
    terms summed in one numpy call: a term's key needs only its totals per year. And each
    term's uses in every report as bytes for its key: the reports' places in `cells.cell`
    (the order of site.reports, which term_context names) and their uses, in the term's
    order; one pass over all terms, not a pickle of each term's dictionary."""
    width = cells.width
    place = {rid: n for n, rid in enumerate(cells.cell)}
    column = np.fromiter((at % width for at in cells.cell.values()), np.int64, len(place))
    lengths = np.fromiter(map(len, (t.reports for t in terms)), np.int64, len(terms))
    total = int(lengths.sum())
    where = np.fromiter(
        map(place.__getitem__, chain.from_iterable(t.reports for t in terms)), np.int64, total
    )
    uses = np.fromiter(chain.from_iterable(t.reports.values() for t in terms), np.int64, total)
    rows = np.repeat(np.arange(len(terms), dtype=np.int64), lengths)
    # Float weights hold these sums exactly (far below 2**53).
    grid = np.bincount(rows * width + column[where], uses, len(terms) * width).astype(np.int64)
    ends = np.cumsum(lengths).tolist()
    keyed = [
        where[e - n : e].tobytes() + uses[e - n : e].tobytes()
        for e, n in zip(ends, lengths.tolist(), strict=True)
    ]
    return grid.reshape(len(terms), width), keyed


def term_context(site: Site, cells: TermCells, heading: Callable[[SiteReport], str]) -> str:
    """Digest of all a term page shows besides the term's own uses and rates: the site's
    years, which cell (region, year) each report counts in, the names and URLs of the
    regions of the table, and the heading and URL of every report it may list."""
    return value_key(
        (
            [y.year for y in site.years],
            cells.years,
            cells.cell,
            [(r.id, region_display(r), r.url) for r in cells.regions],
            [(sr.id, heading(sr), sr.url) for sr in site.reports],
        )
    )


def term_page_key(
    term: TermInfo, uses: bytes, context: str, per_year: list[int], years: list, tokens: list
):
    """The parts of a term page's key, without its view (the chart is the costly part)
    nor its counts: the term, its uses in every report (`uses`, term_year_uses's bytes of
    `term.reports`, which with `context` decide its table, its count of regions and its
    top reports), and its rate
    per year as the chart rounds it (not the year's tokens: an edit anywhere in a year
    moves them). `per_year`: its uses in each of `years`."""
    counts = dict(zip(years, per_year, strict=True))
    rates = [(year, round(counts.get(year, 0) * 10_000 / n, 1) if n else 0.0) for year, n in tokens]
    return (
        "term",
        context,
        term.term,
        term.url,
        str(term.total),
        uses,
        repr(rates),
    )


@dataclass
class TermsIndexView:
    terms: list[tuple[Link, int, int]]  # link, uses, reports


def terms_index_page(site: Site, config: Config) -> Page:
    analysis = analysis_of(site)
    assert analysis is not None
    ordered = sorted(analysis.terms, key=lambda t: (-t.total, t.term))
    view = TermsIndexView([(Link(t.term, t.url), t.total, len(t.reports)) for t in ordered])
    heading = "常用词语"
    crumbs = [Link("首页", HOME), Link("词语")]
    return page("terms.html", TERMS_INDEX, heading, heading, config, breadcrumb=crumbs, data=view)


def text_pages(site: Site, config: Config, load=None) -> list[Page]:
    """All pages of the text analysis (none without it)."""
    analysis = analysis_of(site)
    if analysis is None:
        return []
    load = load or (lambda sr: sr.report)
    pages = [compare_page(site, p, config, load) for p in analysis.pairs]
    pages.append(compare_index_page(site, config))
    pages += [term_page(site, t, config) for t in analysis.terms]
    pages.append(terms_index_page(site, config))
    return pages


# ---- what other pages show -------------------------------------------------------------


@dataclass
class ReportText:
    keywords: list[Link]
    reuse_previous: str
    reuse_corpus: str
    counted: int
    boilerplate: int
    compares: list[Link]
    marked: int
    # paragraph anchor -> [(start, end, url, title, label)]
    marks: dict[str, list[tuple[int, int, str, str, str]]] = field(default_factory=dict)


def report_text(site: Site, sr: SiteReport, view=None) -> ReportText | None:
    """The report's keywords, reuse and compare pages; marks the reused sentences in the
    blocks of `view` (a views.ReportView), when given."""
    analysis = analysis_of(site)
    if analysis is None or sr.id not in analysis.reuse:
        return None
    reuse = analysis.reuse[sr.id]
    named = labels(site)
    marks: dict[str, list[tuple[int, int, str, str, str]]] = {}
    for m in reuse.marks:
        other = analysis.reports[m.other]
        same = other.region is sr.region
        label = year_label(other.year) if same else named.region(other.region)
        title = ("同见于" if m.exact else "近似见于") + f"：{named.heading(other)}"
        marks.setdefault(m.anchor, []).append(
            (m.start, m.end, f"{other.url}#{m.other_anchor}", title, label)
        )
    compares = [
        Link(named.pair(p), p.url, note=pair_note(p)) for p in analysis.pairs_of.get(sr.id, [])
    ]
    if view is not None:
        root = root_for(sr.url)
        for part in view.parts:
            for block in part.blocks:
                if block.anchor in marks and block.tag == "p":
                    block.html = marked_html(block.text, len(block.lead), marks[block.anchor], root)
    return ReportText(
        keywords=_term_links([t for t, _ in analysis.keywords.get(sr.id, [])], analysis),
        reuse_previous=pct(reuse.previous),
        reuse_corpus=pct(reuse.corpus),
        counted=reuse.counted,
        boilerplate=reuse.boilerplate,
        compares=compares,
        marked=len(reuse.marks),
        marks=marks,
    )


def report_text_key(site: Site, sr: SiteReport) -> tuple | None:
    """All report_text shows of the report, as plain values to hash, without making its
    links: its keywords (terms and their URLs, not their scores, which move with every
    edit elsewhere), its shares of reuse as shown, its compare pages (URL, label, kind)
    and each reuse mark with what it shows of the other report."""
    analysis = analysis_of(site)
    if analysis is None or sr.id not in analysis.reuse:
        return None
    reuse = analysis.reuse[sr.id]
    named = labels(site)
    others = named.others(analysis)
    url = analysis.term_url
    return (
        sr.region.id,  # a mark names the other report's year in the same region, else its region
        *_linked([t for t, _ in analysis.keywords.get(sr.id, [])], url),
        pct(reuse.previous),
        pct(reuse.corpus),
        reuse.counted,
        reuse.boilerplate,
        [(p.url, named.pair(p), p.kind) for p in analysis.pairs_of.get(sr.id, [])],
        [(*m, others[m.other]) for m in reuse.marks],
    )


def _linked(terms: list[str], url: dict[str, str]) -> tuple[list[str], list[str | None]]:
    """Terms as a key names them: the terms and their URLs (None: no term page), two flat
    lists, cheaper to make and to pickle than a pair per term."""
    return terms, list(map(url.get, terms))


def marked_html(text: str, offset: int, marks: list[tuple[int, int, str, str, str]], root: str):
    """`text` (a paragraph's text from `offset` on) with its reused sentences marked and
    linked to where they also appear."""
    out: list[str] = []
    at = 0
    for start, end, url, title, label in sorted(marks):
        s, e = start - offset, end - offset
        if e <= at or s < 0:
            continue
        s = max(s, at)
        out.append(str(escape(text[at:s])))
        out.append(
            f'<span class="reused">{escape(text[s:e])}</span>'
            f'<a class="reuse-ref" href="{escape(root + url)}" title="{escape(title)}">'
            f"{escape(label)}</a>"
        )
        at = e
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


@dataclass
class RegionText:
    compares: list[tuple[Link, str, str, str, str]]  # link, kept, changed, new, reuse
    appear: list[tuple[str, list[Link]]]  # year label, terms
    disappear: list[tuple[str, list[Link]]]  # last year label, terms
    rise: list[tuple[Link, float, float]]
    fall: list[tuple[Link, float, float]]
    early: str  # labels of the halves compared
    late: str


def pair_rows(site: Site, pairs: list[ComparePair]) -> list[tuple[Link, str, str, str, str]]:
    """(link, kept, changed, new, reuse) of each precomputed pair, for the tables of
    pairs."""
    row = labels(site).pair_row
    rows = []
    for p in pairs:
        label, *shares = row(p)
        rows.append((Link(label, p.url), *shares))
    return rows


def region_text(site: Site, region: SiteRegion) -> RegionText | None:
    analysis = analysis_of(site)
    if analysis is None:
        return None
    compares = pair_rows(site, _pairs_to(analysis, region.reports, "previous"))
    trends = analysis.trends.get(region.id)
    if not compares and trends is None:
        return None
    appear: dict[int, list[Link]] = {}
    disappear: dict[int, list[Link]] = {}
    rise = fall = []
    early = late = ""
    if trends is not None:
        for term, year, _ in trends.appear:
            appear.setdefault(year, []).append(Link(term, analysis.term_url.get(term)))
        for term, year in trends.disappear:
            disappear.setdefault(year, []).append(Link(term, analysis.term_url.get(term)))
        rise = [(Link(t, analysis.term_url.get(t)), e, lt) for t, e, lt in trends.rise]
        fall = [(Link(t, analysis.term_url.get(t)), e, lt) for t, e, lt in trends.fall]
        dated = [sr.year for sr in region.reports if sr.year is not None]
        half = len(dated) // 2
        if half:
            early = _span(dated[:half])
            late = _span(dated[len(dated) - half :])
    return RegionText(
        compares=compares,
        appear=[(year_label(y), links) for y, links in sorted(appear.items())],
        disappear=[(year_label(y), links) for y, links in sorted(disappear.items())],
        rise=rise,
        fall=fall,
        early=early,
        late=late,
    )


def _pairs_to(analysis: TextAnalysis, reports: list[SiteReport], kind: str) -> list:
    """The pairs of `kind` whose second report is one of `reports`, in their order."""
    return [
        p
        for sr in reports
        for p in analysis.pairs_of.get(sr.id, [])
        if p.kind == kind and p.b is sr
    ]


def _pair_keys(site: Site, pairs: list[ComparePair]) -> list[tuple]:
    """What pair_rows shows of each pair, as plain values."""
    row = labels(site).pair_row
    return [(p.url, *row(p)) for p in pairs]


def region_text_key(site: Site, region: SiteRegion) -> tuple | None:
    """All region_text shows, as plain values to hash (no links made): its pairs with the
    previous year, its trends with the URLs of their terms, and the years of its reports
    (the halves the trends compare)."""
    analysis = analysis_of(site)
    if analysis is None:
        return None
    trends = analysis.trends.get(region.id)
    pairs = _pair_keys(site, _pairs_to(analysis, region.reports, "previous"))
    if trends is None:
        return (pairs,)
    url = analysis.term_url
    terms = [
        t[0] for group in (trends.appear, trends.disappear, trends.rise, trends.fall) for t in group
    ]
    return (
        pairs,
        trends.appear,
        trends.disappear,
        trends.rise,
        trends.fall,
        [url.get(t) for t in terms],
        [sr.year for sr in region.reports],
    )


def year_text_key(site: Site, year: SiteYear) -> tuple | None:
    """All year_text shows, as plain values to hash: its distinctive terms by report (with
    the report's region label and URL, and the terms' URLs) and its same-year pairs."""
    analysis = analysis_of(site)
    if analysis is None:
        return None
    by_id = {sr.id: sr for sr in year.reports}
    region = labels(site).region
    url = analysis.term_url
    distinctive = [
        (rid, region(by_id[rid].region), by_id[rid].url, *_linked([t for t, _ in terms], url))
        for rid, terms in analysis.distinctive.get(year.year, {}).items()
    ]
    return (distinctive, _pair_keys(site, _pairs_to(analysis, year.reports, "same-year")))


def _span(years: list[int]) -> str:
    return f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年"


@dataclass
class YearText:
    distinctive: list[tuple[Link, list[Link]]]  # report, terms
    compares: list[tuple[Link, str, str, str, str]]
    browser: list[Link] = field(default_factory=list)  # pairs compared in the browser


def year_text(site: Site, year: SiteYear) -> YearText | None:
    analysis = analysis_of(site)
    if analysis is None:
        return None
    by_id = {sr.id: sr for sr in year.reports}
    found = analysis.distinctive.get(year.year, {})
    region = labels(site).region
    distinctive = [
        (
            Link(region(by_id[rid].region), by_id[rid].url),
            _term_links([t for t, _ in terms], analysis),
        )
        for rid, terms in found.items()
    ]
    same_year = _pairs_to(analysis, year.reports, "same-year")
    compares = pair_rows(site, [p for p in same_year if p.precomputed])
    label = labels(site).pair
    browser = [Link(label(p), p.url) for p in same_year if not p.precomputed]
    if not distinctive and not compares and not browser:
        return None
    return YearText(distinctive, compares, browser)


# ---- outputs for the incremental build ------------------------------------------------


def _term_page(site: Site, config: Config, index: int) -> Page:
    analysis = analysis_of(site)
    assert analysis is not None
    return term_page(site, analysis.terms[index], config)


@dataclass(frozen=True)
class ComparePageView:
    """Makes a compare page's view when it is rendered: the full texts of both reports
    are loaded then (in a worker), never held for all pairs at once. Picklable."""

    index: int  # into site.analysis.pairs

    def __call__(self, site: Site, config: Config, load: Callable) -> Page:
        analysis = analysis_of(site)
        assert analysis is not None
        return compare_page(site, analysis.pairs[self.index], config, load)


class _Shown:
    """What the pages of the analysis show of reports, regions and pairs, computed once
    per build for all their keys."""

    def __init__(self, site: Site, analysis: TextAnalysis) -> None:
        self.site, self.analysis = site, analysis
        self.labels = labels(site)
        self.heading = self.labels.heading
        self.crumbs: dict[str, tuple] = {}
        self.reports: dict[str, tuple] = {}

    def breadcrumb(self, region: SiteRegion) -> tuple:
        found = self.crumbs.get(region.id)
        if found is None:
            crumbs = region_breadcrumb(self.site, region)
            found = self.crumbs[region.id] = tuple((c.label, c.url) for c in crumbs)
        return found

    def report(self, sr: SiteReport) -> tuple:
        """A report as a compare page shows it: heading, URL, year, region and its label
        (each report is in several pairs)."""
        found = self.reports.get(sr.id)
        if found is None:
            region = sr.region
            found = (self.heading(sr), sr.url, sr.year, region.id, self.labels.region(region))
            self.reports[sr.id] = found
        return found

    def neighbour(self, pair: ComparePair | None) -> tuple:
        if pair is None:
            return ()
        return (pair.url, self.labels.pair(pair), pair.kind)

    def compare_key(self, pair: ComparePair) -> tuple:
        """All a compare page shows besides the comparison itself, which is a function of
        the two reports' content (their hashes stand for it in the key)."""
        analysis = self.analysis
        found = analysis.term_changes.get(pair.url)
        if found is None:
            new, gone = term_changes(pair, analysis)
            changes = ([(t.label, t.url) for t in new], [(t.label, t.url) for t in gone])
        else:
            url = analysis.term_url
            changes = (*_linked(found[0], url), *_linked(found[1], url))
        return (
            pair.url,
            pair.kind,
            self.neighbour(pair.prev),
            self.neighbour(pair.next),
            self.report(pair.a),
            self.report(pair.b),
            self.breadcrumb(pair.b.region),
            pair.b.region.url,
            pct(pair.reuse),  # as shown: the share itself may move in its last digits
            changes,
        )


def text_outputs(site: Site, config: Config, base: str) -> list:
    """The files of the text analysis as render.outputs.Output entries: compare pages
    (keyed by both reports' content and what the page shows of the rest), term pages
    (keyed by what they show), the two index pages (keyed by their view), and each
    report's data/reports/<id>.json (keyed by its content)."""
    from govreport_site.render.outputs import MakePage, Output, config_key

    analysis = analysis_of(site)
    if analysis is None:
        return []
    outputs = []
    shown = _Shown(site, analysis)
    for n, pair in enumerate(analysis.pairs):
        key = digest(
            base,
            "compare",
            pair.a.report.content_hash,
            pair.b.report.content_hash,
            pickled(shown.compare_key(pair)),
        )
        outputs.append(Output(pair.url, key, view=ComparePageView(n)))
    for p in [compare_index_page(site, config), terms_index_page(site, config)]:
        outputs.append(Output(p.url, digest(base, pickled(p)), page=p))
    cells, tokens = term_cells(site), year_tokens(site)
    context = term_context(site, cells, shown.heading)
    grid, uses = term_year_uses(analysis.terms, cells)
    per_year = grid[:, : cells.width - 1].tolist()
    for n, term in enumerate(analysis.terms):
        parts = term_page_key(term, uses[n], context, per_year[n], cells.years, tokens)
        key = digest(base, *parts)
        outputs.append(Output(term.url, key, view=MakePage(_term_page, (n,))))
    # Not `base`: no template shapes the data, so a template edit leaves these alone.
    data_base = digest(code_fingerprint(), config_key(config))
    for n, sr in enumerate(site.reports):
        heading = shown.heading(sr)
        key = digest(data_base, "report-json", sr.report.content_hash, sr.id, sr.url, heading)
        outputs.append(Output(report_json_path(sr), key, file=ReportJson(n)))
    return outputs


@dataclass(frozen=True)
class ReportJson:
    """data/reports/<id>.json.gz of the site's n-th report, made from its full text when
    it is rendered (in the render workers, with the pages)."""

    n: int

    def __call__(self, site: Site, load: Callable[[SiteReport], Report]) -> bytes:
        from govreport_site.publish.text_exports import report_json

        sr = site.reports[self.n]
        return report_json(sr, load(sr))
