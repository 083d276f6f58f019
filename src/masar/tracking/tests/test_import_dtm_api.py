"""The DTM API import: CSV (with an HXL row) and JSON, totals reproduced, mismatches flagged."""

import csv
import json
import random

import pytest

from masar.geo.models import AdminArea
from masar.tracking.models import AreaFigure, ImportBatch, Round
from masar.tracking.queries import area_figures, national_series

pytestmark = pytest.mark.django_db
COLUMNS = [
    "id", "operation", "admin0Name", "admin0Pcode", "admin1Name", "admin1Pcode", "admin2Name",
    "admin2Pcode", "numPresentIdpInd", "reportingDate", "yearReportingDate",
    "monthReportingDate", "roundNumber", "assessmentType",
]  # fmt: skip
DATES = [("2023-03-31", 128), ("2023-06-30", 129), ("2023-09-30", 129)]


def dtm_code(pcode: str) -> str:
    """DTM's API writes P-code IQG16Q03 as IRQ-G16Q03."""
    return "IRQ-" + pcode[2:]


def synthetic_records(seed: int = 7, mismatch_on: str | None = None) -> tuple[list[dict], dict]:
    """Country, governorate and district records for three reporting dates whose sums agree,
    except the country figure of `mismatch_on`, which is off by 1,234."""
    rng = random.Random(seed)
    districts = list(AdminArea.objects.filter(level=2).select_related("parent"))
    records, countries = [], {}
    for reported_on, number in DATES:
        base = {
            "operation": "Iraq", "admin0Name": "Iraq", "admin0Pcode": "IRQ",
            "reportingDate": f"{reported_on}T00:00:00", "yearReportingDate": reported_on[:4],
            "monthReportingDate": str(int(reported_on[5:7])), "roundNumber": str(number),
            "assessmentType": "BA",
        }  # fmt: skip
        by_governorate: dict[AdminArea, int] = {}
        for district in districts:
            value = rng.randint(0, 30_000)
            by_governorate[district.parent] = by_governorate.get(district.parent, 0) + value
            records.append(
                {**base, "admin1Name": district.parent.name_en,
                 "admin1Pcode": dtm_code(district.parent.pcode), "admin2Name": district.name_en,
                 "admin2Pcode": dtm_code(district.pcode), "numPresentIdpInd": str(value)}
            )  # fmt: skip
        for governorate, value in by_governorate.items():
            records.append(
                {**base, "admin1Name": governorate.name_en,
                 "admin1Pcode": dtm_code(governorate.pcode), "admin2Name": "", "admin2Pcode": "",
                 "numPresentIdpInd": str(value)}
            )  # fmt: skip
        country = sum(by_governorate.values())
        countries[reported_on] = country
        published = country + (1234 if reported_on == mismatch_on else 0)
        records.append(
            {**base, "admin1Name": "", "admin1Pcode": "", "admin2Name": "", "admin2Pcode": "",
             "numPresentIdpInd": str(published)}
        )  # fmt: skip
    for index, record in enumerate(records, start=1):
        record["id"] = str(index)
    return records, countries


def write_csv_export(path, records, hxl=True):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        if hxl:
            handle.write("#id,,#country+name,#country+code,#adm1+name,#adm1+code,#adm2+name,")
            handle.write("#adm2+code,#affected+idps+ind,#date+reported,,,,\r\n")
        writer.writerows(records)
    return path


