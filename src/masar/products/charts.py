"""Server-rendered SVG for the public dashboard: line and bar charts, choropleth and point maps.

Hand-built rather than through vl-convert: a chart renders here in well under a millisecond
(vl-convert takes ~60 ms warm, ~0.5 s cold, per chart), the markup carries no `style`
attributes (the page's CSP forbids inline styles), and text stays text, so the browser shapes
Arabic and Kurdish labels itself. Every figure is also in the table beside the chart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from masar.core.templatetags.masar_format import num

IDP_COLOR, RETURNEE_COLOR = "#a15c00", "#0b5e55"
# A sequential scale, light to dark (ColorBrewer YlOrBr, 5 classes); "no figures" is grey.
SCALE = ["#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"]
NO_DATA = "#eeeeee"
SEVERITY_COLORS = {"high": "#b2182b", "medium": "#ef8a62", "low": "#67a9cf"}


@dataclass
class Series:
    label: str
    color: str
    values: list[float]


def _svg(width: int, height: int, label: str, body: Iterable[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'direction="ltr" font-family="sans-serif">' + "".join(body) + "</svg>"
    )


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    caption: str,
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Lines over ordered labels (round end dates), with a y axis of four ticks and a legend."""
    left, right, top_pad, bottom = 64, 36, 28, 36
    top = _nice_top(max((v for s in series for v in s.values), default=0))
    step = (width - left - right) / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return left + i * step if len(labels) > 1 else (left + width - right) / 2

    def y(v: float) -> float:
        return height - bottom - (height - top_pad - bottom) * v / top

    body = []
    for tick in range(5):
        value = top * tick / 4
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{escape(num(value))}</text>'
        )
    every = max(1, math.ceil(len(labels) / 8))
    for i, text in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            body.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 16}" font-size="11" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
    for n, s in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        body.append(
            f'<polyline fill="none" stroke="{s.color}" stroke-width="2.5" points="{points}"/>'
        )
        body.extend(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{s.color}">'
            f"<title>{escape(s.label)} {escape(labels[i])}: {escape(num(v))}</title></circle>"
            for i, v in enumerate(s.values)
        )
        body.append(
            f'<rect x="{left + n * 150}" y="6" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{left + n * 150 + 18}" y="16" font-size="12">{escape(s.label)}</text>'
        )
    return _svg(width, height, caption, body)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    caption: str,
    width: int = 640,
    unit: str = "",
) -> SafeString:
    """Horizontal grouped bars, one group per label, with the value (and `unit`, e.g. "%") at
    the end of each bar."""
    left, right, bar, gap = 170, 70, 12, 10
    group = bar * len(series) + gap
    height = 28 + group * len(labels)
    top = max((v for s in series for v in s.values), default=0) or 1
    scale = (width - left - right) / top
    body = [
        f'<rect x="{left + n * 150}" y="4" width="12" height="12" fill="{s.color}"/>'
        f'<text x="{left + n * 150 + 18}" y="14" font-size="12">{escape(s.label)}</text>'
        for n, s in enumerate(series)
    ]
    for i, text in enumerate(labels):
        y0 = 24 + i * group
        body.append(
            f'<text x="{left - 6}" y="{y0 + group / 2:.1f}" font-size="11" '
            f'text-anchor="end">{escape(text)}</text>'
        )
        for n, s in enumerate(series):
            value = s.values[i]
            yb = y0 + n * bar
            length = value * scale
            body.append(
                f'<rect x="{left}" y="{yb}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{s.color}"/><text x="{left + length + 4:.1f}" y="{yb + bar - 3}" '
                f'font-size="10">{escape(num(value))}{escape(unit)}</text>'
            )
    return _svg(width, height, caption, body)


# --- maps ---------------------------------------------------------------------------------


