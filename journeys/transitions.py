"""How journeys, company claims and replies change state: one table each.

A table lists, per action, the states it starts from, the state it leads to, who may take it,
the moment it records and the audit entry it writes. `apply` is the one way a row changes state:
it locks the row, checks the actor and the row's state against the table, sets and saves the
state (and the moment), and writes the audit entry; what the table does not allow it refuses
with `Refused`, a `ValidationError` whose message tells the person who tried why. What else a
change sets off (mails, statements of reasons, recomputed figures) stays with the service that
calls it.

A consumer's edit of a journey changes its state inside the save that rescores it
(`services._rescore`): `journey_edit` says which of the table's transitions that edit makes.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .audit import log_event
from .models import Journey, ModerationEvent, Reply, Representative

Action = ModerationEvent.Action


class Role(enum.Enum):
    """Who may take a transition."""

    # The consumer who logged the journey.
    OWNER = "owner"
    MODERATOR = "moderator"
    # Whoever opened the signed link mailed to a claim's work address: the link is the proof
    # (`replies.claim_for_token`), and the view refuses anyone else signed in.
    LINK = "link"


class Refused(ValidationError):
    """A change the table does not allow; `code` says which check refused it: "actor",
    "unverified", "state" or the row's own ("company", ...)."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    who: Role
    # The moderation event it writes; "" when it writes none, or another entry covers it.
    audit: str = ""
    # A moment it records: set to now, or only when still empty if `restamp` is false.
    stamp: str = ""
    restamp: bool = True
    # The actor must have confirmed their e-mail address: it puts the journey in the queue.
    confirmed_address: bool = False
    # Why the row's state does not allow it; the table's message when empty.
    refused: Promise | str = ""


@dataclass(frozen=True)
class Applied:
    """A transition taken: the locked row as it is now, the state it left, its audit entry."""

    row: models.Model
    source: str
    event: ModerationEvent | None


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    field: str
    # Read with the locked row: what the checks and the audit entry use.
    related: tuple[str, ...]
    transitions: tuple[Transition, ...]
    # States no action leaves.
    final: tuple[str, ...]
    # Why a row's state does not allow an action, unless the action says otherwise.
    refused: Promise
    # What the audit entry names: journey, company and the detail identifying the row.
    audited: Callable[[models.Model], dict]
    # The owner's user id, for a table with `Role.OWNER` transitions.
    owner_of: Callable[[models.Model], int] | None = None
    # A check of the row every action makes (after its state): raises `Refused`.
    check: Callable[[models.Model], None] | None = None

    def __getitem__(self, action: str) -> Transition:
        for transition in self.transitions:
            if transition.action == action:
                return transition
        raise KeyError(action)

    def allows(self, action: str, row: models.Model) -> bool:
        """Whether the row's state allows the action (who is asking aside)."""
        return getattr(row, self.field) in self[action].sources

    def refusal(self, action: str, row: models.Model, actor) -> Refused | None:
        """Why `actor` may not take the action, or None if they may (the row's state aside)."""
        transition = self[action]
        if transition.who is Role.MODERATOR:
            if actor is None or not actor.is_authenticated or not actor.is_moderator:
                return Refused(_("Only a moderator may do this."), code="actor")
        elif transition.who is Role.OWNER:
            owner = self.owner_of(row) if self.owner_of is not None else None
            if actor is None or actor.pk is None or actor.pk != owner:
                why = _("Only the person who logged this journey may do this.")
                return Refused(why, code="actor")
            if transition.confirmed_address and not actor.is_verified:
                why = _("Confirm your e-mail address first: we sent you a link when you signed up.")
                return Refused(why, code="unverified")
        return None

    def lock(self, row: models.Model) -> models.Model:
        return self.model.objects.select_for_update().select_related(*self.related).get(pk=row.pk)

    def enter(self, transition: Transition, row: models.Model) -> list[str]:
        """Set the transition's state and moment on the row; the fields it set."""
        setattr(row, self.field, transition.target)
        if not transition.stamp:
            return [self.field]
        if transition.restamp or getattr(row, transition.stamp) is None:
            setattr(row, transition.stamp, timezone.now())
        return [self.field, transition.stamp]


def apply(
    table: Table,
    action: str,
    row: models.Model,
    *,
    actor,
    before: Callable[[models.Model], dict | None] | None = None,
    quiet: bool = False,
    reason: str = "",
    note: str = "",
    detail: dict | None = None,
) -> Applied | None:
    """Take `action` on `row` for `actor`, inside the caller's transaction: lock the row, check
    the actor, its state and the table's own check, run `before` on the locked row (checks of
    the action's own, which raise `ValidationError`, and work that goes with the change; what it
    returns joins the audit detail), set, save, audit.

    `quiet`: a row whose state (or `before`, with `Refused`) no longer allows the action is
    left as it is, and None returned instead of a refusal; a refused actor is still refused."""
    transition = table[action]
    row = table.lock(row)
    refusal = table.refusal(action, row, actor)
    if refusal is not None:
        raise refusal
    source = getattr(row, table.field)
    if source not in transition.sources:
        if quiet:
            return None
        raise Refused(transition.refused or table.refused, code="state")
    if table.check is not None:
        table.check(row)
    try:
        extra = before(row) if before is not None else None
    except Refused:
        if quiet:
            return None
        raise
    row.save(update_fields=table.enter(transition, row))
    event = None
    if transition.audit:
        named = table.audited(row)
        named["detail"] = {**named.get("detail", {}), **(detail or {}), **(extra or {})}
        event = log_event(action=transition.audit, actor=actor, reason=reason, note=note, **named)
    return Applied(row=row, source=source, event=event)


