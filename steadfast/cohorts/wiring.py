"""How cohorts is wired into the rest, loaded by core's ready() (once models are loaded):
an accepted invitation enrols the person in their cohort, and a person's cohort answers and
plans in My data."""

from steadfast.cohorts import personal_data
from steadfast.cohorts.services import claim_places_on_acceptance
from steadfast.core.personal_data import register_module
from steadfast.organisations.signals import invitation_accepted

invitation_accepted.connect(claim_places_on_acceptance, dispatch_uid="cohorts-claim")

register_module("cohorts", personal_data)
