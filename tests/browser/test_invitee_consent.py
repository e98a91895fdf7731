"""End to end: a facilitator gives a new person a place in a cohort; the person accepts the
emailed invitation, is asked to agree to take part before anything starts, and only when they
agree is their place taken and their first questionnaires scheduled."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from steadfast.home.demo import DEMO_SLUG
from tests.browser.conftest import _child_env
from tests.browser.test_safety import FACILITATOR_EMAIL, signed_in
from tests.support import run_manage

pytestmark = pytest.mark.browser

NEW_EMAIL = "rae.newman@example.org"
PASSWORD = "a long and sturdy pass phrase"

STATE = """
import json
from steadfast.accounts.models import User
from steadfast.assessments.models import DueAssessment
from steadfast.cohorts.models import CohortMember
from steadfast.cohorts.services import member_email_index
from steadfast.organisations.models import Invitation
from steadfast.organisations.services import invitation_email_index, invitation_url
invitation = Invitation.objects.get(email_index=invitation_email_index("{email}"))
member = CohortMember.objects.get(email_index=member_email_index("{email}"))
user = User.objects.filter(email="{email}").first()
print(json.dumps({{
    "link": invitation_url(invitation),
    "place": member.status,
    "due": DueAssessment.objects.filter(user=user).count() if user else 0,
}}))
"""


def state(server) -> dict[str, object]:
    result = run_manage(
        _child_env(server.var_dir, {}), "shell", "-c", STATE.format(email=NEW_EMAIL)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_invitee_agrees_to_take_part_before_anything_is_scheduled(server, new_page):
    dana = signed_in(new_page, server, FACILITATOR_EMAIL)
    dana.goto(f"{server.url}/o/{DEMO_SLUG}/cohorts/")
    dana.get_by_role("link", name="Dispatch resilience workshop").click()
    dana.get_by_text("Add one person").click()
    dana.get_by_label("Name").fill("Rae Newman")
    dana.get_by_label("Email").fill(NEW_EMAIL)
    dana.get_by_label("Role at work").fill("dispatcher")
    dana.get_by_role("button", name="Add").click()
    expect(dana.get_by_role("cell", name="Rae Newman", exact=True)).to_be_visible()
    before = state(server)
    assert (before["place"], before["due"]) == ("invited", 0)

    rae = new_page(viewport={"width": 375, "height": 740})
    rae.goto(server.url + urlsplit(str(before["link"])).path)
    rae.get_by_label("Your name").fill("Rae Newman")
    rae.get_by_label("Choose a password").fill(PASSWORD)
    rae.get_by_label("The same password again").fill(PASSWORD)
    rae.get_by_role("button", name="Create my account").click()
    # The consent page comes first, and nothing has started yet.
    expect(rae.get_by_text("Nothing is scheduled for you until you agree")).to_be_visible()
    assert rae.url.endswith(f"/o/{DEMO_SLUG}/consent/")
    accepted = state(server)
    assert (accepted["place"], accepted["due"]) == ("invited", 0)

    rae.locator("section", has_text="Taking part in the program").get_by_role(
        "button", name="I agree"
    ).click()
    expect(rae.get_by_text("Your choice is saved.")).to_be_visible()
    agreed = state(server)
    assert agreed["place"] == "active"
    assert int(agreed["due"]) > 0
