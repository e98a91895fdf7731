from django.apps import AppConfig
from django.urls.converters import get_converters, register_converter
from django.utils.module_loading import autodiscover_modules

from steadfast.core.lookups import install_integer_in_lookup
from steadfast.core.params import IdConverter
from steadfast.core.text import install_form_rule


class CoreConfig(AppConfig):
    """Shared building blocks: the encrypted field, the audit trail, tenancy helpers, health."""

    name = "steadfast.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Before any URLconf is imported: routes use <id:pk> for database ids.
        if "id" not in get_converters():
            register_converter(IdConverter, "id")
        install_form_rule()
        install_integer_in_lookup()
        # Each app's wiring.py (signal receivers, the hooks it fills for apps below it, its
        # personal-data registration), found the way Django's admin finds admin.py.
        autodiscover_modules("wiring")
