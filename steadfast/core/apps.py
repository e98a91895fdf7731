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
