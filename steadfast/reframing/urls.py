from django.urls import URLPattern, URLResolver

app_name = "reframing"

urlpatterns: list[URLPattern | URLResolver] = []
