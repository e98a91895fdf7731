from django.urls import URLPattern, URLResolver

app_name = "cohorts_org"

urlpatterns: list[URLPattern | URLResolver] = []
