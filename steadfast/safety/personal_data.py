"""What safety holds of a person, for *My data* (core.personal_data).

Nothing here is something the person wrote or answered, so erasing everything removes none
of it. An alert carries the minimum (who, which rule, when, how to reach them; never the
person's words) and stays: it is the responder's duty-of-care record, and its resolution note
is the responder's, not the person's. Being named responder is the organisation's setup.
"""

from __future__ import annotations

from django.db.models import Model

from steadfast.safety.models import Alert, SafetySetup

KEPT: dict[type[Model], str] = {
    Alert: "the responder's duty-of-care record: who, which rule and when, never the "
    "person's words; the resolution note is the responder's own record",
    SafetySetup: "the organisation's choice of safety responder and backup",
}
