# Written by hand. Debrief now lives in the training app (training 0001 took it over in
# Django's state, with its table cohorts_debrief and cohorts_debrief_attended); cohorts
# forgets it, and a cohort's training request points at training.TrainingRequest, whose
# table is still organisations_trainingrequest. State alone: the database is unchanged
# (decision 0022).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0002_add_row_version"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="cohort",
                    name="training_request",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="cohorts",
                        to="training.trainingrequest",
                    ),
                ),
                migrations.DeleteModel(name="Debrief"),
            ],
        ),
    ]
