"""Small SVG charts of the text analysis (term and compare pages), drawn at build time:
no JavaScript, readable in print.

    bar_chart([(label, value), …], title, desc, chart_id, unit="") -> Markup   vertical bars
    share_bar([(label, share, css_class), …], label) -> Markup   one stacked horizontal bar

Each chart is an <svg role="img"> with a <title> and a <desc> that says in words what the
bars show (screen readers read those, not the bars), and each bar has its own <title> (a
tooltip with the exact value). Colours come from static/texts.css.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 640
HEIGHT = 180
PAD_LEFT = 40
PAD_BOTTOM = 24
PAD_TOP = 12


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"


def coord(x: float) -> str:
    """A coordinate to one decimal, without a trailing .0 (target_charts too)."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def bar_chart(
    bars: list[tuple[str, float]],
    title: str,
    desc: str,
    chart_id: str,
    unit: str = "",
) -> Markup:
    """Vertical bars, one per (label, value), labels under the axis (thinned when many)."""
    top = max((v for _, v in bars), default=0.0) or 1.0
    n = max(len(bars), 1)
    slot = (WIDTH - PAD_LEFT) / n
    bar_w = max(2.0, slot * 0.7)
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    every = max(1, round(n / 12))  # about a dozen labels at most
    # Bars first, then the labels in one group: the text-anchor stands once for all.
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<line class="axis" x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH}" '
        f'y2="{HEIGHT - PAD_BOTTOM}"/>',
        f'<g text-anchor="end"><text x="{PAD_LEFT - 4}" y="{PAD_TOP + 4}">{escape(_fmt(top))}'
        f'</text><text x="{PAD_LEFT - 4}" y="{HEIGHT - PAD_BOTTOM}">0</text></g>',
    ]
    labels = []
    for k, (label, value) in enumerate(bars):
        x = PAD_LEFT + k * slot + (slot - bar_w) / 2
        h = plot_h * value / top
        y = HEIGHT - PAD_BOTTOM - h
        tip = f"{label}：{_fmt(value)}{unit}"
        css = "bar zero" if value == 0 else "bar"
        out.append(
            f'<rect class="{css}" x="{coord(x)}" y="{coord(y)}" width="{coord(bar_w)}" '
            f'height="{coord(max(h, 0.5))}"><title>{escape(tip)}</title></rect>'
        )
        if k % every == 0:
            labels.append(
                f'<text x="{coord(x + bar_w / 2)}" y="{HEIGHT - 6}">{escape(label)}</text>'
            )
    out += ['<g text-anchor="middle">', *labels, "</g></svg>"]
    return Markup("".join(out))


def share_bar(parts: list[tuple[str, float, str]], label: str) -> Markup:
    """One horizontal stacked bar of shares (kept / changed / new), with a text label."""
    out = [
        '<svg class="share-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    x = 0.0
    for name, share, css in parts:
        w = max(0.0, share * 100)
        out.append(
            f'<rect class="{css}" x="{x:.2f}" y="0" width="{w:.2f}" height="6">'
            f"<title>{escape(name)} {share:.0%}</title></rect>"
        )
        x += w
    out.append("</svg>")
    return Markup("".join(out))
