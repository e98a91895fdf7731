from django.apps import AppConfig


class CohortsConfig(AppConfig):
    """Cohorts: enrolment, group formation, sessions, attendance, notes, feedback, closure."""

    name = "steadfast.cohorts"
    verbose_name = "Cohorts"

    def ready(self) -> None:
        # Models load only once the app registry is ready, hence the imports here.
        from steadfast.cohorts.services import claim_places_on_acceptance
        from steadfast.organisations.signals import invitation_accepted

        invitation_accepted.connect(claim_places_on_acceptance, dispatch_uid="cohorts-claim")

        from steadfast.cohorts import personal_data
        from steadfast.core.personal_data import register

        register(
            "cohorts",
            export=personal_data.export,
            erase=personal_data.erase,
            models=personal_data.MODELS,
            kept=personal_data.KEPT,
            label=personal_data.LABEL,
        )
