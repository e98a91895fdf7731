"""Email addresses in one form: how they are stored, compared and indexed everywhere."""

from __future__ import annotations


def normalise_email(email: str) -> str:
    """An address as Steadfast stores and compares it: surrounding space removed, all lower
    case (local parts are treated case-insensitively; nobody is told apart by letter case)."""
    return email.strip().lower()
