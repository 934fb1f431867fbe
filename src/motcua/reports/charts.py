"""Server-rendered SVG charts (biểu đồ) for the dashboards and the public statistics page.

No JavaScript and no style attributes: colours, sizes and fonts are SVG presentation attributes, which the
Content-Security-Policy (style-src 'self') allows. Every chart scales to its container through its viewBox, so
it fits a 360 px phone, carries a <title> and <desc> for screen readers, and each point or bar is a link to the
dossiers behind it. The pages print the same numbers in a table next to the chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Colours chosen to stay distinguishable for the common colour-vision deficiencies (Okabe–Ito palette) and to
# keep a contrast ratio of at least 3:1 on white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9")
INK = "#1b1b1b"
GRID = "#c9ced6"
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Point:
    """One value of a series: its category label, its value (None = no data), the link to its dossiers."""

    label: str
    value: float | None
    href: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point]


def _f(value: float) -> str:
    """A coordinate with one decimal: enough for a 640-unit drawing, and short."""
    return f"{value:.1f}"


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.1f}%".replace(".", ",")
    return f"{value:,.0f}".replace(",", ".")


def _scale_max(values: list[float], percent: bool) -> float:
    """A round top for the value axis: 100 for rates, else the next 1, 2 or 5 × 10ⁿ above the largest value."""
    if percent:
        return 100.0
    top = max(values, default=0.0)
    if top <= 0:
        return 1.0
    magnitude = 1.0
    while magnitude * 10 <= top:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= top:
            return step * magnitude
    return 10 * magnitude


def _linked(href: str, content: SafeString, label: str = "") -> SafeString:
    """A link around a mark; a mark without visible text is named for screen readers (its <title> is a tooltip)."""
    if not href:
        return content
    if label:
        return format_html('<a href="{}" aria-label="{}">{}</a>', href, label, content)
    return format_html('<a href="{}">{}</a>', href, content)


def line_chart(series: Sequence[Series], *, title: str, description: str, percent: bool = False) -> SafeString:
    """Values over ordered categories (months): one polyline per series, a circle (a link) per known value."""
    labels = [point.label for point in series[0].points] if series else []
    width, height = 640, 300
    left, right, top, bottom = 56, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for s in series for p in s.points if p.value is not None]
    y_max = _scale_max(values, percent)
    step = plot_w / max(len(labels) - 1, 1)

    def x(index: int) -> float:
        return left + (index * step if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (value / y_max) * plot_h

    parts = [_axes(width, height, left, top, plot_w, plot_h, y_max, percent)]
    for index, label in enumerate(labels):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" transform="rotate(-40 {} {})">{}</text>',
                _f(x(index)),
                top + plot_h + 16,
                _f(x(index)),
                top + plot_h + 16,
                label,
            )
        )
    for number, one in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        known = [(i, p) for i, p in enumerate(one.points) if p.value is not None]
        if len(known) > 1:
            path = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in known)
            parts.append(
                format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>', path, colour)
            )
        for i, point in known:
            label = f"{one.name} – {point.label}: {_number(point.value, percent)}"
            dot = format_html(
                '<circle cx="{}" cy="{}" r="6" fill="{}" stroke="#fff" stroke-width="1.5"><title>{}</title></circle>',
                _f(x(i)),
                _f(y(point.value)),
                colour,
                label,
            )
            parts.append(_linked(point.href, dot, label))
    parts.append(_legend(series, left, height - 14))
    linked = any(point.href for one in series for point in one.points)
    return _svg(width, height, title, description, parts, linked)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, percent: bool = False) -> SafeString:
    """Horizontal bars, one per category (unit, field), labelled above the bar so long Vietnamese names fit a phone."""
    width, row = 640, 44
    left, right, top = 8, 72, 8
    height = top + row * max(len(bars), 1) + 8
    plot_w = width - left - right
    top_value = _scale_max([bar.value for bar in bars], percent)
    parts = []
    for index, bar in enumerate(bars):
        y0 = top + index * row
        length = max(plot_w * bar.value / top_value, 1.0) if bar.value else 0.0
        shape = format_html(
            '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>'
            '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
            left,
            y0 + 14,
            INK,
            bar.label,
            left,
            y0 + 20,
            _f(length),
            PALETTE[0],
            _f(left + length + 6),
            y0 + 33,
            INK,
            _number(bar.value, percent),
        )
        parts.append(_linked(bar.href, shape))
    return _svg(width, height, title, description, parts, any(bar.href for bar in bars))


def _axes(width, height, left, top, plot_w, plot_h, y_max, percent) -> SafeString:
    ticks = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h - fraction * plot_h
        ticks.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>',
                left,
                _f(y),
                left + plot_w,
                _f(y),
                GRID,
                left - 6,
                _f(y + 4),
                _number(y_max * fraction, percent),
            )
        )
    return mark_safe("".join(ticks))  # each part was escaped by format_html


def _legend(series: Sequence[Series], x: int, y: int) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" font-size="13">{}</text>',
        (
            (x + number * 200, y - 10, PALETTE[number % len(PALETTE)], x + number * 200 + 16, y, one.name)
            for number, one in enumerate(series)
        ),
    )


def _svg(width: int, height: int, title: str, description: str, parts: list[SafeString], linked: bool) -> SafeString:
    """The drawing: an image for assistive technologies, or a group when its marks are links (an image's content
    is not announced, so links inside it would be lost)."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="100%" role="{}" '
        'aria-label="{}" font-family="{}" fill="{}"><title>{}</title><desc>{}</desc>{}</svg>',
        width,
        height,
        "group" if linked else "img",
        title,
        FONT,
        INK,
        title,
        description,
        mark_safe("".join(parts)),  # each part was escaped by format_html
    )
