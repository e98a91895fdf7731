"""Roles on the People page in a real browser, on a phone: an administrator changes a role
and sees it in the history; a lead is offered only the roles a lead may give, and cannot
change an administrator or a facilitator. Every page passes axe and never scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_practice import PHONE, check_page
from tests.browser.test_sign_in import assert_ok, sign_in

pytestmark = pytest.mark.browser

PEOPLE = "/o/harbor-city/people/"


def signed_in(server, new_page, email):
    page = new_page(viewport=PHONE)
    assert_ok(page.goto(server.url + "/accounts/login/"), server)
    sign_in(page, email)
    assert_ok(page.goto(server.url + PEOPLE), server)
    return page


def test_roles_are_given_only_by_those_who_may(server, new_page):
    problems: list[str] = []
    admin = signed_in(server, new_page, "admin@demo.steadfast.local")
    check_page(admin, problems)
    lead_role = admin.get_by_label("Role of Lee Tanaka", exact=True)
    expect(lead_role).to_have_value("lead")
    lead_role.select_option("champion")
    admin.get_by_role("button", name="Save the role of Lee Tanaka").click()
    expect(admin.get_by_text("Role changed.")).to_be_visible()
    history = admin.get_by_role("table", name="Recent changes to roles in Harbor City")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Lee Tanaka")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Organisation lead")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Champion")
    check_page(admin, problems)
    # Put the demo back as it was for the other tests.
    admin.get_by_label("Role of Lee Tanaka", exact=True).select_option("lead")
    admin.get_by_role("button", name="Save the role of Lee Tanaka").click()
    expect(admin.get_by_text("Role changed.")).to_be_visible()

    lead = signed_in(server, new_page, "lead@demo.steadfast.local")
    check_page(lead, problems)
    options = lead.locator("#id_role option").all_inner_texts()
    assert options == ["Participant", "Organisation lead", "Champion"]
    expect(lead.get_by_text("Only an administrator can invite facilitators")).to_be_visible()
    # The administrator's and the facilitator's rows offer no change and no removal.
    expect(lead.get_by_label("Role of Alex Morgan", exact=True)).to_have_count(0)
    expect(lead.get_by_label("Role of Dana Okafor", exact=True)).to_have_count(0)
    expect(lead.get_by_role("button", name="Remove Alex Morgan from Harbor City")).to_have_count(0)
    expect(lead.get_by_label("Role of Sam Rivera", exact=True)).to_be_visible()
    expect(lead.get_by_text("Recent changes to roles")).to_have_count(0)
    assert not problems, "\n".join(problems)
