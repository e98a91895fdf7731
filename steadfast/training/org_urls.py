from django.urls import URLPattern, URLResolver, path

from steadfast.training import views

app_name = "training_org"

urlpatterns: list[URLPattern | URLResolver] = [
    path("training/", views.training_request_lead, name="request"),
    path("training/seats/", views.training_seats, name="seats"),
    path("training/seats/<id:pk>/cancel/", views.training_seat_cancel, name="seat_cancel"),
    path("debriefs/", views.debriefs, name="debriefs"),
    path("debriefs/<id:pk>/", views.debrief_detail, name="debrief"),
]
