"""Fill metadata the user did not give from what the text says.

The year a report plans for (the year of the meeting) comes, in this order, from
  1. the title-block date (——2024年1月14日在…会议上), unless a December meeting's
     headings name the next year,
  2. the title (二O一二年政府工作报告),
  3. the part headings: a plan heading's year (二、2024年工作安排) and a review
     heading's year + 1 (一、2023年工作回顾); the most common wins, so one typo
     (三、2000年政府工作的主要任务 in a 2003 report) is outvoted.
A given year always wins; a disagreement with the text becomes a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from govreport_site.model import Diagnostic, Metadata
from govreport_site.parse.divisions import complete, is_province, names_in
from govreport_site.parse.parts import YEAR_IN_HEADING
from govreport_site.parse.titleblock import NATIONAL, TitleFacts


@dataclass
class Evidence:
    facts: TitleFacts
    plan_years: list[int] = field(default_factory=list)  # years in plan headings
    review_years: list[int] = field(default_factory=list)  # latest year in review headings
    # "2024年是…" opening a plan part, "2023年，…" opening a review part (as plan years)
    text_years: list[int] = field(default_factory=list)
    text: str = ""  # the report's text: which of two 宝山区 it names the places above of


def heading_years(title: str) -> list[int]:
    return [int(y) for y in YEAR_IN_HEADING.findall(title)]


def _heading_vote(ev: Evidence) -> int | None:
    votes = Counter(ev.plan_years[:1] + [y + 1 for y in ev.review_years[:1]])
    votes.update(ev.plan_years[1:])
    if not votes:
        return None
    top = max(votes.values())
    winners = [y for y, n in votes.items() if n == top]
    # ties: the first plan heading, then the review heading
    for y in ev.plan_years[:1] + [y + 1 for y in ev.review_years[:1]]:
        if y in winners:
            return y
    return min(winners)


def infer_year(ev: Evidence) -> tuple[int | None, str | None]:
    """(year, where it came from)."""
    date = ev.facts.date or ev.facts.month  # (——2012年2月在…: no day, the year still)
    date_year = int(date[:4]) if date else None
    if date_year:
        # a meeting held in December for the year to come (——2023年12月28日…, with
        # 2024年工作安排): the headings name the year the report is for
        if date[5:7] == "12" and _heading_vote(ev) == date_year + 1:
            return date_year + 1, "headings"
        if date[5:7] == "12" and ev.facts.title_year == date_year + 1:
            return date_year + 1, "title"  # 2024年政府工作报告, 2023年12月28日…
        return date_year, "date"
    if ev.facts.title_year:
        return ev.facts.title_year, "title"
    vote = _heading_vote(ev)
    if vote:
        return vote, "headings"
    if ev.text_years:
        return Counter(ev.text_years).most_common(1)[0][0], "text"
    return None, None


_SAYS = {
    "date": "the title-block date says",
    "title": "the title says",
    "headings": "the part headings say",
    "text": "the text says",
}


def infer_metadata(
    given: Metadata, ev: Evidence, source_file: str
) -> tuple[Metadata, list[str], list[Diagnostic], int | None]:
    """(merged metadata, inferred field names, warnings, review_year)."""
    meta = replace(given, region=list(given.region))
    inferred: list[str] = []
    warnings: list[Diagnostic] = []

    def fill(name: str, value) -> None:
        if value in (None, "", []) or getattr(meta, name) not in (None, "", []):
            return
        setattr(meta, name, value)
        inferred.append(name)

    year, origin = infer_year(ev)
    if meta.year is None:
        fill("year", year)
    elif year is not None and year != meta.year:
        warnings.append(
            Diagnostic(source_file, f"year {meta.year} is given, but {_SAYS[origin]} {year}")
        )
    # cross-checks between what the text itself says
    date = ev.facts.date or ev.facts.month
    date_year = int(date[:4]) if date else None
    if date_year and origin in ("headings", "title") and year == date_year + 1:
        date_year = year  # a December meeting for the next year: no disagreement
    says = {"title-block date": date_year}
    says["title"] = ev.facts.title_year
    says["part headings"] = _heading_vote(ev)
    known = {k: v for k, v in says.items() if v is not None}
    if len(set(known.values())) > 1:
        listed = ", ".join(f"the {k} {v}" for k, v in known.items())
        warnings.append(Diagnostic(source_file, f"the text disagrees on the year: {listed}"))
    fill("date", ev.facts.date)
    fill("session", ev.facts.session)
    fill("speaker", ev.facts.speaker)
    fill("speaker_title", ev.facts.speaker_title)
    fill("title", ev.facts.title)
    if not meta.region and ev.facts.region:
        meta.region = list(ev.facts.place) or [ev.facts.region]
        inferred.append("region")
    # the province and prefecture the text leaves out (and the folders may give)
    above = complete(meta.region, ev.text, path_names(source_file))
    if above:
        meta.region = above
        if "region" not in inferred:
            inferred.append("region")
    if not meta.region:  # reports/河南省/驻马店市/2009.txt: the folders say where
        fill("region", path_region(source_file, ev.text))
    elif not above and not given.region:
        # a place the tables lack (排碧乡) under folders that say where it is
        folders = path_region(source_file, ev.text)
        if folders and meta.region[0] not in folders:
            meta.region = folders + meta.region
    if meta.year is None:  # an excerpt, or a report without a title block: 2009.txt
        fill("year", path_year(source_file))
    warnings += _disagreements(given, ev, source_file)

    if meta.year is None:
        warnings.append(Diagnostic(source_file, "the report's year could not be determined"))
    if not meta.region:
        warnings.append(Diagnostic(source_file, "the report's region could not be determined"))

    review_year = None
    if ev.review_years:
        review_year = ev.review_years[0]
        if meta.year is not None and review_year >= meta.year:
            review_year = None  # a heading that names this year is not the review's
    if review_year is None and meta.year is not None:
        review_year = meta.year - 1
    return meta, inferred, warnings, review_year


def path_region(source_file: str, text: str = "") -> list[str]:
    """The region the file's folders and name spell out (河南省/驻马店市/2009.txt,
    驻马店市西平县2019年政府工作报告.txt), completed as a title block's place is; [] when
    they name none, or a place that several share and the text does not tell which."""
    names = path_names(source_file)
    if not names:
        return []
    return complete(names, text) or (names if is_province(names[0]) else [])


def path_names(source_file: str) -> list[str]:
    """The division names in the file's folders and name."""
    return [n for part in _path_parts(source_file) for n in names_in(part)]


