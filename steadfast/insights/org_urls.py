from django.urls import URLPattern, URLResolver, path

from steadfast.insights import views

app_name = "insights_org"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("report/", views.report_page, name="report"),
    path("report.<str:fmt>", views.report_download, name="report_download"),
]
