from django.urls import URLPattern, URLResolver

app_name = "cohorts"

urlpatterns: list[URLPattern | URLResolver] = []
