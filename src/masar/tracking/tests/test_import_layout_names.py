"""An import's layout is a shipped layout's name: a path never reaches the server's files from a
page or the API, and only the command reads an operator's own layout file."""

import json
import shutil

import pytest

from masar.geo.tests.factories import location_in
from masar.lib.spreadsheets import FileFormatError
from masar.tracking.importing import load_layout
from masar.tracking.importing.layouts import LAYOUT_DIR
from masar.tracking.models import Figure, ImportBatch

from .files import masar_file, masar_row

pytestmark = pytest.mark.django_db
FORM = {"round_start": "2024-01-01", "round_end": "2024-02-29", "on_unresolved": "reject"}
PATHS = ["/etc/ld.so.conf", "/etc/passwd", "/no/such/file.yaml", "../layouts/masar.yaml",
         str(LAYOUT_DIR / "masar.yaml")]  # fmt: skip


@pytest.fixture
def round_file(geography, tmp_path):
    location_in("IQG15Q05N01", external_id="L-1")
    return masar_file(tmp_path / "round.csv", [masar_row("L-1", camp=3)])


@pytest.mark.parametrize("layout", PATHS)
def test_loading_a_layout_by_path_is_refused(layout):
    with pytest.raises(FileFormatError, match="Unknown layout"):
        load_layout(layout)


@pytest.mark.parametrize("layout", PATHS)
def test_the_api_answers_400_for_a_path(personas, api_as, round_file, layout):
    with open(round_file, "rb") as handle:
        answer = api_as(personas["im_officer"]).post(
            "/api/v1/imports/", {**FORM, "layout": layout, "file": handle}, format="multipart"
        )
    assert answer.status_code == 400, answer.content
    assert "Unknown layout" in answer.json()["layout"][0]
    assert not ImportBatch.objects.exists()


def test_the_api_still_takes_a_shipped_layout_by_name(personas, api_as, round_file):
    with open(round_file, "rb") as handle:
        answer = api_as(personas["im_officer"]).post(
            "/api/v1/imports/", {**FORM, "layout": "masar", "file": handle}, format="multipart"
        )
    assert answer.status_code == 201, answer.content


@pytest.mark.parametrize("layout", PATHS[:2])
def test_the_page_shows_a_form_error_for_a_path(personas, client, round_file, layout):
    client.force_login(personas["im_officer"])
    with open(round_file, "rb") as handle:
        page = client.post("/tracking/import/", {**FORM, "layout": layout, "file": handle})
    assert page.status_code == 200
    assert "layout" in page.context["form"].errors
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("layout", PATHS)
def test_the_command_refuses_a_path_as_layout(run_command, round_file, layout):
    code, _out, err = run_command(
        "import_masterlist", str(round_file), "--round-start", "2024-01-01",
        "--round-end", "2024-02-29", "--layout", layout,
    )  # fmt: skip
    assert code != 0
    assert "invalid choice" in err
    assert not ImportBatch.objects.exists()


def test_the_command_reads_an_operators_layout_file(run_command, round_file, tmp_path):
    own = tmp_path / "our-office.yaml"
    shutil.copyfile(LAYOUT_DIR / "masar.yaml", own)
    code, out, err = run_command(
        "import_masterlist", str(round_file), "--round-start", "2024-01-01",
        "--round-end", "2024-02-29", "--layout-file", str(own), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["layout"] == "our-office"
    assert Figure.objects.count() == 1


def test_the_command_refuses_an_unreadable_or_malformed_layout_file(run_command, round_file):
    cases = [("/no/such/layout.yaml", "cannot be read"), ("/etc/ld.so.conf", "malformed")]
    for path, message in cases:
        code, _out, err = run_command(
            "import_masterlist", str(round_file), "--round-start", "2024-01-01",
            "--round-end", "2024-02-29", "--layout-file", path,
        )  # fmt: skip
        assert code == 2
        assert message in err
    assert not Figure.objects.exists()
