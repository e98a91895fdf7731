"""How organisations is wired into the rest, loaded by core's ready() (once models are
loaded): what it keeps when a person erases their data."""

from steadfast.core.personal_data import register_module
from steadfast.organisations import personal_data

register_module("organisations", personal_data)
