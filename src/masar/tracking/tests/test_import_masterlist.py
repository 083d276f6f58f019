"""The master-list import: both shipped layouts, every documented refusal, nothing half-done."""

import json
from datetime import date

import pytest

from masar.geo.tests.factories import location_in
from masar.tracking.models import Figure, ImportBatch, Round

from .files import dtm_row, masar_file, masar_row, write_csv

pytestmark = pytest.mark.django_db
PERIOD = ["--round-start", "2024-01-01", "--round-end", "2024-02-29"]


@pytest.fixture
def places(geography):
    return {
        "a": location_in("IQG15Q05N01", external_id="L-1"),
        "b": location_in("IQG15Q05N01", external_id="L-2"),
    }


def run_import(run_command, path, *extra):
    code, out, err = run_command("import_masterlist", str(path), *PERIOD, *extra)
    return code, out, err


def test_a_masar_file_imports_with_totals_by_governorate(places, tmp_path, run_command):
    path = masar_file(
        tmp_path / "round.csv",
        [
            masar_row("L-1", origin="Anbar", period="aug_2014", camp=10, rented_house="1,000"),
            masar_row("L-2", population="returnee", period="", own_house="٣٤"),
        ],
    )
    code, out, _err = run_import(run_command, path, "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["rows"] == {"read": 2, "imported": 2, "rejected": 0, "warned": 0}
    assert report["totals"]["idp"]["families"] == 1010
    # 10 camp families × 5 + 1,000 families × 6
    assert report["totals"]["idp"]["individuals"] == 6050
    assert report["totals"]["returnee"]["by_governorate"] == {
        "IQG15": {"families": 34, "individuals": 204}
    }
    round_ = Round.objects.get(start_date=date(2024, 1, 1))
    assert Figure.objects.filter(round=round_).count() == 3
    camp = Figure.objects.get(shelter="camp")
    assert (camp.origin.pcode, camp.period, camp.individuals) == ("IQG01", "aug_2014", 50)


def test_the_same_file_twice_is_refused_and_counts_do_not_change(places, tmp_path, run_command):
    path = masar_file(tmp_path / "round.csv", [masar_row("L-1", camp=3)])
    assert run_import(run_command, path)[0] == 0
    code, _out, err = run_import(run_command, path)
    assert code == 2
    assert "already imported" in err
    assert Figure.objects.count() == 1
    assert list(ImportBatch.objects.values_list("outcome", flat=True).order_by("id")) == [
        "imported",
        "rejected",
    ]


@pytest.mark.parametrize(
    "row, reason",
    [
        (masar_row("L-1", camp=-3), "negative"),
        (masar_row("L-1", camp="2.5"), "not a whole number"),
        (masar_row("NEW-8", governorate="Atlantis", camp=1), "unknown governorate"),
        (masar_row("NEW-9", governorate="", camp=1), "unknown location id"),
        (masar_row("L-1", origin="Narnia", camp=1), "unknown governorate of origin"),
        (masar_row("L-1", population="tourist", camp=1), "unknown population type"),
        (masar_row("", camp=1), "missing location id"),
    ],
)
def test_a_bad_row_rejects_the_whole_file_with_row_column_and_reason(
    places, tmp_path, run_command, row, reason
):
    good = masar_row("L-2", camp=5)
    path = masar_file(tmp_path / "round.csv", [good, row])
    code, out, _err = run_import(run_command, path, "--json")
    assert code == 2
    report = json.loads(out)
    assert report["outcome"] == "rejected"
    assert report["rejected"][0]["row"] == 4  # header, HXL row, good row, then this one
    assert reason in report["rejected"][0]["reason"]
    assert not Figure.objects.exists() and not Round.objects.exists()


def test_an_unknown_spelling_gets_suggestions_and_parent_attaches_it(places, tmp_path, run_command):
    path = masar_file(
        tmp_path / "round.csv",
        [masar_row("NEW-1", governorate="Ninewa", district="Mosull City", camp=2)],
    )
    code, out, _err = run_import(run_command, path, "--json")
    assert code == 2
    assert "did you mean: Al-Mosul (IQG15Q05)" in json.loads(out)["rejected"][0]["reason"]
    code, out, _err = run_import(run_command, path, "--json", "--on-unresolved", "parent")
    assert code == 0
    report = json.loads(out)
    assert report["rows"]["warned"] == 1 and "attached to IQG15" in report["warnings"][0]["reason"]
    assert Figure.objects.get().location.area.pcode == "IQG15"


def test_dtm_spellings_resolve_through_aliases(places, tmp_path, run_command):
    path = masar_file(
        tmp_path / "round.csv",
        [
            masar_row("NEW-2", governorate="Dahuk", name="Qaryat X", camp=1),
            masar_row("NEW-3", governorate="Thi-Qar", camp=1),
        ],
    )
    assert run_import(run_command, path)[0] == 0
    governorates = set(Figure.objects.values_list("location__governorate__pcode", flat=True))
    assert governorates == {"IQG09", "IQG17"}


def test_individuals_fewer_than_families_are_refused(places, tmp_path, run_command):
    from .files import masar_header, write_csv

    header, hxl = masar_header()
    header, hxl = [*header, "Individuals"], [*hxl, "#affected+ind"]
    write_csv(tmp_path / "r.csv", [header, hxl, [*masar_row("L-1", camp=10), "9"]])
    code, out, _err = run_import(run_command, tmp_path / "r.csv", "--json")
    assert code == 2 and "fewer than families" in json.loads(out)["rejected"][0]["reason"]
    write_csv(tmp_path / "s.csv", [header, hxl, [*masar_row("L-1", camp=10, school=5), "100"]])
    assert run_import(run_command, tmp_path / "s.csv")[0] == 0
    assert sorted(Figure.objects.values_list("individuals", flat=True)) == [33, 67]


def test_a_bom_and_a_windows_1256_file_read_the_same(places, tmp_path, run_command):
    rows = [masar_row("NEW-4", governorate="نينوى", name="حي السلام", camp=1)]
    bom = masar_file(tmp_path / "bom.csv", rows, bom=True)
    assert run_import(run_command, bom, "--dry-run")[0] == 0
    windows = masar_file(tmp_path / "win.csv", rows, encoding="cp1256")
    code, out, _err = run_import(run_command, windows, "--json")
    assert code == 0, out
    assert Figure.objects.get().location.governorate.pcode == "IQG15"


def test_an_empty_file_and_a_renamed_file_are_refused(places, tmp_path, run_command):
    (tmp_path / "empty.csv").write_bytes(b"")
    code, _out, err = run_import(run_command, tmp_path / "empty.csv")
    assert code == 2 and "empty" in err
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Location ID,Camp\nL-1,3\n")
    code, _out, err = run_import(run_command, fake)
    assert code == 2 and "not an Excel workbook" in err
    assert not Figure.objects.exists()
    assert ImportBatch.objects.filter(outcome="rejected").count() == 2


def test_xlsx_files_import_like_csv(places, tmp_path, run_command):
    path = masar_file(tmp_path / "round.xlsx", [masar_row("L-1", camp=4, school=2)])
    code, out, _err = run_import(run_command, path, "--json")
    assert code == 0, out
    assert json.loads(out)["totals"]["idp"]["families"] == 6


def test_a_dry_run_validates_without_writing(places, tmp_path, run_command):
    path = masar_file(tmp_path / "round.csv", [masar_row("L-1", camp=4)])
    code, out, _err = run_import(run_command, path, "--dry-run", "--json")
    assert code == 0 and json.loads(out)["outcome"] == "dry_run"
    assert not Figure.objects.exists() and not Round.objects.exists()
    assert run_import(run_command, path)[0] == 0  # a dry run does not count as an import


def test_the_headerless_dtm_2014_layout(places, tmp_path, run_command):
    rows = [
        dtm_row(1, "P-100", subdistrict="Hammam Al-Alil", shelters=["1,000", "", "20"]),
        dtm_row(2, "P-101", origin="Salah al-Din", shelters=["", "", "", "", "٥"], date="1-5-2014"),
    ]
    path = write_csv(tmp_path / "dtm.csv", rows)
    code, out, _err = run_import(run_command, path, "--layout", "dtm-2014", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["totals"]["idp"]["families"] == 1025
    assert report["totals"]["idp"]["individuals"] == 1025 * 6  # 2014 data: six everywhere
    assert report["new_locations"] == 2
    assert set(Figure.objects.values_list("period", flat=True)) == {"aug_2014", "pre_jun_2014"}


def test_a_dtm_row_whose_total_differs_from_its_shelters_is_reported(places, tmp_path, run_command):
    rows = [dtm_row(1, "P-100", shelters=["10", "5"], total="16")]
    path = write_csv(tmp_path / "dtm.csv", rows)
    code, out, _err = run_import(run_command, path, "--layout", "dtm-2014", "--json")
    assert code == 2
    assert "total 16 ≠ sum of shelter columns 15" in json.loads(out)["rejected"][0]["reason"]
    assert not Figure.objects.exists()


def test_big_changes_and_missing_locations_warn_but_import(places, tmp_path, run_command):
    first = masar_file(tmp_path / "r1.csv", [masar_row("L-1", camp=100), masar_row("L-2", camp=50)])
    assert run_import(run_command, first)[0] == 0
    second = masar_file(tmp_path / "r2.csv", [masar_row("L-1", camp=1000)])
    code, out, _err = run_command(
        "import_masterlist", str(second), "--round-start", "2024-03-01", "--round-end",
        "2024-04-30", "--json",
    )  # fmt: skip
    assert code == 0
    kinds = {w["kind"]: w for w in json.loads(out)["warnings"]}
    assert "from 100 to 1000" in kinds["change"]["reason"]
    assert kinds["missing"]["locations"] == ["L-2"]


@pytest.mark.parametrize("who", ["case_worker", "partner", "enumerator", "government"])
def test_only_a_tracking_manager_imports_a_master_list(who, places, personas, tmp_path):
    from django.core.exceptions import PermissionDenied

    from masar.tracking.importing import Options, import_masterlist

    path = masar_file(tmp_path / "round.csv", [masar_row("L-1", camp=10)])
    options = Options(round_start=date(2024, 1, 1), round_end=date(2024, 2, 29))
    with pytest.raises(PermissionDenied):
        import_masterlist(path, options, user=personas[who])
    assert not ImportBatch.objects.exists() and not Figure.objects.exists()
    report = import_masterlist(path, options, user=personas["im_officer"])
    assert report["rows"]["imported"] == 1
