"""Two more crisis lines: NHS 111 (United Kingdom) and Beyond Blue (Australia). Data only;
re-runnable, and an administrator's edits win.

Entered from our own knowledge of each service; the numbers' form was checked with the
phonenumbers library, not against each service's own website: re-check before release."""

from datetime import date

from django.db import migrations

ENTERED = date(2026, 12, 4)
NOTE = (
    "Entered from our own knowledge on 4 December 2026, not yet checked against the "
    "service's own website. Re-check before release, then update 'checked on'."
)

LINES = [
    (
        "GB",
        "NHS 111",
        "For urgent help with your mental health in England, Scotland or Wales: call 111 and "
        "choose the mental health option. Free, day or night.",
        "111",
        2,
    ),
    (
        "AU",
        "Beyond Blue",
        "Open day and night, for anyone feeling anxious or low, or worried about someone else.",
        "1300 22 4636",
        1,
    ),
]


def add(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    for country, name, description, call, position in LINES:
        CrisisLine.objects.get_or_create(
            country=country,
            name=name,
            defaults={
                "description": description,
                "call": call,
                "position": position,
                "checked_on": ENTERED,
                "check_note": NOTE,
            },
        )


def remove(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    for country, name, *_ in LINES:
        CrisisLine.objects.filter(country=country, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0011_crisis_lines_by_country_code")]

    operations = [migrations.RunPython(add, remove)]
