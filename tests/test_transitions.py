"""The state tables of journeys, company claims and replies (`journeys.transitions`): every
state is in its table, each allowed change writes exactly its audit entry, and what a table does
not allow is refused with a message, leaving the row and the audit log as they were."""

import pytest
from django.db import transaction
from django.utils import translation

from journeys import moderation, replies, services, transitions
from journeys.models import Journey, ModerationEvent, Reply, Representative

from .factories import CompanyFactory, JourneyFactory, ModeratorFactory, StepFactory, UserFactory

TABLES = {"journey": transitions.JOURNEY, "claim": transitions.CLAIM, "reply": transitions.REPLY}


def _choices(table: transitions.Table) -> set[str]:
    return {value for value, _label in table.model._meta.get_field(table.field).choices}


@pytest.mark.parametrize("name", TABLES)
def test_every_state_of_the_model_is_in_its_table(name):
    """A state added to the model and forgotten in the table fails here: each state is left by
    some action or listed as final, and the table names no state the model does not have."""
    table = TABLES[name]
    choices = _choices(table)
    left = {source for t in table.transitions for source in t.sources}
    assert choices == left | set(table.final)
    assert not left & set(table.final)
    assert {t.target for t in table.transitions} <= choices
    assert len({t.action for t in table.transitions}) == len(table.transitions)


def _row(name: str, state: str, owner):
    company = CompanyFactory(website_domain="voorbeeld.nl")
    if name == "journey":
        return JourneyFactory(owner=owner, company=company, moderation_state=state)
    if name == "claim":
        return Representative.objects.create(
            user=owner, company=company, work_email="jan@voorbeeld.nl", status=state
        )
    journey = JourneyFactory(owner=owner, company=company, approved=True)
    return Reply.objects.create(
        journey=journey,
        company=company,
        category="in_progress",
        text="We kijken ernaar.",
        state=state,
    )


ALLOWED = [
    (name, t.action, source)
    for name, table in TABLES.items()
    for t in table.transitions
    for source in t.sources
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "action", "source"), ALLOWED)
def test_an_allowed_change_writes_exactly_its_audit_entry(name, action, source):
    table, owner, moderator = TABLES[name], UserFactory(), ModeratorFactory()
    transition = table[action]
    actor = {
        transitions.Role.OWNER: owner,
        transitions.Role.MODERATOR: moderator,
        transitions.Role.LINK: None,
    }[transition.who]
    row = _row(name, source, owner)
    with transaction.atomic():
        applied = transitions.apply(table, action, row, actor=actor, note="Zie het beleid.")
    row.refresh_from_db()
    assert (applied.source, getattr(row, table.field)) == (source, transition.target)
    if transition.stamp:
        assert getattr(row, transition.stamp) is not None
    events = list(ModerationEvent.objects.all())
    assert [e.action for e in events] == ([transition.audit] if transition.audit else [])
    if transition.audit:
        assert events[0] == applied.event
        assert (events[0].actor, events[0].note) == (moderator, "Zie het beleid.")
        identifies = {"claim": "representative", "reply": "reply"}.get(name)
        if identifies:
            assert events[0].detail[identifies] == row.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "action", "state"),
    [
        (name, t.action, state)
        for name, table in TABLES.items()
        for t in table.transitions
        for state in sorted(_choices(table) - set(t.sources))
    ],
)
def test_a_change_from_another_state_is_refused(name, action, state):
    """Approving an already rejected journey, revoking a claim that was never approved,
    rejecting a published reply...: refused with the table's message, nothing written."""
    table, owner = TABLES[name], UserFactory()
    actor = ModeratorFactory() if table[action].who is transitions.Role.MODERATOR else owner
    row = _row(name, state, owner)
    with pytest.raises(transitions.Refused) as refused, transaction.atomic():
        transitions.apply(table, action, row, actor=actor)
    assert refused.value.code == "state"
    assert str(refused.value.message) == str(table[action].refused or table.refused)
    row.refresh_from_db()
    assert getattr(row, table.field) == state
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_a_representative_may_not_approve_a_reply():
    owner = UserFactory()
    reply = _row("reply", Reply.State.PENDING, owner)
    representative = Representative.objects.create(
        user=UserFactory(),
        company=reply.company,
        work_email="jan@voorbeeld.nl",
        status=Representative.Status.APPROVED,
    )
    with pytest.raises(transitions.Refused) as refused:
        replies.reply_approve(reply=reply, moderator=representative.user, base_url="")
    assert refused.value.code == "actor"
    assert refused.value.messages == ["Only a moderator may do this."]
    reply.refresh_from_db()
    assert reply.state == Reply.State.PENDING
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_a_reply_of_the_company_a_journey_left_is_neither_published_nor_rejected():
    """The journey moved to another company behind the services' back: the old company's
    reply is no answer of the new one's, and no moderator's click makes it one."""
    moderator, reply = ModeratorFactory(), _row("reply", Reply.State.PENDING, UserFactory())
    Journey.objects.filter(pk=reply.journey_id).update(company=CompanyFactory())
    for act in (
        lambda: replies.reply_approve(reply=reply, moderator=moderator, base_url=""),
        lambda: replies.reply_reject(reply=reply, moderator=moderator, reason="spam"),
    ):
        with pytest.raises(transitions.Refused) as refused:
            act()
        assert refused.value.code == "company"
    reply.refresh_from_db()
    assert reply.state == Reply.State.PENDING
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_only_a_moderator_decides_on_journeys_and_claims(consumer):
    journey = StepFactory(journey=JourneyFactory(owner=consumer)).journey
    services.journey_submit(journey=journey, user=consumer)
    claim = _row("claim", Representative.Status.PENDING, UserFactory())
    for act in (
        lambda: moderation.journey_approve(journey=journey, moderator=consumer),
        lambda: moderation.journey_reject(journey=journey, moderator=consumer, reason="spam"),
        lambda: replies.claim_approve(representative=claim, moderator=claim.user),
    ):
        with pytest.raises(transitions.Refused) as refused:
            act()
        assert refused.value.code == "actor"
    journey.refresh_from_db()
    claim.refresh_from_db()
    assert (journey.moderation_state, claim.status) == ("pending", "pending")
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_only_the_owner_with_a_confirmed_address_submits(consumer, unverified_consumer):
    mine = StepFactory(journey=JourneyFactory(owner=consumer)).journey
    with pytest.raises(transitions.Refused) as refused:
        services.journey_submit(journey=mine, user=UserFactory())
    assert refused.value.code == "actor"
    theirs = StepFactory(journey=JourneyFactory(owner=unverified_consumer)).journey
    with pytest.raises(transitions.Refused) as refused:
        services.journey_submit(journey=theirs, user=unverified_consumer)
    assert refused.value.code == "unverified"
    assert set(Journey.objects.values_list("moderation_state", flat=True)) == {"draft"}


