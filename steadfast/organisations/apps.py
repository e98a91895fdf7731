from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Organisations (the tenants), their teams, memberships with a role, and invitations."""

    name = "steadfast.organisations"
    verbose_name = "Organisations"
