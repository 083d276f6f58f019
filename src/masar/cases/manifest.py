"""The printed manifest of a departure list (PDF for the convoy, XLSX for logistics)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string

from masar.lib.exports import neutral_row, sheet_title


def manifest_pdf(request, departure_list, rows) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "cases/manifest.html", {"dlist": departure_list, "rows": rows}, request=request
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def manifest_xlsx(departure_list, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title("manifest"))
    sheet.append(
        neutral_row([f"{departure_list.site.name} · {departure_list.departure_date:%Y-%m-%d}"])
    )
    sheet.append(
        neutral_row(
            ["case_number", "head_of_household", "members", "destination", "transport", "nfi_kit"]
        )
    )
    for row in rows:
        household, departure = row["household"], row["departure"]
        destination = household.destination
        sheet.append(
            neutral_row(
                [
                    household.case_number,
                    row["head"].full_name if row["head"] else "",
                    row["size"],
                    destination.name if destination else "",
                    departure.transport,
                    "yes" if departure.nfi_kit else "no",
                ]
            )
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