@pytest.mark.django_db
def test_refusals_are_said_in_dutch(consumer):
    """Approving a journey another moderator rejected meanwhile, or a consumer approving: the
    refusal is in the language of the page."""
    journey = StepFactory(journey=JourneyFactory(owner=consumer)).journey
    services.journey_submit(journey=journey, user=consumer)
    moderation.journey_reject(journey=journey, moderator=ModeratorFactory(), reason="spam")
    with translation.override("nl"):
        for actor, said in (
            (ModeratorFactory(), "Deze klantreis wacht niet op controle."),
            (consumer, "Alleen een moderator mag dit doen."),
        ):
            with pytest.raises(transitions.Refused) as refused:
                moderation.journey_approve(journey=journey, moderator=actor)
            assert refused.value.messages == [said]
    journey.refresh_from_db()
    assert journey.moderation_state == "rejected"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "requeue", "after"),
    [
        ("draft", True, "draft"),
        ("pending", True, "pending"),
        ("approved", True, "pending"),
        ("approved", False, "pending"),
        ("rejected", True, "pending"),
        ("rejected", False, "rejected"),
        ("changes_requested", True, "pending"),
        ("changes_requested", False, "changes_requested"),
    ],
)
def test_an_edit_goes_back_to_review_as_the_journey_table_says(consumer, state, requeue, after):
    """A step added to a published or queued journey puts it (back) in the queue; to one a
    moderator turned down, it resubmits it unless the view held that back; a draft stays one."""
    journey = JourneyFactory(owner=consumer, moderation_state=state)
    services.step_add(
        journey=journey,
        requeue=requeue,
        kind="hold",
        channel="phone",
        occurred_on=journey.started_on,
        minutes=5,
    )
    journey.refresh_from_db()
    assert journey.moderation_state == after
    assert (journey.submitted_at is not None) == (after == "pending")
    assert not ModerationEvent.objects.exists()
