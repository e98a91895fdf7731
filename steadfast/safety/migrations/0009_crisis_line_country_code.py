from django.db import migrations, models


class Migration(migrations.Migration):
    """Crisis lines name their country by its code, and say how each was checked (filled in
    0010; the Country rows go in 0011: emergency numbers now come from a table in the code)."""

    dependencies = [("safety", "0008_no_responder_decision")]

    operations = [
        migrations.AddField(
            model_name="crisisline",
            name="country_code",
            field=models.CharField(default="", max_length=2),
        ),
        migrations.AddField(
            model_name="crisisline",
            name="check_note",
            field=models.CharField(
                blank=True,
                help_text="How it was checked, or what is still to check.",
                max_length=300,
            ),
        ),
    ]
