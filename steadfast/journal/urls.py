from django.urls import URLPattern, URLResolver

app_name = "journal"

urlpatterns: list[URLPattern | URLResolver] = []
