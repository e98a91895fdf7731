import uuid
from datetime import timedelta

import pytest

from steadfast.assessments.models import Response
from steadfast.insights import selectors
from steadfast.insights.synthetic import synthetic_organisation_seed


@pytest.mark.parametrize("seed", [3, 8])
def test_grouped_queries_equal_the_old_subquery_path(db, seed):
    org = synthetic_organisation_seed(
        slug=f"g{seed}", participants=300, effect=-1.5, small_teams=2, seed=seed
    ).organisation
    old = {r["team_id"]: r for r in selectors.participation_by_team_exists(organisation=org)}
    new = {r["team_id"]: r for r in selectors.participation_by_team(organisation=org)}
    assert old.keys() == new.keys()
    for team, row in old.items():
        assert (row["invited"], row["enrolled"], row["baseline"], row["completed"]) == (
            new[team]["invited"],
            new[team]["enrolled"],
            new[team]["baseline"],
            new[team]["post"],
        )
    # A second, later answer in the same wave: the latest one counts, in both paths.
    again = Response.objects.filter(organisation=org, instrument="phq9", wave="post").first()
    again.pk, again.token = None, uuid.uuid4()
    again.total = (again.total or 0) + 7
    again.submitted_at += timedelta(days=1)
    again.save()
    grouped = selectors.change_by_team_all(organisation=org)
    for code in selectors.OUTCOME_INSTRUMENTS:
        before = selectors.change_by_team_subqueries(organisation=org, instrument=code)
        after = [r for r in grouped if r["instrument"] == code]
        assert [(r["team_id"], r["n"]) for r in before] == [(r["team_id"], r["n"]) for r in after]
        for a, b in zip(before, after, strict=True):
            assert a["total"] == pytest.approx(b["total"]) and a["squares"] == pytest.approx(
                b["squares"]
            )
