"""Publish the first version of each consent text (written for Steadfast)."""

from django.db import migrations

TEXTS = [
    (
        "taking_part",
        "Taking part in the program",
        "You are choosing to take part in your organisation's resilience program on Steadfast.\n\n"
        "What this means: you can read lessons, do exercises, write in your journal and answer "
        "short questionnaires. What you write in your journal and exercises is encrypted and "
        "only you can read it, unless you choose to share one entry.\n\n"
        "Your organisation's leaders only ever see totals for groups of at least five people. "
        "They never see your answers, your journal or whether you personally took part in a "
        "questionnaire.\n\n"
        "If an answer suggests you may be at risk, Steadfast shows you where to get help at "
        "once. Who else may be told, and when, is explained before you answer such questions.\n\n"
        "Taking part is voluntary. You can withdraw at any time on this page.",
    ),
    (
        "share_measures",
        "Sharing my measures with my facilitators",
        "You are choosing to let the facilitators of your group see your questionnaire scores "
        "and check-in ratings, so they can support you and the group.\n\n"
        "They will not see your journal, your exercises or your notes. Your organisation's "
        "leaders will still see only group totals.\n\n"
        "You can withdraw at any time; from then on your facilitators no longer see your "
        "measures.",
    ),
    (
        "research",
        "Research use of de-identified data",
        "You are choosing to let your questionnaire scores be used, with your name and anything "
        "that identifies you removed, to study whether resilience training works.\n\n"
        "Nothing you write in your own words is ever used for research. Results are only "
        "published for groups, never for one person.\n\n"
        "Saying no changes nothing about your program. You can withdraw at any time; data "
        "already included in a finished analysis cannot be taken out of it.",
    ),
]


def publish(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    for purpose, title, body in TEXTS:
        ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"title": title, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
