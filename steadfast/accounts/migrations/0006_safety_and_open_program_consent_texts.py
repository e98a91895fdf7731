"""Consent texts for safety alerts, and a taking-part text that also fits people who joined an
open program on their own (written for Steadfast)."""

from django.db import migrations

TEXTS = [
    (
        "taking_part",
        2,
        "Taking part in the program",
        "You are choosing to take part in a resilience program on Steadfast.\n\n"
        "What this means: you can read lessons, do exercises, write in your journal and answer "
        "short questionnaires. What you write in your journal and exercises is encrypted and "
        "only you can read it, unless you choose to share one entry.\n\n"
        "If you take part through an organisation, its leaders only ever see totals for groups "
        "of at least five people. They never see your answers, your journal or whether you "
        "personally took part in a questionnaire.\n\n"
        "If an answer suggests you may be at risk, Steadfast shows you where to get help at "
        "once. Who else may be told, and when, is explained before you answer such questions.\n\n"
        "Taking part is voluntary. You can withdraw at any time.",
    ),
    (
        "safety_alerts",
        1,
        "Telling a named responder if my answers suggest I may be at risk",
        "Some questionnaires ask about thoughts of harming yourself, or can show that things "
        "are very hard right now. If you agree, and your answers show this, Steadfast tells the "
        "responder your organisation named (shown on this page). They will see only your name, "
        "how to reach you, which rule was met and when. They never see your other answers, your "
        "journal or your exercises.\n\n"
        "Nobody watches answers as you type them. A responder is asked to reach out within one "
        "working day, or within one hour when an answer is about harming yourself.\n\n"
        "Whether or not you agree, Steadfast always shows you where to get help at once. You "
        "can change your mind at any time.",
    ),
    (
        "safety_words",
        1,
        "Telling a named responder if what I write suggests I may be at risk",
        "What you write in your journal and exercises stays private. If it contains words that "
        "suggest you may be in danger, Steadfast shows you where to get help straight away.\n\n"
        "If you also agree here, Steadfast tells the responder your organisation named that a "
        "safety check may be needed. They are told which rule was met and when, never what you "
        "wrote.\n\n"
        "Saying no changes nothing else. You can change your mind at any time.",
    ),
]


def publish(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    for purpose, version, title, body in TEXTS:
        ConsentText.objects.get_or_create(
            purpose=purpose, version=version, defaults={"title": title, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_consent_without_organisation_and_safety_purposes")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
