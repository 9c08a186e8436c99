"""What the search page knows before any query: paragraph classes, regions, filter options.

One character per paragraph (meta.json "classes") gives its part kind and whether it is a
heading or the targets passage: enough to rank and to filter by kind without fetching
any text. static/search.js reads it with the same table (KINDS, CLASS_CHARS).
"""

from __future__ import annotations

from govreport_site.model import PART_KINDS
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.slugs import name_slug, region_slug
from govreport_site.render.views import region_display

CLASS_CHARS = "0123456789abcdefghijklmnopqrstuv"
BODY, HEADING, TARGETS = 0, 1, 2
# The kinds a user filters by; "targets" is the targets passage, the others part kinds.
FILTER_KINDS = ("review", "targets", "plan", "outlook", "other")
FILTER_LABELS = {
    "review": "工作回顾",
    "targets": "主要预期目标",
    "plan": "年度工作安排",
    "outlook": "五年目标",
    "other": "其他部分",
}


def paragraph_class(kind: str, role: str, targets: bool) -> str:
    k = PART_KINDS.index(kind) if kind in PART_KINDS else PART_KINDS.index("other")
    flag = TARGETS if targets else HEADING if role in ("heading", "subheading") else BODY
    return CLASS_CHARS[k + len(PART_KINDS) * flag]


def class_info(ch: str) -> tuple[str, int]:
    """(part kind, BODY | HEADING | TARGETS) of a class character."""
    v = CLASS_CHARS.index(ch)
    return PART_KINDS[v % len(PART_KINDS)], v // len(PART_KINDS)


def kind_matches(ch: str, kind: str | None) -> bool:
    if not kind:
        return True
    part_kind, flag = class_info(ch)
    return flag == TARGETS if kind == "targets" else part_kind == kind


def result_order(site: Site) -> list[SiteReport]:
    """Reports in the order results are listed: newest year first, undated last."""
    return sorted(
        site.reports,
        key=lambda sr: (sr.year is None, -(sr.year or 0), sr.region.names, sr.id),
    )


def regions_and_areas(reports: list[SiteReport]) -> tuple[list[dict], dict[int, int], list[dict]]:
    """The regions of the reports (meta "regions"), the region index of each report (by
    id()), and the filter options (meta "areas"): every level above and at a report's
    region, e.g. 黑龙江省, 黑龙江省 双鸭山市, 黑龙江省 双鸭山市 宝山区.

    An area's id is the slug of its names (the region page's id where there is one), so
    ?region=heilongjiang-shuangyashan selects a city and every district below it.
    """
    regions: list[dict] = []
    index_of: dict[tuple[str, ...], int] = {}
    report_region: dict[int, int] = {}
    area_ids: dict[tuple[str, ...], str] = {}
    for sr in sorted(reports, key=lambda sr: (sr.region.names, sr.region.id)):
        names = tuple(sr.region.names)
        if names not in index_of:
            index_of[names] = len(regions)
            regions.append({"names": list(names), "label": region_display(sr.region)})
            if names:
                area_ids[names] = sr.region.id
        report_region[id(sr)] = index_of[names]
    prefixes = {names[:d] for names in index_of for d in range(1, len(names) + 1)}
    used = set(area_ids.values())
    areas = []
    # in pinyin order, as the other pages list regions (not by code point)
    for names in sorted(prefixes, key=lambda names: ([name_slug(n) for n in names], names)):
        if names not in area_ids:
            slug = region_slug(list(names)) or "area"
            candidate, n = slug, 2
            while candidate in used:
                candidate, n = f"{slug}-{n}", n + 1
            area_ids[names] = candidate
            used.add(candidate)
        areas.append({"id": area_ids[names], "names": list(names)})
    return regions, report_region, areas


def compact(regions: list[dict], areas: list[dict]) -> tuple[list, list]:
    """meta.json's form: areas as [id, parent area or -1, name], regions as [area of
    their names or -1, label]; every name is written once (expand() undoes it)."""
    index = {tuple(a["names"]): n for n, a in enumerate(areas)}
    packed_areas = [[a["id"], index.get(tuple(a["names"][:-1]), -1), a["names"][-1]] for a in areas]
    packed_regions = [[index.get(tuple(r["names"]), -1), r["label"]] for r in regions]
    return packed_regions, packed_areas


def expand(packed_regions: list, packed_areas: list) -> tuple[list[dict], list[dict]]:
    """The regions and areas of compact(), as regions_and_areas() gave them."""
    areas: list[dict] = []
    for area_id, parent, name in packed_areas:
        above = areas[parent]["names"] if parent >= 0 else []
        areas.append({"id": area_id, "names": [*above, name]})
    regions = [
        {"names": list(areas[a]["names"]) if a >= 0 else [], "label": label}
        for a, label in packed_regions
    ]
    return regions, areas
