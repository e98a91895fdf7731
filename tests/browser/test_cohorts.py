"""A facilitator takes a cohort from a training request to closure in a real browser: the lead
asks for training, the facilitator creates the cohort from the request, imports a small staff
list, forms groups, schedules the sessions, runs one with attendance and closes the cohort.
Every page passes axe (no serious or critical violations)."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from steadfast.programs.tests.factories import VALID
from tests.browser.conftest import COMMAND_TIMEOUT_SECONDS, _child_env
from tests.browser.test_sign_in import BLOCKING_IMPACTS, assert_ok, describe_violations, sign_in
from tests.support import run_manage

pytestmark = pytest.mark.browser

SLUG = "harbor-city"
STAFF_CSV = (
    "\ufeffname,email,role,team\n"
    "Sam Rivera,participant@demo.steadfast.local,dispatcher,Dispatch\n"
    "Zoë Ødegård,zoe.browser@example.org,dispatcher,\n"
)


def check_page(page, problems: list[str]) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"axe on {page.url}:\n{describe_violations(blocking)}")


@pytest.fixture(scope="module")
def tiny_loaded(server) -> None:
    result = run_manage(
        _child_env(server.var_dir, {}),
        "load_content",
        "--path",
        str(VALID),
        "--seeds",
        str(server.var_dir / "none"),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_facilitator_takes_a_cohort_from_request_to_closure(server, new_page, tiny_loaded):
    problems: list[str] = []

    # The lead asks for training.
    lead = new_page()
    assert_ok(lead.goto(server.url + "/accounts/login/"), server)
    sign_in(lead, "lead@demo.steadfast.local")
    assert_ok(lead.goto(f"{server.url}/o/{SLUG}/training/"), server)
    check_page(lead, problems)
    lead.get_by_label("Roles of the staff").fill("Night dispatchers")
    lead.get_by_label("How many people").fill("8")
    lead.get_by_label("online").check()
    lead.get_by_label("Preferred dates or months").fill("Spring")
    lead.get_by_role("button", name="Send request").click()
    expect(lead.get_by_text("Request sent.")).to_be_visible()

    # The facilitator creates the cohort from it.
    page = new_page()
    assert_ok(page.goto(server.url + "/accounts/login/"), server)
    sign_in(page, "facilitator@demo.steadfast.local")
    assert_ok(page.goto(f"{server.url}/o/{SLUG}/cohorts/new/"), server)
    page.get_by_role("link", name="Night dispatchers, 8 people").first.click()
    check_page(page, problems)
    expect(page.get_by_label("Title")).to_have_value(
        "Night dispatchers (Harbor City Emergency Services)"
    )
    page.get_by_label("Program").select_option(label="Tiny test program v1")
    start = dt.date.today() + dt.timedelta(days=1)
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Video link").fill("https://video.example.org/harbor")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_text("Cohort created. Now add people.")).to_be_visible()
    cohort_url = page.url
    check_page(page, problems)

    # Import a small staff list: checked first, then confirmed.
    page.get_by_role("link", name="Import staff").click()
    page.get_by_label("Staff list").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": STAFF_CSV.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Will be added")).to_have_count(2)
    check_page(page, problems)
    page.get_by_role("button", name="Add 2 people").click()
    expect(page.get_by_text("2 people added.")).to_be_visible()
    expect(page.get_by_role("cell", name="Zoë Ødegård", exact=True)).to_be_visible()

    # Groups from the intake (here: any time, no constraints), with reasons.
    page.get_by_role("link", name="Groups").click()
    page.get_by_role("button", name="Propose groups").click()
    expect(page.get_by_text("Groups proposed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Group 1")).to_be_visible()
    expect(page.get_by_text("Said any time works.").first).to_be_visible()
    check_page(page, problems)

    # Weekly sessions at 18:00 local time.
    page.get_by_role("link", name="Schedule").click()
    page.get_by_label("Date of the first session").fill(start.isoformat())
    page.get_by_label("Start time").fill("18:00")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("1 sessions scheduled.")).to_be_visible()

    # Run the session: plan with minutes, attendance in a few taps.
    page.get_by_role("link", name="Run session").first.click()
    expect(page.get_by_role("heading", name="Session plan")).to_be_visible()
    expect(page.locator(".timer-button").first).to_be_visible()  # the countdown with JS
    check_page(page, problems)
    page.get_by_role("group", name="Sam Rivera").get_by_label("present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    expect(page.get_by_role("group", name="Sam Rivera").get_by_label("present")).to_be_checked()

    # Close: follow-ups scheduled.
    assert_ok(page.goto(cohort_url), server)
    page.get_by_role("link", name="Closure").click()
    expect(page.get_by_role("cell", name="Sam Rivera", exact=True)).to_be_visible()
    page.get_by_role("button", name="Close the cohort").click()
    expect(page.get_by_text("Cohort closed.")).to_be_visible()
    check_page(page, problems)

    # The participant sees the session in their own sessions page.
    participant = new_page()
    assert_ok(participant.goto(server.url + "/accounts/login/"), server)
    sign_in(participant, "participant@demo.steadfast.local")
    assert_ok(participant.goto(server.url + "/cohorts/"), server)
    expect(
        participant.get_by_role(
            "heading", name="Night dispatchers (Harbor City Emergency Services)"
        )
    ).to_be_visible()
    expect(participant.get_by_text("Follow-up check-in")).to_be_visible()
    check_page(participant, problems)

    assert not problems, "\n".join(problems)
