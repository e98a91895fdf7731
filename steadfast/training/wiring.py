"""How training is wired into the rest, loaded by core's ready() (once models are loaded):
what it keeps when a person erases their data."""

from steadfast.core.personal_data import register_module
from steadfast.training import personal_data

register_module("training", personal_data)
