"""One rule for control characters in the text people send us (decision 0014).

Single-line text (a name, a title, a value in an address) may hold no C0 control character
(U+0000 to U+001F, so no tab or line break either) and no DEL (U+007F). Multi-line text (a
textarea) may hold tab, line feed and carriage return, and none of the others. Text that
breaks the rule is refused with a message, never quietly changed: what is stored is what was
typed, and a NUL never reaches the database (PostgreSQL refuses it in text).

Where the rule is applied:

- every Django form `CharField` (ours, allauth's, the admin's), through `install_form_rule`
  called once at start-up: a `Textarea` field gets the multi-line rule, every other field the
  single-line one. It replaces Django's own NUL-only check;
- the address, path and query string, in `core.middleware.AddressTextMiddleware` (400);
- the few inputs that are not Django forms (practice exercises and drafts, the CSV import)
  call `text_problem` themselves.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible

SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

SINGLE_LINE_MESSAGE = (
    "This box takes one line of plain text. Please remove any tab, line break or hidden "
    "character (they can come from copying and pasting)."
)
MULTI_LINE_MESSAGE = (
    "This text has a hidden control character in it, which can come from copying out of "
    "another program. Please retype the part you pasted."
)


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    return (MULTI_LINE if multiline else SINGLE_LINE).search(value) is not None


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """The message to show when `value` breaks the rule, else None."""
    if not has_control_characters(value, multiline=multiline):
        return None
    return MULTI_LINE_MESSAGE if multiline else SINGLE_LINE_MESSAGE


@deconstructible
class ControlCharacterValidator:
    """The rule as a Django validator (what every form `CharField` carries)."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and (message := text_problem(value, multiline=self.multiline)):
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


def install_form_rule() -> None:
    """Make every `forms.CharField` check the rule instead of Django's NUL-only check.

    Done once, at start-up (`CoreConfig.ready`), so that no form, ours or a library's, can
    forget it. Whether a field is multi-line is read from its widget when it is made.
    """
    if getattr(forms.CharField, "_steadfast_text_rule", False):
        return
    original = forms.CharField.__init__

    @functools.wraps(original)
    def __init__(self: forms.CharField, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        multiline = isinstance(self.widget, forms.Textarea)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(ControlCharacterValidator(multiline=multiline))

    setattr(forms.CharField, "__init__", __init__)  # noqa: B010 (mypy refuses a direct assignment)
    setattr(forms.CharField, "_steadfast_text_rule", True)  # noqa: B010
