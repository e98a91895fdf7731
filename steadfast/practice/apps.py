from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """Practice: interactive exercises, daily check-ins and goals, each person's own."""

    name = "steadfast.practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        # Imported here because models can load only once the apps are ready.
        from steadfast.cohorts.selectors import practice_counts_from
        from steadfast.core.personal_data import register
        from steadfast.practice import models, selectors, services

        practice_counts_from(selectors.practice_counts)  # a cohort's end-of-program summary

        register(
            "practice",
            export=lambda user: selectors.export_for(user=user),
            erase=lambda user: sum(services.practice_delete_all(user=user).values()),
            models=(
                models.Entry,
                models.Draft,
                models.CheckinWords,
                models.Goal,
                models.GoalUpdate,
            ),
        )
