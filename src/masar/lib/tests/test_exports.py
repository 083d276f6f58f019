import csv
import io

from openpyxl import load_workbook

from masar.lib.exports import csv_bytes, safe_cell, xlsx_bytes


def test_formulas_are_neutralised_and_numbers_kept():
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("-1+2") == "'-1+2"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell(-5) == -5
    assert safe_cell("علي") == "علي"


def test_csv_has_a_bom_a_hxl_row_and_safe_cells():
    data = csv_bytes(["name", "n"], [["=cmd", 3]], hxl=["#name", "#affected"])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "n"], ["#name", "#affected"], ["'=cmd", "3"]]


def test_xlsx_round_trips_with_safe_cells():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["a"], [["+1"], [2]]))).active
    assert [c.value for c in sheet["A"]] == ["a", "'+1", 2]
