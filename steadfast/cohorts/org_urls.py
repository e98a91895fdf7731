from django.urls import URLPattern, URLResolver, path

from steadfast.cohorts import views

app_name = "cohorts_org"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.cohort_list, name="list"),
    path("new/", views.cohort_create, name="create"),
    path("<id:pk>/", views.cohort_detail, name="detail"),
    path("<id:pk>/import/", views.cohort_import, name="import"),
    path("<id:pk>/groups/", views.cohort_groups, name="groups"),
    path("<id:pk>/schedule/", views.cohort_schedule, name="schedule"),
    path("<id:pk>/sessions/<id:sid>/change/", views.session_change, name="session_change"),
    path("<id:pk>/sessions/<id:sid>/run/", views.session_run, name="session_run"),
    path("<id:pk>/members/<id:mid>/notes/", views.member_notes, name="member_notes"),
    path("<id:pk>/close/", views.cohort_close, name="close"),
    path("<id:pk>/edit/", views.cohort_edit, name="edit"),
    path("<id:pk>/notes/<id:nid>/edit/", views.note_edit, name="note_edit"),
]
