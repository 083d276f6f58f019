"""A message from the public form, in Arabic and without JavaScript, answered and closed by a
CFM officer through the pages."""

import pytest

from masar.accounts.personas import make_persona
from masar.feedback.models import Ticket
from masar.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_a_public_message_is_answered_and_closed_by_a_cfm_officer(
    browser, page, live_server, geography
):
    make_persona("e2e_cfm", "cfm_officer", org="IOM", kind="un")
    public = browser.new_context(
        base_url=live_server.url, locale="ar-IQ", java_script_enabled=False
    )
    form = public.new_page()
    form.goto("/feedback/submit/")
    form.click("button[name=language][value=ar]")
    form.goto("/feedback/submit/")
    assert form.locator("html").get_attribute("dir") == "rtl"
    form.select_option("#id_type", "service_complaint")
    form.fill("#id_description", "لم نستلم منحة المغادرة بعد شهرين")
    form.select_option("#id_governorate", label="نينوى")
    form.select_option("#id_contact_preference", "phone")
    form.fill("#id_contact_phone", "٠٧٧٠١٢٣٤٥٦٧")
    form.click("#public-form button[type=submit]")
    reference = form.locator("#reference").inner_text()
    public.close()
    ticket = Ticket.objects.get()
    assert ticket.reference == reference
    assert (ticket.language, ticket.governorate.pcode) == ("ar", "IQG15")
    assert ticket.contact_phone == "07701234567"

    sign_in(page, "e2e_cfm")
    page.goto("/feedback/")
    assert reference in page.locator("#new-tickets").inner_text()
    page.fill("input[name=q]", reference)
    page.click("form.filters button[type=submit]")
    page.click(f"#all a:has-text('{reference}')")
    assert "لم نستلم منحة المغادرة" in page.locator("#description").inner_text()
    page.select_option("#id_assignee", label="e2e_cfm")
    page.click("#ticket-actions button[value=assign]")
    page.wait_for_selector("#status:has-text('Assigned')")
    page.fill("#id_response", "Called back: the grant is paid on Sunday at the help desk.")
    page.select_option("#id_response_method", "phone")
    page.click("#ticket-actions button[value=respond]")
    page.wait_for_selector("#status:has-text('Responded')")
    page.click("#ticket-actions button[value=close]")
    page.wait_for_selector("#status:has-text('Closed')")
    assert "grant is paid on Sunday" in page.locator("#response").inner_text()
    timeline = page.locator(".timeline").inner_text()
    steps = ("Received", "Assign", "Record the response given", "Close")  # labels, not codes
    assert all(step in timeline for step in steps), timeline
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.responded_by.username == "e2e_cfm"
