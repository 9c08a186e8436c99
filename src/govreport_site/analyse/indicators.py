"""Canonical indicators: one id and display name for the many names of one statistic.

    table = indicator_table(extra)          # shipped indicators.yaml + site.yaml additions
    table.resolve("规上工业增加值")  -> "industrial-value-added"
    table.resolve("旅游总收入")      -> None (unknown: kept as written)

Names are matched exactly after `name_key` (spaces, quotes and a leading place word such
as 全市 / 全区 / 我县 / 区级 removed, full-width letters folded): a substring match would
turn 一般公共预算收入占GDP比重 into GDP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from govreport_site.model import Diagnostic
from govreport_site.text import fold

TABLE_FILE = Path(__file__).resolve().parent / "indicators.yaml"
SITE_KEY = "indicators"  # the site.yaml key for additions

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Words before an indicator that name the place or the time, not the statistic.
_PLACE = re.compile(
    r"^(?:(?:今年|明年|当年|全年|其中|全|我|本)(?:省|市|区|县|镇|乡|旗|州|盟|国)?"
    r"|(?:省|市|区|县|镇|乡)级|地方级(?=财政))+"
)
_NOISE = re.compile(r"[\s\"'“”‘’《》「」]")
# A gloss in brackets after the name: 地区生产总值（GDP）, 一般公共预算收入（不含土地出让）
_GLOSS = re.compile(r"\([^()]{1,12}\)$")


def name_key(name: str) -> str:
    """The form names are compared in: 全市生产总值 -> 生产总值, ＧＤＰ -> GDP,
    地区生产总值（GDP） -> 地区生产总值."""
    key = _NOISE.sub("", fold(name)).upper()
    gloss = _GLOSS.search(key)
    if gloss and gloss.start() >= 2:
        key = key[: gloss.start()]
    stripped = _PLACE.sub("", key)
    # 全社会固定资产投资 starts with 全 but is a name of its own; keep what is left non-empty
    if stripped and not key.startswith("全社会"):
        key = stripped
    return key.replace("收人", "收入")  # a frequent OCR slip in scanned reports


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    direction: str = "up"  # "down": a lower figure is better (CPI, unemployment, energy use)
    note: str = ""


@dataclass
class IndicatorTable:
    indicators: dict[str, Indicator] = field(default_factory=dict)  # by id, in table order
    by_name: dict[str, str] = field(default_factory=dict)  # name_key -> id
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def resolve(self, name: str) -> str | None:
        return self.by_name.get(name_key(name))

    def get(self, indicator_id: str | None) -> Indicator | None:
        return self.indicators.get(indicator_id) if indicator_id else None

    def display(self, indicator_id: str | None, fallback: str = "") -> str:
        ind = self.get(indicator_id)
        return ind.name if ind else fallback

    def add(self, ind: Indicator, override: bool = False) -> None:
        old = self.indicators.get(ind.id)
        if old is not None:
            ind = Indicator(
                ind.id,
                ind.name or old.name,
                old.aliases + tuple(a for a in ind.aliases if a not in old.aliases),
                ind.direction if override and ind.direction != "up" else old.direction,
                ind.note or old.note,
            )
        self.indicators[ind.id] = ind
        for n in (ind.name, *ind.aliases):
            key = name_key(n)
            if key and (override or key not in self.by_name):
                self.by_name[key] = ind.id


def _read_entries(data: object, source: str, diagnostics: list[Diagnostic]) -> list[Indicator]:
    """Indicators from a YAML list of {id, name, aliases, direction, note}; bad items warned."""
    if data is None:
        return []
    if not isinstance(data, list):
        diagnostics.append(
            Diagnostic(source, f"'{SITE_KEY}' should be a list of {{id, name, aliases}}; ignored")
        )
        return []
    out: list[Indicator] = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            msg = f"{SITE_KEY} item {n}: needs an 'id' (ASCII, e.g. tourism-revenue); ignored"
            diagnostics.append(Diagnostic(source, msg))
            continue
        iid = item["id"].strip()
        if not _ID.fullmatch(iid):
            msg = f"{SITE_KEY} item {n}: id {iid!r} is not lower-case ASCII with hyphens; ignored"
            diagnostics.append(Diagnostic(source, msg))
            continue
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        direction = item.get("direction") or "up"
        if direction not in ("up", "down"):
            msg = f"{SITE_KEY} item {n} ({iid}): direction must be up or down; 'up' is used"
            diagnostics.append(Diagnostic(source, msg))
            direction = "up"
        out.append(
            Indicator(
                id=iid,
                name=str(item.get("name") or ""),
                aliases=tuple(str(a) for a in aliases if str(a).strip()),
                direction=direction,
                note=str(item.get("note") or ""),
            )
        )
    return out


@cache
def shipped_table() -> IndicatorTable:
    table = IndicatorTable()
    # libyaml where PyYAML has it: ~50 ms less in every process that reads the table
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(TABLE_FILE.read_text(encoding="utf-8"), Loader=loader)
    for ind in _read_entries(data, TABLE_FILE.name, table.diagnostics):
        table.add(ind)
    return table


def indicator_table(extra: dict | None = None) -> IndicatorTable:
    """The shipped table, extended by site.yaml's `indicators:` (site names win)."""
    site = (extra or {}).get(SITE_KEY)
    base = shipped_table()
    if not site:
        return base
    table = IndicatorTable(dict(base.indicators), dict(base.by_name))
    for ind in _read_entries(site, "site.yaml", table.diagnostics):
        if not ind.name and ind.id not in table.indicators:
            ind = replace(ind, name=ind.aliases[0] if ind.aliases else ind.id)
        table.add(ind, override=True)
    return table
