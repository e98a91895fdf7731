from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training requests, regional trainings with seats, and critical-incident debriefs."""

    name = "steadfast.training"
    verbose_name = "Training"
