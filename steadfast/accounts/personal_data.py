"""What accounts hold of a person, for *My data* (core.personal_data).

The account stays when a person erases what they wrote and answered, so they can start
again: with it stay their sign-in addresses and second factors (allauth), and their consent
history, which is append-only proof of what they agreed to and when (shown on *My consent*).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Model

from steadfast.accounts.models import ConsentRecord

KEPT: dict[type[Model], str] = {
    ConsentRecord: "append-only proof of each consent decision, its text version and time; "
    "shown on My consent",
    EmailAddress: "the sign-in address: part of the account, which stays",
    Authenticator: "the second sign-in factor: part of the account, which stays",
}
