from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    """Curriculum as versioned data: programs, versions, role variants, modules and items."""

    name = "steadfast.programs"
    verbose_name = "Programs"
