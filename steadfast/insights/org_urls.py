from django.urls import URLPattern, URLResolver

app_name = "insights_org"

urlpatterns: list[URLPattern | URLResolver] = []
