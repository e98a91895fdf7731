"""Practice on a 375 px phone in a real browser: a thought record with a suggestion chip, the
breathing pacer with reduced motion (the live region speaks), and a goal with progress. Every
page passes axe (no serious or critical violations) and never scrolls sideways."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_sign_in import BLOCKING_IMPACTS, assert_ok, describe_violations, sign_in

pytestmark = pytest.mark.browser

PARTICIPANT_EMAIL = "participant@demo.steadfast.local"
PHONE = {"width": 375, "height": 740}


def check_page(page, problems: list[str]) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"axe on {page.url}:\n{describe_violations(blocking)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{page.url} scrolls sideways at {PHONE['width']} px ({width})")


def signed_in_phone(server, new_page, **options):
    page = new_page(viewport=PHONE, **options)
    assert_ok(page.goto(server.url + "/accounts/login/"), server)
    sign_in(page, PARTICIPANT_EMAIL)
    return page


def test_thought_record_end_to_end_with_a_suggestion(server, new_page):
    problems: list[str] = []
    page = signed_in_phone(server, new_page)
    assert_ok(page.goto(server.url + "/practice/thought_record/new/"), server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thought record")
    check_page(page, problems)
    next_button = page.get_by_role("button", name="Next")
    # One step at a time.
    expect(page.get_by_label("What happened? Stick to the facts")).to_be_visible()
    expect(page.get_by_label("What went through your mind?")).to_be_hidden()
    page.get_by_label("What happened? Stick to the facts").fill("The handover ran late again.")
    next_button.click()
    page.get_by_label("What went through your mind?").fill(
        "I always mess everything up. I am a total failure."
    )
    next_button.click()
    page.get_by_label("What did you feel?").fill("ashamed")
    page.get_by_label("How strong was it, from 0 to 100?").fill("80")
    next_button.click()
    # The suggestions load on their own when the step opens.
    chips = page.locator("#trap-suggestions .chip")
    expect(chips.first).to_be_visible()
    expect(page.get_by_text("not a verdict")).to_be_visible()
    first = chips.first
    trap_name = first.locator("legend").inner_text()
    first.get_by_label("This fits").check()
    expect(page.get_by_role("checkbox", name=trap_name, exact=True)).to_be_checked()
    check_page(page, problems)
    next_button.click()
    page.get_by_label("What is a fairer way to see it").fill(
        "One late handover is one late handover; most of my shift went fine."
    )
    next_button.click()
    page.get_by_label("How strong is the feeling now").fill("40")
    next_button.click()
    page.get_by_role("radio", name="4 Helpful").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_text("80 before, 40 after")).to_be_visible()
    expect(page.get_by_text(f"{trap_name}: you said it fits")).to_be_visible()
    check_page(page, problems)
    assert not problems, "\n".join(problems)


def test_breathing_pacer_with_reduced_motion_speaks(server, new_page):
    problems: list[str] = []
    page = signed_in_phone(server, new_page, reduced_motion="reduce")
    assert_ok(page.goto(server.url + "/practice/breathing/new/"), server)
    check_page(page, problems)
    page.get_by_label("Box breathing: in 4, hold 4, out 4, hold 4").check()
    expect(page.get_by_label("Words and numbers only, no moving circle")).to_be_checked()
    page.get_by_role("button", name="Start").click()
    announce = page.locator(".pacer-announce")
    expect(announce).to_have_text("Breathe in")
    expect(page.locator(".pacer-stage")).to_have_class(re.compile(r"\bstill\b"))
    transform = page.locator(".pacer-circle").evaluate("el => getComputedStyle(el).transform")
    assert transform in ("none", "matrix(1, 0, 0, 1, 0, 0)"), transform
    expect(announce).to_have_text("Hold", timeout=7000)
    page.get_by_role("button", name="Pause").click()
    expect(announce).to_have_text("Paused")
    page.get_by_role("button", name="Resume").click()
    page.get_by_role("button", name="Stop").click()
    expect(announce).to_have_text("Stopped. Breathe normally.")
    check_page(page, problems)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Five things you can see").fill("window, desk, mug, plant, door")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Breathing pattern: Box breathing")).to_be_visible()
    assert not problems, "\n".join(problems)


def test_goal_create_and_update_progress(server, new_page):
    problems: list[str] = []
    page = signed_in_phone(server, new_page)
    assert_ok(page.goto(server.url + "/practice/goals/new/"), server)
    check_page(page, problems)
    page.get_by_label("What will you do?").fill("Five-minute debrief after hard calls")
    page.get_by_label("Why does it matter to you?").fill("So work stays at work.")
    page.get_by_label("What are the steps?").fill("Ask a colleague\nPick a quiet spot")
    page.get_by_label("How will you know").fill("Two debriefs this week")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Five-minute debrief after hard calls"
    )
    expect(page.get_by_text("0% done")).to_be_visible()
    check_page(page, problems)
    page.get_by_label("Ask a colleague").check()
    page.get_by_label("A note for yourself").fill("Asked Jo today.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("50% done")).to_be_visible()
    expect(page.get_by_text("Asked Jo today.")).to_be_visible()
    check_page(page, problems)
    assert not problems, "\n".join(problems)
