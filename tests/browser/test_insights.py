"""End to end: an organisation lead opens insights, reads the early warning and the report,
and downloads the PDF, in a real browser against a real server."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from steadfast.home.demo import DEMO_PASSWORD
from tests.browser.conftest import _child_env
from tests.browser.test_sign_in import assert_ok, describe_violations, sign_in
from tests.support import run_manage

pytestmark = pytest.mark.browser

SLUG = "insights-browser"
LEAD_EMAIL = "insights-lead@example.test"
SEED = f"""
from steadfast.accounts.models import User
from steadfast.insights.synthetic import synthetic_organisation_seed
from steadfast.organisations.models import Membership, Role
seeded = synthetic_organisation_seed(slug="{SLUG}", participants=150, effect=-2.0, seed=3)
lead = User.objects.create_user("{LEAD_EMAIL}", "{DEMO_PASSWORD}", full_name="Ines Lead")
Membership.objects.create(user=lead, organisation=seeded.organisation, role=Role.LEAD)
"""


@pytest.fixture(scope="module")
def synthetic_org(server):
    """A synthetic organisation (its own slug, its own lead) on the shared demo server."""
    result = run_manage(_child_env(server.var_dir, {}), "shell", "-c", SEED, timeout=300)
    assert result.returncode == 0, result.stderr
    return f"{server.url}/o/{SLUG}"


def test_lead_reads_the_dashboard_and_downloads_the_report(server, synthetic_org, new_page):
    page = new_page()
    page.goto(f"{server.url}/accounts/login/")
    sign_in(page, LEAD_EMAIL)

    assert_ok(page.goto(f"{synthetic_org}/insights/"), server)
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    flagged = page.locator("section.team-trend.flagged")
    expect(flagged.first).to_contain_text("Needs attention")
    expect(flagged.first).to_contain_text("booster session")
    expect(
        page.get_by_role("img", name="Team 001: weekly average stress (0 to 10)")
    ).to_be_visible()
    expect(page.get_by_text("synthetic.invalid")).to_have_count(0)
    cohorts = page.get_by_role("table", name="Taking part by cohort")
    expect(cohorts).to_be_visible()
    expect(cohorts).to_contain_text("Cohort 001")
    expect(page.get_by_role("heading", name="How useful people found the sessions")).to_be_visible()
    expect(page.get_by_role("table", name="Session feedback by cohort")).to_contain_text(
        "Cohort 001"
    )
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, describe_violations(serious)

    page.get_by_role("link", name="Open the evaluation report").click()
    expect(page.get_by_role("heading", name="Evaluation report")).to_be_visible()
    expect(
        page.get_by_role("table", name="Change from the start, all participants")
    ).to_be_visible()
    expect(
        page.get_by_role(
            "img", name="PHQ-9: mean change from the start with 95% confidence intervals"
        )
    ).to_be_visible()
    expect(page.get_by_role("table", name="Taking part")).to_contain_text("Completed")
    expect(page.get_by_role("heading", name="Change by cohort")).to_be_visible()
    expect(page.get_by_role("heading", name="How we count")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"evaluation-{SLUG}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_participant_of_the_organisation_is_refused(server, synthetic_org, new_page):
    page = new_page()
    page.goto(f"{server.url}/accounts/login/")
    sign_in(page, "participant@demo.steadfast.local")
    response = page.goto(f"{synthetic_org}/insights/")
    assert response is not None and response.status == 404  # not a member: looks absent
