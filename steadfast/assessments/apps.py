from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Instruments, measurement schedules, responses and scores; FHIR import and export."""

    name = "steadfast.assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from steadfast.assessments.selectors import score_rows  # models load only now
        from steadfast.safety.selectors import scores_from

        scores_from(score_rows)  # safety's rule 3 reads the person's scores through this

        from steadfast.assessments import personal_data
        from steadfast.core.personal_data import register

        register(
            "assessments",
            export=personal_data.export,
            erase=personal_data.erase,
            models=personal_data.MODELS,
            kept=personal_data.KEPT,
            label=personal_data.LABEL,
        )
