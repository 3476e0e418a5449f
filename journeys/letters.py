"""Letters written from the log: a draft drawn from the journey's steps and its route, which
the consumer edits before use, and the writes that record it sent and answered.

The draft states facts the log holds (dates, channels, how often information was given again,
the chatbot, the automated decision, broken promises) in the letter's own language; what the
consumer alone knows (name, address, amounts) is left in [brackets] to fill in.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import routes, scoring, services
from .models import Channel, Journey, Letter, Step

# What happened, one sentence per step kind, in the first person.
STEP_SENTENCES = {
    "create_account": lambda: _("I had to create an account."),
    "log_in": lambda: _("I had to log in and verify my identity."),
    "fill_form": lambda: _("I filled in a form."),
    "chatbot": lambda: _("I was sent to a chatbot."),
    "chatbot_loop": lambda: _("The chatbot went in circles and offered no way to a person."),
    "phone_menu": lambda: _("I went through a phone menu."),
    "hold": lambda: _("I waited on hold."),
    "transfer": lambda: _("I was transferred to someone else."),
    "human": lambda: _("I reached an employee and explained my case."),
    "channel_switch": lambda: _("I was told to use another channel."),
    "contradiction": lambda: _("I was given an answer that contradicts an earlier one."),
    "broken_promise": lambda: _("A promised call back or reply did not come."),
    "disconnected": lambda: _("The call or chat was cut off."),
    "automated_decision": lambda: _(
        "A decision was taken automatically, by “the system”, without a person assessing my case."
    ),
    "upload_documents": lambda: _("I uploaded documents."),
    "closed_unresolved": lambda: _("My case was closed without a solution."),
    "escalated": lambda: _("I made a formal complaint."),
    "resolved": lambda: _("The matter was resolved."),
}

# What the consumer asks for, per goal of the journey.
EXPECTATIONS = {
    "refund": lambda: _("I ask you to refund the amount I paid, [amount], to my account [IBAN]."),
    "repair": lambda: _("I ask you to repair the product free of charge, or to replace it."),
    "cancel_contract": lambda: _(
        "I ask you to confirm in writing that my contract ends on [date]."
    ),
    "billing_error": lambda: _(
        "I ask you to correct the bill and to refund what was charged too much, [amount]."
    ),
    "account_blocked": lambda: _("I ask you to unblock my account and to explain the block."),
    "delivery_problem": lambda: _(
        "I ask you to deliver what I ordered, or else to refund what I paid, [amount]."
    ),
    "question": lambda: _("I ask you to answer my question in full."),
    "other": lambda: _("I ask you to solve the problem described above."),
}


@dataclass(frozen=True)
class Draft:
    sender: str
    recipient: str
    subject: str
    body: str


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _step_line(step: Step, after_human: bool) -> str:
    channel = Channel(step.channel).label
    when = f"{_date(step.occurred_on)} ({channel})"
    if step.kind == "repeat_info":
        again = scoring.repetitions_of(step)
        sentence = ngettext(
            "I had to give information I had already given again: %(all)d times in all "
            "(%(again)d time again).",
            "I had to give information I had already given again: %(all)d times in all "
            "(%(again)d times again).",
            again,
        ) % {"all": again + 1, "again": again}
        if after_human:
            sentence += " " + _("This was after I had already explained it all to an employee.")
    else:
        sentence = STEP_SENTENCES[step.kind]()
    if step.minutes:
        sentence += " " + ngettext(
            "It took %(n)d minute.", "It took %(n)d minutes.", step.minutes
        ) % {"n": step.minutes}
    if step.note:
        sentence += " " + _("My note: “%(note)s”.") % {"note": step.note}
    return f"- {when}: {sentence}"


def _facts(journey: Journey, steps: list[Step]) -> list[str]:
    lines, human_channels = [], set()
    for step in steps:
        # Information given again on a channel where a person had already heard it all.
        lines.append(_step_line(step, after_human=step.channel in human_channels))
        if step.kind == "human":
            human_channels.add(step.channel)
    drivers = scoring.drivers_of(steps)
    last = max((step.occurred_on for step in steps), default=journey.started_on)
    days = (last - journey.started_on).days + 1
    summary = [
        ngettext(
            "In all: %(steps)d step over %(days)s, %(minutes)d minutes of my time, "
            "%(hold)d of them on hold.",
            "In all: %(steps)d steps over %(days)s, %(minutes)d minutes of my time, "
            "%(hold)d of them on hold.",
            drivers.step_count,
        )
        % {
            "steps": drivers.step_count,
            "days": ngettext("%(n)d day", "%(n)d days", days) % {"n": days},
            "minutes": drivers.minutes_total,
            "hold": drivers.hold_minutes,
        }
    ]
    if drivers.repetitions:
        summary.append(
            ngettext(
                "I had to give information again %(n)d time.",
                "I had to give information again %(n)d times.",
                drivers.repetitions,
            )
            % {"n": drivers.repetitions}
        )
    automated = [step.occurred_on for step in steps if step.kind == "automated_decision"]
    if automated:
        summary.append(
            _("On %(date)s a decision was taken automatically, without a person.")
            % {"date": _date(automated[0])}
        )
    promises = sum(step.kind == "broken_promise" for step in steps)
    if promises:
        summary.append(
            ngettext(
                "%(n)d promise to call back or reply was not kept.",
                "%(n)d promises to call back or reply were not kept.",
                promises,
            )
            % {"n": promises}
        )
    return [*lines, "", " ".join(summary)]


def _law(route: routes.Route, kind: str) -> str:
    body = route.body
    if kind == Letter.Kind.DEFAULT_NOTICE:
        return _(
            "With this letter I give you notice of default (art. 6:82 of the Dutch Civil Code): "
            "if you have not done what I ask by the date below, you are in default from that "
            "day, without further notice."
        )
    if kind == Letter.Kind.DISPUTE_COVER:
        return _(
            "I complained to the company in writing first, as your rules ask, and it did not "
            "solve my complaint. I enclose my letters and the timeline of every contact."
        )
    return {
        "geschillencommissie": _(
            "If we cannot agree, I will submit this dispute to De Geschillencommissie."
        ),
        "kifid": _(
            "This is my complaint under your internal complaint procedure. If I have no answer "
            "within eight weeks, I will submit it to Kifid."
        ),
        "skgz": _(
            "If we cannot agree, I will submit my complaint to the Stichting Klachten en "
            "Geschillen Zorgverzekeringen (SKGZ)."
        ),
        "ombudsman": _(
            "Under art. 9:11 of the General Administrative Law Act (Awb) you handle this "
            "complaint within six weeks. If it is not solved, I will turn to the ombudsman."
        ),
        "air_passenger": _(
            "When a flight is cancelled, European Regulation (EC) 261/2004 entitles me to a "
            "refund of my ticket. You must answer my claim within two months; I will report "
            "your airline to the Inspectie Leefomgeving en Transport (ILT) if you do not pay."
        ),
    }.get(body, _("If we cannot agree, I will take the matter further."))


def _intro(journey: Journey, kind: str, letters: list[Letter]) -> str:
    company = journey.company.name
    goal = journey.get_goal_display().lower()
    sent = sorted((x for x in letters if x.sent_on), key=lambda x: x.sent_on)
    if kind == Letter.Kind.COMPLAINT:
        return _(
            "I hereby make a written complaint. Since %(start)s I have tried to get help from "
            "you (%(goal)s), without result. This is what happened:"
        ) % {"start": _date(journey.started_on), "goal": goal}
    if kind == Letter.Kind.DEFAULT_NOTICE:
        earlier = (
            _("On %(date)s I complained to you in writing.") % {"date": _date(sent[0].sent_on)}
            if sent
            else _("I complained to you before.")
        )
        return earlier + " " + _("The problem is still not solved. To recap what happened:")
    first = (
        _("I complained to %(company)s in writing on %(date)s.")
        % {"company": company, "date": _date(sent[0].sent_on)}
        if sent
        else ""
    )
    return (
        _("I hereby submit my dispute with %(company)s (%(goal)s).")
        % {"company": company, "goal": goal}
        + (" " + first if first else "")
        + " "
        + _("This is what happened:")
    )


def _recipient(journey: Journey, route: routes.Route, kind: str) -> str:
    if kind == Letter.Kind.DISPUTE_COVER:
        return "\n".join((str(route.name), _("[address]")))
    return "\n".join((journey.company.name, _("Attn. the complaints department"), _("[address]")))


def draft(
    journey: Journey, steps: list[Step], letters: list[Letter], *, kind: str, language: str
) -> Draft:
    """A first version of a letter of this kind, in `language`, from the journey's log."""
    route = routes.route_for(journey.company)
    with translation.override(language):
        today = timezone.localdate()
        due = routes.answer_due(route, kind, today) or routes.Period(weeks=4).after(today)
        subject = {
            Letter.Kind.COMPLAINT: _("Complaint: %(goal)s"),
            Letter.Kind.DEFAULT_NOTICE: _("Notice of default: %(goal)s"),
            Letter.Kind.DISPUTE_COVER: _("Dispute with %(company)s: %(goal)s"),
        }[kind] % {"goal": journey.get_goal_display().lower(), "company": journey.company.name}
        expectation = EXPECTATIONS[journey.goal]()
        if kind == Letter.Kind.DISPUTE_COVER:
            deadline = _("I ask you to handle my dispute.")
        else:
            deadline = _("I expect your answer no later than %(date)s.") % {"date": _date(due)}
        body = "\n".join(
            (
                _("%(place)s, %(date)s") % {"place": _("[place]"), "date": _date(today)},
                "",
                _("Dear Sir or Madam,"),
                "",
                _intro(journey, kind, letters),
                "",
                *_facts(journey, steps),
                "",
                _law(route, kind),
                "",
                expectation + " " + deadline,
                "",
                _("Yours faithfully,"),
                "",
                _("[your name]"),
                "",
                _("Annex: the timeline of every contact with %(company)s.")
                % {"company": journey.company.name},
            )
        )
        sender = "\n".join((_("[your name]"), _("[address]"), _("[postcode and town]")))
        sender += "\n" + journey.owner.email
        return Draft(
            sender=sender,
            recipient=_recipient(journey, route, kind),
            subject=subject,
            body=body,
        )


