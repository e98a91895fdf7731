"""Entries shared before readers were listed: their readers become the facilitators of the
person's open groups in that organisation now, which is who the person was promised could
read it. Re-runnable: existing readers are left alone."""

from django.db import migrations


def add_readers(apps, schema_editor):
    Entry = apps.get_model("journal", "Entry")
    Reader = apps.get_model("journal", "Reader")
    Cohort = apps.get_model("cohorts", "Cohort")
    Membership = apps.get_model("organisations", "Membership")
    for entry in Entry.objects.filter(shared_with__isnull=False).only(
        "pk", "user_id", "shared_with_id"
    ):
        cohorts = Cohort.objects.filter(
            organisation_id=entry.shared_with_id,
            status="open",
            members__user_id=entry.user_id,
            members__status="active",
        )
        facilitator_ids = set(
            Membership.objects.filter(
                organisation_id=entry.shared_with_id, role="facilitator", is_active=True
            ).values_list("user_id", flat=True)
        )
        readers = {
            user_id
            for user_id in cohorts.values_list("facilitators", flat=True)
            if user_id in facilitator_ids
        }
        for user_id in readers:
            Reader.objects.get_or_create(entry_id=entry.pk, reader_id=user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_add_entry_readers"),
        ("cohorts", "0001_initial"),
        ("organisations", "0004_add_role_change"),
    ]

    operations = [migrations.RunPython(add_readers, migrations.RunPython.noop)]
