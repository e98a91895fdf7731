from django.urls import URLPattern, URLResolver

app_name = "safety_org"

urlpatterns: list[URLPattern | URLResolver] = []
