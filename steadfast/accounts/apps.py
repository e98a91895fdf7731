from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: the user model, sign-in (allauth) and MFA policy, and consent records."""

    name = "steadfast.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from steadfast.accounts import (
            personal_data,
            signals,  # noqa: F401  (connects audit receivers)
        )
        from steadfast.core.personal_data import register

        register("accounts", kept=personal_data.KEPT)
