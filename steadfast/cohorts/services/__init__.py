"""Writes for cohorts, one module per part of a cohort's life:

- `_shared`: CohortError, the member email index, cohort_source, is_facilitator
- `enrolment`: creating and changing a cohort, giving people places, claiming places on
  accepted invitations
- `csv_import`: enrolling from a staff CSV file (import_check, import_apply)
- `groups`: intake, groups, moving a person, pairing partners
- `sessions`: scheduling, moving and cancelling sessions; reminders and their sweep
- `runner`: attendance, the group agreement, notes, feedback, the maintenance plan
- `closure`: closing a cohort
- `calendars`: a person's calendar address

Callers import from here (`from steadfast.cohorts.services import member_enrol`)."""

from __future__ import annotations

from steadfast.cohorts.services._shared import (
    MEMBER_EMAIL_INDEX,
    CohortError,
    cohort_source,
    is_facilitator,
    member_email_index,
)
from steadfast.cohorts.services.calendars import calendar_feed_for, calendar_feed_revoke
from steadfast.cohorts.services.closure import DEFAULT_FOLLOW_UP_MONTHS, cohort_close
from steadfast.cohorts.services.csv_import import (
    CSV_COLUMNS,
    CSV_MAX_BYTES,
    CSV_MAX_ROWS,
    ImportCheck,
    ImportRow,
    import_apply,
    import_check,
)
from steadfast.cohorts.services.enrolment import (
    claim_places_on_acceptance,
    claim_places_on_consent,
    cohort_create,
    cohort_update,
    member_enrol,
    members_claim,
)
from steadfast.cohorts.services.groups import (
    groups_propose,
    groups_save,
    intake_save,
    member_move,
    partners_pair,
)
from steadfast.cohorts.services.runner import (
    agreement_accept,
    agreement_accept_own,
    attendance_record,
    feedback_submit,
    maintenance_plan_save,
    note_add,
    note_update,
)
from steadfast.cohorts.services.sessions import (
    reminders_sweep,
    session_cancel,
    session_members,
    session_move,
    session_reminders_send,
    sessions_schedule,
)

__all__ = [
    "CSV_COLUMNS",
    "CSV_MAX_BYTES",
    "CSV_MAX_ROWS",
    "DEFAULT_FOLLOW_UP_MONTHS",
    "MEMBER_EMAIL_INDEX",
    "CohortError",
    "ImportCheck",
    "ImportRow",
    "agreement_accept",
    "agreement_accept_own",
    "attendance_record",
    "calendar_feed_for",
    "calendar_feed_revoke",
    "claim_places_on_acceptance",
    "claim_places_on_consent",
    "cohort_close",
    "cohort_create",
    "cohort_source",
    "cohort_update",
    "feedback_submit",
    "groups_propose",
    "groups_save",
    "import_apply",
    "import_check",
    "intake_save",
    "is_facilitator",
    "maintenance_plan_save",
    "member_email_index",
    "member_enrol",
    "member_move",
    "members_claim",
    "note_add",
    "note_update",
    "partners_pair",
    "reminders_sweep",
    "session_cancel",
    "session_members",
    "session_move",
    "session_reminders_send",
    "sessions_schedule",
]
