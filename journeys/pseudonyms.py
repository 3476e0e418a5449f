"""Keyed values: the one place that turns a person's id into something shown (to moderators),
and the key that picks a reporter's voice among their journeys (`leaderboards`).

HMACs with `FRICTIONLOG_PSEUDONYM_KEY` (falling back to `SECRET_KEY`) rather than plain
hashes, because ids are small integers: anyone could hash 1..n and read the mapping back. Each
message carries a purpose prefix, so values made for one purpose never coincide with another's,
nor with another HMAC made with the same key.
"""

import hashlib
import hmac

from django.conf import settings


def _keyed(message: str) -> str:
    key = getattr(settings, "FRICTIONLOG_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def reporter_pseudonym(user_id: int) -> str:
    """A moderator-facing id like "R-3f9a1c2b": stable per reporter, meaningless without the key."""
    return "R-" + _keyed(f"frictionlog.reporter:{int(user_id)}")[:8]


def voice_salt() -> str:
    """The key that picks which of a reporter's journeys at a company in a period is their voice
    in the figures: fixed, so the pick is the same in every snapshot, and secret, so nobody who
    knows the journeys (a company knows its own) can tell which one was picked, nor from a row
    that was not picked which row was."""
    return _keyed("voice-pick")
