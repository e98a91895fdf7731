from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, ConsentRecord, ConsentText
from steadfast.accounts.selectors import consent_statuses_for, has_consented
from steadfast.accounts.services import ConsentError, consent_decide
from steadfast.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TAKING_PART = ConsentPurpose.TAKING_PART
SHARE = ConsentPurpose.SHARE_MEASURES


def test_every_purpose_has_a_published_first_text():
    assert set(ConsentText.objects.filter(version=1).values_list("purpose", flat=True)) == set(
        ConsentPurpose.values
    )


def test_nobody_has_consented_until_they_say_so(participant, org):
    assert not has_consented(user=participant, organisation=org, purpose=TAKING_PART)


def test_give_then_withdraw_keeps_history_and_the_latest_decides(participant, org):
    consent_decide(user=participant, organisation=org, purpose=TAKING_PART, given=True)
    assert has_consented(user=participant, organisation=org, purpose=TAKING_PART)
    given_at = timezone.now()
    consent_decide(user=participant, organisation=org, purpose=TAKING_PART, given=False)
    assert not has_consented(user=participant, organisation=org, purpose=TAKING_PART)
    # History stays: at the earlier moment, consent was in force.
    assert has_consented(user=participant, organisation=org, purpose=TAKING_PART, at=given_at)
    records = ConsentRecord.objects.filter(user=participant).order_by("at")
    assert [r.decision for r in records] == ["given", "withdrawn"]
    assert all(r.text.version == 2 and r.channel == "web" for r in records)  # the current text


def test_purposes_are_independent(participant, org):
    consent_decide(user=participant, organisation=org, purpose=TAKING_PART, given=True)
    assert not has_consented(user=participant, organisation=org, purpose=SHARE)


def test_consent_is_per_organisation(participant, org, other_org):
    consent_decide(user=participant, organisation=org, purpose=SHARE, given=True)
    assert not has_consented(user=participant, organisation=other_org, purpose=SHARE)


def test_a_new_text_requiring_reconsent_voids_earlier_consent(participant, org):
    consent_decide(user=participant, organisation=org, purpose=SHARE, given=True)
    ConsentText.objects.create(
        purpose=SHARE, version=2, title="v2", body="new terms", requires_reconsent=True
    )
    assert not has_consented(user=participant, organisation=org, purpose=SHARE)
    assert not consent_statuses_for(user=participant, organisation=org)[1].given
    consent_decide(user=participant, organisation=org, purpose=SHARE, given=True, text_version=2)
    assert has_consented(user=participant, organisation=org, purpose=SHARE)


def test_a_minor_new_text_keeps_earlier_consent(participant, org):
    consent_decide(user=participant, organisation=org, purpose=SHARE, given=True)
    ConsentText.objects.create(purpose=SHARE, version=2, title="v2", body="typo fixed")
    assert has_consented(user=participant, organisation=org, purpose=SHARE)


def test_agreeing_to_a_text_that_changed_meanwhile_is_refused(participant, org):
    ConsentText.objects.create(purpose=SHARE, version=2, title="v2", body="changed")
    with pytest.raises(ConsentError, match="changed"):
        consent_decide(
            user=participant, organisation=org, purpose=SHARE, given=True, text_version=1
        )
    assert not ConsentRecord.objects.exists()


def test_future_texts_are_not_in_force_yet(participant, org):
    ConsentText.objects.create(
        purpose=SHARE,
        version=2,
        title="v2",
        body="later",
        published_at=timezone.now() + timedelta(days=3),
        requires_reconsent=True,
    )
    record = consent_decide(user=participant, organisation=org, purpose=SHARE, given=True)
    assert record.text.version == 1
    assert has_consented(user=participant, organisation=org, purpose=SHARE)


def test_consent_page_gives_and_withdraws_and_audits(client, participant, org):
    client.force_login(participant)
    url = reverse("consent", kwargs={"slug": org.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert "Research use of de-identified data" in page.text

    response = client.post(url, {"purpose": SHARE, "decision": "give", "version": 1})
    assert response.status_code == 302
    assert has_consented(user=participant, organisation=org, purpose=SHARE)
    client.post(url, {"purpose": SHARE, "decision": "withdraw", "version": 1})
    assert not has_consented(user=participant, organisation=org, purpose=SHARE)
    assert (
        AuditEvent.objects.filter(actor=participant, object_type="accounts.consentrecord").count()
        == 2
    )


def test_consent_page_rejects_garbage_without_saving(client, participant, org):
    client.force_login(participant)
    url = reverse("consent", kwargs={"slug": org.slug})
    response = client.post(url, {"purpose": "sell_my_data", "decision": "give"})
    assert response.status_code == 400
    assert not ConsentRecord.objects.exists()


def test_consent_page_query_count_is_constant(
    client, participant, org, django_assert_max_num_queries
):
    client.force_login(participant)
    for purpose in ConsentPurpose.values:
        for _ in range(3):
            consent_decide(user=participant, organisation=org, purpose=purpose, given=True)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("consent", kwargs={"slug": org.slug})).status_code == 200
