"""Releasing a published round: files, data package, HXL rows, the log, and corrections."""

import csv
import hashlib
import io
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import frictionless
import hxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from masar.cases.tests.factories import register
from masar.geo.tests.factories import location_in, site_in
from masar.indices import actions as index_actions
from masar.indices.tests.factories import answer_all, answered_locations, random_picker
from masar.products.actions import ReleaseRefused, release_round
from masar.products.models import ImmutableError, Release
from masar.products.suppression import WITHHELD
from masar.tracking.models import Figure, Round
from masar.tracking.tests.factories import release as publish

from .attacker import feasible_ranges, narrowest

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases_dir(tmp_path, settings):
    settings.MASAR = {**settings.MASAR, "RELEASES_DIR": tmp_path / "releases"}
    return tmp_path / "releases"


@pytest.fixture
def round_(personas):
    """A round with figures in Ninewa, Anbar and Dohuk and index results, published."""
    round_ = Round.objects.create(start_date=date(2024, 5, 1), end_date=date(2024, 6, 30))
    places = [location_in("IQG15Q05N01"), location_in("IQG01Q01N01"), location_in("IQG16Q01N01")]
    Figure.objects.bulk_create(
        [
            Figure(round=round_, location=places[0], population_type="idp", shelter="camp",
                   families=120, individuals=600, origin=places[1].governorate,
                   period="aug_2014"),
            Figure(round=round_, location=places[0], population_type="idp",
                   shelter="rented_house", families=3, individuals=14),
            Figure(round=round_, location=places[1], population_type="returnee",
                   shelter="own_house", families=400, individuals=2300, period="post_mar_2016"),
            Figure(round=round_, location=places[2], population_type="idp", shelter="school",
                   families=2, individuals=9),
        ]
    )  # fmt: skip
    answered_locations(round_, count=4)  # no figures: no index results (not described)
    answer_all(round_, places, "return-index", random_picker(1))
    answer_all(round_, places, "displacement-index", random_picker(2))
    index_actions.compute_indices(round_)
    return publish(round_, personas["im_officer"])


@pytest.fixture
def cases(personas):
    """3 households registered at a Ninewa site, 9 at another."""
    worker = personas["case_worker"]
    for name, count in (("Camp A", 3), ("Camp B", 9)):
        site = site_in("IQG15Q05N01", name=name)
        for _ in range(count):
            register(worker, site=site)


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_a_release_writes_tables_a_data_package_and_hdx_metadata(
    round_, cases, personas, releases_dir
):
    release = release_round(personas["im_officer"], round_, note="First release.")

    folder = Path(release.folder)
    names = {path.name for path in folder.iterdir()}
    for table in ("admin1_population", "admin2_population", "location_population",
                  "admin1_idp_origin", "admin1_period", "admin2_idp_origin", "admin2_period",
                  "return_index_by_location",
                  "cases_pipeline", "cases_durability"):  # fmt: skip
        assert {f"{table}.csv", f"{table}.xlsx"} <= names
    assert {"datapackage.json", "hdx_dataset.json"} <= names
    admin1 = {row[0]: row for row in _rows(folder / "admin1_population.csv")[2:]}
    header = _rows(folder / "admin1_population.csv")[0]
    assert admin1["IQG15"][header.index("idp_individuals")] == "614"
    assert admin1["IQG15"][header.index("idp_individuals_camp")] == "600"
    origin = _rows(folder / "admin2_idp_origin.csv")
    by_origin = {(row[3], row[origin[0].index("origin_adm1_pcode")]): row for row in origin[2:]}
    assert by_origin[("IQG15Q05", "IQG01")][origin[0].index("idp_individuals")] == "600"
    assert by_origin[("IQG15Q05", "")][origin[0].index("idp_individuals")] == "14"
    # Master-list figures are published whole, small ones too (DTM's practice).
    assert admin1["IQG16"][header.index("idp_families")] == "2"


def test_every_file_in_the_log_has_the_checksum_of_the_file_written(
    round_, cases, personas, releases_dir
):
    release = release_round(personas["im_officer"], round_, note="First release.")

    logged = {f.name: (f.sha256, f.size) for f in release.files.all()}
    on_disk = {
        path.name: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size)
        for path in Path(release.folder).iterdir()
    }
    assert logged == on_disk
    assert release.created_by == personas["im_officer"] and release.created_at