_PATH_YEAR = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-9][0-9])(?![0-9])")


def path_year(source_file: str) -> int | None:
    """The one year the file's folders and name give (2009.txt, 2024/郑州.md), or None."""
    years = {int(y) for part in _path_parts(source_file) for y in _PATH_YEAR.findall(part)}
    return years.pop() if len(years) == 1 else None


def _path_parts(source_file: str) -> list[str]:
    """The folders and the file name without its extension."""
    path = PurePosixPath(source_file.replace("\\", "/"))
    return [*path.parent.parts, path.stem]


def _disagreements(given: Metadata, ev: Evidence, source_file: str) -> list[Diagnostic]:
    """Given metadata that the title block contradicts: a _meta.yaml of a province read
    for a city's reports (region [河南省], 省长) would otherwise file them silently."""
    out = []
    facts = ev.facts
    if given.region and facts.region and facts.region != NATIONAL:
        leaf = _bare(facts.region)
        if not any(leaf in _bare(n) or _bare(n) in leaf for n in given.region if _bare(n)):
            out.append(
                Diagnostic(
                    source_file,
                    f"region {' '.join(given.region)} is given, but the title block names "
                    f"{facts.region}: is a folder's _meta.yaml meant for other reports?",
                )
            )
    if given.speaker_title and facts.speaker_title and given.speaker_title != facts.speaker_title:
        out.append(
            Diagnostic(
                source_file,
                f"speaker_title {given.speaker_title} is given, but the title block says "
                f"{facts.speaker_title}",
            )
        )
    if given.date and facts.date and given.date != facts.date:
        out.append(
            Diagnostic(
                source_file, f"date {given.date} is given, but the title block says {facts.date}"
            )
        )
    return out


_LEVEL_END = re.compile(
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|街道|地区|[省市区县镇乡旗州盟])$"
)


def _bare(name: str) -> str:
    """A place name without its level, for comparing 双鸭山 with 双鸭山市."""
    name = name.replace(" ", "")
    bare = _LEVEL_END.sub("", name)
    return bare if len(bare) >= 2 else name
