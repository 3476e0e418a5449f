"""What moderation tells people (EU Digital Services Act, art. 16 and 17).

Every decision that removes, hides or restricts a story or a reply
(`ModerationEvent.RESTRICTIONS`) gives its author a statement of reasons: the decision and its
facts, the ground from the published policy (`policy.GROUNDS`), whether automated means were
used, and how to appeal. It is written in the author's language, created in the decision's
transaction (one per decision, by a unique key) and mailed once after commit: the mail claims
`sent_at` with one UPDATE before it goes. A notifier (whoever reported a story) gets a
confirmation when they report and the decision when a moderator takes it, after which their
address is forgotten.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import policy
from .models import Journey, ModerationEvent, Reply, Statement, StoryFlag, User

Action = ModerationEvent.Action

SUBJECTS = {
    Action.REJECT: _("Your journey was not accepted"),
    Action.REQUEST_CHANGES: _("Your journey needs a change"),
    Action.REDACT: _("Part of your story was hidden"),
    Action.REPLY_REJECT: _("Your company's reply was not published"),
    Action.FLAG: _("Your story is hidden while a moderator checks a report"),
}


def mail_in(language: str, subject, template: str, context: dict, to: str) -> None:
    """Render and send a mail in `language` (a lazy `subject` included), now."""
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        send_mail(str(subject), body, None, [to])


def statement_issue(
    *,
    event: ModerationEvent,
    recipient: User | None,
    journey: Journey | None = None,
    reply: Reply | None = None,
) -> Statement | None:
    """The statement of reasons for a restricting decision just logged (by a moderator, or a
    company's report that hides a story by rule, `actor` empty: automated); mailed after
    commit. None when there is no one to tell (a reply whose author's account is gone)."""
    if recipient is None:
        return None
    statement = Statement.objects.create(
        event=event,
        recipient=recipient,
        journey=journey,
        reply=reply,
        ground=event.reason or "personal_data",
        # A moderator's decision has an actor; a story hidden on a company's report has none.
        # (Automatic redaction before publication is shown to the author in the preview and is
        # not a decision about published content.)
        automated=event.actor_id is None,
        language=recipient.language or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: statement_send(statement_id=statement.pk))
    return statement


def statement_context(statement: Statement) -> dict:
    """What a statement says, for its mail and its page."""
    event = statement.event
    ground = policy.BY_CODE.get(statement.ground, policy.BY_CODE["other"])
    journey = statement.journey
    facts, reported = event.note, bool(event.detail.get("flags"))
    if event.action == Action.FLAG:  # hidden on a report: its facts are the report's
        reported = True
        facts = (
            StoryFlag.objects.filter(pk=event.detail.get("flag")).values_list("note", flat=True)
        ).first() or ""
    return {
        "statement": statement,
        "action": event.action,
        "decided_at": event.created_at,
        "facts": facts,
        "reported": reported,
        "redacted": event.detail.get("count", 0),
        "ground": ground,
        "company": journey.company.name if journey else "",
        "journey_id": journey.pk if journey else event.journey_id,
        "appeal_months": policy.APPEAL_MONTHS,
        "link": settings.FRICTIONLOG_SITE_URL + statement.get_absolute_url(),
        "policy_link": settings.FRICTIONLOG_SITE_URL + "/transparantie/#beleid",
    }


def statement_send(*, statement_id: int) -> bool:
    """Mail the statement unless it was mailed already: the claim is one UPDATE, so two
    callers (a retried commit hook, a second worker) send it once between them."""
    claimed = Statement.objects.filter(pk=statement_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    statement = Statement.objects.select_related("event", "journey__company", "recipient").get(
        pk=statement_id
    )
    mail_in(
        statement.language,
        SUBJECTS[statement.event.action],
        "journeys/mail/statement.txt",
        statement_context(statement),
        statement.recipient.email,
    )
    return True


# --- Notifiers ------------------------------------------------------------------------------------


def notifier_confirm(flag: StoryFlag) -> None:
    """Confirm a report to whoever made it, when they left an address."""
    if not flag.notify_email:
        return
    # The label stays lazy: the mail translates it into the notifier's language.
    context = {"journey_id": flag.journey_id, "reason": StoryFlag.Reason(flag.reason).label}
    email, language = flag.notify_email, flag.notify_language
    transaction.on_commit(
        lambda: mail_in(
            language,
            _("We received your report"),
            "journeys/mail/flag_received.txt",
            context,
            email,
        )
    )


def notifiers_tell(*, flags: list[StoryFlag], upheld: bool) -> None:
    """Tell each notifier of these (just decided) flags what was decided, then forget their
    address."""
    told = [flag for flag in flags if flag.notify_email]
    if not told:
        return
    StoryFlag.objects.filter(pk__in=[f.pk for f in told]).update(notify_email="")
    for flag in told:
        context = {"journey_id": flag.journey_id, "upheld": upheld}
        email, language = flag.notify_email, flag.notify_language
        transaction.on_commit(
            lambda e=email, lang=language, c=context: mail_in(
                lang, _("What we decided about your report"), "journeys/mail/flag_decided.txt", c, e
            )
        )
