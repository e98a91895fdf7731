"""How the journal is wired into the rest, loaded by core's ready() (once models are
loaded): a person's entries in My data."""

from steadfast.core.personal_data import register_module
from steadfast.journal import personal_data

register_module("journal", personal_data)
