from django.urls import URLPattern, URLResolver, path

from steadfast.programs import views

app_name = "programs"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library, name="library"),
    path("mine/", views.mine, name="mine"),
    path("join/<slug:slug>/", views.join, name="join"),
    path("path/<id:pk>/", views.program_path, name="path"),
    path("path/<id:pk>/items/<slug:item>/", views.item, name="item"),
    path("path/<id:pk>/items/<slug:item>/progress/", views.item_progress, name="item_progress"),
    path("path/<id:pk>/items/<slug:item>/check/", views.item_check, name="item_check"),
    path("<slug:slug>/", views.preview, name="preview"),
]
