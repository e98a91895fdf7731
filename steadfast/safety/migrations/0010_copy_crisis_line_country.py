"""Each crisis line keeps its country's code and the country's note on how it was checked
(data only; re-runnable)."""

from django.db import migrations


def copy(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    for line in CrisisLine.objects.select_related("country"):
        line.country_code = line.country.code
        note = line.country.admin_note.replace("'last verified'", "'checked on'")
        line.check_note = line.check_note or note[:300]
        line.save(update_fields=["country_code", "check_note"])


class Migration(migrations.Migration):
    dependencies = [("safety", "0009_crisis_line_country_code")]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
