"""Emergency events reach the public only once a tracking manager publishes them: on the
dashboard with their cumulative figures (equal to the database), in its CSV and in the round
report; withdrawing takes them off at once, and nobody else may do either."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import Sum

from masar.geo.tests.factories import location_in
from masar.products.report import report_context
from masar.tracking import emergencies
from masar.tracking.choices import EmergencyCause, EmergencyPublication
from masar.tracking.models import EmergencyEvent, EmergencyUpdate
from masar.tracking.tests.factories import release, round_with_figures
from masar.tracking.workflow import EMERGENCY_PUBLICATION

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 12, 15, 11, tzinfo=ZoneInfo("Asia/Baghdad"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def events(geography, personas):
    """A flood with updates at two locations, and a drought nobody published yet."""
    im = personas["im_officer"]
    mosul = location_in("IQG15Q05N01", external_id="P-1")
    ramadi = location_in("IQG01Q01N01", external_id="P-2")
    flood = emergencies.create_event(
        im, {"name": "Flash floods in Ninewa", "cause": EmergencyCause.FLOOD,
             "start_date": date(2024, 3, 1)}
    )  # fmt: skip
    drought = emergencies.create_event(
        im, {"name": "Unpublished drought", "cause": EmergencyCause.DROUGHT,
             "start_date": date(2024, 5, 1)}
    )  # fmt: skip
    for event, place, day, displaced, returned in [
        (flood, mosul, date(2024, 3, 5), 1204, 0),
        (flood, mosul, date(2024, 3, 12), 630, 118),
        (flood, ramadi, date(2024, 11, 20), 77, 0),
        (drought, ramadi, date(2024, 5, 8), 98765, 0),
    ]:
        emergencies.record_update(
            im,
            event,
            {"location": place.external_id, "reported_on": day,
             "individuals_displaced": displaced, "individuals_returned": returned},
        )  # fmt: skip
    return {"flood": flood, "drought": drought, "mosul": mosul, "ramadi": ramadi}


def get_csv(client) -> list[dict]:
    response = client.get("/public/emergencies.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    header, hxl, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert len(hxl) == len(header) and all(tag.startswith("#") for tag in hxl)
    return [dict(zip(header, row, strict=True)) for row in rows]


def publish(client, user, event, **data):
    client.force_login(user)
    response = client.post(f"/tracking/emergencies/{event.uid}/", {"action": "publish", **data})
    client.logout()
    return response


def test_an_unpublished_event_reaches_no_public_page(client, events):
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Flash floods" not in page and "Unpublished drought" not in page
    assert "No emergency event is published." in page
    assert get_csv(client) == []


def test_an_im_officer_publishes_from_the_event_page_and_the_figures_equal_the_database(
    client, events, personas
):
    client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")  # cached before the publication

    response = publish(client, personas["im_officer"], events["flood"])

    assert response.status_code == 302
    flood = EmergencyEvent.objects.get(pk=events["flood"].pk)
    assert flood.publication == EmergencyPublication.PUBLISHED and flood.published_at == NOW
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Flash floods in Ninewa" in page and "Unpublished drought" not in page
    sums = EmergencyUpdate.objects.filter(event=flood).aggregate(
        d=Sum("individuals_displaced"), r=Sum("individuals_returned")
    )
    [row] = get_csv(client)
    assert row["event"] == "Flash floods in Ninewa" and row["cause"] == "Flood"
    assert int(row["individuals_displaced"]) == sums["d"] == 1911
    assert int(row["individuals_returned"]) == sums["r"] == 118
    assert int(row["individuals_still_displaced"]) == 1911 - 118
    assert row["locations"] == "2" and row["last_update"] == "2024-11-20"
    assert "1,911" in page


def test_a_new_update_of_a_published_event_reaches_the_cached_page(client, events, personas):
    publish(client, personas["im_officer"], events["flood"])
    client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")

    with time_machine.travel(datetime(2024, 12, 15, 11, 5, tzinfo=ZoneInfo("Asia/Baghdad"))):
        emergencies.record_update(
            personas["im_officer"],
            events["flood"],
            {"location": "P-2", "reported_on": date(2024, 12, 1), "individuals_displaced": 1000},
        )
    [row] = get_csv(client)

    assert row["individuals_displaced"] == "2911"


def test_withdrawing_needs_a_reason_and_takes_the_event_off_at_once(client, events, personas):
    im = personas["im_officer"]
    publish(client, im, events["flood"])
    client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(im)

    refused = client.post(f"/tracking/emergencies/{events['flood'].uid}/", {"action": "withdraw"})
    assert refused.status_code == 400
    assert "Give the reason for withdrawing the figures." in refused.content.decode()
    assert get_csv(client) != []

    taken = client.post(
        f"/tracking/emergencies/{events['flood'].uid}/",
        {"action": "withdraw", "reason": "Figures under review"},
    )
    assert taken.status_code == 302
    client.logout()
    assert get_csv(client) == []
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Flash floods" not in page


@pytest.mark.parametrize("who", ["case_worker", "enumerator", "partner", "government"])
def test_no_one_but_a_tracking_manager_publishes(client, events, personas, who):
    response = publish(client, personas[who], events["flood"])

    assert response.status_code == 403
    assert EmergencyEvent.objects.get(pk=events["flood"].pk).publication == "internal"


def test_an_event_without_updates_cannot_be_published(personas, geography):
    empty = emergencies.create_event(
        personas["im_officer"],
        {"name": "Nothing yet", "cause": EmergencyCause.OTHER, "start_date": date(2024, 12, 1)},
    )
    options = EMERGENCY_PUBLICATION.options(personas["im_officer"], empty)

    assert [o.missing for o in options if o.action == "publish"] == [
        ["at least one update recorded"]
    ]


def test_the_api_publishes_and_withdraws_through_the_same_table(events, personas):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas["im_officer"])
    url = f"/api/v1/emergencies/{events['flood'].uid}/transitions/"

    published = api.post(url, {"action": "publish", "data": {}}, format="json")
    assert published.status_code == 200 and published.json()["publication"] == "published"
    refused = api.post(url, {"action": "withdraw", "data": {}}, format="json")
    assert refused.status_code == 400
    withdrawn = api.post(url, {"action": "withdraw", "data": {"reason": "x"}}, format="json")
    assert withdrawn.json()["publication"] == "withdrawn"
    api.force_authenticate(personas["case_worker"])
    assert api.post(url, {"action": "publish", "data": {}}, format="json").status_code == 403


def test_the_report_shows_the_events_published_with_their_figures_up_to_the_round(events, personas):
    EMERGENCY_PUBLICATION.run(personas["im_officer"], events["flood"], "publish")
    round_ = release(
        round_with_figures(date(2024, 6, 30), [(events["mosul"], "idp", "camp", 10, 55)]),
        personas["im_officer"],
    )

    table = report_context(round_, "en")["tables"]["emergencies"]

    # Updates after the round's end (the Ramadi one in November) are not in its report.
    assert [row[0] for row in table.rows] == ["Flash floods in Ninewa"]
    assert table.rows[0][5:] == [1, 1834, 118, 1716]
