from django.core.management.base import BaseCommand

from journeys import leaderboards


class Command(BaseCommand):
    help = "Compute a whole snapshot now and publish it as the current one."

    def handle(self, *args, **options):
        snapshot = leaderboards.recompute_full()
        timings = ", ".join(f"{k} {v} s" for k, v in snapshot.stats.get("timings", {}).items())
        self.stdout.write(
            f"Published snapshot {snapshot.pk}: {snapshot.stats.get('cells', 0)} cells ({timings})"
        )
