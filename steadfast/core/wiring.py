"""How core is wired, loaded by its own ready() with every other app's wiring: the audit
trail and the admin site's change log stay when a person erases their data
(core.personal_data): records of who did what, not anything the person wrote."""

from django.contrib.admin.models import LogEntry

from steadfast.core.models import AuditEvent
from steadfast.core.personal_data import register

register(
    "core",
    kept={
        AuditEvent: "the append-only audit trail: ids, actions and times, never "
        "content; kept as evidence of who read and changed what (decision 0003)",
        LogEntry: "the admin site's record of changes platform staff made: the staff "
        "member's accountability record",
    },
)
