from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The private journal: its own app, its own privacy boundary."""

    name = "steadfast.journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        # Models load only once the app registry is ready, hence the imports here.
        from steadfast.core.personal_data import register
        from steadfast.journal import personal_data

        register(
            "journal",
            export=personal_data.export,
            erase=personal_data.erase,
            models=personal_data.MODELS,
            kept=personal_data.KEPT,
            label=personal_data.LABEL,
        )
