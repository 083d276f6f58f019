"""The printed manifest of a departure list (PDF for the convoy, XLSX for logistics)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string

from masar.lib.exports import safe_cell


def manifest_pdf(request, departure_list, rows) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "cases/manifest.html", {"dlist": departure_list, "rows": rows}, request=request
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def manifest_xlsx(departure_list, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("manifest")
    sheet.append([f"{departure_list.site.name} · {departure_list.departure_date:%Y-%m-%d}"])
    sheet.append(
        ["case_number", "head_of_household", "members", "destination", "transport", "nfi_kit"]
    )
    for row in rows:
        household, departure = row["household"], row["departure"]
        destination = household.destination
        sheet.append(
            [
                household.case_number,
                safe_cell(row["head"].full_name if row["head"] else ""),
                row["size"],
                safe_cell(destination.name if destination else ""),
                safe_cell(departure.transport),
                "yes" if departure.nfi_kit else "no",
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
