from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    """Curriculum as versioned data: programs, versions, role variants, modules and items."""

    name = "steadfast.programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        # Models load only once the app registry is ready, hence the imports here.
        from steadfast.core.personal_data import register
        from steadfast.programs import personal_data

        register("programs", kept=personal_data.KEPT)
