"""Safety set up for tests that enrol people, which an organisation may only do once it has
named a responder and a backup or recorded that it names nobody."""

from steadfast.safety.models import SafetySetup


def safety_ready(organisation):
    """The organisation's recorded decision to name nobody, unless it already has a setup."""
    setup, _ = SafetySetup.objects.get_or_create(
        organisation=organisation,
        defaults={"no_responder_reason": "A test organisation: nobody is on call."},
    )
    return setup


def named_responders(organisation, responder, backup=None, hours=""):
    """Name the responder (and backup), replacing any setup the organisation already has."""
    setup, _ = SafetySetup.objects.update_or_create(
        organisation=organisation,
        defaults={
            "responder": responder,
            "backup": backup,
            "hours": hours,
            "no_responder_reason": "",
        },
    )
    return setup
