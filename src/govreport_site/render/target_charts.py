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
    return f"M{x:.1f} {y - r:.1f} L{x + r:.1f} {y:.1f} L{x:.1f} {y + r:.1f} L{x - r:.1f} {y:.1f}Z"


def _xy(x: float, y: float) -> str:
    return f"{x:.1f},{y:.1f}"


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

    out: list[str] = []
    add = out.append
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-size="11" fill="{TEXT_COLOUR}">'
    )
    add(f'<title id="{title_id}">{escape(title)}</title>')
    add(f'<desc id="{desc_id}">{escape(describe(unit, targets, actuals))}</desc>')

    # grid and value axis
    add('<g class="axis">')
    n = round((hi - lo) / step)
    for i in range(n + 1):
        v = lo + i * step
        y = y_of(v)
        width = "1.2" if abs(v) < 1e-9 else "0.6"
        colour = "#888" if abs(v) < 1e-9 else GRID_COLOUR
        add(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="{width}"/>'
        )
        add(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(v)}</text>')
    add(f'<text x="{LEFT - 6}" y="{TOP - 12}" text-anchor="end">{escape(unit)}</text>')
    every = max(1, math.ceil(len(range(y0, y1 + 1)) / 12))
    for year in range(y0, y1 + 1):
        if (year - y0) % every == 0 or year == y1:
            add(
                f'<text x="{x_of(year):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{year}</text>'
            )
    add("</g>")

    # targets: a dashed line through the lower bounds, a diamond or a bar per year
    add(f'<g class="series targets" stroke="{TARGET_COLOUR}" fill="none">')
    pts = sorted(targets, key=lambda p: p.year)
    if len(pts) > 1:
        line = " ".join(_xy(x_of(p.year), y_of(p.low)) for p in pts)
        add(f'<polyline points="{line}" stroke-dasharray="5 4" stroke-width="1.2"/>')
    for p in pts:
        x = x_of(p.year)
        tip = f"<title>{p.year}年 目标 {escape(p.label)}</title>"
        if p.high != p.low:
            add(
                f'<rect class="point target" x="{x - 4:.1f}" y="{y_of(p.high):.1f}" width="8" '
                f'height="{max(2.0, y_of(p.low) - y_of(p.high)):.1f}" stroke-width="1.5" '
                f'fill="#fff">{tip}</rect>'
            )
        else:
            y = y_of(p.low)
            d = _diamond(x, y, 6)
            add(f'<path class="point target" d="{d}" stroke-width="1.5" fill="#fff">{tip}</path>')
    add("</g>")

    # actuals: a solid line, a dot per year (open when the figure was an estimate)
    add(f'<g class="series actuals" stroke="{ACTUAL_COLOUR}">')
    pts_a = sorted(actuals, key=lambda p: p.year)
    if len(pts_a) > 1:
        line = " ".join(_xy(x_of(p.year), y_of(p.value)) for p in pts_a)
        add(f'<polyline points="{line}" fill="none" stroke-width="1.8"/>')
    for p in pts_a:
        fill = "#fff" if p.estimated else ACTUAL_COLOUR
        word = "预计" if p.estimated else "实际"
        add(
            f'<circle class="point actual" cx="{x_of(p.year):.1f}" cy="{y_of(p.value):.1f}" '
            f'r="4.5" fill="{fill}" stroke-width="1.5"><title>{p.year}年 {word} '
            f"{escape(p.label)}</title></circle>"
        )
    add("</g>")

    # legend
    lx = LEFT + 4
    add('<g class="legend">')
    add(
        f'<path d="{_diamond(lx, 13, 5)}" fill="#fff" stroke="{TARGET_COLOUR}" stroke-width="1.5"/>'
    )
    add(f'<text x="{lx + 10}" y="17">目标（虚线；竖条为区间）</text>')
    ax = lx + 190
    add(f'<circle cx="{ax}" cy="13" r="4.5" fill="{ACTUAL_COLOUR}" stroke="{ACTUAL_COLOUR}"/>')
    add(f'<text x="{ax + 10}" y="17">实际（实线）</text>')
    ex = ax + 100
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
