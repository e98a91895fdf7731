"""How programs is wired into the rest, loaded by core's ready() (once models are
loaded): what it keeps when a person erases their data."""

from steadfast.core.personal_data import register
from steadfast.programs import personal_data

register("programs", kept=personal_data.KEPT)
