"""Who is signed in: Django's database sessions and model backend, each read with one plain SQL
statement instead of an ORM query.

Every signed-in request reads its session and its user. Through the ORM, building those two
queries cost more than running them: 10 % of the add-a-step flow's CPU in `bench/load.py`
(py-spy), for two lookups by primary key. The rows, the checks and what Django does with them
are Django's own; only the reads differ. The user's read also says whether they moderate, which
the menu on every page asks (`User.is_moderator`), and whether they speak for a company
(`User.is_representative`), so that takes no query of its own.

    SESSION_ENGINE = "journeys.signedin"
    AUTHENTICATION_BACKENDS = ["journeys.signedin.Backend"]
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from .models import Representative, User


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        """The session's data, or {} (and no key) when it is missing or expired, as Django's."""
        connection = connections[router.db_for_read(self.model)]
        table = connection.ops.quote_name(self.model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 (the model's table)
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])


# The user by id, with whether they are in the moderators group (`User.is_moderator` reads it)
# and whether they claim to speak for a company (`User.is_representative`): the menu's roles.
_USER_SQL = f"""
    SELECT u.*, EXISTS (
        SELECT 1 FROM {User.groups.through._meta.db_table} ug
        JOIN {Group._meta.db_table} g ON g.id = ug.group_id
        WHERE ug.user_id = u.id AND g.name = %s
    ) AS moderates, EXISTS (
        SELECT 1 FROM {Representative._meta.db_table} r
        WHERE r.user_id = u.id AND r.status IN (%s, %s, %s)
    ) AS represents
    FROM {User._meta.db_table} u WHERE u.id = %s
"""  # noqa: S608 (the models' tables)


class Backend(ModelBackend):
    """Django's ModelBackend (passwords, permissions, inactive users refused), with the session's
    user read together with whether they are in the moderators group."""

    def get_user(self, user_id):
        # As the ORM would: the session keeps the id as a string.
        pk = User._meta.pk.to_python(user_id)
        user = next(
            iter(User.objects.raw(_USER_SQL, [User.MODERATORS, *Representative.LIVE, pk])), None
        )
        return user if user is not None and self.user_can_authenticate(user) else None
