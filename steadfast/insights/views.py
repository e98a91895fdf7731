"""The lead's insights pages: the dashboard, the report page and its downloads.

Thin: resolve the membership (organisation_view), build the privacy-checked data in
`reports`, render. Every figure shown has passed `insights.privacy`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.insights import render as rendering
from steadfast.insights import reports
from steadfast.organisations.models import Membership
from steadfast.organisations.permissions import organisation_view


def report_context(report: dict[str, Any]) -> dict[str, Any]:
    outcomes: list[dict[str, Any]] = report["outcomes"]
    models: list[dict[str, Any]] = report["models"]
    waves: dict[str, str] = report["waves"]
    instruments = list(dict.fromkeys(o["instrument"] for o in outcomes))
    return {
        "report": report,
        "change_charts": [c for c in (rendering.change_chart(report, i) for i in instruments) if c],
        "means_charts": [c for c in (rendering.means_chart(m, waves) for m in models) if c],
        "titles": {code: rendering.instrument_title(code) for code in ("phq9", "gad7", "who5")},
        "breakdowns": [
            ("team", report["outcomes_by_team"], "team"),
            ("program", report["outcomes_by_program"], "program"),
            ("role", report["outcomes_by_role"], "role"),
            ("cohort", report["outcomes_by_cohort"], "cohort"),
        ],
    }


@organisation_view("view_insights")
def dashboard(request: HttpRequest, membership: Membership) -> HttpResponse:
    board = reports.dashboard(organisation=membership.organisation)
    for warning in board["early_warning"]:
        warning["chart"] = rendering.trend_chart(warning)
    return render(
        request,
        "insights/dashboard.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "board": board,
            "titles": {code: rendering.instrument_title(code) for code in ("phq9", "gad7", "who5")},
        },
    )


@organisation_view("view_insights")
def report_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    report = reports.evaluation_report(organisation=membership.organisation)
    return render(
        request,
        "insights/report.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            **report_context(report),
        },
    )


CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@organisation_view("view_insights")
def report_download(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    organisation = membership.organisation
    report = reports.evaluation_report(organisation=organisation)
    body: bytes | str
    if fmt == "json":
        body = json.dumps(report, indent=2)
    elif fmt == "csv":
        body = rendering.to_csv(report)
    else:
        body = rendering.to_pdf(report)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="evaluation_report",
        object_id=fmt,
        organisation=organisation,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="evaluation-{organisation.slug}.{fmt}"'
    return response
