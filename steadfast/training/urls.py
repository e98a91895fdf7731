from django.urls import URLPattern, URLResolver, path

from steadfast.training import views

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("request/", views.training_request_public, name="request"),
    path("requests/", views.training_triage, name="triage"),
    path("requests/<id:pk>/", views.training_triage_decide, name="triage_decide"),
]
