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
from .models import Channel, DisputeBody, Journey, Letter, Step

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

# What the consumer asks the company for, per goal of the journey.
ASKS = {
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

# What the consumer asks a dispute body to rule, per goal: the body decides, the company pays.
RULINGS = {
    "refund": lambda: _(
        "I ask you to rule that %(company)s must refund the amount I paid, [amount]."
    ),
    "repair": lambda: _(
        "I ask you to rule that %(company)s must repair the product free of charge, or replace it."
    ),
    "cancel_contract": lambda: _(
        "I ask you to rule that my contract with %(company)s ended on [date]."
    ),
    "billing_error": lambda: _(
        "I ask you to rule that %(company)s must correct the bill and refund what it charged "
        "too much, [amount]."
    ),
    "account_blocked": lambda: _(
        "I ask you to rule that %(company)s must unblock my account and explain the block."
    ),
    "delivery_problem": lambda: _(
        "I ask you to rule that %(company)s must deliver what I ordered, or else refund what "
        "I paid, [amount]."
    ),
    "question": lambda: _("I ask you to rule that %(company)s must answer my question in full."),
    "other": lambda: _("I ask you to rule that %(company)s must solve the problem described."),
}

# An air passenger's claim: what the rules give (the law) and what is asked for.
AIRLINE_LAW = {
    "refund": lambda: _(
        "My flight of %(flight)s was cancelled. Under art. 8(1)(a) of Regulation (EC) "
        "261/2004 you must refund my ticket within seven days."
    ),
    "compensation": lambda: _(
        "My flight of %(flight)s was [cancelled / more than three hours late on arrival]. "
        "Under art. 7 of Regulation (EC) 261/2004 I am entitled to compensation of €250, €400 "
        "or €600, by the flight's distance."
    ),
    "baggage_damaged": lambda: _(
        "My checked baggage from the flight of %(flight)s came back damaged on [date]. I claim "
        "within seven days of getting it back, as the rules on air baggage ask."
    ),
    "baggage_delayed": lambda: _(
        "My checked baggage from the flight of %(flight)s was delivered late, on [date]. I "
        "claim within 21 days of its delivery, as the rules on air baggage ask."
    ),
}
AIRLINE_ASKS = {
    "refund": lambda: _(
        "I ask you to refund the full price of my ticket, [amount], to my account [IBAN]."
    ),
    "compensation": lambda: _(
        "I ask you to pay me the compensation of [€250, €400 or €600] to my account [IBAN]."
    ),
    "baggage_damaged": lambda: _(
        "I ask you to pay for the damage, [amount], to my account [IBAN]."
    ),
    "baggage_delayed": lambda: _(
        "I ask you to pay the costs the delay caused me, [amount], to my account [IBAN]."
    ),
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


def _cover_ask(route: routes.Route, goal: str) -> str:
    """What a cover letter asks the body for: an ombudsman judges conduct and mediates, it
    does not order a company to pay; a committee rules."""
    if route.body == DisputeBody.OMBUDSMAN:
        return _(
            "I ask you to investigate my complaint about how %(company)s treated me and to give "
            "your judgement."
        )
    if route.body == DisputeBody.PENSION:
        return _("I ask you to mediate, or else to give your judgement, on my complaint.")
    return RULINGS[goal]()


def _next_body(route: routes.Route) -> str:
    """Who decides if the company does not: a body only when a moderator set it for the
    company (a sector's usual body is a guess), otherwise a dispute body or the court."""
    if route.body == DisputeBody.NONE:
        return _("the court")
    if route.confirmed and route.has_body:
        return str(route.name)
    return _("a dispute body or the court")


def _what_follows(journey: Journey, route: routes.Route, kind: str, claim: str) -> str:
    if kind == Letter.Kind.DEFAULT_NOTICE:
        return _(
            "If you have not done so by then, you are in default from the day after, without "
            "further notice (art. 6:82 of the Dutch Civil Code). I may then end the contract, "
            "claim damages and statutory interest on what you owe me, and take the matter to "
            "%(next)s."
        ) % {"next": _next_body(route)}
    if kind == Letter.Kind.DISPUTE_COVER:
        return _(
            "I complained to %(company)s in writing first, as your rules ask, and it did not "
            "solve my complaint."
        ) % {"company": journey.company.name}
    if route.body == DisputeBody.AIR_PASSENGER:
        return _(
            "You must answer my claim within two months. If you do not pay, I may report your "
            "airline to the Inspectie Leefomgeving en Transport (ILT) and bring my claim before "
            "the court."
        )
    if route.body == DisputeBody.OMBUDSMAN:
        return _(
            "Under art. 9:11 of the General Administrative Law Act (Awb) you handle this "
            "complaint within six weeks of receiving it. If it is not solved, I may turn to the "
            "ombudsman."
        )
    if route.body == DisputeBody.KIFID and route.confirmed:
        return _(
            "This is my complaint under your internal complaint procedure. If I have no answer "
            "within eight weeks, I may submit it to Kifid."
        )
    if route.body in (DisputeBody.KIFID, DisputeBody.SKGZ):
        return _(
            "This is my complaint under your internal complaint procedure. If we cannot agree, "
            "I may take the matter to %(next)s."
        ) % {"next": _next_body(route)}
    return _("If we cannot agree, I may take the matter to %(next)s.") % {"next": _next_body(route)}


def _deadline(kind: str, due: datetime.date | None) -> str:
    """The one sentence of a letter that holds its date; `letter_mark_sent` moves it."""
    if not due:
        return ""
    if kind == Letter.Kind.DEFAULT_NOTICE:
        return _("I give you a last term to do so: no later than %(date)s.") % {"date": _date(due)}
    return _("I expect your answer, and the solution, no later than %(date)s.") % {
        "date": _date(due)
    }


def _intro(journey: Journey, kind: str, letters: list[Letter], flight_on) -> str:
    company = journey.company.name
    goal = journey.get_goal_display().lower()
    sent = sorted((x for x in letters if x.sent_on), key=lambda x: x.sent_on)
    if flight_on:
        concerns = _("It concerns my flight of %(date)s, booking number [booking number].") % {
            "date": _date(flight_on)
        }
    else:
        concerns = _("It concerns [what you bought or asked for, with your customer number].")
    if kind == Letter.Kind.COMPLAINT:
        return " ".join(
            (
                _("I hereby make a written complaint (%(goal)s).") % {"goal": goal},
                concerns,
                _("Since %(start)s I have tried to get help from you, without result.")
                % {"start": _date(journey.started_on)},
                _("This is what happened:"),
            )
        )
    if kind == Letter.Kind.DEFAULT_NOTICE:
        earlier = (
            _("On %(date)s I complained to you in writing.") % {"date": _date(sent[0].sent_on)}
            if sent
            else _("I complained to you before.")
        )
        return " ".join(
            (
                _("With this letter I give you notice of default (%(goal)s).") % {"goal": goal},
                concerns,
                earlier,
                _("The problem is still not solved. To recap what happened:"),
            )
        )
    first = (
        _("I complained to %(company)s in writing on %(date)s.")
        % {"company": company, "date": _date(sent[0].sent_on)}
        if sent
        else ""
    )
    parts = [
        _("I hereby submit my dispute with %(company)s (%(goal)s).")
        % {
            "company": company,
            "goal": goal,
        },
        concerns,
    ]
    if first:
        parts.append(first)
    parts.append(_("This is what happened:"))
    return " ".join(parts)


def _enclosed(journey: Journey, kind: str) -> str:
    company = journey.company.name
    if kind == Letter.Kind.DISPUTE_COVER:
        return _(
            "Annex: my letters to %(company)s, its answer [if any], the invoice [add it], the "
            "contract or terms [add them] and the timeline of every contact."
        ) % {"company": company}
    return _("Annex: the timeline of every contact with %(company)s.") % {"company": company}


def _recipient(journey: Journey, route: routes.Route, kind: str) -> str:
    if kind == Letter.Kind.DISPUTE_COVER:
        return "\n".join((str(route.name), _("[address]")))
    return "\n".join((journey.company.name, _("Attn. the complaints department"), _("[address]")))


def draft(
    journey: Journey,
    steps: list[Step],
    letters: list[Letter],
    *,
    kind: str,
    language: str,
    flight_on: datetime.date | None = None,
    claim: str = "",
) -> Draft:
    """A first version of a letter of this kind, in `language`, from the journey's log. It is
    dated today; the day it is recorded sent moves its date and deadline to that day."""
    route = routes.route_for(journey.company)
    with translation.override(language):
        today = timezone.localdate()
        due = (
            None
            if routes.counts_from_receipt(route, kind)
            else routes.answer_due(route, kind, today)
        )
        goal = journey.get_goal_display().lower()
        company = journey.company.name
        subject = {
            Letter.Kind.COMPLAINT: _("Complaint: %(goal)s"),
            Letter.Kind.DEFAULT_NOTICE: _("Notice of default: %(goal)s"),
            Letter.Kind.DISPUTE_COVER: _("Dispute with %(company)s: %(goal)s"),
        }[kind] % {"goal": goal, "company": company}
        if kind == Letter.Kind.DISPUTE_COVER:
            ask = _cover_ask(route, journey.goal) % {"company": company}
        elif claim:
            ask = AIRLINE_ASKS[claim]()
        else:
            ask = ASKS[journey.goal]()
        law = AIRLINE_LAW[claim]() % {"flight": _date(flight_on)} if claim and flight_on else ""
        closing = [x for x in (law, _what_follows(journey, route, kind, claim)) if x]
        body = "\n".join(
            (
                _("%(place)s, %(date)s") % {"place": _("[place]"), "date": _date(today)},
                "",
                _("Dear Sir or Madam,"),
                "",
                _intro(journey, kind, letters, flight_on),
                "",
                *_facts(journey, steps),
                "",
                " ".join((ask, _deadline(kind, due))).strip(),
                "",
                " ".join(closing),
                "",
                _("Yours faithfully,"),
                "",
                _("[your name]"),
                "",
                _enclosed(journey, kind),
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
def letter_create(
    *,
    journey: Journey,
    kind: str,
    language: str,
    flight_on: datetime.date | None = None,
    claim: str = "",
) -> Letter:
    steps = list(journey.steps.order_by("position"))
    letters = list(journey.letters.all())
    text = draft(
        journey, steps, letters, kind=kind, language=language, flight_on=flight_on, claim=claim
    )
    return Letter.objects.create(
        journey=journey,
        kind=kind,
        language=language,
        flight_on=flight_on,
        claim=claim,
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


def _redate(letter: Letter, route: routes.Route, day: datetime.date) -> str:
    """The letter's text dated `day`: its date line and its deadline sentence, as drafted,
    moved to the day it is sent, so the letter and the reminder name one date. Text the
    consumer rewrote is left alone."""
    before = letter.sent_on or timezone.localtime(letter.created_at).date()
    if before == day:
        return letter.body
    with translation.override(letter.language):
        lines = letter.body.split("\n")
        old, new = f", {_date(before)}", f", {_date(day)}"
        if lines and lines[0].endswith(old):
            lines[0] = lines[0][: -len(old)] + new
        body = "\n".join(lines)
        if not routes.counts_from_receipt(route, letter.kind):
            old_due = _deadline(letter.kind, routes.answer_due(route, letter.kind, before))
            new_due = _deadline(letter.kind, routes.answer_due(route, letter.kind, day))
            if old_due:
                body = body.replace(old_due, new_due)
    return body


@transaction.atomic
def letter_mark_sent(
    *,
    letter: Letter,
    sent_on: datetime.date,
    channel: str,
    received_on: datetime.date | None = None,
) -> Letter:
    """Record the letter sent: a formal-complaint step on the journey (so it counts like any
    other), its text dated that day, and the date the answer is due, which the reminder
    keeps: from the day it was sent, or from the day it was received where the source counts
    from receipt and the consumer knows it."""
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
    letter.body = _redate(letter, route, sent_on)
    letter.sent_on = sent_on
    letter.received_on = received_on
    counted_from = sent_on
    if received_on and routes.counts_from_receipt(route, letter.kind):
        counted_from = received_on
    # A dispute body keeps its own timetable: no answer date (and no reminder) for a cover letter.
    letter.answer_due = routes.answer_due(route, letter.kind, counted_from)
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
