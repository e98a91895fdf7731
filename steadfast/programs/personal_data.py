"""What programs hold of a person, for *My data* (core.personal_data).

An enrolment says which program the person follows, since when and how far they are; it
holds nothing they wrote (that is in practice and the journal, which erase their own). It
stays on erase, so the person keeps their path, as they keep their account.
"""

from __future__ import annotations

from django.db.models import Model

from steadfast.programs.models import Enrolment

KEPT: dict[type[Model], str] = {
    Enrolment: "which program the person follows and how far: the path, not anything they "
    "wrote; it stays with the account, and an open-program enrolment holds its consent",
}
