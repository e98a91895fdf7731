# Written by hand. Data only, after the state-only move in 0001 (decision 0022):
# - the moved models' content types take the new app label, so admin permissions and the
#   admin's change history stay attached to them (a type already made for the new label is
#   left alone);
# - emails queued but not yet sent by the old task paths (organisations.tasks) are pointed at
#   training.tasks, so a waiting retry still runs after the deploy.
# Both run backwards too. Safe to run again: a second run finds nothing to change.

from django.db import migrations

MOVED = {
    "organisations": ("trainingrequest", "regionaltraining", "seatallocation", "seat"),
    "cohorts": ("debrief",),
}
TASKS = {
    "steadfast.organisations.tasks.training_request_email": (
        "steadfast.training.tasks.training_request_email"
    ),
    "steadfast.organisations.tasks.seat_offer_email": "steadfast.training.tasks.seat_offer_email",
}


def _relabel(apps, pairs):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_label, new_label, model in pairs:
        if not content_type.objects.filter(app_label=new_label, model=model).exists():
            content_type.objects.filter(app_label=old_label, model=model).update(
                app_label=new_label
            )


def _repath(apps, paths):
    result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in paths.items():
        result.objects.filter(task_path=old, status="READY").update(task_path=new)


def forwards(apps, schema_editor):
    _relabel(apps, [(old, "training", m) for old, models in MOVED.items() for m in models])
    _repath(apps, TASKS)


def backwards(apps, schema_editor):
    _relabel(apps, [("training", old, m) for old, models in MOVED.items() for m in models])
    _repath(apps, {new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
