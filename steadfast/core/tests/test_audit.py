import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import reverse

from steadfast.core.middleware import AuditContextMiddleware
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_what_where_in_utc(participant, org, rf):
    # Where: the client address of the request being answered, from the audit context.
    made = []

    def view(request):
        made.append(
            audit_record(
                actor=participant, action=AuditEvent.Action.READ, target=org, organisation=org
            )
        )
        return HttpResponse()

    AuditContextMiddleware(view)(rf.get("/", REMOTE_ADDR="203.0.113.9"))
    event = made[0]
    event.refresh_from_db()
    assert event.actor == participant
    assert event.object_type == "organisations.organisation"
    assert event.object_id == str(org.pk)
    assert event.ip_address == "203.0.113.9"
    assert event.at.utcoffset().total_seconds() == 0


def test_orm_refuses_to_change_or_delete_an_event(participant):
    event = audit_record(actor=participant, action="read", object_type="x", object_id=1)
    event.detail = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE core_auditevent SET detail = 'tampered'", "DELETE FROM core_auditevent"],
)
def test_database_refuses_raw_updates_and_deletes(participant, statement):
    audit_record(actor=participant, action="read", object_type="x", object_id=1)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.filter(detail="tampered").count() == 0
    assert AuditEvent.objects.count() == 1


def test_administrators_browse_and_filter_but_cannot_edit(admin_client, participant):
    audit_record(actor=participant, action="export", object_type="reports.thing", object_id=7)
    audit_record(actor=participant, action="read", object_type="journal.entry", object_id=8)
    url = reverse("admin:core_auditevent_changelist")
    page = admin_client.get(url, {"action__exact": "export"})
    assert page.status_code == 200
    shown = [event.object_type for event in page.context["cl"].result_list]
    assert shown == ["reports.thing"]

    event = AuditEvent.objects.get(object_type="reports.thing")
    change = admin_client.post(
        reverse("admin:core_auditevent_change", args=[event.pk]), {"detail": "x"}
    )
    assert AuditEvent.objects.get(pk=event.pk).detail == ""
    assert change.status_code in {200, 403}
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    delete = admin_client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
