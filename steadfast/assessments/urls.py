from django.urls import URLPattern, URLResolver, path

from steadfast.assessments import views

app_name = "assessments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("start/<slug:code>/", views.start, name="start"),
    path("d/<uuid:token>/<id:position>/", views.question, name="question"),
    path("d/<uuid:token>/review/", views.review, name="review"),
    path("r/<id:pk>/", views.result, name="result"),
    path("progress/<slug:code>/", views.progress, name="progress"),
    path("export.json", views.export, name="export"),
]
