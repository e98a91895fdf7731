from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: the encrypted field, the audit trail, tenancy helpers, health."""

    name = "steadfast.core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.urls.converters import get_converters, register_converter

        from steadfast.core.lookups import install_integer_in_lookup
        from steadfast.core.params import IdConverter
        from steadfast.core.text import install_form_rule

        # Before any URLconf is imported: routes use <id:pk> for database ids.
        if "id" not in get_converters():
            register_converter(IdConverter, "id")
        install_form_rule()
        install_integer_in_lookup()

        # The audit trail and the admin site's change log stay when a person erases their
        # data (core.personal_data): records of who did what, not anything the person wrote.
        from django.contrib.admin.models import LogEntry

        from steadfast.core.models import AuditEvent
        from steadfast.core.personal_data import register

        register(
            "core",
            kept={
                AuditEvent: "the append-only audit trail: ids, actions and times, never "
                "content; kept as evidence of who read and changed what (decision 0003)",
                LogEntry: "the admin site's record of changes platform staff made: the staff "
                "member's accountability record",
            },
        )
