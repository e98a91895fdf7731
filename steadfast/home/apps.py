from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top layer: pages that gather several apps (each organisation's home for every
    role) and the demo loader. Every other app sits below it; nothing imports it."""

    name = "steadfast.home"
    verbose_name = "Home"