def test_a_multi_round_csv_reproduces_country_totals_and_flags_the_mismatch(
    personas, tmp_path, run_command
):
    records, countries = synthetic_records(mismatch_on="2023-06-30")
    path = write_csv_export(tmp_path / "dtm.csv", records)
    code, out, err = run_command("import_dtm_api", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["rows"] == {"read": len(records), "imported": len(records), "rejected": 0}
    assert report["mismatches"] == ["2023-06-30"]
    by_date = {p["reporting_date"]: p for p in report["periods"]}
    assert [by_date[d]["round_number"] for d, _ in DATES] == [128, 129, 129]
    for reported_on, total in countries.items():
        period = by_date[reported_on]
        assert period["governorate_sum"] == total
        assert period["district_sum"] == total
        expected_country = total + (1234 if reported_on == "2023-06-30" else 0)
        assert period["country"] == expected_country
        assert period["mismatch"] is (reported_on == "2023-06-30")
    # The rounds are keyed by reporting date; two dates share DTM's round number 129.
    assert Round.objects.filter(number=129).count() == 2
    assert AreaFigure.objects.count() == len(records)
    round_ = Round.objects.get(end_date="2023-03-31")
    (country,) = area_figures(round_, 0, personas["im_officer"], "idp")
    assert country["individuals"] == countries["2023-03-31"]
    series = {s["date"].isoformat(): s for s in national_series(personas["im_officer"])}
    assert series["2023-09-30"]["individuals"] == countries["2023-09-30"]
    assert series["2023-09-30"]["status"] == "draft"
    # Imported rounds are drafts: nobody outside the IM unit sees them before publication.
    assert national_series(personas["case_worker"]) == []


def test_the_json_envelope_and_a_plain_list_both_import(geography, tmp_path, run_command):
    records, _ = synthetic_records(seed=3)
    enveloped = tmp_path / "dtm.json"
    enveloped.write_text(json.dumps({"isSuccess": True, "result": records[:200]}))
    code, out, err = run_command("import_dtm_api", str(enveloped), "--json")
    assert code == 0, err
    assert json.loads(out)["rows"]["imported"] == 200
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(records))
    code, out, err = run_command("import_dtm_api", str(listed))
    assert code == 0, err
    assert "MISMATCH" not in out
    assert AreaFigure.objects.filter(area__level=0).count() == len(DATES)


def test_the_same_file_twice_is_refused(geography, tmp_path, run_command):
    records, _ = synthetic_records()
    path = write_csv_export(tmp_path / "dtm.csv", records, hxl=False)
    assert run_command("import_dtm_api", str(path))[0] == 0
    before = AreaFigure.objects.count()
    code, out, _ = run_command("import_dtm_api", str(path))
    assert code == 2
    assert "already been imported" in out
    assert AreaFigure.objects.count() == before


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"admin2Pcode": "IRQ-G99Q01"}, "admin2Pcode", "unknown area"),
        ({"numPresentIdpInd": "-5"}, "numPresentIdpInd", "negative number"),
        ({"reportingDate": "last spring"}, "reportingDate", "not a date"),
        ({"numPresentIdpInd": ""}, "numPresentIdpInd", "missing required field"),
    ],
)
def test_a_bad_row_rejects_the_whole_file(geography, tmp_path, run_command, change, column, reason):
    records, _ = synthetic_records()
    records[5].update(change)
    path = write_csv_export(tmp_path / "dtm.csv", records)
    code, out, _ = run_command("import_dtm_api", str(path), "--json")
    assert code == 2
    report = json.loads(out)
    assert report["rejected"][0]["row"] == 8  # header, HXL row, then the sixth record
    assert report["rejected"][0]["column"] == column
    assert reason in report["rejected"][0]["reason"]
    assert AreaFigure.objects.count() == 0
    assert Round.objects.count() == 0
    assert ImportBatch.objects.get().outcome == "rejected"


def test_a_file_that_is_not_a_dtm_export_is_refused(geography, tmp_path, run_command):
    path = tmp_path / "other.csv"
    path.write_text("name,count\nMosul,3\n")
    code, out, _ = run_command("import_dtm_api", str(path))
    assert code == 2
    assert "Not a DTM API export" in out
    empty = tmp_path / "empty.json"
    empty.write_text('{"result": []}')
    code, out, _ = run_command("import_dtm_api", str(empty))
    assert code == 2
    assert "no records" in out


def test_a_dry_run_writes_nothing(geography, tmp_path, run_command):
    records, _ = synthetic_records()
    path = write_csv_export(tmp_path / "dtm.csv", records)
    code, out, _ = run_command("import_dtm_api", str(path), "--dry-run", "--json")
    assert code == 0
    assert json.loads(out)["outcome"] == "dry_run"
    assert AreaFigure.objects.count() == 0
