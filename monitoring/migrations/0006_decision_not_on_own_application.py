from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_round_budget_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetround",
            name="has_programme_staff_backup",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A manager does not decide on their own application. Tick this when your "
                    "organisation has no other manager who can."
                ),
                verbose_name="programme staff may decide when there is no other manager",
            ),
        ),
        migrations.AddField(
            model_name="budgetapplication",
            name="is_decided_by_programme_staff",
            field=models.BooleanField(default=False, verbose_name="decided by programme staff"),
        ),
        migrations.AddField(
            model_name="budgetdecision",
            name="is_by_programme_staff",
            field=models.BooleanField(default=False, verbose_name="by programme staff"),
        ),
    ]
