from django.db import migrations, models
from django.db.models import F


def escalations_already_sent(apps, schema_editor):
    """Alerts escalated before this field existed had their emails sent with the hand-over."""
    Alert = apps.get_model("safety", "Alert")
    Alert.objects.filter(escalated_at__isnull=False).update(escalation_sent_at=F("escalated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0003_add_row_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="escalation_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(escalations_already_sent, migrations.RunPython.noop),
    ]
