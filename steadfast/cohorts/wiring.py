"""How cohorts is wired into the rest, loaded by core's ready() (once models are loaded):
an invitee takes their cohort place once they have accepted and agreed to take part, and a
person's cohort answers and plans in My data."""

from steadfast.accounts.signals import consent_given
from steadfast.cohorts import personal_data
from steadfast.cohorts.services import claim_places_on_acceptance, claim_places_on_consent
from steadfast.core.personal_data import register_module
from steadfast.organisations.signals import invitation_accepted

invitation_accepted.connect(claim_places_on_acceptance, dispatch_uid="cohorts-claim")
consent_given.connect(claim_places_on_consent, dispatch_uid="cohorts-claim-on-consent")

register_module("cohorts", personal_data)
