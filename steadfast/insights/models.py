"""Insights settings per organisation, and the team workload an organisation records.

Insights keeps no copies of scores: every figure is computed from assessments at read time
and passes through `insights.privacy` before a lead sees it.
"""

from __future__ import annotations

from django.db import models

from steadfast.insights.privacy import MINIMUM_K


class InsightsSetting(models.Model):
    """An organisation may raise the minimum group size; the database refuses lowering it."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="insights_setting"
    )
    minimum_group_size = models.PositiveSmallIntegerField(default=MINIMUM_K)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_group_size__gte=MINIMUM_K),
                name="insights_minimum_group_size_at_least_5",
            )
        ]

    def __str__(self) -> str:
        return f"insights settings of {self.organisation}"


class TeamWorkload(models.Model):
    """A team's workload in one week as the organisation measures it (e.g. calls per person,
    overtime hours), standardised to an index. Used as a covariate, never shown per person."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE)
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the week.")
    index = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "week"], name="team_workload_once_a_week")
        ]

    def __str__(self) -> str:
        return f"workload of team {self.team_id} in week {self.week}"
