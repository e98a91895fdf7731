"""The journal in a real browser on a phone-sized screen: writing with autosave, a draft that
survives a lost connection and an ended session, one entry for a double click, search,
sharing one entry with the facilitator and taking it back, and the pages without JavaScript.
Every page passes axe (no serious or critical violations) and never scrolls sideways."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from steadfast.home.demo import DEMO_SLUG
from tests.browser.test_sign_in import BLOCKING_IMPACTS, assert_ok, describe_violations, sign_in

pytestmark = pytest.mark.browser

PARTICIPANT = "participant@demo.steadfast.local"
FACILITATOR = "facilitator@demo.steadfast.local"
PHONE = {"width": 375, "height": 740}
WRITE_PATH = re.compile(r"/journal/write/[0-9a-f-]{36}/$")


def signed_in(new_page, server, email, **options):
    page = new_page(viewport=PHONE, **options)
    page.goto(server.url + "/accounts/login/")
    sign_in(page, email)
    return page


def check_page(page, problems: list[str]) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"axe on {page.url}:\n{describe_violations(blocking)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{page.url} scrolls sideways at {PHONE['width']} px ({width})")


def open_new_page(page, server):
    assert_ok(page.goto(server.url + "/journal/new/"), server)
    assert WRITE_PATH.search(urlsplit(page.url).path), page.url


def local_copy(page):
    token = urlsplit(page.url).path.split("/")[-2]
    return page.evaluate(f"window.localStorage.getItem('steadfast-journal:{token}')")


def test_a_participant_writes_searches_shares_and_takes_back(server, new_page):
    marker = uuid.uuid4().hex[:8]
    problems: list[str] = []
    page = signed_in(new_page, server, PARTICIPANT)
    assert_ok(page.goto(server.url + "/journal/"), server)
    check_page(page, problems)

    page.get_by_role("link", name="Write a new entry").click()
    page.wait_for_load_state()
    check_page(page, problems)
    page.get_by_label("Title (optional)").fill(f"Harbour walk {marker}")
    page.get_by_label("What's on your mind?").fill(
        f"A long shift, then a quiet walk by the café {marker}. I felt calmer."
    )
    page.get_by_label("How are you feeling? (optional)").select_option("calm")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft kept at")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Harbour walk {marker}")
    expect(page.locator(".journal-body")).to_contain_text("quiet walk")
    check_page(page, problems)
    entry_path = urlsplit(page.url).path

    # Search: accents and case do not matter; the words never appear in the address.
    assert_ok(page.goto(server.url + "/journal/"), server)
    page.get_by_label("Search your journal").fill(f"CAFE {marker}")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/journal/search/" and not urlsplit(page.url).query
    expect(page.get_by_role("heading", name="1 entry found")).to_be_visible()
    expect(page.locator("mark")).to_have_text("café")
    check_page(page, problems)

    # Share, with a clear list of who will read it.
    assert_ok(page.goto(server.url + entry_path), server)
    page.get_by_role("link", name="Share this entry with your facilitators").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Dana Okafor")
    check_page(page, problems)
    page.get_by_label(re.compile("I understand the people listed above")).check()
    page.get_by_role("button", name="Share this entry").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("with the facilitators of your groups")
    who = page.get_by_role("region", name="Who can read this")
    expect(who.get_by_role("listitem")).to_have_text(["Dana Okafor"])

    facilitator = signed_in(new_page, server, FACILITATOR)
    listing = f"{server.url}/o/{DEMO_SLUG}/journal/shared/"
    assert_ok(facilitator.goto(listing), server)
    check_page(facilitator, problems)
    facilitator.get_by_role("link", name=re.compile("Entry from Sam Rivera")).first.click()
    facilitator.wait_for_load_state()
    expect(facilitator.locator(".journal-body")).to_contain_text(marker)
    check_page(facilitator, problems)
    shared_url = facilitator.url

    page.get_by_role("button", name="Take it back").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Only you.")
    response = facilitator.goto(shared_url)
    assert response.status == 404
    assert marker not in facilitator.locator("body").inner_text()
    assert not problems, "\n".join(problems)


def test_a_draft_survives_an_ended_session(server, new_page):
    marker = uuid.uuid4().hex[:8]
    page = signed_in(new_page, server, PARTICIPANT)
    open_new_page(page, server)
    write_path = urlsplit(page.url).path
    body = page.get_by_label("What's on your mind?")
    body.fill(f"Before the break {marker}.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft kept at")

    # The session ends while the person keeps typing.
    page.context.clear_cookies(name="sessionid")
    body.press_sequentially(" After the break, still writing.", delay=5)
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("You have been signed out", timeout=20_000)
    assert "After the break" in local_copy(page)

    status.get_by_role("link", name=re.compile("Sign in again")).click()
    page.wait_for_load_state()
    sign_in(page, PARTICIPANT)
    assert urlsplit(page.url).path == write_path, page.url
    expect(body).to_have_value(f"Before the break {marker}. After the break, still writing.")
    expect(status).to_contain_text("brought back words kept on this device")
    expect(status).to_contain_text("Draft kept at", timeout=20_000)
    assert local_copy(page) is None  # the server has it now: no copy left in the browser

    page.get_by_role("button", name="Save entry").click()
    page.wait_for_load_state()
    expect(page.locator(".journal-body")).to_contain_text("After the break, still writing.")


def test_a_draft_survives_a_lost_connection(server, new_page):
    marker = uuid.uuid4().hex[:8]
    page = signed_in(new_page, server, PARTICIPANT)
    open_new_page(page, server)
    page.route("**/autosave/", lambda route: route.abort("internetdisconnected"))
    body = page.get_by_label("What's on your mind?")
    body.fill(f"Typed with no connection {marker}")
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("can't reach the server", timeout=20_000)

    page.reload()  # the tab is reloaded (or the phone restarts the browser) while offline
    expect(body).to_have_value(f"Typed with no connection {marker}")
    page.unroute("**/autosave/")
    expect(status).to_contain_text("Draft kept at", timeout=20_000)
    assert local_copy(page) is None


def test_a_double_click_stores_one_entry(server, new_page):
    marker = uuid.uuid4().hex[:8]
    page = signed_in(new_page, server, PARTICIPANT)
    open_new_page(page, server)
    page.get_by_label("What's on your mind?").fill(f"Clicked twice {marker}")
    page.get_by_role("button", name="Save entry").dblclick()
    page.wait_for_load_state()
    expect(page.locator(".journal-body")).to_contain_text(marker)
    assert_ok(page.goto(server.url + "/journal/"), server)
    expect(page.locator(".journal-item", has_text=marker)).to_have_count(1)


def test_the_journal_works_without_javascript(server, new_page):
    # (axe needs JavaScript in the page, so the pages are checked in the tests above.)
    marker = uuid.uuid4().hex[:8]
    page = signed_in(new_page, server, PARTICIPANT, java_script_enabled=False)
    open_new_page(page, server)
    body = page.get_by_label("What's on your mind?")
    body.fill(f"Half a thought {marker}")
    page.get_by_role("button", name="Keep as draft").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Your draft is kept")
    expect(body).to_have_value(f"Half a thought {marker}")
    body.fill(f"A whole thought {marker}")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_load_state()
    expect(page.locator(".journal-body")).to_contain_text(f"A whole thought {marker}")

    assert_ok(page.goto(server.url + "/journal/search/"), server)
    page.get_by_label("Search your journal").fill(f"whole {marker}")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="1 entry found")).to_be_visible()
