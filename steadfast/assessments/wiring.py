"""How assessments is wired into the rest, loaded by core's ready() (once models are
loaded): the scores safety's rule 3 reads, and a person's answers in My data."""

from steadfast.assessments import personal_data
from steadfast.assessments.selectors import score_rows
from steadfast.core.personal_data import register_module
from steadfast.safety.selectors import scores_from

scores_from(score_rows)  # safety sits below assessments, so it asks through this

register_module("assessments", personal_data)
