from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """Practice: interactive exercises, daily check-ins and goals, each person's own."""

    name = "steadfast.practice"
    verbose_name = "Practice"
