"""The round report: one PDF per released round and language, printed by WeasyPrint.

Every figure comes from the dashboard's own sections (`sections.dashboard_sections`, reading
`public` through `tables`), so the PDF says what the public page said for that round; the
charts and maps are the page's SVG. Arabic is set right to left in Noto Naskh Arabic, found
through fontconfig (Debian's `fonts-noto-core`) and embedded by WeasyPrint: nothing is fetched
while printing (the URL fetcher reads data: URLs only).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from masar.tracking.models import Round

from . import public
from .sections import dashboard_sections

LANGUAGES = ("en", "ar")
# Print CSS kept out of the template, so no template carries inline style (strict CSP pages).
STYLESHEET = Path(__file__).parent / "static" / "products" / "report.css"
RTL = frozenset({"ar", "ckb"})
# fontconfig families: Noto Naskh Arabic for Arabic script, Noto Sans (then DejaVu) for Latin.
FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
    "en": '"Noto Sans", "DejaVu Sans", "Noto Naskh Arabic", sans-serif',
}


_SIZE = re.compile(r'width="(\d+)" height="(\d+)"')


def _for_print(svg: SafeString | None, language: str) -> SafeString | None:
    """The page's SVG as the report prints it, in the report's fonts.

    WeasyPrint sets SVG text letter by letter, which leaves Arabic script unjoined: in a right
    to left report each chart is drawn by resvg (vl-convert, which shapes Arabic) into a PNG at
    twice its size. Every figure of a chart is also in the table under it, as text."""
    if svg is None:
        return None
    # Family names unquoted: resvg reads a quoted name in the attribute as another family.
    fonts = FONTS.get(language, FONTS["en"]).replace('"', "")
    svg = svg.replace('font-family="sans-serif"', f'font-family="{fonts}"', 1)
    if language not in RTL:
        return mark_safe(svg)
    import vl_convert

    png = base64.b64encode(vl_convert.svg_to_png(svg, scale=2)).decode("ascii")
    size = _SIZE.search(svg)
    # Printed at the SVG's own size (the PNG has twice its pixels), shrunk to the column.
    width = f' style="width: {size.group(1)}px"' if size else ""
    label = re.search(r'aria-label="([^"]*)"', svg)
    alt = label.group(1) if label else ""
    return mark_safe(f'<img src="data:image/png;base64,{png}"{width} alt="{alt}">')


def report_context(round_: Round, language: str) -> dict[str, Any]:
    """What the report template shows, in the active language."""
    sections = dashboard_sections(round_, series_until=round_.end_date)
    for key in ("series_chart", "shelter_chart", "governorate_map", "district_map"):
        sections[key] = _for_print(sections.get(key), language)
    for panel in sections["severity_panels"]:
        panel["chart"] = _for_print(panel["chart"], language)
        panel["map"] = _for_print(panel["map"], language)
    methodologies = [p["methodology"] for p in public.severity_panels(round_)]
    totals = public.national_totals(round_)
    return {
        "round": round_,
        "previous": public.previous_released_round(round_),
        "language": language,
        "direction": "rtl" if language in RTL else "ltr",
        "key_figures": {p: totals[p] for p in public.POPULATIONS},
        "methodologies": methodologies,
        "publisher": settings.MASAR["RELEASE_PUBLISHER"],
        "license": settings.MASAR["RELEASE_LICENSE"],
        "generated_at": timezone.now(),
        **sections,
    }


def render_report(round_: Round, language: str) -> bytes:
    """The round's report as a PDF in `language` (the caller checks the round is released)."""
    import weasyprint  # Pango and Cairo load at first use: keep them out of every web request.
    from weasyprint.urls import URLFetcher

    with translation.override(language):
        html = render_to_string("products/report.html", report_context(round_, language))
    # The charts of a right-to-left report are data: URLs; nothing else is ever fetched.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url="/")
    fonts = weasyprint.CSS(string=f"html {{ font-family: {FONTS.get(language, FONTS['en'])}; }}")
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=STYLESHEET), fonts])
