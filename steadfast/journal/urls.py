from django.urls import URLPattern, URLResolver, path

from steadfast.journal import views

app_name = "journal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("write/<uuid:token>/", views.write, name="write"),
    path("drafts/<uuid:token>/autosave/", views.autosave, name="autosave"),
    path("drafts/<uuid:token>/discard/", views.discard, name="discard"),
    path("search/", views.search, name="search"),
    path("export.json", views.export_json, name="export_json"),
    path("export.html", views.export_html, name="export_html"),
    path("<id:pk>/", views.entry, name="entry"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/delete/", views.delete, name="delete"),
    path("<id:pk>/share/", views.share, name="share"),
    path("<id:pk>/unshare/", views.unshare, name="unshare"),
]
