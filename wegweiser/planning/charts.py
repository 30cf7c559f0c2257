"""Bar and line charts as SVG, drawn on the server. Each has a ``<title>``/``<desc>``, writes its
values next to the bars or points (so colour carries nothing alone), and the page shows the same
figures in a data table."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape

BAR = "#3182bd"
HIGHLIGHT = "#b30000"
LINE = "#08519c"


@dataclass
class Bar:
    label: str
    value: float | None
    highlight: bool = False


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def _open(ident: str, width: float, height: float, title: str, description: str) -> list[str]:
    t, d = f"{ident}-title", f"{ident}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{t} {d}" '
        'font-family="sans-serif">',
        f'<title id="{t}">{escape(title)}</title><desc id="{d}">{escape(description)}</desc>',
    ]


def bar_chart_svg(
    *,
    bars: Sequence[Bar],
    title: str,
    description: str = "",
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    benchmark: float | None = None,
    benchmark_text: str = "",
    ident: str = "bars",
    width: float = 640,
) -> str:
    """Horizontal bars, one per label; highlighted bars are red and hatched-free but marked "!"."""
    label_width, row, top = 170.0, 20.0, 8.0
    height = top + row * len(bars) + (28 if benchmark is not None else 12)
    top_value = _nice_max(max([b.value or 0 for b in bars] + [benchmark or 0]))
    plot = width - label_width - 60
    out = _open(ident, width, height, title, description)
    out.append('<g font-size="11" fill="#111">')
    for index, bar in enumerate(bars):
        y = top + index * row
        length = (bar.value or 0) / top_value * plot
        colour = HIGHLIGHT if bar.highlight else BAR
        text = fmt(bar.value) if bar.value is not None else "–"
        if bar.highlight:
            text += " !"
        name = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        out.append(
            f'<text x="{label_width - 6:.0f}" y="{y + 13:.0f}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_width:.0f}" y="{y + 3:.0f}" width="{length:.1f}" height="{row - 6:.0f}" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 13:.0f}">{escape(text)}</text>'
        )
    if benchmark is not None:
        x = label_width + benchmark / top_value * plot
        bottom = top + row * len(bars)
        out.append(
            f'<line x1="{x:.1f}" y1="{top:.0f}" x2="{x:.1f}" y2="{bottom:.0f}" stroke="#111" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{bottom + 16:.0f}" text-anchor="middle">{escape(benchmark_text)}</text>'
        )
    out.append("</g></svg>")
    return "".join(out)


def line_chart_svg(
    *,
    points: Sequence[tuple[str, float]],
    title: str,
    description: str = "",
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    ident: str = "line",
    width: float = 640,
    height: float = 220,
) -> str:
    """One line over labelled points (e.g. dates), each value written above its point."""
    left, right, top, bottom = 48.0, 44.0, 20.0, 30.0
    top_value = _nice_max(max([v for _, v in points] + [0]))
    plot_w, plot_h = width - left - right, height - top - bottom
    out = _open(ident, width, height, title, description)
    out.append('<g font-size="11" fill="#111">')
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        out.append(
            f'<line x1="{left:.0f}" y1="{y:.1f}" x2="{width - right:.0f}" y2="{y:.1f}" stroke="#999" '
            f'stroke-width="0.5"/><text x="{left - 6:.0f}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(fmt(top_value * fraction))}</text>"
        )
    coords = []
    for index, (label, value) in enumerate(points):
        x = left + (plot_w * index / max(len(points) - 1, 1))
        y = top + plot_h * (1 - value / top_value)
        coords.append((x, y))
        out.append(
            f'<text x="{x:.1f}" y="{height - 10:.0f}" text-anchor="middle">{escape(label)}</text>'
            f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-weight="bold">'
            f"{escape(fmt(value))}</text>"
        )
    if coords:
        path = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in coords)
        out.append(f'<path d="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        out.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}"/>' for x, y in coords)
    out.append("</g></svg>")
    return "".join(out)
