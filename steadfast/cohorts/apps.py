from django.apps import AppConfig


class CohortsConfig(AppConfig):
    """Cohorts: enrolment, group formation, sessions, attendance, notes, feedback, closure."""

    name = "steadfast.cohorts"
    verbose_name = "Cohorts"
