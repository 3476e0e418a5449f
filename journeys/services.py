"""Writes that touch several rows. Each locks the journey it changes, so two browser tabs editing
one journey at once are applied one after the other and cannot corrupt its step order: steps stay
numbered 1..n, and a tab acting on a step another tab already deleted changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import moderation, transitions
from .leaderboards import request_recompute
from .models import REPLY_STEP_KINDS, Channel, Company, Journey, Step, StepKind, normalize_name
from .scoring import score_journey

STEP_FIELDS = ("kind", "channel", "occurred_on", "minutes", "repeats", "note")
JOURNEY_FIELDS = ("company", "goal", "started_on", "status", "story", "story_consent")
# Renumbering goes through positions above this, so no two steps ever share one on the way.
_RENUMBER_OFFSET = 1_000_000
# Inserts of a suggested company before giving up on slugs taken by simultaneous suggestions.
SUGGEST_ATTEMPTS = 3


def _lock(journey: Journey) -> Journey:
    return Journey.objects.select_for_update().get(pk=journey.pk)


def _scored_steps(journey: Journey) -> list[Step]:
    """The journey's steps in order, with what scoring reads (and their positions)."""
    # The journey comes along so the related manager can attach it without a query per step.
    columns = ("journey", "position", "kind", "channel", "minutes", "repeats")
    return list(journey.steps.only(*columns).order_by("position"))


def _rescore(
    journey: Journey,
    *,
    steps: list[Step] | None = None,
    extra_fields: tuple[str, ...] = (),
    requeue: bool = True,
    review: bool = True,
) -> None:
    """Score the journey on `steps` (its steps as they are now; read here if not given). With
    `review`, the change is a consumer's edit: the journey takes the transition its table gives
    an edit (`transitions.journey_edit`) in the same save; `requeue=False` holds back a
    resubmission the caller found refused."""
    if steps is None:
        steps = _scored_steps(journey)
    journey.updated_at = timezone.now()
    score = score_journey(steps, journey.status)
    # A judgement of a company reply was not a contact through a channel.
    channels = [step.channel for step in steps if step.kind not in REPLY_STEP_KINDS]
    fields = [
        *journey.set_score(score, channels),
        "updated_at",
        *extra_fields,
    ]
    # An approved journey leaves the published figures until a moderator approves it again.
    if journey.is_published:
        request_recompute([journey.company_id])
    edit = transitions.journey_edit(journey, resubmit=requeue) if review else None
    if edit is not None:
        fields += transitions.JOURNEY.enter(edit, journey)
    journey.save(update_fields=fields)


@transaction.atomic
def journey_create(
    *,
    owner,
    company: Company,
    goal: str,
    started_on: datetime.date,
    status: str,
    story: str = "",
    story_consent: bool = False,
) -> Journey:
    journey = Journey(
        owner=owner,
        company=company,
        goal=goal,
        started_on=started_on,
        status=status,
        story=story,
        story_consent=story_consent,
    )
    journey.set_score(score_journey([], status), [])
    journey.save()
    if story:
        # As when a story changes later: kept redacted, so its preview need not redact again.
        moderation.story_autoredact(journey=journey)
    return journey


@transaction.atomic
def journey_update(*, journey: Journey, requeue: bool = True, **changes) -> Journey:
    unknown = set(changes) - set(JOURNEY_FIELDS)
    if unknown:
        raise TypeError(f"not journey fields: {sorted(unknown)}")
    journey = _lock(journey)
    published_in = journey.company_id if journey.is_published else None
    story_before, consent_before = journey.story, journey.story_consent
    company_before = journey.company_id
    for field, value in changes.items():
        setattr(journey, field, value)
    _rescore(journey, extra_fields=tuple(changes), requeue=requeue)
    if published_in is not None and published_in != journey.company_id:
        request_recompute([published_in])
    moderation.journey_changed(
        journey=journey,
        story_before=story_before,
        consent_before=consent_before,
        company_before=company_before,
    )
    return journey


@transaction.atomic
def step_add(*, journey: Journey, requeue: bool = True, **values) -> Step:
    journey = _lock(journey)
    # Read once under the lock, whole: the last position, what is scored with the new step, and
    # the log the page shows next, which then needs no second read (`journey.steps.all()`).
    steps = list(journey.steps.order_by("position"))
    step = Step.objects.create(
        journey=journey, position=steps[-1].position + 1 if steps else 1, **values
    )
    steps.append(step)
    _rescore(journey, steps=steps, requeue=requeue)
    journey._prefetched_objects_cache = {"steps": steps}  # what prefetch_related("steps") keeps
    return step


@transaction.atomic
def step_update(*, step: Step, requeue: bool = True, **values) -> Step:
    # The step's journey becomes the one locked and rescored here, as a new step's is.
    journey = step.journey = _lock(step.journey)
    for field, value in values.items():
        if field not in STEP_FIELDS:
            raise TypeError(f"not a step field: {field}")
        setattr(step, field, value)
    if not journey.steps.filter(pk=step.pk).exists():
        return step  # deleted in another tab meanwhile: nothing left to edit
    step.save(update_fields=list(values))
    _rescore(journey, requeue=requeue)
    return step


