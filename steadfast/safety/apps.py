from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Crisis resources, risk rules on answers and trends, alerts with an owner and a deadline."""

    name = "steadfast.safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        # Models load only once the app registry is ready, hence the imports here.
        from steadfast.organisations.signals import membership_changing
        from steadfast.safety.services import responder_role_check

        membership_changing.connect(responder_role_check, dispatch_uid="safety-responder-role")

        from steadfast.core.personal_data import register
        from steadfast.safety import personal_data

        register("safety", kept=personal_data.KEPT)
