from django.urls import URLPattern, URLResolver, path

from steadfast.practice import views

app_name = "practice"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/trend/", views.checkin_trend, name="checkin_trend"),
    path("checkin/<id:pk>/delete/", views.checkin_delete, name="checkin_delete"),
    path("goals/", views.goals, name="goals"),
    path("goals/new/", views.goal_new, name="goal_new"),
    path("goals/<id:pk>/", views.goal_detail, name="goal"),
    path("goals/<id:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<id:pk>/progress/", views.goal_progress, name="goal_progress"),
    path("goals/<id:pk>/review/", views.goal_review, name="goal_review"),
    path("goals/<id:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/partner/<id:pk>/", views.partner_goal, name="partner_goal"),
    path("goals/partner/<id:pk>/answer/", views.partner_respond, name="partner_respond"),
    path("drafts/", views.draft_save, name="draft_save"),
    path("drafts/discard/", views.draft_discard, name="draft_discard"),
    path("traps/suggest/", views.suggest_traps, name="suggest_traps"),
    path("export.json", views.export_json, name="export_json"),
    path("export.html", views.export_html, name="export_html"),
    path("delete-all/", views.delete_all, name="delete_all"),
    path("entries/<id:pk>/", views.entry_detail, name="entry"),
    path("entries/<id:pk>/edit/", views.entry_edit, name="edit"),
    path("entries/<id:pk>/delete/", views.entry_delete, name="delete"),
    path("<slug:code>/", views.history, name="history"),
    path("<slug:code>/new/", views.entry_new, name="new"),
]