@transaction.atomic
def letter_create(*, journey: Journey, kind: str, language: str) -> Letter:
    steps = list(journey.steps.order_by("position"))
    letters = list(journey.letters.all())
    text = draft(journey, steps, letters, kind=kind, language=language)
    return Letter.objects.create(
        journey=journey,
        kind=kind,
        language=language,
        sender=text.sender,
        recipient=text.recipient,
        subject=text.subject,
        body=text.body,
    )


def letter_update(*, letter: Letter, **values) -> Letter:
    for name, value in values.items():
        setattr(letter, name, value)
    letter.updated_at = timezone.now()
    letter.save(update_fields=[*values, "updated_at"])
    return letter


@transaction.atomic
def letter_mark_sent(*, letter: Letter, sent_on: datetime.date, channel: str) -> Letter:
    """Record the letter sent: a formal-complaint step on the journey (so it counts like any
    other) and the date the answer is due, which the reminder keeps."""
    letter = Letter.objects.select_for_update().select_related("journey__company").get(pk=letter.pk)
    route = routes.route_for(letter.journey.company)
    with translation.override(letter.language):
        note = _("Sent: %(subject)s") % {"subject": letter.subject}
    if letter.sent_step_id:
        step = services.step_update(
            step=Step.objects.get(pk=letter.sent_step_id),
            occurred_on=sent_on,
            channel=channel,
        )
    else:
        step = services.step_add(
            journey=letter.journey,
            kind="escalated",
            channel=channel,
            occurred_on=sent_on,
            note=note,
        )
    letter.sent_on = sent_on
    # A dispute body keeps its own timetable: no answer date (and no reminder) for a cover letter.
    letter.answer_due = routes.answer_due(route, letter.kind, sent_on)
    letter.sent_step = step
    letter.outcome = Letter.Outcome.WAITING
    letter.outcome_on = None
    letter.reminder_claimed_at = letter.reminder_sent_at = None
    letter.updated_at = timezone.now()
    letter.save()
    return letter


def letter_record_answer(*, letter: Letter, outcome: str, outcome_on: datetime.date) -> Letter:
    """The company answered (solved or not) or stayed silent: the route moves on."""
    return letter_update(letter=letter, outcome=outcome, outcome_on=outcome_on)
