from django.urls import URLPattern, URLResolver

app_name = "journal_org"

urlpatterns: list[URLPattern | URLResolver] = []
