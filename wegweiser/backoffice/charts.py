"""Geometry of the back office's small SVG charts (horizontal bars of shares, a line of a share
over time). The templates draw them; every chart comes with a data table of the same figures."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats

# Stacked rows (label above its bar), so that the chart stays legible when a phone scales it.
LABEL_HEIGHT = 18
BAR_HEIGHT = 18
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 12
BAR_WIDTH = 280
CHART_WIDTH = 400


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    text: str
    y: int
    width: int

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 4

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def text_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 4


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    bar_width: int = BAR_WIDTH
    bar_height: int = BAR_HEIGHT
    width: int = CHART_WIDTH

    @property
    def value_x(self) -> int:
        return self.bar_width + 8


def bar_chart(shares: Sequence[Any], *, limit: int | None = None) -> BarChart:
    """One bar per share (``label``, ``percent``, ``confirmed``, ``total``), 0–100 %."""
    chosen = list(shares)[:limit] if limit else list(shares)
    bars = []
    for i, share in enumerate(chosen):
        label = share.label if len(share.label) <= 48 else share.label[:47] + "…"
        bars.append(
            Bar(
                label=label,
                percent=share.percent,
                text=f"{share.percent} % ({share.confirmed}/{share.total})",
                y=i * ROW_HEIGHT,
                width=round(BAR_WIDTH * share.percent / 100),
            )
        )
    return BarChart(bars=bars, height=max(1, len(bars) * ROW_HEIGHT))


@dataclass(frozen=True)
class Tick:
    position: int
    label: str


@dataclass(frozen=True)
class LineChart:
    points: str
    dots: list[tuple[int, int]]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = 420
    height: int = 200
    left: int = 44
    top: int = 10
    plot_width: int = 360
    plot_height: int = 150

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        return self.left + self.plot_width


def line_chart(snapshots: Sequence[Any], *, start: dt.date, end: dt.date) -> LineChart:
    """The share of confirmed offers per day between ``start`` and ``end`` (0–100 %); days
    without a snapshot break the line into segments only visually by the dots."""
    chart = LineChart(points="", dots=[], x_ticks=[], y_ticks=[])
    span = max(1, (end - start).days)

    def x(day: dt.date) -> int:
        return chart.left + round(chart.plot_width * (day - start).days / span)

    def y(percent: float) -> int:
        return chart.top + round(chart.plot_height * (1 - percent / 100))

    coordinates = []
    for snapshot in snapshots:
        percent = 100 * snapshot.confirmed / snapshot.published if snapshot.published else 0
        coordinates.append((x(snapshot.day), y(percent)))
    y_ticks = [Tick(y(p), f"{p} %") for p in (0, 25, 50, 75, 100)]
    x_ticks = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            x_ticks.append(Tick(x(month), formats.date_format(month, "M y")))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if len(x_ticks) > 7:  # every second month on a long axis
        x_ticks = x_ticks[::3]
    return LineChart(
        points=" ".join(f"{px},{py}" for px, py in coordinates),
        dots=coordinates if len(coordinates) <= 60 else [],
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )
