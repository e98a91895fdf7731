from django.urls import URLPattern, URLResolver

app_name = "practice_org"

urlpatterns: list[URLPattern | URLResolver] = []
