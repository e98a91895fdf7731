"""Every foundation page, signed out and in each role, passes axe (no serious or critical
violations) and fits a 320 px wide screen without sideways scrolling."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from steadfast.home.demo import DEMO_SLUG
from tests.browser.test_sign_in import BLOCKING_IMPACTS, assert_ok, describe_violations, sign_in

pytestmark = pytest.mark.browser

PAGES = {
    None: ["/", "/accounts/login/", "/crisis/", "/accounts/password/reset/", "/accounts/signup/"],
    "participant@demo.steadfast.local": [
        f"/o/{DEMO_SLUG}/",
        f"/o/{DEMO_SLUG}/consent/",
        "/accounts/2fa/",
    ],
    "lead@demo.steadfast.local": [f"/o/{DEMO_SLUG}/", f"/o/{DEMO_SLUG}/people/"],
    "facilitator@demo.steadfast.local": [f"/o/{DEMO_SLUG}/"],
    "admin@demo.steadfast.local": [f"/o/{DEMO_SLUG}/"],
}


@pytest.mark.parametrize("email", list(PAGES), ids=lambda e: (e or "signed-out").split("@")[0])
def test_pages_are_accessible_and_fit_a_small_screen(server, new_page, email):
    page = new_page()
    if email:
        page.goto(server.url + "/accounts/login/")
        sign_in(page, email)
    problems = []
    for path in PAGES[email]:
        page.set_viewport_size({"width": 1280, "height": 800})
        assert_ok(page.goto(server.url + path), server)
        violations = Axe().run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            problems.append(f"axe on {path}:\n{describe_violations(blocking)}")
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path} scrolls sideways at 320 px (scrollWidth {width})")
    assert not problems, "\n".join(problems)
