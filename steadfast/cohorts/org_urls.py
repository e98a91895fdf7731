from django.urls import URLPattern, URLResolver, path

from steadfast.cohorts import views
from steadfast.organisations import views as organisation_views

app_name = "cohorts_org"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.cohort_list, name="list"),
    path("new/", views.cohort_create, name="create"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/import/", views.cohort_import, name="import"),
    path("<int:pk>/groups/", views.cohort_groups, name="groups"),
    path("<int:pk>/schedule/", views.cohort_schedule, name="schedule"),
    path("<int:pk>/sessions/<int:sid>/change/", views.session_change, name="session_change"),
    path("<int:pk>/sessions/<int:sid>/run/", views.session_run, name="session_run"),
    path("<int:pk>/members/<int:mid>/notes/", views.member_notes, name="member_notes"),
    path("<int:pk>/close/", views.cohort_close, name="close"),
    path("<int:pk>/edit/", views.cohort_edit, name="edit"),
    path("<int:pk>/notes/<int:nid>/edit/", views.note_edit, name="note_edit"),
    path("debriefs/", views.debriefs, name="debriefs"),
    path("debriefs/<int:pk>/", views.debrief_detail, name="debrief"),
    path("training/", organisation_views.training_request_lead, name="training_request"),
    path("training/seats/", organisation_views.training_seats, name="training_seats"),
    path(
        "training/seats/<int:pk>/cancel/",
        organisation_views.training_seat_cancel,
        name="training_seat_cancel",
    ),
]
