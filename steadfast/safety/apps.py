from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Crisis resources, risk rules on answers and trends, alerts with an owner and a deadline."""

    name = "steadfast.safety"
    verbose_name = "Safety"
