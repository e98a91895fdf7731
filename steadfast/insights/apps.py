from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Program evaluation and organisation dashboards: statistics and small-group suppression."""

    name = "steadfast.insights"
    verbose_name = "Insights"
