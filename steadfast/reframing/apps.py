from django.apps import AppConfig


class ReframingConfig(AppConfig):
    """Thinking traps: the taxonomy and an offline suggester for the thought record."""

    name = "steadfast.reframing"
    verbose_name = "Thinking traps"
