"""Decide ids, URLs, regions and years for the whole corpus.

Decisions (they shape every URL, so they are written down here):

- A region is the full list of names from the top level down; two 宝山区 under different
  parents are two regions. Region ids are the pinyin slugs of every level
  (see render.slugs). If two different regions would get the same id, both fall back to
  the pinyin of their full names (suffix kept), and if they still clash a numeric suffix
  (-2, -3 …, in order of the names) is added, with a warning.
- Reports without a region go to the region "未知地区" (id "unknown").
- A report's id is its metadata `id` when that is a clean ASCII slug, else
  "<region-id>-<year>"; without a region or a year it is the slug of the source file path.
  Clashing ids get -2, -3 … in order of source file, with a warning. Two reports of the
  same region and year are an error naming both files (a copy, or a wrong year or region:
  the site would show two reports where there is one); both are still built.
- Reports without a year are listed on their region page (after the dated ones) and on the
  home page, but on no year page, and take no part in the previous/next chain.
- URLs are flat .html files relative to the site root, so relative links work from disk,
  under a subpath on GitHub Pages, and on a local server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from govreport_site.config import Config
from govreport_site.model import Diagnostic, Report
from govreport_site.render.slugs import pinyin_slug, region_level, region_slug, valid_slug

UNKNOWN_REGION_ID = "unknown"
UNKNOWN_REGION_NAME = "未知地区"


@dataclass(eq=False)
class SiteReport:
    report: Report
    id: str
    url: str  # relative to the site root: reports/<id>.html
    region: SiteRegion = field(repr=False)
    prev: SiteReport | None = field(default=None, repr=False)
    next: SiteReport | None = field(default=None, repr=False)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the report's and the plan's

    @property
    def year(self) -> int | None:
        return self.report.meta.year

    @property
    def source_file(self) -> str:
        return self.report.source_file


@dataclass(eq=False)
class SiteRegion:
    id: str
    names: list[str]  # top level down; [] for the unknown region
    url: str  # regions/<id>.html
    level: str | None  # national / province / city / county / town
    reports: list[SiteReport] = field(default_factory=list, repr=False)  # by year, undated last
    # Regions below this one that have reports (驻马店市 -> 驿城区, 上蔡县 …), by id.
    descendants: list[SiteRegion] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return self.names[-1] if self.names else UNKNOWN_REGION_NAME

    @property
    def known(self) -> bool:
        return bool(self.names)


@dataclass(eq=False)
class SiteYear:
    year: int
    url: str  # years/<year>.html
    reports: list[SiteReport] = field(default_factory=list, repr=False)


@dataclass(eq=False)
class CityGroup:
    """The regions under one city-level name (or directly under the province: name "")."""

    name: str
    anchor: str  # id on the home page
    regions: list[SiteRegion] = field(default_factory=list)


@dataclass(eq=False)
class ProvinceGroup:
    name: str
    anchor: str  # id on the home page
    cities: list[CityGroup] = field(default_factory=list)

    @property
    def report_count(self) -> int:
        return sum(len(r.reports) for c in self.cities for r in c.regions)


@dataclass(eq=False)
class Site:
    reports: list[SiteReport]  # sorted by region id, year, id
    regions: list[SiteRegion]  # sorted by id
    years: list[SiteYear]  # ascending
    provinces: list[ProvinceGroup]  # home page grouping, sorted by pinyin
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Set by the build after planning: analyse.texts.TextAnalysis (compare pages, keywords,
    # reuse). None when the site is planned without it (the pages then do not show it).
    analysis: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._by_names = {tuple(r.names): r for r in self.regions if r.known}

    def region_by_names(self, names: list[str]) -> SiteRegion | None:
        return self._by_names.get(tuple(names))


def plan_site(reports: list[Report], config: Config) -> Site:
    diagnostics: list[Diagnostic] = []
    # Order the input first so nothing below depends on discovery order.
    reports = sorted(reports, key=lambda r: r.source_file)

    regions = _plan_regions(reports, diagnostics)
    ids = _plan_report_ids(reports, regions, diagnostics)

    site_reports: list[SiteReport] = []
    for report in reports:
        region = regions[_region_key(report)]
        sr = SiteReport(report=report, id=ids[report.source_file], url="", region=region)
        sr.url = f"reports/{sr.id}.html"
        sr.diagnostics = list(report.diagnostics)
        region.reports.append(sr)
        site_reports.append(sr)

    for region in sorted(regions.values(), key=lambda r: r.id):
        region.reports.sort(key=_chronological)
        if not region.known:
            continue  # 未知地区 gathers unrelated reports: no series, no "previous year"
        dated = [sr for sr in region.reports if sr.year is not None]
        for a, b in pairwise(dated):
            a.next, b.prev = b, a
        _warn_same_year(region, diagnostics)

    # Each report page shows the plan's warnings about that report too.
    by_file = {sr.source_file: sr for sr in site_reports}
    for d in diagnostics:
        if d.source_file in by_file:
            by_file[d.source_file].diagnostics.append(d)

    years: dict[int, SiteYear] = {}
    for sr in site_reports:
        if sr.year is not None:
            y = years.setdefault(sr.year, SiteYear(sr.year, f"years/{sr.year}.html"))
            y.reports.append(sr)
    for y in years.values():
        y.reports.sort(key=lambda sr: (not sr.region.known, sr.region.id, sr.id))

    region_list = sorted(regions.values(), key=lambda r: (not r.known, r.id))
    for region in region_list:
        for depth in range(1, len(region.names)):
            parent = regions.get(tuple(region.names[:depth]))
            if parent is not None:
                parent.descendants.append(region)
    site_reports.sort(key=lambda sr: (not sr.region.known, sr.region.id, *_chronological(sr)))
    return Site(
        reports=site_reports,
        regions=region_list,
        years=[years[y] for y in sorted(years)],
        provinces=_group_provinces(region_list),
        diagnostics=diagnostics,
    )


def _region_key(report: Report) -> tuple[str, ...]:
    return tuple(n.strip() for n in (report.meta.region or []) if n and n.strip())


def _chronological(sr: SiteReport) -> tuple:
    meta = sr.report.meta
    return (meta.year is None, meta.year or 0, meta.date or "", sr.id)


def _plan_regions(reports: list[Report], diagnostics: list[Diagnostic]) -> dict:
    keys = sorted({_region_key(r) for r in reports})
    ids: dict[tuple[str, ...], str] = {}
    for key in keys:
        ids[key] = region_slug(list(key)) if key else UNKNOWN_REGION_ID
    # Different regions with the same slug (朝阳区 and 朝阳县 of one city): use the full
    # names of both, then number what still clashes.
    for key, rid in list(ids.items()):
        clash = [k for k, v in ids.items() if v == rid]
        if len(clash) > 1 or (key and rid == UNKNOWN_REGION_ID):
            for k in clash:
                ids[k] = region_slug(list(k), strip=False) if k else UNKNOWN_REGION_ID
    seen: dict[str, tuple[str, ...]] = {}
    for key in keys:
        rid = ids[key]
        if rid in seen:
            n = 2
            while f"{rid}-{n}" in seen or f"{rid}-{n}" in ids.values():
                n += 1
            diagnostics.append(
                Diagnostic(
                    "",
                    f"regions {'/'.join(seen[rid])} and {'/'.join(key)} have the same id "
                    f"'{rid}'; the second is '{rid}-{n}'",
                )
            )
            rid = f"{rid}-{n}"
            ids[key] = rid
        seen[rid] = key
    return {
        key: SiteRegion(
            id=ids[key],
            names=list(key),
            url=f"regions/{ids[key]}.html",
            level=region_level(list(key)),
        )
        for key in keys
    }


def _plan_report_ids(
    reports: list[Report], regions: dict, diagnostics: list[Diagnostic]
) -> dict[str, str]:
    wanted: dict[str, str] = {}
    for report in reports:
        meta = report.meta
        given = meta.id
        if given not in (None, "") and not valid_slug(given):
            diagnostics.append(
                Diagnostic(
                    report.source_file,
                    f"id {given!r} is not an ASCII slug (a-z, 0-9, hyphens); it is ignored",
                )
            )
            given = None
        key = _region_key(report)
        if given:
            wanted[report.source_file] = given
        elif key and meta.year is not None:
            wanted[report.source_file] = f"{regions[key].id}-{meta.year}"
        else:
            wanted[report.source_file] = file_slug(report.source_file)

    ids: dict[str, str] = {}
    owner: dict[str, str] = {}
    # User-given ids are placed first so a derived id never takes one a user asked for.
    order = sorted(reports, key=lambda r: (not valid_slug(r.meta.id), r.source_file))
    for report in order:
        rid = wanted[report.source_file]
        if rid in owner:
            n = 2
            while f"{rid}-{n}" in owner or f"{rid}-{n}" in wanted.values():
                n += 1
            diagnostics.append(
                Diagnostic(
                    report.source_file,
                    f"id '{rid}' is already used by {owner[rid]}; this report gets '{rid}-{n}'",
                )
            )
            rid = f"{rid}-{n}"
        owner[rid] = report.source_file
        ids[report.source_file] = rid
    return ids


def file_slug(source_file: str) -> str:
    """Slug of a source path without its extension: 河南/2002年.txt -> henan-2002nian."""
    stem = source_file.rsplit(".", 1)[0] if "." in source_file.rsplit("/", 1)[-1] else source_file
    return pinyin_slug(stem) or "report"


def _warn_same_year(region: SiteRegion, diagnostics: list[Diagnostic]) -> None:
    """Two reports of one region and year are almost always a duplicate or a wrong year."""
    if not region.known:
        return
    by_year: dict[int, list[SiteReport]] = {}
    for sr in region.reports:
        if sr.year is not None:
            by_year.setdefault(sr.year, []).append(sr)
    for year, group in sorted(by_year.items()):
        if len(group) > 1:
            files = ", ".join(sr.source_file for sr in group)
            for sr in group:
                diagnostics.append(
                    Diagnostic(
                        sr.source_file,
                        f"{len(group)} reports for {'/'.join(region.names)} {year}: {files} "
                        "(a copy, or a wrong year or region in one of them?)",
                        level="error",
                    )
                )


def _group_provinces(regions: list[SiteRegion]) -> list[ProvinceGroup]:
    """Home page grouping: top-level name, then the second level ("" when there is none)."""
    provinces: dict[str, ProvinceGroup] = {}
    for region in regions:
        top = region.names[0] if region.known else UNKNOWN_REGION_NAME
        city = region.names[1] if len(region.names) >= 2 else ""
        if top not in provinces:
            slug = region_slug([top]) if region.known else UNKNOWN_REGION_ID
            provinces[top] = ProvinceGroup(top, f"p-{slug}")
        group = provinces[top]
        found = next((c for c in group.cities if c.name == city), None)
        if found is None:
            found = CityGroup(city, f"{group.anchor}-{region_slug([city]) if city else 'top'}")
            group.cities.append(found)
        found.regions.append(region)
    ordered = sorted(
        provinces.values(), key=lambda g: (g.name == UNKNOWN_REGION_NAME, g.anchor, g.name)
    )
    for group in ordered:
        group.cities.sort(key=lambda c: (c.name != "", c.anchor, c.name))
    # Homophone names could give two groups one anchor; number the later ones.
    seen: set[str] = set()
    for item in [x for g in ordered for x in (g, *g.cities)]:
        anchor, n = item.anchor, 2
        while anchor in seen:
            anchor, n = f"{item.anchor}-{n}", n + 1
        item.anchor = anchor
        seen.add(anchor)
    return ordered
