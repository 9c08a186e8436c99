"""SVG charts drawn at build time: an indicator's targets and actuals over the years.

    target_chart(chart_id, title, unit, targets, actuals) -> Markup (an <svg> element)

No JavaScript and no external file: the SVG is inline in the page, with a <title> and a
<desc> that says every value in words for screen readers, colours given as attributes (so
it looks the same without the stylesheet and in print) and shapes that differ as well as
colours (targets are open diamonds on a dashed line, a range a bar; actuals are filled dots
on a solid line, an estimate 预计 an open dot), so a black-and-white print still reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from govreport_site.render.charts import coord

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 34
TARGET_COLOUR = "#a14a00"
ACTUAL_COLOUR = "#1f4e9c"
GRID_COLOUR = "#d0d4da"
TEXT_COLOUR = "#333"


@dataclass
class TargetPoint:
    year: int
    low: float
    high: float
    label: str  # 8%以上


@dataclass
class ActualPoint:
    year: int
    value: float
    estimated: bool
    label: str  # 7.4%


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _num(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _diamond(x: float, y: float, r: float) -> str:
    """A diamond of half-width `r` around (x, y), its corners relative to the top."""
    s = coord(r)
    return f"M{coord(x)} {coord(y - r)}l{s} {s}-{s} {s}-{s}-{s}z"


def _xy(x: float, y: float) -> str:
    return f"{coord(x)},{coord(y)}"


def target_chart(
    chart_id: str,
    title: str,
    unit: str,
    targets: list[TargetPoint],
    actuals: list[ActualPoint],
) -> Markup:
    years = sorted({p.year for p in targets} | {p.year for p in actuals})
    values = [v for p in targets for v in (p.low, p.high)] + [p.value for p in actuals]
    if not years or not values:
        return Markup("")
    lo, hi = min(0.0, *values), max(0.0, *values)
    step = nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if hi == lo:
        hi = lo + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    y0, y1 = years[0], years[-1]

    def x_of(year: int) -> float:
        if y0 == y1:
            return LEFT + plot_w / 2
        return LEFT + (year - y0) / (y1 - y0) * plot_w

    def y_of(v: float) -> float:
        return TOP + (hi - v) / (hi - lo) * plot_h

    # Attributes shared by many shapes stand once on a <g> around them (inherited), and
    # the grid is one path: a region page holds a dozen of these charts.
    out: list[str] = []
    add = out.append
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    add(
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-size="11" fill="{TEXT_COLOUR}">'
    )
    add(f'<title id="{title_id}">{escape(title)}</title>')
    add(f'<desc id="{desc_id}">{escape(describe(unit, targets, actuals))}</desc>')

    # grid and value axis
    add('<g class="axis">')
    n = round((hi - lo) / step)
    grid, zero, ticks = [], "", []
    for i in range(n + 1):
        v = lo + i * step
        y = y_of(v)
        line = f"M{LEFT} {coord(y)}H{WIDTH - RIGHT}"
        if abs(v) < 1e-9:
            zero = line
        else:
            grid.append(line)
        ticks.append(f'<text x="{LEFT - 6}" y="{coord(y + 4)}">{_num(v)}</text>')
    if grid:
        add(f'<path d="{"".join(grid)}" stroke="{GRID_COLOUR}" stroke-width=".6"/>')
    if zero:
        add(f'<path d="{zero}" stroke="#888" stroke-width="1.2"/>')
    add('<g text-anchor="end">')
    out += ticks
    add(f'<text x="{LEFT - 6}" y="{TOP - 12}">{escape(unit)}</text></g>')
    every = max(1, math.ceil(len(range(y0, y1 + 1)) / 12))
    add('<g text-anchor="middle">')
    for year in range(y0, y1 + 1):
        if (year - y0) % every == 0 or year == y1:
            add(f'<text x="{coord(x_of(year))}" y="{HEIGHT - BOTTOM + 16}">{year}</text>')
    add("</g></g>")

    # targets: a dashed line through the lower bounds, a diamond or a bar per year
    add(f'<g class="series targets" stroke="{TARGET_COLOUR}" stroke-width="1.5" fill="#fff">')
    pts = sorted(targets, key=lambda p: p.year)
    if len(pts) > 1:
        line = " ".join(_xy(x_of(p.year), y_of(p.low)) for p in pts)
        add(f'<polyline points="{line}" fill="none" stroke-dasharray="5 4" stroke-width="1.2"/>')
    for p in pts:
        x = x_of(p.year)
        tip = f"<title>{p.year}年 目标 {escape(p.label)}</title>"
        if p.high != p.low:
            top, height = y_of(p.high), max(2.0, y_of(p.low) - y_of(p.high))
            add(
                f'<rect class="point target" x="{coord(x - 4)}" y="{coord(top)}" width="8" '
                f'height="{coord(height)}">{tip}</rect>'
            )
        else:
            add(f'<path class="point target" d="{_diamond(x, y_of(p.low), 6)}">{tip}</path>')
    add("</g>")

    # actuals: a solid line, a dot per year (open when the figure was an estimate)
    colours = f'stroke="{ACTUAL_COLOUR}" fill="{ACTUAL_COLOUR}"'
    add(f'<g class="series actuals" {colours} stroke-width="1.5">')
    pts_a = sorted(actuals, key=lambda p: p.year)
    if len(pts_a) > 1:
        line = " ".join(_xy(x_of(p.year), y_of(p.value)) for p in pts_a)
        add(f'<polyline points="{line}" fill="none" stroke-width="1.8"/>')
    for p in pts_a:
        fill = ' fill="#fff"' if p.estimated else ""
        word = "预计" if p.estimated else "实际"
        add(
            f'<circle class="point actual" cx="{coord(x_of(p.year))}" cy="{coord(y_of(p.value))}" '
            f'r="4.5"{fill}><title>{p.year}年 {word} {escape(p.label)}</title></circle>'
        )
    add("</g>")

    # legend
    lx = LEFT + 4
    ax = lx + 190
    ex = ax + 100
    add('<g class="legend">')
    add(
        f'<path d="{_diamond(lx, 13, 5)}" fill="#fff" stroke="{TARGET_COLOUR}" stroke-width="1.5"/>'
    )
    add(f'<text x="{lx + 10}" y="17">目标（虚线；竖条为区间）</text>')
    add(f'<circle cx="{ax}" cy="13" r="4.5" fill="{ACTUAL_COLOUR}" stroke="{ACTUAL_COLOUR}"/>')
    add(f'<text x="{ax + 10}" y="17">实际（实线）</text>')
    add(
        f'<circle cx="{ex}" cy="13" r="4.5" fill="#fff" stroke="{ACTUAL_COLOUR}" '
        'stroke-width="1.5"/>'
    )
    add(f'<text x="{ex + 10}" y="17">预计数</text>')
    add("</g>")
    add("</svg>")
    return Markup("".join(out))


def describe(unit: str, targets: list[TargetPoint], actuals: list[ActualPoint]) -> str:
    """Every value in words, year by year: the chart for a screen reader."""
    by_year: dict[int, list[str]] = {}
    for p in targets:
        by_year.setdefault(p.year, []).append(f"目标{p.label}")
    for p in actuals:
        by_year.setdefault(p.year, []).append(f"{'预计' if p.estimated else '实际'}{p.label}")
    parts = [f"{y}年：" + "，".join(v) for y, v in sorted(by_year.items())]
    return f"单位：{unit}。" + "；".join(parts) + "。"
