"""The SVG charts are small: coordinates to one decimal, shared attributes once per group,
and still named for screen readers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from govreport_site.render.charts import bar_chart
from govreport_site.render.target_charts import ActualPoint, TargetPoint, target_chart

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parsed(markup: str) -> ET.Element:
    # Inline in HTML the SVG needs no xmlns; add it to read the markup as XML.
    return ET.fromstring(markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def target_svg() -> str:
    targets = [TargetPoint(2020, 6.5, 6.5, "6.5%左右"), TargetPoint(2021, 5, 5.5, "5%—5.5%")]
    actuals = [ActualPoint(2019, 6.13, False, "6.13%"), ActualPoint(2021, 7.333, True, "7.3%")]
    return str(target_chart("chart-gdp", "地区生产总值", "%", targets, actuals))


def coordinates(root: ET.Element) -> list[str]:
    names = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height", "d", "points")
    return [n for el in root.iter() for a in names for n in NUMBER.findall(el.get(a, ""))]


def test_coordinates_have_one_decimal_at_most_and_no_trailing_zero():
    bars = [("2020", 3.0), ("2021", 3.456), ("2022", 0.0)]
    for markup in (target_svg(), str(bar_chart(bars, "t", "d", "c"))):
        numbers = coordinates(parsed(markup))
        assert numbers
        assert all(not re.search(r"\.\d\d|\.0$", n) for n in numbers), numbers


def test_points_take_their_colours_from_their_series():
    root = parsed(target_svg())
    targets = root.find(f"{SVG}g[@class='series targets']")
    actuals = root.find(f"{SVG}g[@class='series actuals']")
    assert targets is not None and actuals is not None
    assert targets.get("fill") == "#fff" and targets.get("stroke")
    assert actuals.get("fill") == actuals.get("stroke")
    points = [el for g in (targets, actuals) for el in g if "point" in el.get("class", "")]
    assert len(points) == 4
    assert all(el.get("stroke") is None and el.get("stroke-width") is None for el in points)
    estimate = [el for el in actuals if el.get("class") == "point actual"][-1]
    assert estimate.get("fill") == "#fff"  # an estimate is an open dot


def test_charts_keep_their_accessible_name():
    root = parsed(target_svg())
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    assert [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")] == ids
    assert "2021年" in root.find(f"{SVG}desc").text
