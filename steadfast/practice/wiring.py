"""How practice is wired into the rest, loaded by core's ready() (once models are loaded):
the practice counts in a cohort's end-of-program summary, and a person's practice in My
data."""

from steadfast.cohorts.selectors import practice_counts_from
from steadfast.core.personal_data import register
from steadfast.practice import models, selectors, services

practice_counts_from(selectors.practice_counts)  # cohorts sits below practice

register(
    "practice",
    export=lambda user: selectors.export_for(user=user),
    erase=lambda user: sum(services.practice_delete_all(user=user).values()),
    models=(
        models.Entry,
        models.Draft,
        models.CheckinWords,
        models.Goal,
        models.GoalUpdate,
    ),
)
