from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Instruments, measurement schedules, responses and scores; FHIR import and export."""

    name = "steadfast.assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from steadfast.assessments.selectors import score_rows  # models load only now
        from steadfast.safety.selectors import scores_from

        scores_from(score_rows)  # safety's rule 3 reads the person's scores through this
