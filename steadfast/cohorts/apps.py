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
