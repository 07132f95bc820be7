"""Small SVG charts drawn on the server: markup built from numbers, with every text escaped.

A chart carries its rows too, so the template shows them as a table for screen readers (the
drawing itself is hidden from them). Colours are not set here: bars and labels carry classes
that ``static/css/site.css`` fills from the theme's custom properties, so one drawing is right
in the light and the dark theme alike. No attribute holds a style, which the site's
Content-Security-Policy would refuse.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

Number = int | float


@dataclass(frozen=True)
class Chart:
    """A drawn chart, and the numbers behind it for its text table."""

    title: str
    label_heading: str   # the table's first column: "Month", "Rating"...
    value_heading: str   # its second: "Reviews", "Readers"...
    rows: tuple[tuple[str, Number], ...]
    svg: Markup


def number_text(value: Number) -> str:
    """A value as a chart prints it: whole numbers plainly, others to one decimal place."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def scale(value: Number, largest: Number, length: float) -> float:
    """The drawn length of ``value`` when ``largest`` fills ``length``; at least a sliver
    for anything above zero, so a small count stays visible."""
    if largest <= 0 or value <= 0:
        return 0.0
    return max(1.5, round(value / largest * length, 1))


def clipped(label: str, most: int) -> str:
    """A label cut to ``most`` characters with an ellipsis (the table keeps it whole)."""
    return label if len(label) <= most else label[:max(1, most - 1)].rstrip() + "…"


def _svg(width: float, height: float, kind: str, parts: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart chart--{kind}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>')


def _text(x: float, y: float, text: str, css: str, anchor: str = "middle") -> str:
    return (f'<text class="{css}" x="{x:g}" y="{y:g}" text-anchor="{anchor}">'
            f'{escape(text)}</text>')


def column_chart(rows, *, title: str, label_heading: str, value_heading: str,
                 short_labels=None, width: int = 440, height: int = 200) -> Chart:
    """Vertical bars, one per row, left to right (months of a year, say), each with its
    value above it and its label (or ``short_labels``' entry) below."""
    rows = tuple((str(label), value) for label, value in rows)
    short = [str(s) for s in short_labels] if short_labels is not None else [
        label for label, _ in rows]
    top, bottom, side = 22, 26, 4
    plot = height - top - bottom
    slot = (width - 2 * side) / max(1, len(rows))
    bar = slot * 0.64
    largest = max((value for _, value in rows), default=0)
    parts = [f'<line class="chart__axis" x1="{side}" y1="{height - bottom}" '
             f'x2="{width - side}" y2="{height - bottom}"/>']
    for index, ((_, value), label) in enumerate(zip(rows, short)):
        length = scale(value, largest, plot)
        x = side + index * slot + (slot - bar) / 2
        middle = round(x + bar / 2, 1)
        if length:
            parts.append(f'<rect class="chart__bar" x="{x:.1f}" y="{height - bottom - length:.1f}"'
                         f' width="{bar:.1f}" height="{length:.1f}" rx="2"/>')
        parts.append(_text(middle, height - bottom - length - 6, number_text(value),
                           "chart__value"))
        parts.append(_text(middle, height - 8, label, "chart__label"))
    return Chart(title, label_heading, value_heading, rows, _svg(width, height, "columns", parts))


def bar_chart(rows, *, title: str, label_heading: str, value_heading: str,
              width: int = 440, bar_height: int = 20, label_width: int = 130) -> Chart:
    """Horizontal bars, one per row, top to bottom, the label on the left and the value at
    the end of its bar."""
    rows = tuple((str(label), value) for label, value in rows)
    gap, value_room = 6, 48
    height = max(1, len(rows)) * (bar_height + gap) + gap
    plot = width - label_width - value_room
    largest = max((value for _, value in rows), default=0)
    parts = [f'<line class="chart__axis" x1="{label_width}" y1="0" x2="{label_width}" '
             f'y2="{height}"/>']
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        middle = y + bar_height / 2 + 5
        length = scale(value, largest, plot)
        parts.append(_text(label_width - 8, middle, clipped(label, label_width // 8),
                           "chart__label", "end"))
        if length:
            parts.append(f'<rect class="chart__bar" x="{label_width}" y="{y}" '
                         f'width="{length:.1f}" height="{bar_height}" rx="2"/>')
        parts.append(_text(label_width + length + 6, middle, number_text(value),
                           "chart__value", "start"))
    return Chart(title, label_heading, value_heading, rows, _svg(width, height, "bars", parts))


def half_star_label(halves: int) -> str:
    """A half-step rating as words for a chart's label: 7 is "3.5 stars", 2 "1 star"."""
    stars = halves / 2
    return f"{stars:g} star" + ("" if stars == 1 else "s")


def ratings_chart(histogram, *, title: str, value_heading: str, **options) -> Chart:
    """The ten half-star steps, five stars first, as horizontal bars."""
    rows = [(half_star_label(halves), histogram[halves - 1]) for halves in range(10, 0, -1)]
    options.setdefault("label_width", 90)
    return bar_chart(rows, title=title, label_heading="Rating", value_heading=value_heading,
                     **options)
