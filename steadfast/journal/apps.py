from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The private journal: its own app, its own privacy boundary."""

    name = "steadfast.journal"
    verbose_name = "Journal"
