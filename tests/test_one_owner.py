"""One owner for each rule (the architecture issue): each is defined in one place and every
other module calls it. A second copy appearing anywhere in the product's code fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "steadfast"


def _product_sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT.parent)): path.read_text(encoding="utf-8")
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    }


SOURCES = _product_sources()


def where(pattern: str) -> list[str]:
    found = re.compile(pattern, re.MULTILINE)
    return sorted(name for name, text in SOURCES.items() if found.search(text))


# Each rule: a pattern that only its owner may match, and the owner.
OWNERS = {
    "a person's time zone": (r"^def (?!validate_)\w*_zone\(", ["steadfast/accounts/selectors.py"]),
    "month arithmetic": (r"^def _?add_months\(", ["steadfast/core/dates.py"]),
    "email normalisation": (r"^def normali[sz]e_email\(|email\.strip\(\)\.lower\(\)", [
        "steadfast/core/emails.py"
    ]),
    "account creation": (r"\.create_user\(", [
        "steadfast/accounts/models.py",  # the manager's create_superuser, for manage.py
        "steadfast/accounts/services.py",
    ]),
    "the send-once claim": (r"^def send_once\(", ["steadfast/core/sendonce.py"]),
    "screening text": (r"has_danger\(|danger_phrases\(", [
        "steadfast/safety/language.py", "steadfast/safety/services.py"
    ]),
    "program formats": (r"\"(?:self_paced|workshop|blended)\"", ["steadfast/programs/models.py"]),
    "module themes": (r"\"connection\"", [
        "steadfast/programs/exercise_types.py", "steadfast/programs/models.py"
    ]),
}  # fmt: skip


@pytest.mark.parametrize("rule", OWNERS)
def test_each_rule_has_one_owner(rule: str) -> None:
    pattern, owners = OWNERS[rule]
    assert where(pattern) == owners


def test_every_email_is_sent_through_the_send_once_claim() -> None:
    """A module that sends mail claims each send first (core.sendonce)."""
    senders = where(r"send_mail\(|EmailMessage\(|EmailMultiAlternatives\(|\.send_messages\(")
    assert senders, "no module sends mail: the pattern is out of date"
    for name in senders:
        assert "send_once(" in SOURCES[name], name


def test_text_and_answers_are_screened_only_through_safety() -> None:
    """Writes of free text call safety.text_check, and stored answers response_screen; no app
    screens by itself or loads safety at run time in a way that could skip it."""
    assert where(r"\btext_check\(") == [
        "steadfast/journal/services.py",
        "steadfast/practice/services.py",
        "steadfast/safety/services.py",
    ]
    assert where(r"\bresponse_screen\(") == [
        "steadfast/assessments/services.py",
        "steadfast/safety/services.py",
    ]
    assert where(r"importlib") == []
