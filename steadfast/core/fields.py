"""EncryptedTextField: text stored as a Fernet token, readable only through the ORM."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from steadfast.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted at rest with the project's MultiFernet keys.

    Ciphertext is randomised, so the database cannot compare it: filtering or ordering on
    this field raises FieldError instead of silently matching nothing. Pair it with a
    blind-index column (crypto.blind_index) when rows must be found by value.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None:
            return None
        try:
            return crypto.decrypt(value)
        except InvalidToken:
            # Never show ciphertext or a partial value; the key set is wrong or data altered.
            raise ValueError(
                f"{self.model.__name__}.{self.name}: cannot decrypt (unknown key or tampered)"
            ) from None

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted; '{lookup_name}' lookups "
                "cannot match ciphertext. Use its blind-index column."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, name: str) -> Any:
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted; no transforms.")
