"""Keyed pseudonyms: the one place that turns a person's id into something published or shown.

Both are HMACs with `FRICTIONLOG_PSEUDONYM_KEY` (falling back to `SECRET_KEY`) rather than plain
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


def snapshot_salt(snapshot_id: int) -> str:
    """The key of one snapshot's reporter keys in its open data: nobody without the server's
    secret can link a reporter key to a person or to another snapshot's key."""
    return _keyed(f"open-data:{int(snapshot_id)}")
