"""How safety is wired into the rest, loaded by core's ready() (once models are loaded):
the named responder's role cannot be taken away unnoticed, and what safety keeps when a
person erases their data."""

from steadfast.core.personal_data import register_module
from steadfast.organisations.signals import membership_changing
from steadfast.safety import personal_data
from steadfast.safety.services import responder_role_check

membership_changing.connect(responder_role_check, dispatch_uid="safety-responder-role")

register_module("safety", personal_data)
