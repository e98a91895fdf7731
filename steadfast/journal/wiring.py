"""How the journal is wired into the rest, loaded by core's ready() (once models are
loaded): a person's entries in My data."""

from steadfast.core.personal_data import register
from steadfast.journal import personal_data

register(
    "journal",
    export=personal_data.export,
    erase=personal_data.erase,
    models=personal_data.MODELS,
    kept=personal_data.KEPT,
    label=personal_data.LABEL,
)
