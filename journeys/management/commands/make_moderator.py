from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from journeys.models import User


class Command(BaseCommand):
    help = "Add a user to the moderators group (or remove them with --remove)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--remove", action="store_true", help="take the role away")

    def handle(self, *args, email, remove, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email!r}.")
        group, _ = Group.objects.get_or_create(name=User.MODERATORS)
        if remove:
            user.groups.remove(group)
            self.stdout.write(f"{user.email} is no longer a moderator.")
        else:
            user.groups.add(group)
            self.stdout.write(f"{user.email} is now a moderator.")
