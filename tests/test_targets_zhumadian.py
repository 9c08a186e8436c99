"""Precision and recall of the targets against hand-made labels of the 驻马店市 reports.

The labels (tests/fixtures/targets/zhumadian/<year>.yaml, see the README there) list the
targets as a careful reader does; an extracted entry is right when its indicator (the
canonical id, or the name when neither side has one), kind, figure and qualifier agree.
"""

from __future__ import annotations

import pytest
import yaml

from govreport_site.analyse.indicators import name_key, shipped_table
from targets_support import LABELS, ZHUMADIAN, processed

pytestmark = pytest.mark.skipif(not ZHUMADIAN.is_dir(), reason="zhumadian corpus not present")


def _same_indicator(a: str, b: str) -> bool:
    table = shipped_table()
    ca, cb = table.resolve(a), table.resolve(b)
    return ca == cb if ca or cb else name_key(a) == name_key(b)


def _matches(label: list, t) -> bool:
    name, kind, low, high, qualifier = label
    return (
        _same_indicator(name, t.indicator)
        and kind == t.kind
        and low == t.low
        and high == t.high
        and (qualifier or "") == t.qualifier
    )


def _score() -> tuple[int, int, int, list[str], int]:
    reports = {r.meta.year: r for r in processed(ZHUMADIAN).values()}
    right = labelled = extracted = 0
    misses: list[str] = []
    years = 0
    for path in sorted(LABELS.glob("*.yaml")):
        year = int(path.stem)
        labels = yaml.safe_load(path.read_text(encoding="utf-8"))["targets"]
        got = list(reports[year].targets)
        years += 1
        labelled += len(labels)
        extracted += len(got)
        for label in labels:
            hit = next((t for t in got if _matches(label, t)), None)
            if hit is None:
                misses.append(f"{year} missed {label}")
            else:
                got.remove(hit)
                right += 1
        misses += [f"{year} extra {t.indicator} {t.kind} {t.low} {t.qualifier}" for t in got]
    return right, labelled, extracted, misses, years


def test_precision_and_recall_on_the_labelled_years() -> None:
    right, labelled, extracted, misses, years = _score()
    assert years >= 12
    precision, recall = right / extracted, right / labelled
    print(
        f"\nzhumadian: {years} years, {labelled} labelled, {extracted} extracted, "
        f"precision {precision:.1%}, recall {recall:.1%}"
    )
    print("\n".join(misses))
    assert precision >= 0.97, misses
    assert recall >= 0.97, misses


def test_every_report_states_targets() -> None:
    reports = processed(ZHUMADIAN)
    assert len(reports) == 25
    assert {r.targets_status for r in reports.values()} == {"stated"}


def test_actuals_of_the_review_year() -> None:
    # 2013 report: 全年完成生产总值1387亿元，增长10.4％，…
    reports = {r.meta.year: r for r in processed(ZHUMADIAN).values()}
    gdp = [a for a in reports[2013].actuals if a.canonical == "gdp"]
    assert [(a.kind, a.low, a.unit, a.year) for a in gdp] == [
        ("level", 1387, "亿元", 2012),
        ("growth", 10.4, "%", 2012),
    ]
    # 2003 report: 预计全年完成国内生产总值332亿元，比上年增长10.2％
    gdp = [a for a in reports[2003].actuals if a.canonical == "gdp"]
    assert all(a.estimated for a in gdp) and [a.low for a in gdp] == [332, 10.2]
    # 2017 report: 全市生产总值…同比增长8.5%，…总量是2011年的1.42倍，年均增长9.2％ - only 8.5
    growth = [a.low for a in reports[2017].actuals if a.canonical == "gdp" and a.kind == "growth"]
    assert growth == [8.5]
    # …五年累计新增农村劳动力转移就业42.11万人，新增城镇就业40.25万人: five years, not 2016
    assert not [a for a in reports[2017].actuals if a.canonical == "new-urban-jobs"]
    # 2006 report: 全年实际利用外资3134万美元，完成出口创汇5060万美元，分别增长30.6％和11.2％
    got = {(a.canonical, a.kind): a.low for a in reports[2006].actuals}
    assert got[("foreign-investment", "growth")] == 30.6 and got[("exports", "growth")] == 11.2
