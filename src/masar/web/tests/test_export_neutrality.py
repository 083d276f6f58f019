"""Every export, every cell: no text a spreadsheet program would run as a formula.

Each export is fed formula payloads in every text field that reaches it (location and site
names, household members' names, transport, ticket programmes, indicator locations) and is read
back whole, header rows and sheet names included."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from masar.cases import actions as case_actions
from masar.cases.tests.factories import FULL_CONSENT, SPOUSE, walk_to
from masar.feedback import actions as ticket_actions
from masar.geo.models import AdminArea, Location
from masar.geo.tests.factories import location_in, site_in
from masar.indices import actions as index_actions
from masar.indices.tests.factories import answered_locations, make_round, stub_population
from masar.lib.exports import FORMULA_PREFIXES
from masar.tracking.models import Figure, Round
from masar.tracking.tests.factories import release

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("https://evil.example/","x")', "+1+2", "-3+cmd", "@SUM(A1)", "\t=1", "\r=1"]


def _payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cells(response, fmt: str) -> tuple[list[str], list]:
    """(sheet names, every cell) of a CSV or XLSX download."""
    assert response.status_code == 200, response.status_code
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        return [], [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    return [sheet.title for sheet in workbook], cells


def _tracking_compare(personas, client):
    first = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 29))
    second = Round.objects.create(start_date=date(2024, 3, 1), end_date=date(2024, 4, 30))
    for n in range(len(PAYLOADS)):
        place = location_in("IQG15Q05N01", name_en=_payload(n), external_id=_payload(n + 1))
        for round_, families in ((first, 3), (second, 4)):
            Figure.objects.create(round=round_, location=place, population_type="idp",
                                  shelter="camp", families=families, individuals=9)  # fmt: skip
    for round_ in (first, second):
        release(round_, personas["im_officer"])
    client.force_login(personas["case_worker"])
    return lambda fmt: client.get(
        "/tracking/compare/", {"a": str(first.uid), "b": str(second.uid), "format": fmt}
    )


def _tracking_template(personas, client):
    client.force_login(personas["im_officer"])
    return lambda fmt: client.get(f"/tracking/import/template.{fmt}")


def _tickets(personas, client, path):
    governorate = AdminArea.objects.get(pcode="IQG15")
    for n, payload in enumerate(PAYLOADS):
        ticket_actions.create_ticket(personas["cfm_officer"], {
            "channel": "hotline", "type": "information", "contact_preference": "phone",
            "contact_name": payload, "contact_phone": "07701234567", "description": payload,
            "programme": _payload(n + 1), "governorate": governorate,
        })  # fmt: skip
    client.force_login(personas["cfm_officer"])
    return lambda fmt: client.get(path, {"format": fmt})


def _ticket_list(personas, client):
    return _tickets(personas, client, "/feedback/")


def _feedback_analysis(personas, client):
    return _tickets(personas, client, "/feedback/analysis/")


def _manifest(personas, client):
    worker = personas["case_worker"]
    site = site_in("IQG15Q05N01", name=PAYLOADS[0])
    destination = location_in("IQG15Q05N01", name_en=PAYLOADS[1], name_ar=PAYLOADS[1])
    head = {"relationship": "head", "given_name": PAYLOADS[2], "father_name": PAYLOADS[3],
            "grandfather_name": "عباس", "sex": "m", "birth_year": 1979}  # fmt: skip
    household = case_actions.register_household(
        worker,
        {"current_site": site, "destination": destination, "pathway": "return", **FULL_CONSENT},
        [head, SPOUSE],
    )
    walk_to("departure_scheduled", worker, household)
    household.departures.update(transport=PAYLOADS[4])
    departure_list = case_actions.create_departure_list(
        worker, site, timezone.localdate() + timedelta(days=3)
    )
    client.force_login(worker)
    return lambda fmt: client.get(f"/cases/departures/{departure_list.uid}/manifest.{fmt}")


def _index_results(personas, client, monkeypatch):
    round_ = make_round()
    locations = answered_locations(round_, count=4)
    for n, location in enumerate(locations):
        Location.objects.filter(pk=location.pk).update(
            name_en=_payload(n), name_ar=_payload(n + 1), external_id=_payload(n + 2)
        )
    stub_population(monkeypatch, {location.pk: 100 for location in locations})
    index_actions.compute_indices(round_)
    client.force_login(personas["im_officer"])
    return lambda fmt: client.get(f"/indices/rounds/{round_.uid}/return-index/export.{fmt}")


# Every CSV/XLSX Masar writes, by the door that serves it, with the formats it serves.
EXPORTS = {
    "tracking comparison": (_tracking_compare, ("csv", "xlsx")),
    "tracking import template": (_tracking_template, ("csv", "xlsx")),
    "ticket list": (_ticket_list, ("csv", "xlsx")),
    "feedback analysis": (_feedback_analysis, ("csv", "xlsx")),
    "departure manifest": (_manifest, ("xlsx",)),
    "index results": (_index_results, ("csv", "xlsx")),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_cell_of_every_export_is_neutral(name, personas, client, monkeypatch):
    build, formats = EXPORTS[name]
    arguments = (personas, client, monkeypatch) if build is _index_results else (personas, client)
    download = build(*arguments)
    for fmt in formats:
        titles, cells = _cells(download(fmt), fmt)
        texts = [cell for cell in cells if isinstance(cell, str)]
        assert texts, f"{name} {fmt}: no text read back"
        for text in texts:
            assert not text.startswith(FORMULA_PREFIXES) or _is_number(text), (name, fmt, text)
        for title in titles:
            assert not title.startswith((*FORMULA_PREFIXES, "'")), (name, title)
        if name not in ("tracking import template",):
            # The payloads did reach the export, escaped.
            assert any(text.startswith("'") and text[1:] in PAYLOADS for text in texts) or any(
                text.startswith("'=HYPERLINK") for text in texts
            ), (name, fmt)
