"""Small server-rendered SVG line charts: no JavaScript, no download, readable in print."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Line:
    label: str
    color: str
    points: list[tuple[str, float]]


def line_chart(lines: list[Line], *, width: int = 640, height: int = 240) -> dict:
    """Return coordinates for `tracking/_chart.html`: polylines, x labels and the y maximum."""
    labels = sorted({x for line in lines for x, _y in line.points})
    top = max((y for line in lines for _x, y in line.points), default=0) or 1
    pad = 40
    step = (width - 2 * pad) / max(1, len(labels) - 1)
    position = {x: pad + i * step for i, x in enumerate(labels)}

    def y_of(value: float) -> float:
        return height - pad - (height - 2 * pad) * value / top

    return {
        "width": width,
        "height": height,
        "top": top,
        "pad": pad,
        "lines": [
            {
                "label": line.label,
                "color": line.color,
                "points": " ".join(f"{position[x]:.1f},{y_of(y):.1f}" for x, y in line.points),
            }
            for line in lines
        ],
        "labels": [{"x": position[x], "text": x} for x in labels],
        "axis_y": height - pad,
    }
