"""Two tabs editing one journal entry in a real browser: the later save is refused with a
409 page showing what is saved now and what was typed, the typed words stay in the form, and
saving again from that page keeps the merge (core.versioning). The page passes axe."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_journal import check_page, open_new_page, signed_in
from tests.browser.test_sign_in import assert_ok

pytestmark = pytest.mark.browser


def test_two_tabs_editing_one_entry_lose_neither_text(server, new_page):
    marker = uuid.uuid4().hex[:8]
    first = signed_in(new_page, server, "participant@demo.steadfast.local")
    open_new_page(first, server)
    first.get_by_label("Title (optional)").fill(f"Night shift {marker}")
    first.get_by_label("What's on your mind?").fill("Written before the two tabs.")
    first.get_by_role("button", name="Save entry").click()
    first.wait_for_load_state()
    edit_url = first.get_by_role("link", name="Edit", exact=True).get_attribute("href")

    second = first.context.new_page()  # a second tab, same person, same session
    assert_ok(second.goto(server.url + edit_url), server)
    assert_ok(first.goto(server.url + edit_url), server)

    first.get_by_label("What's on your mind?").fill(f"The first tab's words {marker}.")
    first.get_by_role("button", name="Save entry").click()
    first.wait_for_load_state()
    expect(first.locator(".journal-body")).to_contain_text(f"The first tab's words {marker}.")

    body = second.get_by_label("What's on your mind?")
    body.fill(f"The second tab's words {marker}.")
    with second.expect_response(lambda r: r.request.method == "POST") as answer:
        second.get_by_role("button", name="Save entry").click()
    assert answer.value.status == 409
    second.wait_for_load_state()
    conflict = second.locator(".edit-conflict")
    expect(conflict.get_by_role("heading", level=2)).to_have_text(
        "This entry changed while you were editing"
    )
    expect(conflict).to_contain_text(f"The first tab's words {marker}.")
    expect(conflict).to_contain_text(f"The second tab's words {marker}.")
    expect(body).to_have_value(f"The second tab's words {marker}.")
    problems: list[str] = []
    check_page(second, problems)
    assert not problems, "\n".join(problems)

    body.fill(f"The first tab's words {marker}. The second tab's words {marker}.")
    second.get_by_role("button", name="Save entry").click()
    second.wait_for_load_state()
    assert re.search(r"/journal/\d+/$", second.url), second.url
    expect(second.locator(".journal-body")).to_contain_text(
        f"The first tab's words {marker}. The second tab's words {marker}."
    )
