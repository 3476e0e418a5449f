from django.core.management.base import BaseCommand

from journeys import leaderboards


class Command(BaseCommand):
    help = "Recompute every leaderboard figure now and publish it as the current snapshot."

    def handle(self, *args, **options):
        snapshot = leaderboards.recompute_full()
        self.stdout.write(
            f"Published snapshot {snapshot.pk}: {snapshot.stats.get('cells', 0)} cells "
            f"in {snapshot.stats.get('seconds', 0)} s"
        )
