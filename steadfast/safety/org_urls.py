from django.urls import URLPattern, URLResolver, path

from steadfast.safety import views

app_name = "safety_org"

urlpatterns: list[URLPattern | URLResolver] = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<id:pk>/", views.alert, name="alert"),
    path("setup/", views.setup, name="setup"),
]
