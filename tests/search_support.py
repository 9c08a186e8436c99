"""Shared by the search tests: real reports, the substring truth, and query terms.

The truth is computed here from the parsed reports with plain `in`, independently of the
index: a paragraph is a result for a query exactly when every space-separated word of
the query (folded like the index folds) is a substring of the paragraph's text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from govreport_site.build import process_report
from govreport_site.config import Config
from govreport_site.ingest.discover import discover
from govreport_site.model import Report
from govreport_site.publish.search.catalog import kind_matches, paragraph_class, result_order
from govreport_site.publish.search.fold import query_terms, search_fold
from govreport_site.publish.text_exports import report_json, report_json_path
from govreport_site.render.plan import Site, plan_site

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "reports"
ZHUMADIAN = (REPO / ".." / "shared" / "corpus" / "zhumadian").resolve()


@dataclass(frozen=True)
class Para:
    url: str  # report page, relative to the site root
    anchor: str
    text: str
    region: tuple[str, ...]
    year: int | None
    cls: str  # the index's class character (part kind, heading, targets)
    folded: str  # search_fold(text), computed once


def load_reports(folder: Path) -> list[Report]:
    items, _ = discover(folder)
    return [process_report(item.path.read_bytes(), item) for item in items]


def load_site(folder: Path, root: Path | None = None) -> tuple[Site, Config]:
    config = Config(root=root or REPO, reports_dir=folder)
    return plan_site(load_reports(folder), config), config


def write_report_texts(site: Site, root: Path) -> None:
    """Each report's data/reports/<id>.json.gz under the site folder `root`, as the build
    writes them: where the search page takes its excerpts from (a test that writes only
    the index into root/search needs them beside it)."""
    for sr in site.reports:
        path = root / report_json_path(sr)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(report_json(sr, sr.report))


def paragraphs(site: Site) -> list[Para]:
    """Every paragraph of the site, in the index's order."""
    out = []
    for sr in result_order(site):
        report = sr.report
        for part in report.parts:
            for p in part.paragraphs:
                cls = paragraph_class(part.kind, p.role, p.anchor == report.targets_anchor)
                region = tuple(sr.region.names)
                folded = search_fold(p.text)
                out.append(Para(sr.url, p.anchor, p.text, region, sr.year, cls, folded))
    return out


def truth(
    paras: list[Para],
    query: str,
    region: tuple[str, ...] | None = None,
    year: int | None = None,
    kind: str | None = None,
) -> set[tuple[str, str]]:
    """(url, anchor) of every paragraph that contains every word of the query."""
    terms = query_terms(query)
    if not terms:
        return set()
    found = set()
    for p in paras:
        if not all(t in p.folded for t in terms):
            continue
        if region is not None and p.region[: len(region)] != region:
            continue
        if year is not None and p.year != year:
            continue
        if not kind_matches(p.cls, kind):
            continue
        found.add((p.url, p.anchor))
    return found


_ASCII_RUN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ][0-9A-Za-z０-９Ａ-Ｚａ-ｚ.%+]*")


def sample_terms(paras: list[Para], count: int, seed: int = 5) -> list[str]:
    """`count` distinct terms cut from the paragraphs, deterministic for a seed: lengths
    1 to 20 spread evenly, about one in six an ASCII/digit run ("2023", "12345", "5G")."""
    rng = random.Random(seed)
    texts = [p.text for p in paras if p.text.strip()]
    runs = sorted({m.group(0) for t in texts for m in _ASCII_RUN.finditer(t)})
    terms: list[str] = []
    tries = 0
    while len(terms) < count and tries < count * 50:
        tries += 1
        if runs and len(terms) % 6 == 5:
            term = rng.choice(runs)[:20]
        else:
            length = 1 + len(terms) % 20
            text = rng.choice(texts)
            if len(text) < length:
                continue
            start = rng.randrange(len(text) - length + 1)
            term = text[start : start + length]
        if term.strip() != term or not term or " " in search_fold(term) or term in terms:
            continue
        terms.append(term)
    return terms
