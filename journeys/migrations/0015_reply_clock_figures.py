from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0014_dashboard_handover_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="journey",
            name="elsewhere_asked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="journey",
            name="answered_elsewhere",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="journey",
            name="answered_elsewhere_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="cell",
            name="median_days_to_first_response",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="cell",
            name="first_response_reporters",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="cell",
            name="median_days_to_final_reply",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="cell",
            name="final_reply_reporters",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