@transaction.atomic
def step_delete(*, step: Step, requeue: bool = True) -> Journey:
    journey = _lock(step.journey)
    # Where the step is now, under the lock: another tab may have moved or deleted it.
    position = journey.steps.filter(pk=step.pk).values_list("position", flat=True).first()
    if position is None:
        return journey
    Step.objects.filter(pk=step.pk).delete()
    # Close the gap, so the steps stay numbered 1..n (the timeline and the data export show
    # the numbers). Shifting down in place could collide with a step not yet shifted, since
    # PostgreSQL checks the unique (journey, position) row by row: so up out of the way first.
    later = journey.steps.filter(position__gt=position)
    if later.update(position=F("position") + _RENUMBER_OFFSET):
        journey.steps.filter(position__gt=_RENUMBER_OFFSET).update(
            position=F("position") - _RENUMBER_OFFSET - 1
        )
    _rescore(journey, requeue=requeue)
    return journey


@transaction.atomic
def step_move(*, step: Step, direction: str, requeue: bool = True) -> Journey:
    """Swap a step with its neighbour above ("up") or below ("down"); at either end, no change."""
    journey = _lock(step.journey)
    step = journey.steps.filter(pk=step.pk).first()  # the position as it is now, under the lock
    if step is None:
        return journey  # deleted in another tab meanwhile
    siblings = journey.steps.exclude(pk=step.pk)
    if direction == "up":
        neighbour = siblings.filter(position__lt=step.position).order_by("-position").first()
    elif direction == "down":
        neighbour = siblings.filter(position__gt=step.position).order_by("position").first()
    else:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    if neighbour is None:
        return journey
    mine, theirs = step.position, neighbour.position
    # Position 0 is never used, so it is a free slot for the swap under the unique constraint.
    Step.objects.filter(pk=step.pk).update(position=0)
    Step.objects.filter(pk=neighbour.pk).update(position=mine)
    Step.objects.filter(pk=step.pk).update(position=theirs)
    _rescore(journey, requeue=requeue)
    return journey


@transaction.atomic
def reply_outcome_add(*, journey: Journey, resolved: bool) -> Step:
    """The consumer's judgement of a company reply, as the journey's last step; resolved, the
    journey is too. A choice without free text needs no new review, so a published journey
    stays published (its figures follow at the next recompute)."""
    journey = _lock(journey)
    last = journey.steps.aggregate(last=Max("position"))["last"] or 0
    step = Step.objects.create(
        journey=journey,
        position=last + 1,
        kind=StepKind.REPLY_RESOLVED if resolved else StepKind.REPLY_UNRESOLVED,
        channel=Channel.WEB_FORM,
        occurred_on=timezone.localdate(),
    )
    extra = ()
    if resolved and journey.status != Journey.Status.RESOLVED:
        journey.status = Journey.Status.RESOLVED
        extra = ("status",)
    _rescore(journey, extra_fields=extra, review=False)
    return step


@transaction.atomic
def journey_submit(*, journey: Journey, user) -> Journey:
    journey = transitions.apply(
        transitions.JOURNEY, "submit", journey, actor=user, before=_has_steps
    ).row
    if journey.story and not journey.story_redacted:
        moderation.story_autoredact(journey=journey)  # moderators never see the raw story
    return journey


def _has_steps(journey: Journey) -> None:
    if not journey.steps.exists():
        raise ValidationError(_("Add at least one step before you submit."), code="no_steps")


@transaction.atomic
def company_suggest(*, name: str, sector: str, user) -> Company:
    """A company the picker did not know: pending until a moderator accepts it.

    Suggesting a name someone already suggested joins that suggestion instead of adding another.
    """
    existing = Company.objects.filter(search_name=normalize_name(name)).exclude(
        status__in=[Company.Status.REJECTED, Company.Status.MERGED]
    )
    company = existing.first()
    if company is not None:
        return company
    attempts = 0
    while True:
        attempts += 1
        try:
            with transaction.atomic():
                return Company.objects.create(
                    name=" ".join(name.split()),
                    sector=sector,
                    status=Company.Status.PENDING,
                    suggested_by=user,
                )
        except IntegrityError:
            # Someone suggested the same name at the same moment: join their suggestion. Or
            # another name with the same slug ("Snel & Co", "Snel Co") took the slug between
            # our check and our insert: try again, and the next free slug is taken.
            company = existing.first()
            if company is not None:
                return company
            if attempts >= SUGGEST_ATTEMPTS:
                raise


@transaction.atomic
def journey_delete(*, journey: Journey) -> None:
    if journey.is_published:
        request_recompute([journey.company_id])
    journey.delete()
