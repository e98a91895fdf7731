from collections.abc import Callable

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from steadfast.accounts import api as accounts_api
from steadfast.accounts import views as accounts_views
from steadfast.cohorts import views as cohort_views
from steadfast.core import views as core_views
from steadfast.home import views as home_views
from steadfast.organisations import views as organisation_views
from steadfast.safety import views as safety_views


def moved(pattern_name: str) -> Callable[..., HttpResponseBase]:
    """A page's old address: a permanent redirect to where it lives now, keeping its slug and
    id, so bookmarks and links in emails already sent keep working (decision 0022)."""
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


admin.site.site_header = "Steadfast administration"
admin.site.site_title = "Steadfast"

organisation_patterns: list[URLPattern | URLResolver] = [
    path("", home_views.organisation_home, name="organisation_home"),
    path("people/", organisation_views.people, name="organisation_people"),
    path("members/<id:pk>/remove/", organisation_views.member_remove, name="member_remove"),
    path("members/<id:pk>/role/", organisation_views.member_role_change, name="member_role_change"),
    path(
        "invitations/<id:pk>/resend/",
        organisation_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/<id:pk>/revoke/",
        organisation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("consent/", home_views.consent, name="consent"),
    path("measures/", cohort_views.shared_measures, name="shared_measures"),
    path("", include("steadfast.training.org_urls")),
    path("cohorts/training/", moved("training_org:request")),
    path("cohorts/training/seats/", moved("training_org:seats")),
    path("cohorts/training/seats/<id:pk>/cancel/", moved("training_org:seat_cancel")),
    path("cohorts/debriefs/", moved("training_org:debriefs")),
    path("cohorts/debriefs/<id:pk>/", moved("training_org:debrief")),
    path("cohorts/", include("steadfast.cohorts.org_urls")),
    path("insights/", include("steadfast.insights.org_urls")),
    path("safety/", include("steadfast.safety.org_urls")),
    path("practice/", include("steadfast.practice.org_urls")),
    path("journal/", include("steadfast.journal.org_urls")),
]


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through the same throttled, MFA-aware form as everyone else."""
    return redirect_to_login(request.GET.get("next", "/admin/"), login_url="/accounts/login/")


urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("healthz", core_views.healthz, name="healthz"),
    path("crisis/", safety_views.crisis, name="crisis"),
    path("_bench/hello", core_views.hello, name="bench_hello"),
    path("home/", organisation_views.home, name="home"),
    path("my-data/", accounts_views.my_data, name="my_data"),
    path("my-data/export.json", accounts_views.my_data_export, name="my_data_export"),
    path("o/<slug:slug>/", include(organisation_patterns)),
    path("invitations/<str:token>/", accounts_views.invitation_accept, name="invitation_accept"),
    path("assessments/", include("steadfast.assessments.urls")),
    path("programs/", include("steadfast.programs.urls")),
    path("practice/", include("steadfast.practice.urls")),
    path("journal/", include("steadfast.journal.urls")),
    path("safety/", include("steadfast.safety.urls")),
    path("insights/", include("steadfast.insights.urls")),
    path("training/", include("steadfast.training.urls")),
    path("cohorts/training/request/", moved("training:request")),
    path("cohorts/training/requests/", moved("training:triage")),
    path("cohorts/training/requests/<id:pk>/", moved("training:triage_decide")),
    path("cohorts/", include("steadfast.cohorts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/me/", accounts_api.me, name="api_me"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
