"""The server-drawn maps stay light whatever the boundaries loaded."""

import math

from masar.products import charts


def circle(points: int, radius: float = 1.0) -> dict:
    ring = [
        [
            44 + radius * math.cos(2 * math.pi * i / points),
            33 + radius * math.sin(2 * math.pi * i / points),
        ]
        for i in range(points)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def test_a_dense_boundary_is_simplified_to_what_shows_at_the_drawn_size():
    shapes = [charts.Shape("IQG99", "Dense", circle(20_000), 10)]

    svg = charts.choropleth(shapes, caption="c", legend_title="l", no_data="n", width=420)

    path = svg[svg.index(' d="') : svg.index('" fill')]
    assert path.count("L") < 400
    assert len(svg) < 8_000


def test_without_geometry_no_map_is_drawn():
    shapes = [charts.Shape("IQG99", "None", None, 10)]

    assert charts.choropleth(shapes, caption="c", legend_title="l", no_data="n") is None


def test_text_is_escaped_in_the_markup():
    svg = charts.bar_chart(["<b>"], [charts.Series("a&b", "#000", [3])], caption='"x"')

    assert "<b>" not in svg and "&lt;b&gt;" in svg and "a&amp;b" in svg
