from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Instruments, measurement schedules, responses and scores; FHIR import and export."""

    name = "steadfast.assessments"
    verbose_name = "Assessments"
