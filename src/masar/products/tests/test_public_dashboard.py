"""The public dashboard: anonymous, in three languages, released rounds only, figures equal to
the database, small pipeline cells withheld, no personal data, served from the cache."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import Sum

from masar.cases import actions as case_actions
from masar.cases.tests.factories import FULL_CONSENT, SPOUSE, register, walk_to
from masar.geo.models import AdminArea
from masar.geo.tests.factories import location_in, site_in
from masar.indices.models import Hotspot, IndexResult, Methodology
from masar.lib.disclosure import Suppressed
from masar.products import public
from masar.tracking.choices import RoundStatus
from masar.tracking.models import Figure, Round
from masar.tracking.tests.factories import release, round_with_figures
from masar.tracking.workflow import ROUND_WORKFLOW

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


def make_round(end: date, status: str, figures: list[tuple], **fields) -> Round:
    """A round in `status` with (location, population type, shelter, families, individuals)."""
    return round_with_figures(end, figures, status=status, **fields)


@pytest.fixture
def places(geography):
    return {
        "mosul": location_in("IQG15Q05N01", external_id="P-1"),
        "ramadi": location_in("IQG01Q01N01", external_id="P-2"),
    }


@pytest.fixture
def rounds(places):
    mosul, ramadi = places["mosul"], places["ramadi"]
    earlier = make_round(
        date(2024, 6, 30),
        RoundStatus.PUBLISHED,
        [(mosul, "idp", "camp", 100, 500), (ramadi, "returnee", "own_house", 40, 210)],
    )
    latest = make_round(
        date(2024, 10, 31),
        RoundStatus.PUBLISHED,
        [
            (mosul, "idp", "camp", 90, 451),
            (mosul, "idp", "school", 7, 33),
            (ramadi, "returnee", "own_house", 50, 263),
        ],
    )
    # Rounds the public must never see, each with a figure no released round has.
    hidden = {
        "draft": make_round(
            date(2024, 11, 30), RoundStatus.DRAFT, [(mosul, "idp", "camp", 1, 98761)]
        ),
        "validated": make_round(
            date(2024, 11, 29), RoundStatus.VALIDATED, [(mosul, "idp", "camp", 1, 98762)]
        ),
        "withdrawn": make_round(
            date(2024, 9, 30), RoundStatus.WITHDRAWN, [(mosul, "idp", "camp", 1, 98763)]
        ),
        "embargoed": make_round(
            date(2024, 12, 10),
            RoundStatus.PUBLISHED,
            [(mosul, "idp", "camp", 1, 98764)],
            embargo_until=date(2024, 12, 20),
        ),
    }
    return {"earlier": earlier, "latest": latest, "hidden": hidden}


def get_csv(client, name: str) -> list[dict]:
    response = client.get(f"/public/{name}.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    header, hxl, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert len(hxl) == len(header) and all(tag.startswith("#") for tag in hxl)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl"), ("ckb", "rtl")])
def test_it_answers_anonymously_in_each_language(language, direction, client, rounds):
    response = client.get("/public/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert f'lang="{language}" dir="{direction}"'.encode() in response.content
    assert b"<svg" in response.content
    heading = {"en": "Displacement in Iraq", "ar": "النزوح في العراق", "ckb": "ئاوارەبوون لە عێراق"}
    assert f"<h1>{heading[language]}</h1>" in response.content.decode()


def test_the_language_cookie_chooses_the_language(client, rounds, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = client.get("/public/")

    assert b'lang="ar" dir="rtl"' in response.content


def test_no_unreleased_round_reaches_the_page_or_a_download(client, rounds):
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    downloads = "".join(
        client.get(f"/public/{name}.csv").content.decode("utf-8-sig")
        for name in ("series", "totals", "governorates", "districts", "shelter")
    )

    for figure in ("98761", "98762", "98763", "98764", "98,761", "98,762", "98,763", "98,764"):
        assert figure not in page and figure not in downloads
    assert "2024-10-31" in page  # the latest released round is the one shown


def test_an_embargoed_round_appears_once_its_embargo_lifts(client, rounds):
    with time_machine.travel(datetime(2024, 12, 20, 9, tzinfo=ZoneInfo("Asia/Baghdad"))):
        series = get_csv(client, "series")

    assert [r["round_end"] for r in series] == ["2024-06-30", "2024-10-31", "2024-12-10"]
    assert series[-1]["idp_individuals"] == "98764"


def test_the_series_equals_the_sums_of_the_released_facts(client, rounds):
    series = get_csv(client, "series")

    expected = []
    for round_ in (rounds["earlier"], rounds["latest"]):
        sums = dict(
            Figure.objects.filter(round=round_)
            .values_list("population_type")
            .annotate(n=Sum("individuals"))
        )
        expected.append(
            {
                "round_end": round_.end_date.isoformat(),
                "idp_individuals": str(sums.get("idp", 0)),
                "returnee_individuals": str(sums.get("returnee", 0)),
            }
        )
    assert series == expected


def test_the_area_tables_equal_the_facts_with_the_change(client, rounds, places):
    rows = {r["pcode"]: r for r in get_csv(client, "governorates")}

    latest = Figure.objects.filter(round=rounds["latest"])
    ninewa_idps = latest.filter(location__governorate__pcode="IQG15").aggregate(
        n=Sum("individuals")
    )["n"]
    assert set(rows) == {"IQG01", "IQG15"}
    assert rows["IQG15"]["idp_individuals"] == str(ninewa_idps) == "484"
    assert rows["IQG15"]["idp_change"] == str(484 - 500)
    assert rows["IQG01"]["returnee_individuals"] == "263"
    assert rows["IQG01"]["returnee_change"] == "53"
    districts = {r["pcode"]: r for r in get_csv(client, "districts")}
    mosul = places["mosul"].area.pcode[:8]
    assert districts[mosul]["idp_individuals"] == str(
        latest.filter(location__area__pcode__startswith=mosul).aggregate(n=Sum("individuals"))["n"]
    )


def test_the_page_shows_the_table_it_offers_for_download(client, rounds):
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for row in get_csv(client, "totals"):
        assert f'<td dir="auto">{int(row["individuals"]):,}</td>' in page
    assert "/public/governorates.csv" in page and "/public/shelter.csv" in page


def test_the_totals_and_shelter_groups_equal_the_facts(client, rounds):
    totals = {r["population_type"]: r for r in get_csv(client, "totals")}
    shelter = {r["shelter_group"]: r for r in get_csv(client, "shelter")}

    assert totals["IDPs"]["individuals"] == "484" and totals["IDPs"]["families"] == "97"
    assert totals["IDPs"]["individuals_change"] == "-16"
    assert totals["Returnees"]["locations"] == "1"
    assert shelter["Camp"]["idp_individuals"] == "451"
    assert shelter["Critical shelter"]["idp_individuals"] == "33"
    assert shelter["Private setting"]["returnee_individuals"] == "263"


def test_a_governorate_map_with_its_legend_is_drawn_on_the_server(client, rounds):
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert page.count("<path ") >= 18  # the shipped governorate outlines
    assert "no figures" in page
    assert "style=" not in page


def test_the_page_is_light_and_needs_no_script_for_its_charts(client, rounds):
    response = client.get("/public/", HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()

    assert len(response.content) < 300_000
    main = body[body.index("<main") : body.index("</main>")]
    assert "<script" not in main and "<svg" in main


def test_a_repeat_request_is_served_from_the_cache(client, rounds, django_assert_num_queries):
    client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")

    with django_assert_num_queries(2):  # the fingerprint: released rounds, published events
        response = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and b"2024-10-31" in response.content


def test_a_withdrawal_through_the_lifecycle_reaches_the_page_at_once(client, rounds, personas):
    client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")

    ROUND_WORKFLOW.run(personas["im_officer"], rounds["latest"], "withdraw", {"reason": "Errors"})
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2024-06-30" in page and "2024-10-31" not in page
    assert [r["round_end"] for r in get_csv(client, "series")] == ["2024-06-30"]


def test_a_publication_through_the_lifecycle_reaches_the_page_at_once(client, rounds, personas):
    client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")

    release(rounds["hidden"]["draft"], personas["im_officer"])
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2024-11-30" in page and "98,761" in page


def test_severity_shares_and_hotspots_come_from_the_released_round(client, rounds, places):
    methodology = Methodology.objects.create(
        name="return-index",
        version=1,
        kind="return",
        title="Return Index",
        definition={},
        checksum="x",
        source="file",
    )
    IndexResult.objects.create(
        round=rounds["latest"],
        location=places["mosul"],
        methodology=methodology,
        score=80,
        category="high",
        population=484,
        status="scored",
    )
    IndexResult.objects.create(
        round=rounds["latest"],
        location=places["ramadi"],
        methodology=methodology,
        score=20,
        category="low",
        population=263,
        status="scored",
    )
    Hotspot.objects.create(
        round=rounds["latest"],
        methodology=methodology,
        subdistrict=places["mosul"].area,
        population=484,
        locations=1,
        reason="high_on_scale",
    )

    severity = {r["category"]: r for r in get_csv(client, "severity")}
    hotspots = get_csv(client, "hotspots")
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert severity["High"]["locations"] == "1" and severity["High"]["individuals"] == "484"
    assert severity["High"]["individuals_percent"] == str(round(100 * 484 / 747, 1))
    assert severity["Medium"]["locations"] == "0"
    assert [h["pcode"] for h in hotspots] == [places["mosul"].area.pcode]
    assert "<circle" in page and "Return Index" in page


def test_a_pipeline_cell_under_the_threshold_is_withheld(client, personas):
    worker = personas["case_worker"]
    households = [register(worker) for _ in range(7)]
    for household in households[:2]:
        walk_to("cleared", worker, household)

    steps = {r["step"]: r["households"] for r in get_csv(client, "pipeline")}
    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert steps["Registered"] == "7"
    assert steps["Cleared"] == "<5" and steps["Departed"] == "0"
    assert "&lt;5" in page and "suppression-note" in page


def test_no_personal_data_reaches_the_page(client, personas, rounds):
    worker = personas["case_worker"]
    site = site_in("IQG15Q05N01", name="Camp Zeta")
    head = {
        "relationship": "head",
        "given_name": "Qutaybawiyya",
        "father_name": "Xanthios",
        "grandfather_name": "Ptolemaios",
        "birth_year": 1985,
        "sex": "m",
    }
    household = case_actions.register_household(
        worker,
        {
            "current_site": site,
            "destination": location_in("IQG15Q05N01"),
            "pathway": "return",
            **FULL_CONSENT,
        },
        [head, SPOUSE],
    )

    pages = [
        client.get("/public/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        for lang in ("en", "ar", "ckb")
    ]
    downloads = client.get("/public/pipeline.csv").content.decode("utf-8-sig")

    for text in (*pages, downloads):
        assert "Qutaybawiyya" not in text and "Xanthios" not in text and "Ptolemaios" not in text
        assert household.case_number not in text and str(household.uid) not in text


def test_the_sign_in_page_links_to_the_public_dashboard(client):
    assert b'href="/public/"' in client.get("/accounts/login/").content


def test_without_a_released_round_the_page_still_answers(client, db):
    response = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert b"No round has been published yet." in response.content
    assert client.get("/public/governorates.csv").status_code == 404


def test_a_small_durability_cell_withholds_its_row_total(monkeypatch):
    rows = [
        {"severity": "high", "durable": 3, "at_risk": 10, "not_durable": 12, "total": 25},
        {"severity": "low", "durable": 20, "at_risk": 6, "not_durable": 0, "total": 26},
    ]
    monkeypatch.setattr(public, "durability_by_destination_severity", lambda households: rows)

    high, low = public.pipeline()["durability"]

    assert high["durable"] == Suppressed(5) and high["total"] == Suppressed(5)
    assert high["at_risk"] == 10 and high["not_durable"] == 12
    assert low == {"severity": "low", "durable": 20, "at_risk": 6, "not_durable": 0, "total": 26}


def test_district_boundaries_are_drawn_once_loaded(client, rounds, places):
    district = AdminArea.objects.get(pcode=places["mosul"].area.pcode[:8])
    district.geometry = {
        "type": "Polygon",
        "coordinates": [[[43.0, 36.2], [43.3, 36.2], [43.3, 36.5], [43.0, 36.5], [43.0, 36.2]]],
    }
    district.save(update_fields=["geometry"])

    page = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="dist-h"') : page.index('id="shelter-h"')]

    assert f"<title>{district.name_en}: 484</title>" in section
    assert "COD-AB" not in section


def test_the_menu_offers_the_public_dashboard_to_everyone(client, db):
    assert b'href="/public/" aria-current="page"' in client.get("/public/").content


def test_pipeline_steps_count_the_households_that_reached_them(client, personas, settings):
    settings.MASAR = {**settings.MASAR, "SUPPRESSION_THRESHOLD": 2}
    worker = personas["case_worker"]
    households = [register(worker) for _ in range(3)]
    for household in households[:2]:
        walk_to("cleared", worker, household)

    steps = {r["step"]: r["households"] for r in get_csv(client, "pipeline")}

    assert steps == {
        "Registered": "3",
        "Cleared": "2",
        "Departed": "0",
        "Arrived": "0",
        "Monitoring": "0",
    }


def test_a_repeat_download_is_served_from_the_cache(client, rounds, django_assert_num_queries):
    first = client.get("/public/governorates.csv").content

    with django_assert_num_queries(2):
        again = client.get("/public/governorates.csv").content
    assert again == first
