"""Crisis lines and emergency numbers for six countries (data only; re-runnable).

The numbers were entered from the project's research notes, not checked against each
service's own website: administrators must re-check them before a release and update
'last verified'.
"""

from __future__ import annotations

from datetime import date

from django.db import migrations

ENTERED = date(2026, 11, 22)
NOTE = (
    "Entered from project research notes, not yet checked against each service's own website. "
    "Re-check every number before release, then update 'last verified'."
)

# code, name, emergency numbers, lines: (name, description, call, text, text word)
COUNTRIES = [
    (
        "US",
        "United States",
        "911",
        [
            (
                "988 Suicide & Crisis Lifeline",
                "Free and open all day and night, for anyone having a hard time.",
                "988",
                "988",
                "",
            ),
            (
                "Veterans Crisis Line",
                "For veterans, service members and their families: dial 988, then press 1.",
                "988",
                "838255",
                "",
            ),
        ],
    ),
    (
        "GB",
        "United Kingdom",
        "999, 112",
        [
            (
                "Samaritans",
                "Free to call, day or night, to talk with someone who will listen.",
                "116 123",
                "",
                "",
            ),
            ("Shout", "A free text service, any time.", "", "85258", "SHOUT"),
        ],
    ),
    (
        "IE",
        "Ireland",
        "112, 999",
        [
            (
                "Samaritans",
                "Free to call, day or night, to talk with someone who will listen.",
                "116 123",
                "",
                "",
            ),
            ("Text support", "A free text service, any time.", "", "50808", ""),
        ],
    ),
    (
        "CA",
        "Canada",
        "911",
        [
            (
                "9-8-8 Suicide Crisis Helpline",
                "Free and open all day and night, by phone or text.",
                "988",
                "988",
                "",
            )
        ],
    ),
    (
        "AU",
        "Australia",
        "000",
        [
            (
                "Lifeline",
                "Free to call, day or night, to talk with a trained listener.",
                "13 11 14",
                "",
                "",
            )
        ],
    ),
    (
        "NZ",
        "New Zealand",
        "111",
        [
            (
                "1737",
                "Free to call or text, any time, to talk with a trained counsellor.",
                "1737",
                "1737",
                "",
            ),
            ("Lifeline", "Free to call, day or night.", "0800 543 354", "", ""),
        ],
    ),
]


def load(apps, schema_editor):
    Country = apps.get_model("safety", "Country")
    CrisisLine = apps.get_model("safety", "CrisisLine")
    for code, name, emergency, lines in COUNTRIES:
        country, created = Country.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "emergency_numbers": emergency,
                "last_verified": ENTERED,
                "admin_note": NOTE,
            },
        )
        if not created:
            continue  # an administrator's edits win
        for position, (line_name, description, call, text, word) in enumerate(lines):
            CrisisLine.objects.create(
                country=country,
                name=line_name,
                description=description,
                call=call,
                text=text,
                text_word=word,
                position=position,
                last_verified=ENTERED,
            )


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
