from django.urls import URLPattern, URLResolver, path

from steadfast.journal import views

app_name = "journal_org"

urlpatterns: list[URLPattern | URLResolver] = [
    path("shared/", views.shared, name="shared"),
    path("shared/<id:pk>/", views.shared_entry, name="shared_entry"),
]
