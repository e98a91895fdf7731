"""End to end: a participant answers every shipped questionnaire on a phone-sized screen and
sees a result and a chart."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_sign_in import PARTICIPANT_EMAIL, sign_in

pytestmark = pytest.mark.browser

SHIPPED = {
    "Patient Health Questionnaire-9": 9,
    "Patient Health Questionnaire-2": 2,
    "Generalized Anxiety Disorder-7": 7,
    "Generalized Anxiety Disorder-2": 2,
    "WHO-5 Well-Being Index": 5,
    "Daily check-in": 4,
    "Resilience Wheel self-check": 6,
}


def test_participant_answers_each_shipped_questionnaire(server, new_page):
    page = new_page(viewport={"width": 375, "height": 740})
    page.goto(f"{server.url}/accounts/login/")
    sign_in(page, PARTICIPANT_EMAIL)
    for title, count in SHIPPED.items():
        page.goto(f"{server.url}/assessments/")
        # Due rows now carry the name too: any Start for this questionnaire begins it.
        page.locator("li.due-row", has_text=title).get_by_role("button", name="Start").first.click()
        for position in range(1, count + 1):
            expect(page.get_by_text(f"Question {position} of {count}")).to_be_visible()
            # Keyboard only: focus the first answer, move to the second, submit.
            radios = page.get_by_role("radio")
            radios.first.focus()
            page.keyboard.press("ArrowDown")
            expect(radios.nth(1)).to_be_checked()
            page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_role("heading", name="What this does and does not mean")).to_be_visible()
        expect(page.locator("figure.chart svg")).to_be_visible()
        if title == "Patient Health Questionnaire-9":
            # The second answer on item 9 is "Several days": crisis help comes first.
            first_heading = page.get_by_role("heading").first
            expect(first_heading).to_have_text("You don't have to carry this alone")
            expect(
                page.get_by_role("link", name="See who you can call or text now")
            ).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{title} result page scrolls sideways ({width}px)"
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, results.generate_report()


def test_a_half_finished_questionnaire_resumes(server, new_page):
    page = new_page(viewport={"width": 375, "height": 740})
    page.goto(f"{server.url}/accounts/login/")
    sign_in(page, PARTICIPANT_EMAIL)
    page.goto(f"{server.url}/assessments/")
    page.locator("li.due-row", has_text="WHO-5").first.get_by_role("button", name="Start").click()
    page.get_by_role("radio").nth(2).check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Question 2 of 5")).to_be_visible()
    page.goto(f"{server.url}/assessments/")
    page.locator("li.due-row", has_text="WHO-5").first.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Question 2 of 5")).to_be_visible()
