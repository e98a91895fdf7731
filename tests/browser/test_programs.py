"""A participant follows their program path in a real browser on a phone-sized screen: opens a
lesson behind a content note, answers its knowledge check, marks it done and sees what is next.
Every page passes axe (no serious or critical violations) and never scrolls sideways."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from steadfast.programs.tests.factories import VALID
from tests.browser.conftest import COMMAND_TIMEOUT_SECONDS, _child_env
from tests.browser.test_sign_in import BLOCKING_IMPACTS, assert_ok, describe_violations, sign_in
from tests.support import run_manage

pytestmark = pytest.mark.browser

PARTICIPANT_EMAIL = "participant@demo.steadfast.local"
PHONE = {"width": 360, "height": 740}
ENROL = """
from steadfast.accounts.models import User
from steadfast.organisations.models import Organisation
from steadfast.programs.models import Enrolment, ProgramVersion
from steadfast.programs.services import enrolment_create
user = User.objects.get(email="participant@demo.steadfast.local")
version = ProgramVersion.objects.get(program__slug="tiny", number=1)
enrolment = Enrolment.objects.filter(user=user, version=version).first() or enrolment_create(
    user=user, version=version, organisation=Organisation.objects.get(slug="harbor-city"),
    source="direct",
)
print(f"enrolment={enrolment.pk}")
"""


def manage(server, *args: str) -> str:
    result = run_manage(_child_env(server.var_dir, {}), *args, timeout=COMMAND_TIMEOUT_SECONDS)
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def enrolment_id(server) -> int:
    """The small test program loaded into the running server's database, with the demo
    participant enrolled on it."""
    manage(server, "load_content", "--path", str(VALID), "--seeds", str(server.var_dir / "none"))
    match = re.search(r"enrolment=(\d+)", manage(server, "shell", "-c", ENROL))
    assert match, "enrolment id not printed"
    return int(match.group(1))


def check_page(page, problems: list[str]) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"axe on {page.url}:\n{describe_violations(blocking)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{page.url} scrolls sideways at {PHONE['width']} px ({width})")


def test_participant_follows_the_path_on_a_phone(server, new_page, enrolment_id):
    problems: list[str] = []
    page = new_page(viewport=PHONE)
    assert_ok(page.goto(server.url + "/accounts/login/"), server)
    sign_in(page, PARTICIPANT_EMAIL)

    assert_ok(page.goto(f"{server.url}/programs/path/{enrolment_id}/"), server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiny test program")
    expect(page.get_by_text("0 of 4 lessons and exercises done")).to_be_visible()
    # Recommendations always say why: from the person's own self-check, or that there is none
    # yet (other browser tests in this session may already have answered the wheel).
    expect(
        page.get_by_text(re.compile(r"No self-check yet|You rated .* lowest")).first
    ).to_be_visible()
    check_page(page, problems)

    # The next item has a content note: it comes first, with a way to continue or skip.
    page.locator(".next").get_by_role("link", name="Noticing stress early").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Before you read: Noticing stress early"
    )
    check_page(page, problems)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noticing stress early")
    expect(page.get_by_role("heading", name="Signs to watch for")).to_be_visible()
    check_page(page, problems)

    # The knowledge check: one right and one wrong answer, each explained.
    page.get_by_label("Tight shoulders").check()
    page.get_by_label("Ignore it until the weekend").check()
    page.get_by_role("button", name="Check my answers").click()
    results = page.locator(".check-results")
    expect(results).to_contain_text("Right")
    expect(results).to_contain_text("Not quite")
    expect(results).to_contain_text("The answer: Take one slow breath and name it.")
    check_page(page, problems)

    page.get_by_role("button", name="Mark as done").click()
    assert page.url.endswith(f"/programs/path/{enrolment_id}/"), page.url
    expect(page.get_by_text("Marked as done.")).to_be_visible()
    expect(page.get_by_text("1 of 4 lessons and exercises done")).to_be_visible()
    expect(page.locator(".next").get_by_role("link")).to_have_text("Two minutes of slow breathing")
    check_page(page, problems)

    assert not problems, "\n".join(problems)