def test_frictionless_validates_the_release(round_, cases, personas, releases_dir):
    release = release_round(personas["im_officer"], round_, note="First release.")

    report = frictionless.validate(str(Path(release.folder) / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    package = json.loads((Path(release.folder) / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-IGO-3.0"
    assert package["sources"] and package["contributors"]


def test_the_frictionless_command_line_validates_the_release(round_, cases, personas, releases_dir):
    import subprocess
    import sys

    command = Path(sys.executable).parent / "frictionless"
    if not command.exists():
        pytest.skip("the frictionless command is not installed beside this Python")
    release = release_round(personas["im_officer"], round_, note="First release.")

    done = subprocess.run(
        [str(command), "validate", "datapackage.json"],
        cwd=release.folder, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_libhxl_reads_the_hashtag_row_of_every_table(round_, cases, personas, releases_dir):
    release = release_round(personas["im_officer"], round_, note="First release.")

    for path in Path(release.folder).glob("*.csv"):
        data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
        tags = [column.display_tag for column in data.columns]
        assert all(tag and tag.startswith("#") for tag in tags), path.name
        assert _rows(path)[1] == tags
        list(data)  # every row parses
    admin1 = hxl.data(
        str(Path(release.folder) / "admin1_population.csv"), hxl.InputOptions(allow_local=True)
    )
    values = {row.get("#adm1+code"): row.get("#affected+ind+idps") for row in admin1}
    assert values["IQG15"] == "614"


def test_case_counts_are_withheld_so_no_small_cell_can_be_worked_out(
    round_, cases, personas, releases_dir
):
    release = release_round(personas["im_officer"], round_, note="First release.")

    rows = _rows(Path(release.folder) / "cases_pipeline.csv")
    header, body = rows[0], rows[2:]
    ninewa = next(row for row in body if row[0] == "IQG15")
    # 12 households registered in Ninewa: not small, published; none in other states.
    assert ninewa[header.index("households_registered")] == "12"
    grid = [[WITHHELD if v == WITHHELD else int(v) for v in row[2:]] for row in body]
    assert all(value == WITHHELD or value == 0 or value >= 5 for row in grid for value in row)
    assert narrowest(feasible_ranges([grid])) >= 5


def test_an_unpublished_round_is_refused(personas, releases_dir):
    draft = Round.objects.create(start_date=date(2023, 1, 1), end_date=date(2023, 2, 28))

    with pytest.raises(ReleaseRefused):
        release_round(personas["im_officer"], draft, note="")
    assert not Release.objects.exists()


def test_a_round_under_embargo_is_refused_until_the_day(round_, personas, releases_dir):
    Round.objects.filter(pk=round_.pk).update(embargo_until=date(2030, 1, 1))
    round_.refresh_from_db()
    with pytest.raises(ReleaseRefused, match="embargo"):
        release_round(personas["im_officer"], round_, note="")
    assert not Release.objects.exists()
    with time_machine.travel(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False):
        release_round(personas["im_officer"], round_, note="")
    assert Release.objects.count() == 1


def test_only_tracking_managers_release(round_, personas, releases_dir):
    with pytest.raises(PermissionDenied):
        release_round(personas["case_worker"], round_, note="")


def test_a_release_is_immutable(round_, cases, personas, releases_dir):
    release = release_round(personas["im_officer"], round_, note="First release.")

    release.note = "Something else."
    with pytest.raises(ImmutableError):
        release.save()
    with pytest.raises(ImmutableError):
        release.delete()
    file = release.files.first()
    file.sha256 = "0" * 64
    with pytest.raises(ImmutableError):
        file.save()
    with pytest.raises(ImmutableError):
        Release.objects.filter(pk=release.pk).update(note="Something else.")
    with pytest.raises(ImmutableError):
        release.files.all().delete()
    assert Release.objects.get(pk=release.pk).note == "First release."


def test_a_correction_says_what_changed_and_keeps_small_cells_hidden_across_releases(
    round_, cases, personas, releases_dir
):
    first = release_round(personas["im_officer"], round_, note="First release.")
    with pytest.raises(ReleaseRefused):
        release_round(personas["im_officer"], round_, note="")
    # Between the two releases the registry grows: 2 households at a third site, and a
    # location's figure is corrected.
    for _ in range(2):
        register(personas["case_worker"], site=site_in("IQG15Q05N01", name="Camp C"))
    Figure.objects.filter(round=round_, shelter="school").update(families=4, individuals=21)

    second = release_round(personas["im_officer"], round_, note="Corrected a school's count.")

    assert second.number == 2 and second.supersedes == first
    assert second.note == "Corrected a school's count."
    assert "admin1_population.csv" in second.changes["changed"]
    assert "cases_pipeline.csv" in second.changes["changed"]
    assert "return_index_by_location.csv" not in second.changes["changed"]
    assert Path(first.folder) != Path(second.folder) and Path(first.folder).exists()
    hdx = json.loads((Path(second.folder) / "hdx_dataset.json").read_text())
    assert "Corrected a school's count." in hdx["notes"]
    # The attacker holds both releases and knows which counts changed.
    grids = []
    for release in (first, second):
        body = _rows(Path(release.folder) / "cases_pipeline.csv")[2:]
        grids.append([[WITHHELD if v == WITHHELD else int(v) for v in row[2:]] for row in body])
    truth = [release.protection["cases_pipeline"]["grid"] for release in (first, second)]
    unchanged = {
        (i, j)
        for i, row in enumerate(truth[0])
        for j, value in enumerate(row)
        if truth[1][i][j] == value
    }
    assert truth[0][-1][-1] != truth[1][-1][-1], "the two releases have different totals"
    assert narrowest(feasible_ranges(grids, [unchanged])) >= 5


def test_the_command_releases_a_round_and_refuses_a_draft(
    round_, cases, personas, releases_dir, tmp_path
):
    out = io.StringIO()
    call_command(
        "release_round", str(round_.uid), "--user", "im", "--note", "First.",
        "--output", str(tmp_path / "hdx"), stdout=out,
    )  # fmt: skip
    assert "release 1" in out.getvalue()
    assert (tmp_path / "hdx" / "hdx_dataset.json").exists()
    hdx = json.loads((tmp_path / "hdx" / "hdx_dataset.json").read_text())
    for field in ("title", "name", "notes", "dataset_source", "methodology", "license_id",
                  "caveats", "groups", "tags", "dataset_date", "data_update_frequency",
                  "maintainer", "owner_org"):  # fmt: skip
        assert hdx[field], field
    assert hdx["groups"] == [{"name": "irq"}]
    draft = Round.objects.create(start_date=date(2023, 1, 1), end_date=date(2023, 2, 28))
    with pytest.raises(CommandError) as refused:
        call_command("release_round", str(draft.uid), "--user", "im", "--note", "x")
    assert refused.value.returncode == 2
    shutil.rmtree(tmp_path / "hdx")


def test_a_file_altered_after_release_fails_validation(round_, cases, personas, releases_dir):
    release = release_round(personas["im_officer"], round_, note="First release.")
    path = Path(release.folder) / "admin1_population.csv"
    path.write_bytes(path.read_bytes().replace(b"614", b"641"))

    report = frictionless.validate(str(Path(release.folder) / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {error[0] for error in report.flatten(["type"])}


def test_location_tables_are_left_out_when_the_settings_say_so(
    round_, cases, personas, releases_dir, settings
):
    settings.MASAR = {**settings.MASAR, "RELEASE_LOCATIONS": False}

    release = release_round(personas["im_officer"], round_, note="Admin levels only.")

    names = {f.name for f in release.files.all()}
    assert "admin2_population.csv" in names and "location_population.csv" not in names


def test_a_round_of_admin_level_figures_releases_its_governorate_totals(personas, releases_dir):
    from masar.geo.models import AdminArea
    from masar.tracking.models import AreaFigure

    round_ = Round.objects.create(start_date=date(2022, 1, 1), end_date=date(2022, 2, 28))
    for pcode, individuals in (("IQG15", 5000), ("IQG15Q05", 3000)):
        AreaFigure.objects.create(
            round=round_, area=AdminArea.objects.get(pcode=pcode), population_type="idp",
            individuals=individuals, families=individuals // 6,
        )  # fmt: skip
    round_ = publish(round_, personas["im_officer"])

    release = release_round(personas["im_officer"], round_, note="Admin-level series.")

    rows = _rows(Path(release.folder) / "admin1_population.csv")
    assert rows[2][0] == "IQG15" and rows[2][rows[0].index("idp_individuals")] == "5000"
    report = frictionless.validate(str(Path(release.folder) / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "type", "note"])


def test_the_release_log_lists_who_released_what_with_checksums(
    round_, cases, personas, releases_dir
):
    first = release_round(personas["im_officer"], round_, note="First release.")
    release_round(personas["im_officer"], round_, note="Nothing changed, republished.")
    out = io.StringIO()

    call_command("list_releases", str(round_.uid), stdout=out)

    log = out.getvalue()
    assert "release 1" in log and "release 2" in log and "by im:" in log
    for file in first.files.all():
        assert f"{file.sha256}" in log


def test_the_admin_site_shows_the_log_read_only(round_, cases, personas, releases_dir, client):
    release = release_round(personas["im_officer"], round_, note="First release.")
    client.force_login(personas["admin"])

    page = client.get(f"/admin/products/release/{release.pk}/change/")

    assert page.status_code == 200
    assert b"First release." in page.content and b'name="_save"' not in page.content