def _reply_of_its_company(reply: Reply) -> None:
    # A reply of the company the journey was about before it moved is no answer of this one's.
    if reply.company_id != reply.journey.company_id:
        raise Refused(
            _("This reply is from a company the journey is no longer about."), code="company"
        )


J = Journey.Moderation
JOURNEY = Table(
    model=Journey,
    field="moderation_state",
    related=("company",),
    transitions=(
        Transition(
            "submit",
            (J.DRAFT, J.REJECTED, J.CHANGES_REQUESTED),
            J.PENDING,
            Role.OWNER,
            stamp="submitted_at",
            confirmed_address=True,
            refused=_("This journey has already been submitted."),
        ),
        # A correction to a journey in review, or published, sends it back to the queue (and
        # out of the published figures until a moderator approves it again).
        Transition("edit", (J.PENDING, J.APPROVED), J.PENDING, Role.OWNER, stamp="submitted_at"),
        # A correction to a journey a moderator turned down resubmits it: what Submit needs.
        Transition(
            "resubmit",
            (J.REJECTED, J.CHANGES_REQUESTED),
            J.PENDING,
            Role.OWNER,
            stamp="submitted_at",
            confirmed_address=True,
        ),
        # The first approval starts the company's time to reply: a later one keeps its day.
        Transition(
            "approve",
            (J.PENDING,),
            J.APPROVED,
            Role.MODERATOR,
            audit=Action.APPROVE,
            stamp="published_at",
            restamp=False,
        ),
        Transition(
            "reject", (J.PENDING, J.APPROVED), J.REJECTED, Role.MODERATOR, audit=Action.REJECT
        ),
        Transition(
            "request_changes",
            (J.PENDING, J.APPROVED),
            J.CHANGES_REQUESTED,
            Role.MODERATOR,
            audit=Action.REQUEST_CHANGES,
        ),
        # A granted appeal puts the journey back in the queue, if the decision still stands;
        # the appeal's decision is the audit entry.
        Transition("undo_reject", (J.REJECTED,), J.PENDING, Role.MODERATOR),
        Transition("undo_request_changes", (J.CHANGES_REQUESTED,), J.PENDING, Role.MODERATOR),
    ),
    final=(),
    refused=_("This journey is not waiting for review."),
    owner_of=lambda journey: journey.owner_id,
    audited=lambda journey: {"journey": journey},
)

C = Representative.Status
CLAIM = Table(
    model=Representative,
    field="status",
    related=("company",),
    transitions=(
        Transition("confirm", (C.UNCONFIRMED,), C.PENDING, Role.LINK, stamp="confirmed_at"),
        Transition(
            "approve",
            (C.PENDING,),
            C.APPROVED,
            Role.MODERATOR,
            audit=Action.CLAIM_APPROVE,
            stamp="decided_at",
        ),
        Transition(
            "reject",
            (C.UNCONFIRMED, C.PENDING),
            C.REJECTED,
            Role.MODERATOR,
            audit=Action.CLAIM_REJECT,
            stamp="decided_at",
        ),
        Transition(
            "revoke",
            (C.APPROVED,),
            C.REVOKED,
            Role.MODERATOR,
            audit=Action.CLAIM_REVOKE,
            stamp="decided_at",
        ),
    ),
    # A rejected or revoked claim stays as it was decided; its claimant may claim anew.
    final=(C.REJECTED, C.REVOKED),
    refused=_("This claim is no longer waiting for this."),
    # The log names the claim, never the address it was made with.
    audited=lambda representative: {
        "company": representative.company,
        "detail": {"representative": representative.pk},
    },
)

R = Reply.State
REPLY = Table(
    model=Reply,
    field="state",
    related=("journey__company", "journey__owner"),
    transitions=(
        Transition(
            "approve",
            (R.PENDING,),
            R.PUBLISHED,
            Role.MODERATOR,
            audit=Action.REPLY_APPROVE,
            stamp="published_at",
        ),
        Transition("reject", (R.PENDING,), R.REJECTED, Role.MODERATOR, audit=Action.REPLY_REJECT),
        # A granted appeal puts the reply back in the queue, if no other reply took its place;
        # the appeal's decision is the audit entry.
        Transition("undo_reject", (R.REJECTED,), R.PENDING, Role.MODERATOR),
    ),
    # A published reply stands beside the story (the consumer may still judge it).
    final=(R.PUBLISHED,),
    refused=_("This reply is not waiting for review."),
    audited=lambda reply: {"journey": reply.journey, "detail": {"reply": reply.pk}},
    check=_reply_of_its_company,
)


def journey_edit(journey: Journey, *, resubmit: bool) -> Transition | None:
    """The transition a consumer's edit of the journey makes, as its state stands: back to the
    queue from review or publication; a resubmission from a moderator's refusal when `resubmit`
    (the view holds one back when `JOURNEY.refusal` or the submission limit refuses it); none
    for a draft. The owner is the caller's to check: the consumer's views find the journey by
    its owner."""
    for action in ("edit", "resubmit") if resubmit else ("edit",):
        if JOURNEY.allows(action, journey):
            return JOURNEY[action]
    return None
