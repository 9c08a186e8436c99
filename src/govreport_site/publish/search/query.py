"""The query, in Python: a reference for static/search.js, reading the same files.

Tests check it against plain substring search over the reports, and the browser test
checks the page against the same truth, so the two implementations cannot drift apart
unnoticed. It reads files the way the page fetches them: meta.json once, then only the
shards of the query's grams, then the texts of the reports of the results shown (each
report's data/reports/<id>.json.gz, once).
"""

from __future__ import annotations

import bisect
import gzip
import json
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from govreport_site.publish.search.catalog import (
    HEADING,
    TARGETS,
    class_info,
    expand,
    kind_matches,
)
from govreport_site.publish.search.fold import query_terms, search_fold
from govreport_site.publish.search.postings import (
    decode_paragraphs,
    decode_positional,
    gram_hash,
    parse_shard,
)


def cover_offsets(length: int) -> list[int]:
    """Offsets of the bigrams that cover a term of `length` >= 2: 0, 2, 4 … and length-2."""
    offsets = list(range(0, length - 1, 2))
    if offsets[-1] != length - 2:
        offsets.append(length - 2)
    return offsets


@dataclass(frozen=True)
class Result:
    paragraph: int  # global paragraph id
    report: int  # index of the report in meta.json's order
    boosted: bool  # a term is in a heading or the targets passage

    @property
    def sort_key(self) -> tuple[bool, int]:
        return (not self.boosted, self.paragraph)


class SearchIndex:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        regions, areas = expand(self.meta["regions"], self.meta["areas"])
        self.meta.update(regions=regions, areas=areas)
        # Each report's first paragraph id: its block is its count rounded up to a
        # multiple of the chunk (index.block()); the ids left at its end are gaps.
        chunk = self.meta["chunk"]
        blocks = (-(-n // chunk) * chunk for n in self.meta["reports"]["paragraphs"])
        self.report_start = [0, *accumulate(blocks)][:-1]
        self.fetched: list[str] = []  # files read, in order, like the page's requests

    def _read(self, name: str) -> bytes:
        """A file as the page has it: inflated (every file but meta.json is gzip)."""
        self.fetched.append(name)
        data = (self.folder / name).read_bytes()
        return data if name == "meta.json" else gzip.decompress(data)

    @cache  # noqa: B019 - one index per object, kept for the object's life on purpose
    def _shard(self, kind: str, number: int) -> tuple[bytes, dict]:
        data = self._read(f"{kind}/{number}.bin")
        return data, parse_shard(data, 2 if kind == "b" else 1)

    def _body(self, kind: str, gram: tuple[int, ...]) -> bytes:
        shards = self.meta["bigram_shards" if kind == "b" else "unigram_shards"]
        h = gram_hash(gram[0], gram[1] if len(gram) > 1 else 0)
        data, heads = self._shard(kind, h & (shards - 1))
        if gram not in heads:
            return b""
        where = heads[gram]
        if where is None:
            return self._read(f"{kind}/x/{'-'.join(f'{c:x}' for c in gram)}.bin")
        return data[where[0] : where[1]]

    def term_paragraphs(self, term: str) -> dict[int, list[int]]:
        """{paragraph: start positions} of a folded term (positions empty for 1 character)."""
        cps = [ord(c) for c in term]
        if len(cps) == 1:
            return {p: [] for p in decode_paragraphs(self._body("u", (cps[0],)))}
        found: set[tuple[int, int]] | None = None
        for k in cover_offsets(len(cps)):
            body = self._body("b", (cps[k], cps[k + 1]))
            starts = {(p, pos - k) for p, pos in decode_positional(body) if pos >= k}
            found = starts if found is None else found & starts
            if not found:
                return {}
        out: dict[int, list[int]] = {}
        for p, start in sorted(found or ()):
            out.setdefault(p, []).append(start)
        return out

    def ids(self) -> list[int]:
        """Every paragraph's id, in order (the gaps at the ends of blocks left out)."""
        counts = self.meta["reports"]["paragraphs"]
        return [s + k for s, n in zip(self.report_start, counts, strict=True) for k in range(n)]

    def report_of(self, paragraph: int) -> int:
        return bisect.bisect_right(self.report_start, paragraph) - 1

    def search(
        self,
        query: str,
        region: str | None = None,
        year: int | None = None,
        kind: str | None = None,
    ) -> list[Result]:
        """Every paragraph containing every word of the query, filtered, in result order."""
        terms = query_terms(query)
        if not terms:
            return []
        common: set[int] | None = None
        for term in sorted(terms, key=len, reverse=True):  # longest first: fewest matches
            found = set(self.term_paragraphs(term))
            common = found if common is None else common & found
            if not common:
                return []
        area = self._area(region)
        classes = self.meta["classes"]
        results = []
        for p in sorted(common or ()):
            r = self.report_of(p)
            if area is not None and not self._in_area(r, area):
                continue
            if year is not None and self.meta["reports"]["year"][r] != year:
                continue
            if not kind_matches(classes[p], kind):
                continue
            results.append(Result(p, r, class_info(classes[p])[1] in (HEADING, TARGETS)))
        return sorted(results, key=lambda res: res.sort_key)

    def _area(self, region: str | None) -> list[str] | None:
        if not region:
            return None
        for area in self.meta["areas"]:
            if area["id"] == region:
                return area["names"]
        return ["\0"]  # an unknown region matches nothing, as on the page

    def _in_area(self, report: int, names: list[str]) -> bool:
        own = self.meta["regions"][self.meta["reports"]["region"][report]]["names"]
        return own[: len(names)] == names

    @cache  # noqa: B019 - as _shard: the page, too, fetches each report's text once
    def _report(self, report: int) -> tuple[str, list[dict]]:
        """A report's URL and its paragraphs, every part's in order."""
        name = self.meta["texts"] + self.meta["reports"]["id"][report] + self.meta["texts_suffix"]
        data = json.loads(self._read(name))
        return data["url"], [p for part in data["parts"] for p in part["paragraphs"]]

    def paragraph(self, paragraph: int) -> tuple[str, str, str]:
        """(report URL, anchor, text) of a paragraph, from its report's text: its place
        there is its id less the report's first."""
        report = self.report_of(paragraph)
        url, paragraphs = self._report(report)
        p = paragraphs[paragraph - self.report_start[report]]
        return url, p["anchor"], p["text"]


def contains_all(text: str, query: str) -> bool:
    """The truth the index must reproduce: every word of the query is in the text."""
    folded = search_fold(text)
    terms = query_terms(query)
    return bool(terms) and all(t in folded for t in terms)
