from django.db import migrations, models

# `Channel` order at the time of this migration; masks depend on it (see models.channel_mask).
CHANNELS = (
    "phone",
    "chatbot",
    "live_chat",
    "email",
    "web_form",
    "app",
    "social_media",
    "letter",
    "in_person",
)


def fill_masks(apps, schema_editor):
    """One UPDATE per channel: journeys with a step on that channel get its bit."""
    Journey = apps.get_model("journeys", "Journey")
    Step = apps.get_model("journeys", "Step")
    for bit, channel in enumerate(CHANNELS):
        used = Step.objects.filter(channel=channel).values("journey_id")
        Journey.objects.filter(pk__in=used).update(channel_mask=models.F("channel_mask") + (1 << bit))


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0003_moderation_audit_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="journey",
            name="channel_mask",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill_masks, migrations.RunPython.noop),
    ]
