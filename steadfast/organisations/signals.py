"""Events the organisations app publishes for the apps above it (decision 0018).

`invitation_accepted` is sent inside the transaction that accepts an invitation, with
`invitation` and `user`: cohorts enrols a person invited to a cohort. A receiver's error rolls
the acceptance back.

`membership_changing` is sent before a member's role changes or they leave, so an app that
relies on a role (safety relies on its named responders being able to respond) can refuse
the change with a plain sentence. Receivers take `membership` and `new_role` (None when the
person leaves) and return a sentence saying why not, or None."""

from __future__ import annotations

from django.dispatch import Signal

membership_changing = Signal()
invitation_accepted = Signal()
