from django.urls import URLPattern, URLResolver, path

from steadfast.cohorts import views

app_name = "cohorts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.my_sessions, name="mine"),
    path("<id:cohort_id>/intake/", views.intake, name="intake"),
    path("<id:cohort_id>/agreement/", views.agreement_accept, name="agreement"),
    path("<id:cohort_id>/summary/", views.summary, name="summary"),
    path("sessions/<id:sid>/feedback/", views.feedback, name="feedback"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
]
