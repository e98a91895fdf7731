"""Writes owned by safety: screening what people write and answer, and raising alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.selectors import has_consented
from steadfast.safety import language

if TYPE_CHECKING:
    from steadfast.accounts.models import User
    from steadfast.organisations.models import Organisation


def text_check(
    *, user: User, text: str, source: str, organisation: Organisation | None = None
) -> bool:
    """Screen text a person just wrote (a journal entry, an exercise) for words of danger.

    Returns True when the writer should be shown crisis help. Raises an alert (rule 4) only
    if the person agreed to `safety_words` in `organisation` (None for open-program people).
    The text is never stored, logged or passed on: only the fact that a phrase matched.
    `source` names where it was written ("journal", "practice"), for the alert record.
    """
    if not language.has_danger(text):
        return False
    if has_consented(user=user, organisation=organisation, purpose=ConsentPurpose.SAFETY_WORDS):
        _words_alert(user=user, organisation=organisation, source=source)
    return True


def _words_alert(*, user: User, organisation: Organisation | None, source: str) -> None:
    # Filled in with the alert models (next slice): raises rule 4's alert for this person.
    return None
