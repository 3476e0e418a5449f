import time

from django.core.management.base import BaseCommand, CommandError

from journeys.demo import (
    DEMO_CONSUMER,
    DEMO_MODERATOR,
    DEMO_PASSWORD,
    DEMO_REPRESENTATIVE,
    DEMO_REPRESENTED,
    seed,
)
from journeys.models import Journey


class Command(BaseCommand):
    help = (
        "Load realistic synthetic journeys drawn from the columns' patterns, and companies' "
        "replies to them (bulk inserts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--journeys", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=20261122)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when any journey exists"
        )

    def handle(self, *args, journeys: int, if_empty: bool, **options):
        if journeys < 0:
            raise CommandError("--journeys must be 0 or more")
        if if_empty and Journey.objects.exists():
            self.stdout.write("Demo data already present; nothing loaded.")
            return
        started = time.perf_counter()
        result = seed(journeys=journeys, seed=options["seed"])
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Loaded {result.journeys:,} journeys ({result.approved:,} approved, the rest pending "
            f"or draft; {result.steps:,} steps) from {result.reporters:,} reporters about "
            f"{result.companies} companies, and {result.replies:,} company replies, "
            f"in {seconds:.1f} s."
        )
        self.stdout.write(
            f"Log in as {DEMO_CONSUMER} (consumer), {DEMO_MODERATOR} (moderator) or "
            f"{DEMO_REPRESENTATIVE} (representative of {DEMO_REPRESENTED}), "
            f"password {DEMO_PASSWORD}."
        )
