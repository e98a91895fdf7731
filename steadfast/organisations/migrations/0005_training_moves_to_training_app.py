# Written by hand. Training requests, regional trainings, seat allocations and seats now live
# in the training app (training 0001 took them over in Django's state, with their tables);
# organisations forgets them. State alone: the tables and their rows stay (decision 0022).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_add_role_change"),
        ("training", "0001_initial"),
        # A cohort's training request points at training.TrainingRequest first.
        ("cohorts", "0003_debrief_moves_to_training"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Seat"),
                migrations.DeleteModel(name="SeatAllocation"),
                migrations.DeleteModel(name="RegionalTraining"),
                migrations.DeleteModel(name="TrainingRequest"),
            ],
        ),
    ]