@dataclass
class Projection:
    """Equirectangular, shrunk in longitude by the cosine of the middle latitude (Iraq spans
    about 8° of latitude: close enough to shapes a reader recognises)."""

    west: float
    south: float
    east: float
    north: float
    width: int

    @property
    def _k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> int:
        span_x = (self.east - self.west) * self._k or 1
        return round(self.width * (self.north - self.south) / span_x)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        span_x = (self.east - self.west) * self._k or 1
        factor = self.width / span_x
        return (lon - self.west) * self._k * factor, (self.north - lat) * factor


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def projection_for(geometries: Iterable[dict[str, Any]], width: int) -> Projection | None:
    points = [p for g in geometries for ring in _rings(g) for p in ring]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return Projection(min(lons), min(lats), max(lons), max(lats), width)


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker: drop the points within `tolerance` pixels of the line through
    their neighbours (iterative, so a long official boundary cannot exhaust the stack)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, index = 0.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * (px - x1) - dx * (py - y1)) / length
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _path(geometry: dict[str, Any], project: Projection, tolerance: float = 0.75) -> str:
    """The outline as an SVG path at whole-pixel precision, simplified to what shows at this
    size: a district layer from COD-AB stays some tens of kilobytes instead of megabytes."""
    parts = []
    for ring in _rings(geometry):
        projected = [project(point[0], point[1]) for point in ring]
        points: list[tuple[int, int]] = []
        for x, y in _simplify(projected, tolerance):
            point = (round(x), round(y))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) >= 4:
            parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    return "".join(parts)


def class_breaks(values: Iterable[float], classes: int = len(SCALE)) -> list[float]:
    """Upper bounds of equal-width classes over (0, max], rounded to a nice step."""
    top = _nice_top(max(values, default=0))
    return [top * (i + 1) / classes for i in range(classes)]


def color_for(value: float | None, breaks: Sequence[float]) -> str:
    if not value:
        return NO_DATA
    for color, bound in zip(SCALE, breaks, strict=True):
        if value <= bound:
            return color
    return SCALE[-1]


@dataclass
class Shape:
    pcode: str
    name: str
    geometry: dict[str, Any] | None
    value: float | None


def choropleth(
    shapes: Sequence[Shape],
    *,
    caption: str,
    legend_title: str,
    no_data: str,
    width: int = 420,
) -> SafeString | None:
    """Areas filled by value on a five-class scale, with a legend; None without geometry."""
    with_geometry = [(s, s.geometry) for s in shapes if s.geometry]
    project = projection_for((g for _s, g in with_geometry), width)
    if project is None:
        return None
    breaks = class_breaks(s.value or 0 for s, _g in with_geometry)
    legend_y = project.height + 10
    body = [
        f'<path d="{_path(g, project)}" fill="{color_for(s.value, breaks)}" '
        f'stroke="#666" stroke-width="0.6"><title>{escape(s.name)}: '
        f"{escape(num(s.value) if s.value is not None else no_data)}</title></path>"
        for s, g in with_geometry
    ]
    body.append(f'<text x="0" y="{legend_y + 10}" font-size="11">{escape(legend_title)}</text>')
    entries = [(NO_DATA, no_data)] + [
        (color, f"{num(0 if i == 0 else breaks[i - 1])}–{num(bound)}")
        for i, (color, bound) in enumerate(zip(SCALE, breaks, strict=True))
    ]
    for i, (color, text) in enumerate(entries):
        y0 = legend_y + 18 + i * 16
        body.append(
            f'<rect x="0" y="{y0}" width="14" height="12" fill="{color}" stroke="#666" '
            f'stroke-width="0.5"/><text x="20" y="{y0 + 10}" font-size="11">{escape(text)}</text>'
        )
    return _svg(width, legend_y + 22 + 16 * len(entries), caption, body)


@dataclass
class Point:
    name: str
    lon: float
    lat: float
    value: float
    color: str


def point_map(
    outlines: Sequence[Shape],
    points: Sequence[Point],
    *,
    caption: str,
    width: int = 420,
) -> SafeString | None:
    """Points (hotspots) sized by value over the governorate outlines; None without outlines."""
    shapes = [g for g in (s.geometry for s in outlines) if g]
    project = projection_for(shapes, width)
    if project is None:
        return None
    top = max((p.value for p in points), default=0) or 1
    body = [
        f'<path d="{_path(g, project)}" fill="#f4f4f4" stroke="#999" stroke-width="0.6"/>'
        for g in shapes
    ]
    for p in points:
        x, y = project(p.lon, p.lat)
        radius = 3 + 9 * math.sqrt(p.value / top)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{p.color}" '
            f'fill-opacity="0.75" stroke="#333" stroke-width="0.5"><title>{escape(p.name)}: '
            f"{escape(num(p.value))}</title></circle>"
        )
    return _svg(width, project.height + 4, caption, body)
