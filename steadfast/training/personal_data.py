"""What training holds of a person, for *My data* (core.personal_data).

Nothing here is something the person wrote or answered, so erasing everything removes none
of it: each record is the organisation's, and each stays with the reason below.
"""

from __future__ import annotations

from django.db.models import Model

from steadfast.training.models import Debrief, Seat, TrainingRequest

KEPT: dict[type[Model], str] = {
    TrainingRequest: "the organisation's request for training: contact details a lead gave "
    "for the organisation, encrypted",
    Seat: "a place the organisation booked at a regional training: name and address "
    "encrypted, read by its leads",
    Debrief: "who ran and attended a debrief: attendance only, no notes",
}
