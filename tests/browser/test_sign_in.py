"""End to end: signing in through a real server and Debian's chromium."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from steadfast.home.demo import DEMO_PASSWORD, DEMO_SLUG

pytestmark = pytest.mark.browser

PARTICIPANT_EMAIL = "participant@demo.steadfast.local"
ADMIN_EMAIL = "admin@demo.steadfast.local"
TOTP_ACTIVATE_PATH = "/accounts/2fa/totp/activate/"
BLOCKING_IMPACTS = {"serious", "critical"}


def sign_in(page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def heads_for_totp_setup(url: str) -> bool:
    """The TOTP activation page, or allauth's password confirmation on the way to it."""
    parts = urlsplit(url)
    if parts.path.startswith(TOTP_ACTIVATE_PATH):
        return True
    if parts.path.startswith("/accounts/reauthenticate/"):
        return any(
            urlsplit(value).path.startswith(TOTP_ACTIVATE_PATH)
            for value in parse_qs(parts.query).get("next", [])
        )
    return False


def reauthenticate_if_asked(page) -> None:
    if urlsplit(page.url).path.startswith("/accounts/reauthenticate/"):
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()


def fresh_totp_code(secret: str) -> str:
    """A code with a few seconds of validity left (allauth's tolerance is zero periods)."""
    totp = pyotp.TOTP(secret)
    if totp.interval - time.time() % totp.interval < 3:
        time.sleep(totp.interval - time.time() % totp.interval + 0.5)
    return totp.now()


def assert_ok(response, server) -> None:
    """A 200, or the server's last log lines (a traceback on a 500) in the message."""
    assert response is not None, "no response"
    assert response.status == 200, (
        f"{response.url} answered {response.status}; server log ends:\n{server.log_tail(15)}"
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"  {' '.join(map(str, node['target']))}: {node['html']}")
    return "\n".join(lines)


def test_participant_signs_in_and_sees_home(server, new_page):
    page = new_page()
    assert_ok(page.goto(server.url + "/"), server)
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/accounts/login/"

    sign_in(page, PARTICIPANT_EMAIL)

    assert page.url.endswith(f"/o/{DEMO_SLUG}/"), page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Sam")
    expect(
        page.locator("footer").get_by_role("link", name=re.compile("Get help now"))
    ).to_have_attribute("href", "/crisis/")

    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {page.url}:\n{describe_violations(blocking)}"

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} scrolls sideways at 320px: scrollWidth {scroll_width}"


def test_administrator_without_mfa_is_sent_to_set_it_up(mfa_server, new_page):
    page = new_page()
    page.goto(mfa_server.url + "/accounts/login/")
    sign_in(page, ADMIN_EMAIL)
    assert heads_for_totp_setup(page.url), page.url

    page.goto(f"{mfa_server.url}/o/{DEMO_SLUG}/")
    assert heads_for_totp_setup(page.url), page.url

    reauthenticate_if_asked(page)
    assert TOTP_ACTIVATE_PATH in page.url, page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activate Authenticator App")

    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), f"unexpected TOTP secret {secret!r}"
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    assert TOTP_ACTIVATE_PATH not in page.url, page.locator("main").inner_text()

    assert_ok(page.goto(f"{mfa_server.url}/o/{DEMO_SLUG}/"), mfa_server)
    assert urlsplit(page.url).path == f"/o/{DEMO_SLUG}/", page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harbor City Emergency Services")


def test_crisis_page_works_signed_out_without_javascript(server, new_page):
    page = new_page(java_script_enabled=False)
    assert_ok(page.goto(server.url + "/crisis/"), server)
    assert urlsplit(page.url).path == "/crisis/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    expect(page.locator('a[href="tel:988"]').first).to_have_text("988")
    assert "988" in page.locator("main").inner_text()
