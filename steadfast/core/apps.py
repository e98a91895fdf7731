from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: the encrypted field, the audit trail, tenancy helpers, health."""

    name = "steadfast.core"
    verbose_name = "Core"
