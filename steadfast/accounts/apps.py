from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: the user model, sign-in (allauth) and MFA policy, and consent records."""

    name = "steadfast.accounts"
    verbose_name = "Accounts"
