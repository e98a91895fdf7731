"""How accounts is wired into the rest, loaded by core's ready() (once models are loaded):
its audit receivers and what it keeps when a person erases their data."""

from steadfast.accounts import (
    personal_data,
    signals,  # noqa: F401  (connects the audit receivers)
)
from steadfast.core.personal_data import register_module

register_module("accounts", personal_data)
