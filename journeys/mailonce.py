"""Mail that goes out once: each message is claimed before it is sent, by one UPDATE that only
succeeds while its row is unclaimed, and committed on its own. A worker killed and restarted,
beat running the task twice, or two workers at once never send one message twice. The price is
at-most-once: a worker killed between its claim and the mail server's answer leaves that one
message claimed and unsent. The mail connection is opened before the claim, so a mail server that
is down loses nothing. Used by the letters' reminders (`reminders.py`) and the reply clock's
question (`answered_elsewhere.py`)."""

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.mail import EmailMessage, get_connection

log = logging.getLogger(__name__)

Row = TypeVar("Row")


def send(
    rows: Iterable[Row],
    *,
    claim: Callable[[Row], bool],
    message: Callable[[Row], EmailMessage],
    sent: Callable[[Row], None] = lambda row: None,
) -> int:
    """Claim and send one message per row; returns how many this run sent. `sent(row)` runs
    after a message went out (to record it)."""
    count = 0
    for row in rows:
        connection = get_connection()
        connection.open()  # before the claim: a mail server that is down loses nothing
        try:
            if not claim(row):
                continue  # another run has it
            connection.send_messages([message(row)])
        finally:
            connection.close()
        sent(row)
        log.info(
            "mail sent once", extra={"row": getattr(row, "pk", None), "kind": type(row).__name__}
        )
        count += 1
    return count
