"""What organisations hold of a person, for *My data* (core.personal_data).

Nothing here is something the person wrote or answered, so erasing everything removes none
of it: each record is the organisation's, and each stays with the reason below. A person
leaves an organisation from its People page (an administrator removes them), not from
*My data*.
"""

from __future__ import annotations

from django.db.models import Model

from steadfast.organisations.models import Invitation, Membership, RoleChange

KEPT: dict[type[Model], str] = {
    Membership: "the person's place and role in an organisation: part of the account, which "
    "stays; leaving is done from the organisation's People page",
    RoleChange: "the administrators' append-only record of who could do what and when "
    "(shown on the People page, also in the audit trail)",
    Invitation: "the organisation's record of whom it invited and who accepted: the address "
    "is encrypted and read only by its leads and administrators",
}
