"""End to end: crisis help without JavaScript, and a participant who answers PHQ-9 item 9 with
"Several days" sees crisis help on the next screen and leaves without sending the
questionnaire, while the named responder gets the alert."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from steadfast.home.demo import DEMO_SLUG
from tests.browser.test_sign_in import PARTICIPANT_EMAIL, sign_in

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "admin@demo.steadfast.local"
FACILITATOR_EMAIL = "facilitator@demo.steadfast.local"
LEAD_EMAIL = "lead@demo.steadfast.local"
BLOCKING = {"serious", "critical"}


def signed_in(new_page, server, email, **options):
    page = new_page(**options)
    page.goto(f"{server.url}/accounts/login/")
    sign_in(page, email)
    return page


def test_crisis_page_works_without_javascript_and_passes_axe(server, new_page):
    page = new_page(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page.goto(f"{server.url}/crisis/")
    expect(page.get_by_role("heading", name="Get help now", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="988", exact=True).first).to_have_attribute(
        "href", "tel:988"
    )
    expect(page.get_by_role("heading", name="What to do right now")).to_be_visible()
    # The countries with crisis lines are plain links.
    page.get_by_role("link", name="United Kingdom").click()
    expect(page.get_by_role("link", name="116 123", exact=True).first).to_have_attribute(
        "href", "tel:116123"
    )
    expect(page.get_by_text("Showing numbers for the United Kingdom")).to_be_visible()
    # Every other country is in a list with a Go button, which needs no JavaScript.
    page.get_by_label("Country or territory").select_option(label="Germany")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Showing numbers for Germany")).to_be_visible()
    expect(page.get_by_role("link", name="112", exact=True).first).to_have_attribute(
        "href", "tel:112"
    )
    expect(page.get_by_role("link", name="988", exact=True)).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the crisis page scrolls sideways ({width}px)"

    checked = new_page()
    checked.goto(f"{server.url}/crisis/?country=NZ")
    results = Axe().run(checked)
    serious = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not serious, results.generate_report()


def test_item_nine_brings_crisis_help_first_and_alerts_the_named_responder(server, new_page):
    org = f"{server.url}/o/{DEMO_SLUG}"
    # Out of the box the demo names the facilitator as responder and the administrator as
    # backup, and the participant has agreed that a responder is told.
    admin = signed_in(new_page, server, ADMIN_EMAIL)
    admin.goto(f"{org}/safety/setup/")
    expect(admin.get_by_label("Responder")).to_have_value(
        admin.get_by_label("Responder")
        .locator("option", has_text="Dana Okafor (facilitator)")
        .get_attribute("value")
        or ""
    )
    results = Axe().run(admin)
    serious = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not serious, results.generate_report()

    page = signed_in(new_page, server, PARTICIPANT_EMAIL, viewport={"width": 375, "height": 740})
    page.goto(f"{server.url}/assessments/")
    page.locator("li.due-row", has_text="Patient Health Questionnaire-9").first.get_by_role(
        "button", name="Start"
    ).click()
    for position in range(1, 10):
        expect(page.get_by_text(f"Question {position} of 9")).to_be_visible()
        label = "Several days" if position == 9 else "Not at all"
        page.get_by_role("radio", name=label).check()
        page.keyboard.press("Enter")
    # The very next screen, the review, shows crisis help before the answers. The person
    # leaves here without sending anything: item 9 is the last question, a realistic exit.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "You don't have to carry this alone"
    )
    expect(page.get_by_role("link", name="See who you can call or text now")).to_be_visible()
    page.close()

    # The named responder sees the alert: who, which rule, how to reach them.
    dana = signed_in(new_page, server, FACILITATOR_EMAIL)
    dana.goto(f"{org}/safety/alerts/")
    row = dana.get_by_role("row", name="Sam Rivera")
    expect(row).to_contain_text("thoughts of self-harm")
    row.get_by_role("link", name="Sam Rivera").click()
    expect(dana.get_by_role("link", name=PARTICIPANT_EMAIL)).to_be_visible()
    expect(dana.get_by_text("Several days")).to_have_count(0)
    dana.get_by_role("button", name="Acknowledge").click()
    expect(dana.get_by_text("Acknowledged. Thank you")).to_be_visible()

    # Sam comes back later and sends the questionnaire: help first again, and no second alert.
    page = signed_in(new_page, server, PARTICIPANT_EMAIL, viewport={"width": 375, "height": 740})
    page.goto(f"{server.url}/assessments/")
    page.locator("li.due-row", has_text="Patient Health Questionnaire-9").first.get_by_role(
        "button", name="Start"
    ).click()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading").first).to_have_text("You don't have to carry this alone")
    dana.goto(f"{org}/safety/alerts/")
    expect(dana.get_by_role("row", name="Sam Rivera")).to_have_count(1)

    # The organisation lead never sees it.
    lead = signed_in(new_page, server, LEAD_EMAIL)
    response = lead.goto(f"{org}/safety/alerts/")
    assert response is not None and response.status == 403
    expect(lead.get_by_text("Sam Rivera")).to_have_count(0)
