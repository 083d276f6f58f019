import csv
import io

import pytest
from openpyxl import load_workbook

from masar.lib.exports import csv_bytes, neutralise, sheet_title, xlsx_bytes


def test_formulas_are_neutralised_and_numbers_kept():
    assert neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutralise("-1+2") == "'-1+2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise(-5) == -5
    assert neutralise("علي") == "علي"


def test_csv_has_a_bom_a_hxl_row_and_neutralises():
    data = csv_bytes(["name", "n"], [["=cmd", 3]], hxl=["#name", "#affected"])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "n"], ["#name", "#affected"], ["'=cmd", "3"]]


def test_xlsx_round_trips_with_neutralises():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["a"], [["+1"], [2]]))).active
    assert [c.value for c in sheet["A"]] == ["a", "'+1", 2]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("=HYPERLINK(1)", "_HYPERLINK(1)"),
        ("'@x'", "_x"),
        ("a/b:c[d]", "a_b_c_d_"),
        ("", "data"),
        ("x" * 40, "x" * 31),
    ],
)
def test_sheet_titles_are_never_formulas_and_excel_accepts_them(name, title):
    assert sheet_title(name) == title
