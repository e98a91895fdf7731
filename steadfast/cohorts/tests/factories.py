"""A cohort for tests: the small "tiny" program, online, run by one facilitator."""

import datetime as dt

from steadfast.cohorts import services
from steadfast.programs.tests.factories import latest, load_valid
from steadfast.safety.tests.factories import safety_ready


def night_shift_cohort(
    *, organisation, facilitator, title="Night shift group", starts_on=dt.date(2026, 3, 2)
):
    """The "Night shift group" many tests start from (or another title and start), made
    through the real service."""
    load_valid()
    safety_ready(organisation)
    return services.cohort_create(
        organisation=organisation,
        version=latest("tiny"),
        title=title,
        facilitators=[facilitator],
        starts_on=starts_on,
        time_zone="America/New_York",
        format="online",
        video_link="https://video.example.org/room",
        seats=30,
        actor=facilitator,
    )
