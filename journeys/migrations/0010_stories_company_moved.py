"""What companies held of journeys that moved to another company before a move ended it (see
`moderation.journey_changed` and `company_merge`): hand-overs to the other company end, audited;
the other company's replies leave the journey, unless that company was merged into the journey's,
whose replies they then are."""

from django.db import migrations
from django.db.models import F


def _merged_into(pk: int, merges: dict[int, int]) -> int:
    """The company `pk` was merged into, following chains of merges."""
    seen = set()
    while pk in merges and pk not in seen:
        seen.add(pk)
        pk = merges[pk]
    return pk


def forwards(apps, schema_editor):
    Company = apps.get_model("journeys", "Company")
    Handover = apps.get_model("journeys", "Handover")
    ModerationEvent = apps.get_model("journeys", "ModerationEvent")
    Reply = apps.get_model("journeys", "Reply")
    moved = list(Reply.objects.exclude(company=F("journey__company")).select_related("journey"))
    merges = dict(
        Company.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
    )
    for reply in moved:
        if _merged_into(reply.company_id, merges) == reply.journey.company_id:
            Reply.objects.filter(pk=reply.pk).update(company=reply.journey.company_id)
        else:
            Reply.objects.filter(pk=reply.pk).delete()
    for handover in Handover.objects.exclude(company=F("journey__company")).select_related(
        "journey"
    ):
        ModerationEvent.objects.create(
            action="handover_withdraw",
            journey_id=handover.journey_id,
            company_id=handover.company_id,
            detail={"company_changed_to": handover.journey.company_id},
        )
        handover.delete()


class Migration(migrations.Migration):
    dependencies = [("journeys", "0009_reply_figures")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
