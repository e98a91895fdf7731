from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Organisations (the tenants), their teams, memberships with a role, and invitations."""

    name = "steadfast.organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        # Models load only once the app registry is ready, hence the imports here.
        from steadfast.core.personal_data import register
        from steadfast.organisations import personal_data

        register("organisations", kept=personal_data.KEPT)
