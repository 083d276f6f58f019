"""A household from registration to closure through the pages, and a referral to a partner."""

import pytest

from masar.accounts.personas import make_persona
from masar.cases.durability import PRM_QUESTIONS
from masar.cases.models import Household
from masar.geo.tests.factories import location_in, site_in
from masar.referrals.tests.factories import livelihoods_service
from masar.testing.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(geography):
    return {
        "worker": make_persona("e2e_cw", "case_worker", govs="IQG15"),
        "officer": make_persona(
            "e2e_momd", "government_officer", org="MoMD", kind="government", govs="IQG15"
        ),
        "partner": make_persona(
            "e2e_partner", "partner_focal_point", org="Livelihoods Partner", govs="IQG15"
        ),
        "site": site_in("IQG15Q05N01", name="Hammam al-Alil 2"),
        "destination": location_in(
            "IQG15Q05N01", external_id="D-777", name_en="Tel Zaitoun", name_ar="تل الزيتون"
        ),
    }


def pick_place(page, selector, typed, name):
    """Type part of a place's name and pick it from the picker's suggestions."""
    page.locator(selector).press_sequentially(typed)
    page.locator(f"{selector} + .place-suggestions li", has_text=name).first.click()
    assert page.locator(selector).input_value().startswith(name)


def do(page, action, **fields):
    """Open a next-step page from the case page, fill it and submit it."""
    page.click(f"#next-actions a[href$='/do/{action}/']")
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.click("main form button[type=submit]")
    page.wait_for_selector("main h1")


def test_a_case_goes_from_registration_in_arabic_to_closure(page, cast):
    sign_in(page, "e2e_cw")
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()
    page.goto("/cases/register/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    pick_place(page, "#id_current_site", "Hammam", "Hammam al-Alil 2")
    pick_place(page, "#id_destination", "الزيتون", "تل الزيتون")
    page.select_option("#id_pathway", "return")
    for consent in ("informed", "voluntary", "referral", "authorities"):
        page.check(f"#id_consent_{consent}")
    page.fill("#id_m-0-given_name", "عبد الله")
    page.fill("#id_m-0-father_name", "يوسف")
    page.fill("#id_m-0-grandfather_name", "إبراهيم")
    page.select_option("#id_m-0-sex", "m")
    page.fill("#id_m-0-birth_year", "١٩٨٥")  # as an Arabic keyboard types it
    page.click("#add-member")
    page.select_option("#id_m-1-relationship", "spouse")
    page.fill("#id_m-1-given_name", "فاطمة")
    page.select_option("#id_m-1-sex", "f")
    page.click("#registration button[type=submit].primary")
    page.wait_for_selector("#timeline")
    household = Household.objects.get()
    assert household.members.count() == 2
    assert household.members.get(relationship="head").birth_year == 1985
    assert (household.destination.external_id, household.current_site.name) == (
        "D-777",
        "Hammam al-Alil 2",
    )
    assert "عبد الله يوسف" in page.locator("#members").inner_text()

    page.click("button[name=language][value=en]")
    page.wait_for_selector("#next-actions")
    do(page, "assess")
    do(page, "request_clearance")
    case_url = page.url
    sign_in(page, "e2e_momd")
    page.goto(case_url)
    do(page, "grant_clearance", reference="MoMD/E2E/1")
    assert "Done: Record clearance granted." in page.locator(".messages").inner_text()
    sign_in(page, "e2e_cw")
    page.goto(case_url)
    assert "destination assessment" in page.locator("#next-actions").inner_text()
    page.click("#next-actions a[href*='/destinations/']")
    page.fill("#id_conditions", "Houses standing; water back")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#timeline")
    do(page, "schedule_departure", transport="bus")
    do(page, "depart")
    do(page, "arrive", authority_reference="ARR-9")
    assert page.locator("#state").inner_text() == "Arrived"
    page.click("#follow-ups a >> text=Post-return monitoring")
    for question in PRM_QUESTIONS:
        page.select_option(f"#id_q_{question.code}", question.positive)
    page.fill("#id_early_reason", "The family moves on next month")
    page.click("#complete button[type=submit]")
    page.wait_for_selector("#timeline")
    do(page, "close")
    assert page.locator("#state").inner_text() == "Closed"
    household.refresh_from_db()
    assert (household.state, household.closure_outcome) == ("closed", "durable_solution")
    timeline = page.locator("#timeline").inner_text()
    assert "Arrived → Monitoring" in timeline and "Monitoring → Closed" in timeline


def test_a_referral_is_accepted_and_completed_by_the_partner_and_seen_on_the_case(page, cast):
    from masar.cases.tests.factories import register

    livelihoods_service(cast["partner"], name="Cash for work")
    household = register(cast["worker"], site=cast["site"], destination=cast["destination"])
    sign_in(page, "e2e_cw")
    page.goto(f"/cases/{household.uid}/")
    page.click("text=Refer to a partner")
    page.select_option("#id_service", label="Cash for work (Livelihoods Partner)")
    page.fill("#id_reason", "Lost income after return")
    page.fill("#id_need", "livelihoods")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#referrals")
    reference = page.locator("#referrals li a").first.inner_text()

    sign_in(page, "e2e_partner")
    page.goto("/referrals/")
    page.click(f"#inbox-new a >> text={reference}")
    assert "Open the case" not in page.content()
    page.click("button[value=accept]")
    page.wait_for_selector("#status >> text=Accepted")
    page.fill("#id_outcome", "Enrolled in cash for work, 3 months")
    page.click("button[value=complete]")
    page.wait_for_selector("#status >> text=Completed")

    sign_in(page, "e2e_cw")
    page.goto(f"/cases/{household.uid}/")
    assert "Completed" in page.locator("#referrals").inner_text()
    timeline = page.locator("#timeline").inner_text()
    assert "(Accept)" in timeline and "(Record service delivered)" in timeline  # labels, not codes
