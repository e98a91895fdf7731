import steadfast.core.countries
from django.db import migrations, models


class Migration(migrations.Migration):
    """The Country rows go: names come from core.countries and emergency numbers from
    safety/data/emergency_numbers.csv. A crisis line keeps its country as a code."""

    dependencies = [("safety", "0010_copy_crisis_line_country")]

    operations = [
        # Not reversible: the Country rows and their numbers are gone. Say so before anything
        # is undone, rather than fail half way.
        migrations.RunPython(migrations.RunPython.noop, reverse_code=None),
        migrations.RemoveField(model_name="crisisline", name="country"),
        migrations.DeleteModel(name="Country"),
        migrations.RenameField(
            model_name="crisisline", old_name="country_code", new_name="country"
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="country",
            field=models.CharField(
                choices=steadfast.core.countries.country_choices,
                help_text="The country whose people it serves. It is never shown for another.",
                max_length=2,
            ),
        ),
        migrations.RenameField(
            model_name="crisisline", old_name="last_verified", new_name="checked_on"
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="checked_on",
            field=models.DateField(
                help_text=(
                    "Administrators: check every line against the service's own website "
                    "before each release, then update 'checked on' and say in the note how "
                    "it was checked."
                )
            ),
        ),
    ]
