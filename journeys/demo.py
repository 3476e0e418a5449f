"""Synthetic demo data drawn from the journeys in the Dutch columns (`data/scenarios.json`), and
the companies' public replies to them.

Everything is inserted in bulk so that 100 000 journeys load in well under a minute; scores come
from `scoring.score_journey`, the same function the app uses.
"""

import bisect
import datetime
import functools
import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    REPLY_STEP_KINDS,
    Channel,
    Company,
    CompanyAlias,
    Journey,
    Reply,
    Representative,
    Step,
    StepKind,
    User,
    normalize_name,
)
from .privacy import redact, span_to_json
from .scoring import score_journey

# The columns' journeys, the project's own copy (`journeys/data/scenarios.json`), as
# (company, goal, status, steps), steps as (kind, channel, minutes, repeats).
SCENARIOS_FILE = Path(__file__).resolve().parent / "data" / "scenarios.json"


def load_scenarios() -> list[dict]:
    """The columns' journeys as the file holds them (summary, sector and notes included)."""
    return json.loads(SCENARIOS_FILE.read_text(encoding="utf-8"))["scenarios"]


SCENARIOS = {
    s["key"]: (
        s["company"],
        s["goal"],
        s["status"],
        [(t["kind"], t["channel"], t.get("minutes", 0), t.get("repeats", 0)) for t in s["steps"]],
    )
    for s in load_scenarios()
}

# The airlines among them: their route is the air passenger rights' (`routes`).
DEMO_DISPUTE_BODIES = {"AirlineGo": "air_passenger", "VliegVrij": "air_passenger"}

# Fictional companies only: (name, sector, aliases, website domain). Domains use the reserved
# ".example" top-level domain so no demo company points at a real site.
COMPANIES = [
    # The columns' own (scenarios.json).
    ("ShopZara", "webshop", ["Shop Zara", "shopzara.nl"], "shopzara.example"),
    ("AirlineGo", "travel", ["Airline Go", "airlinego.nl"], "airlinego.example"),
    ("BankPlus", "bank", ["Bank Plus"], "bankplus.example"),
    ("WasWerk", "webshop", ["Was Werk"], "waswerk.example"),
    ("Telvo", "telecom", ["Telvo Mobiel"], "telvo.example"),
    ("Zoekr", "other", [], "zoekr.example"),
    ("Belastingkantoor", "government", ["De Belastingkantoor"], "belastingkantoor.example"),
    ("EnergieDirect Plus", "energy", ["EnergieDirect"], "energiedirectplus.example"),
    ("Fietsplein", "webshop", [], "fietsplein.example"),
    # Invented for the demo.
    ("KlikMobiel", "telecom", ["Klik Mobiel"], "klikmobiel.example"),
    ("NetPiraat", "telecom", ["Net Piraat"], "netpiraat.example"),
    ("Vezelvos", "telecom", ["Vezelvos Glasvezel"], "vezelvos.example"),
    ("Belbeer", "telecom", [], "belbeer.example"),
    ("Zendmast Mobiel", "telecom", ["Zendmast"], "zendmast.example"),
    ("StroomSlim", "energy", ["Stroom Slim"], "stroomslim.example"),
    ("Warmtelint", "energy", [], "warmtelint.example"),
    ("GasGoed", "energy", ["Gas Goed"], "gasgoed.example"),
    ("Zonnedak Stroom", "energy", ["Zonnedak"], "zonnedak.example"),
    ("Kilowatje", "energy", [], "kilowatje.example"),
    ("SpaarWijs Bank", "bank", ["SpaarWijs"], "spaarwijs.example"),
    ("Kredietje", "bank", [], "kredietje.example"),
    ("MuntMaat", "bank", ["Munt Maat"], "muntmaat.example"),
    ("Kluisbank", "bank", [], "kluisbank.example"),
    ("Guldenhuis", "bank", ["Het Guldenhuis"], "guldenhuis.example"),
    ("ZonReizen", "travel", ["Zon Reizen"], "zonreizen.example"),
    ("VliegVrij", "travel", ["Vlieg Vrij"], "vliegvrij.example"),
    ("Kofferklaar", "travel", [], "kofferklaar.example"),
    ("Strandvlucht", "travel", [], "strandvlucht.example"),
    ("Bedbezorgd Hotels", "travel", ["Bedbezorgd"], "bedbezorgd.example"),
    ("Kastkoning", "webshop", [], "kastkoning.example"),
    ("Schoenkast", "webshop", ["schoenkast.nl"], "schoenkast.example"),
    ("Bliepwinkel", "webshop", [], "bliepwinkel.example"),
    ("Gadgetgracht", "webshop", ["Gadget Gracht"], "gadgetgracht.example"),
    ("Meubelmolen", "webshop", [], "meubelmolen.example"),
    ("Gemeente Vlietdam", "government", ["Vlietdam"], "vlietdam.example"),
    ("Bureau Tegemoetkoming", "government", [], "tegemoetkoming.example"),
    ("Rijbewijsloket Fictief", "government", ["Rijbewijsloket"], "rijbewijsloket.example"),
    ("Waterschap Drooghouden", "government", [], "drooghouden.example"),
    ("Parkeerbeheer Stadshart", "government", [], "parkeerbeheer.example"),
    ("SpoorSnel", "public_transport", ["Spoor Snel"], "spoorsnel.example"),
    ("BusLijn Regio", "public_transport", ["BusLijn"], "buslijnregio.example"),
    ("TramStad", "public_transport", ["Tram Stad"], "tramstad.example"),
    ("Veerdienst Overkant", "public_transport", [], "overkant.example"),
    ("Belbus Vlietdam", "public_transport", [], "belbusvlietdam.example"),
    ("ZorgZeker", "health_insurer", ["Zorg Zeker"], "zorgzeker.example"),
    ("Heelhuid Zorgverzekeraar", "health_insurer", ["Heelhuid"], "heelhuid.example"),
    ("PolisPunt Zorg", "health_insurer", ["PolisPunt"], "polispunt.example"),
    ("Pleister & Polis", "health_insurer", [], "pleisterpolis.example"),
    ("Woonbouw Verhuur", "other", [], "woonbouw.example"),
    ("StreamFlits", "other", ["Stream Flits"], "streamflits.example"),
    ("Sportschool Zweetband", "other", ["Zweetband"], "zweetband.example"),
    ("Pakjesbode", "other", ["Pakjes Bode"], "pakjesbode.example"),
    ("Stoomwolk Cloud", "other", ["Stoomwolk"], "stoomwolk.example"),
]

# Patterns that recur beyond the columns, in the same shape as SCENARIOS.
EXTRA_PATTERNS = [
    ("delivery_problem", "unresolved", [("chatbot", "chatbot", 8, 0), ("chatbot_loop", "chatbot", 12, 0), ("fill_form", "web_form", 10, 0), ("broken_promise", "email", 0, 0), ("closed_unresolved", "email", 0, 0)]),
    ("cancel_contract", "resolved", [("log_in", "web_form", 5, 0), ("channel_switch", "web_form", 0, 0), ("phone_menu", "phone", 4, 0), ("hold", "phone", 30, 0), ("human", "phone", 10, 0), ("repeat_info", "phone", 3, 1), ("resolved", "phone", 0, 0)]),
    ("billing_error", "resolved", [("human", "live_chat", 12, 0), ("resolved", "live_chat", 0, 0)]),
    ("question", "resolved", [("phone_menu", "phone", 2, 0), ("hold", "phone", 4, 0), ("human", "phone", 8, 0), ("resolved", "phone", 0, 0)]),
]  # fmt: skip

# Stories (Dutch, no personal data) told about the step that stood out; good ones for easy journeys.
STORIES = {
    "repeat_info": [
        "Ik moest mijn boekingsnummer vier keer intypen en kreeg daarna toch geen antwoord.",
        "Bij elke nieuwe medewerker moest ik mijn hele verhaal opnieuw vertellen.",
    ],
    "chatbot_loop": [
        "De chatbot bleef dezelfde drie vragen stellen. Een medewerker spreken was onmogelijk.",
    ],
    "disconnected": [
        "Na veertig minuten in de wacht werd de verbinding verbroken. Niemand belde terug.",
    ],
    "closed_unresolved": [
        "Mijn zaak werd gesloten zonder uitleg. Ik kreeg alleen een standaardmail.",
    ],
    "automated_decision": [
        "Het systeem had besloten, zeiden ze. Niemand kon uitleggen waarom.",
    ],
    "contradiction": [
        "Eerst via de app, toen per mail, toen telefonisch: drie kanalen, drie antwoorden.",
    ],
    "transfer": [
        "Ik werd drie keer doorverbonden en moest elke keer opnieuw beginnen.",
    ],
    "broken_promise": [
        "Ze beloofden binnen twee werkdagen terug te bellen. Dat is nooit gebeurd.",
    ],
    "hold": [
        "Het wachtmuziekje ken ik inmiddels uit mijn hoofd.",
    ],
}
GOOD_STORIES = [
    "Snel en vriendelijk geholpen door een medewerker die meteen begreep wat er mis was.",
    "Binnen tien minuten opgelost, zonder dat ik iets twee keer hoefde uit te leggen.",
]
OTHER_STORY = "Het kostte me veel meer tijd en moeite dan nodig was."

DEMO_PASSWORD = "frictionlog-demo"  # noqa: S105 — the documented demo accounts' password
DEMO_CONSUMER = "demo@frictionlog.test"
DEMO_MODERATOR = "moderator@frictionlog.test"
# A representative of AirlineGo (company right of reply), approved.
DEMO_REPRESENTATIVE = "bedrijf@frictionlog.test"
DEMO_REPRESENTED = "AirlineGo"
BATCH = 5_000


class _Habit(NamedTuple):
    """How a company uses its right of reply: the share of its published journeys it answers,
    and the days it takes to send a first reply (drawn evenly between the two)."""

    share: float
    fastest: float
    slowest: float


PROMPT = _Habit(0.85, 1, 12)
LATE = _Habit(0.65, 8, 45)
SELDOM = _Habit(0.25, 3, 40)
SILENT = _Habit(0, 0, 0)
# Shares of the companies with each habit (in an order shuffled by the seed): many answer most
# journeys within the reply clock's 15 days, some late (often after 30), some seldom, some never.
# The demo representative's company answers late, so its dashboard has overdue journeys too.
REPLY_HABITS = ((0.35, PROMPT), (0.25, LATE), (0.15, SELDOM), (0.25, SILENT))
DEMO_REPRESENTED_HABIT = LATE

_Category = Reply.Category
# A first reply's category, by weight; after "in progress" a final reply may follow.
FIRST_CATEGORIES = (
    (_Category.CLOSED_EXPLANATION, 35),
    (_Category.CLOSED_MONETARY, 20),
    (_Category.CLOSED_NON_MONETARY, 20),
    (_Category.IN_PROGRESS, 20),
    (_Category.NO_REPLY, 5),
)
FINAL_CATEGORIES = (
    (_Category.CLOSED_EXPLANATION, 40),
    (_Category.CLOSED_MONETARY, 30),
    (_Category.CLOSED_NON_MONETARY, 30),
)
FINAL_SHARE = 0.75
FINAL_DAYS = (3, 30)  # from the "in progress" reply's publication to the final reply
REVIEW_DAYS = (0.5, 7)  # from a reply sent to its publication by a moderator
# Reporters judge the latest published reply of this share of their journeys, within days.
JUDGED_SHARE = 0.6
JUDGED_DAYS = (0.05, 10)
# How often a reporter marks a reply of each category resolved.
RESOLVED_SHARE = {
    _Category.CLOSED_EXPLANATION: 0.35,
    _Category.CLOSED_MONETARY: 0.85,
    _Category.CLOSED_NON_MONETARY: 0.65,
    _Category.IN_PROGRESS: 0.1,
    _Category.NO_REPLY: 0.02,
}
# Replies (Dutch, no personal data) per category.
REPLY_TEXTS = {
    _Category.CLOSED_EXPLANATION: [
        "Bedankt voor je melding. We hebben alles nagekeken: de kosten zijn volgens de "
        "voorwaarden in rekening gebracht. Onze klantenservice legt het graag nog eens uit.",
        "Excuses voor het lange wachten. Een storing in ons systeem zat erachter; die is "
        "inmiddels verholpen.",
    ],
    _Category.CLOSED_MONETARY: [
        "Onze excuses. We hebben het bedrag teruggestort; het staat binnen vijf werkdagen op "
        "je rekening.",
        "Sorry voor de moeite. Je krijgt een vergoeding voor de kosten die je hebt gemaakt.",
    ],
    _Category.CLOSED_NON_MONETARY: [
        "We hebben je bestelling alsnog verstuurd en je gegevens aangepast zoals je vroeg.",
        "Je abonnement is per direct opgezegd; de bevestiging staat in je mailbox.",
    ],
    _Category.IN_PROGRESS: [
        "Bedankt voor je melding. We zoeken het uit en komen er binnen twee weken op terug.",
        "Je melding ligt bij onze klachtenafdeling. We laten je weten wat we kunnen doen.",
    ],
    _Category.NO_REPLY: [
        "We reageren hier niet op afzonderlijke meldingen.",
    ],
}


@dataclass(frozen=True)
class SeedResult:
    companies: int
    reporters: int
    journeys: int
    approved: int
    steps: int
    replies: int


def _companies() -> dict[str, Company]:
    """The demo companies by name: existing ones (same slug or same live name) reused, the rest
    inserted in bulk, so seeding twice adds nothing."""
    live = Company.objects.exclude(status__in=[Company.Status.REJECTED, Company.Status.MERGED])
    by_slug = {c.slug: c for c in Company.objects.all()}
    by_search = {c.search_name: c for c in live}
    found, new = {}, []
    for name, sector, _aliases, domain in COMPANIES:
        existing = by_slug.get(slugify(name)) or by_search.get(normalize_name(name))
        if existing is not None:
            found[name] = existing
            continue
        company = Company(
            name=name,
            slug=slugify(name),
            search_name=normalize_name(name),
            sector=sector,
            website_domain=domain,
            status=Company.Status.ACTIVE,
            dispute_body=DEMO_DISPUTE_BODIES.get(name, ""),
        )
        new.append(company)
        found[name] = company
    # Primary keys come back from bulk_create on both SQLite and PostgreSQL.
    Company.objects.bulk_create(new)
    taken = set(CompanyAlias.objects.values_list("search_name", flat=True))
    aliases = []
    for name, _sector, alias_names, _domain in COMPANIES:
        for alias in alias_names:
            key = normalize_name(alias)
            if key not in taken:
                taken.add(key)
                aliases.append(CompanyAlias(company=found[name], name=alias, search_name=key))
    CompanyAlias.objects.bulk_create(aliases)
    return found


def _vary(rng: random.Random, steps):
    """A plausible variation of a pattern: steps dropped, repeated or swapped with their neighbour,
    a channel changed, minutes and repeats jittered. The closing step stays, so it keeps matching
    the pattern's status."""
    varied = []
    for kind, channel, minutes, repeats in steps:
        if kind not in _CLOSING and rng.random() < 0.12:
            continue
        copies = 2 if kind not in _CLOSING and rng.random() < 0.08 else 1
        if kind in _CHANNEL_FREE and rng.random() < 0.1:
            channel = rng.choice(_CHANNEL_FREE[kind])
        for _ in range(copies):
            m = round(minutes * rng.uniform(0.5, 1.7)) if minutes else 0
            r = max(1, repeats + rng.choice((-1, 0, 0, 1))) if kind == "repeat_info" else 0
            varied.append((kind, channel, m, r))
    if len(varied) > 2 and rng.random() < 0.15:
        i = rng.randrange(len(varied) - 2)
        if not {varied[i][0], varied[i + 1][0]} & _CLOSING:
            varied[i], varied[i + 1] = varied[i + 1], varied[i]
    return varied or [steps[0]]


_CLOSING = {"resolved", "closed_unresolved", "escalated"}
# Kinds that happen on more than one channel, and the channels they may move to.
_CHANNEL_FREE = {
    "human": ["phone", "live_chat", "email", "in_person"],
    "repeat_info": ["phone", "live_chat", "email", "web_form"],
    "channel_switch": ["phone", "email", "app", "web_form"],
    "broken_promise": ["phone", "email", "social_media"],
    "contradiction": ["phone", "email", "live_chat"],
    "fill_form": ["web_form", "app", "email"],
}


def _build_journey(rng, *, owner_id, company, goal, status, steps, today, now, state):
    started = today - datetime.timedelta(days=rng.randint(14, 730))
    journey = Journey(
        owner_id=owner_id,
        company=company,
        goal=goal,
        status=status,
        started_on=started,
        moderation_state=state,
    )
    day, rows = started, []
    for kind, channel, minutes, repeats in steps:
        day = min(today, day + datetime.timedelta(days=rng.choice((0, 0, 1, 2, 5))))
        rows.append(_StepRow(kind, channel, day.isoformat(), minutes, repeats))
    _score(journey, rows)
    # Logged on the day of the last step and submitted then; never later than now.
    logged = min(now, _morning(day) + datetime.timedelta(minutes=rng.randrange(600)))
    journey.created_at = journey.updated_at = logged
    if state != Journey.Moderation.DRAFT:
        journey.submitted_at = logged
    if state == Journey.Moderation.APPROVED:
        journey.published_at = min(now, logged + datetime.timedelta(days=1))
    if rng.random() < 0.15:
        journey.story = _story(rng, journey, rows)
        journey.story_consent = True
        text, spans = _redacted(journey.story)
        journey.story_redacted, journey.story_redactions = text, [dict(s) for s in spans]
    return journey, rows


def _score(journey: Journey, rows) -> None:
    # A judgement of a company reply was not a contact through a channel (`services._rescore`).
    channels = [row.channel for row in rows if row.kind not in REPLY_STEP_KINDS]
    journey.set_score(score_journey(rows, journey.status), channels)


def _story(rng: random.Random, journey: Journey, rows) -> str:
    if journey.status == Journey.Status.RESOLVED and journey.score < 25:
        return rng.choice(GOOD_STORIES)
    told = [story for row in rows for story in STORIES.get(row.kind, ())]
    return rng.choice(told) if told else OTHER_STORY


@functools.cache
def _redacted(story: str) -> tuple[str, tuple[dict, ...]]:
    # A handful of stories, redacted once each instead of once per journey.
    result = redact(story)
    return result.text, tuple(span_to_json(span) for span in result.spans)


def _morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


class _StepRow(NamedTuple):
    kind: str
    channel: str
    occurred_on: str
    minutes: int
    repeats: int


_STEP_COLUMNS = (
    "journey_id",
    "position",
    "kind",
    "channel",
    "occurred_on",
    "minutes",
    "repeats",
    "note",
)


# Column types whose Python values the drivers take as they are; the rest (dates, datetimes,
# JSON) go through the field's own preparation, as the ORM would do.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "TextField",
}


def _insert(pairs) -> int:
    """Insert journeys and their steps. The ORM's bulk_create spent most of its time preparing
    values one by one, so rows go in by COPY (PostgreSQL) or executemany (SQLite) with ids taken
    up front; steps have always been most of the rows."""
    for pk, (journey, _) in zip(_next_ids(Journey, len(pairs)), pairs, strict=True):
        journey.pk = pk
    _write(Journey, *_rows(Journey, [journey for journey, _ in pairs], with_pk=True))
    step_rows = [
        (journey.pk, position, *row, "")
        for journey, rows in pairs
        for position, row in enumerate(rows, start=1)
    ]
    _write(Step, _STEP_COLUMNS, step_rows)
    return len(step_rows)


def _rows(model, objects, *, with_pk: bool) -> tuple[list[str], list[tuple]]:
    """The model's columns and the objects' rows, each value prepared as the ORM would; the
    primary key only `with_pk` (else the database numbers the rows)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plain = [f.get_internal_type() in _PLAIN_TYPES for f in fields]
    columns = [f.column for f in fields]
    rows = []
    for obj in objects:
        values = tuple(
            v if is_plain else f.get_db_prep_save(v, connection)
            for f, v, is_plain in zip(
                fields, (getattr(obj, f.attname) for f in fields), plain, strict=True
            )
        )
        rows.append((obj.pk, *values) if with_pk else values)
    return ([model._meta.pk.column, *columns] if with_pk else columns), rows


def _next_ids(model, count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Taken from the id sequence itself, so the app's own inserts never collide.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the seed's transaction has written already, so it holds the write lock and
        # nobody else can insert between this read and our inserts. AUTOINCREMENT never reuses
        # the id of a deleted row (the audit log may still name it), so start past both.
        cursor.execute(
            "SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM "  # noqa: S608 — a constant identifier
            f"{connection.ops.quote_name(table)} UNION ALL "
            "SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        last = cursor.fetchone()[0] or 0
    return list(range(last + 1, last + 1 + count))


def _write(model, columns, rows) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one round trip; executemany pays one per row.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Identifiers are constants, quoted by the backend; values go as parameters.
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608


def _demo_accounts(companies, rng, today, now) -> None:
    password = make_password(DEMO_PASSWORD)
    consumer, created = User.objects.get_or_create(
        email=DEMO_CONSUMER, defaults={"password": password, "email_verified_at": now}
    )
    moderator, _ = User.objects.get_or_create(
        email=DEMO_MODERATOR, defaults={"password": password, "email_verified_at": now}
    )
    moderator.groups.add(Group.objects.get_or_create(name=User.MODERATORS)[0])
    employee, _ = User.objects.get_or_create(
        email=DEMO_REPRESENTATIVE, defaults={"password": password, "email_verified_at": now}
    )
    represented = companies[DEMO_REPRESENTED]
    Representative.objects.get_or_create(
        user=employee,
        company=represented,
        status=Representative.Status.APPROVED,
        defaults={
            "work_email": f"klantenservice@{represented.website_domain}",
            "confirmed_at": now,
            "decided_at": now,
        },
    )
    if created:
        pairs = []
        for key, state in (
            ("airline-refund-cancelled-flight", Journey.Moderation.DRAFT),
            ("bank-blocked-international-payment", Journey.Moderation.PENDING),
            ("webshop-headphones-bot", Journey.Moderation.DRAFT),
        ):
            company, goal, status, steps = SCENARIOS[key]
            pairs.append(
                _build_journey(
                    rng,
                    owner_id=consumer.pk,
                    company=companies[company],
                    goal=goal,
                    status=status,
                    steps=steps,
                    today=today,
                    now=now,
                    state=state,
                )
            )
        _insert(pairs)


def _reply_habits(rng: random.Random, companies: dict[str, Company]) -> dict[int, _Habit]:
    """Each company's habit, in REPLY_HABITS's proportions over a shuffled order."""
    order = list(companies.values())
    rng.shuffle(order)
    edges = list(itertools.accumulate(share for share, _habit in REPLY_HABITS))
    habits = {
        company.pk: REPLY_HABITS[
            min(bisect.bisect(edges, (index + 0.5) / len(order)), len(edges) - 1)
        ][1]
        for index, company in enumerate(order)
    }
    habits[companies[DEMO_REPRESENTED].pk] = DEMO_REPRESENTED_HABIT
    return habits


def _answer(rng: random.Random, habit: _Habit, journey: Journey, rows, now) -> list[Reply]:
    """The company's replies to a published journey, as far as they came by `now`: a first
    reply, after a published "in progress" perhaps a final one, and the reporter's judgement of
    the latest published, which becomes a step of the journey as `replies.reply_rate` adds it."""
    if journey.published_at is None or rng.random() >= habit.share:
        return []
    sent = journey.published_at + _days(rng.uniform(habit.fastest, habit.slowest))
    first = _reply(rng, journey, 1, _weighted(rng, FIRST_CATEGORIES), sent, now)
    made = [first] if first else []
    if (
        first
        and first.category == _Category.IN_PROGRESS
        and first.state == Reply.State.PUBLISHED
        and rng.random() < FINAL_SHARE
    ):
        sent = first.published_at + _days(rng.uniform(*FINAL_DAYS))
        final = _reply(rng, journey, 2, _weighted(rng, FINAL_CATEGORIES), sent, now)
        made += [final] if final else []
    published = [reply for reply in made if reply.state == Reply.State.PUBLISHED]
    if published and rng.random() < JUDGED_SHARE:
        _judge(rng, journey, rows, published[-1], now)
    return made


def _reply(rng, journey: Journey, sequence: int, category: str, sent, now) -> Reply | None:
    """A reply sent at `sent` (none if that is after `now`): published after a moderator's
    review, or still waiting for it."""
    if sent > now:
        return None
    published = sent + _days(rng.uniform(*REVIEW_DAYS))
    text = rng.choice(REPLY_TEXTS[category])
    return Reply(
        company_id=journey.company_id,
        sequence=sequence,
        category=category,
        text=text,
        text_redacted=_redacted(text)[0],
        state=Reply.State.PUBLISHED if published <= now else Reply.State.PENDING,
        created_at=sent,
        published_at=published if published <= now else None,
    )


def _judge(rng: random.Random, journey: Journey, rows, reply: Reply, now) -> None:
    """The reporter rates the reply and says whether it resolved their case, if they did so by
    `now`; resolved, the journey is too, and it is scored again."""
    judged = reply.published_at + _days(rng.uniform(*JUDGED_DAYS))
    if judged > now:
        return
    resolved = rng.random() < RESOLVED_SHARE[reply.category]
    reply.rating = rng.choice((3, 4, 4, 5, 5) if resolved else (1, 1, 2, 2, 3))
    reply.resolved, reply.rated_at = resolved, judged
    kind = StepKind.REPLY_RESOLVED if resolved else StepKind.REPLY_UNRESOLVED
    day = timezone.localdate(judged).isoformat()
    rows.append(_StepRow(kind.value, Channel.WEB_FORM.value, day, 0, 0))
    if resolved:
        journey.status = Journey.Status.RESOLVED
    _score(journey, rows)
    journey.updated_at = judged


def _weighted(rng: random.Random, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def _days(days: float) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def _insert_replies(answered: list[tuple[Journey, Reply]], companies, now) -> int:
    """Insert the replies of inserted journeys, each written by a representative of its
    company."""
    authors = _repliers({journey.company_id for journey, _reply in answered}, companies, now)
    for journey, reply in answered:
        reply.journey_id, reply.author_id = journey.pk, authors[journey.company_id]
    _write(Reply, *_rows(Reply, [reply for _journey, reply in answered], with_pk=False))
    return len(answered)


def _repliers(company_ids: set[int], companies: dict[str, Company], now) -> dict[int, int]:
    """The user id of an approved representative of each company (the demo representative's at
    DEMO_REPRESENTED); one is added where a company has none, with an unusable password and
    no daily digest."""
    authors = {}
    approved = Representative.objects.approved().filter(company__in=company_ids).order_by("id")
    for company, user in approved.values_list("company", "user"):
        authors.setdefault(company, user)
    missing = [c for c in companies.values() if c.pk in company_ids and c.pk not in authors]
    emails = {c.pk: f"demo-representative-{c.slug}@example.invalid" for c in missing}
    taken = set(User.objects.filter(email__in=emails.values()).values_list("email", flat=True))
    hashed = make_password(None)
    User.objects.bulk_create(
        User(email=email, password=hashed, email_verified_at=now)
        for email in emails.values()
        if email not in taken
    )
    users = dict(User.objects.filter(email__in=emails.values()).values_list("email", "pk"))
    Representative.objects.bulk_create(
        Representative(
            user_id=users[emails[company.pk]],
            company=company,
            work_email=f"klantenservice@{company.website_domain or 'example.invalid'}",
            status=Representative.Status.APPROVED,
            confirmed_at=now,
            decided_at=now,
            digest=False,
        )
        for company in missing
    )
    return authors | {company.pk: users[emails[company.pk]] for company in missing}


@transaction.atomic
def seed(*, journeys: int, seed: int = 20261122) -> SeedResult:
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate(now)
    companies = _companies()
    company_list = list(companies.values())
    scenario_by_company = {s[0]: s for s in SCENARIOS.values()}
    patterns = [(g, st, steps) for (_c, g, st, steps) in SCENARIOS.values()] + EXTRA_PATTERNS
    # Every company first gets this many approved journeys from as many different reporters, so
    # each passes small-cell suppression once there are journeys enough for all of them.
    floor = settings.FRICTIONLOG_K_MIN + 1
    guaranteed = len(company_list) * floor if journeys >= len(company_list) * floor else 0

    # Several journeys per reporter (three on average).
    reporter_ids = _reporters(max(len(company_list) + floor, journeys // 3), now)
    # Some companies are worse than others: each gets a tendency toward the harsher patterns.
    harshness = {c.pk: rng.random() for c in company_list}
    patterns_by_score = sorted(patterns, key=lambda p: score_journey(_as_steps(p[2]), p[1]).value)

    # The companies' replies draw from a generator of their own, so the journeys draw as before.
    reply_rng = random.Random(f"replies-{seed}")
    habits = _reply_habits(reply_rng, companies)
    answered: list[tuple[Journey, Reply]] = []

    total_steps = approved = 0
    pairs = []
    for n in range(journeys):
        if n < guaranteed:
            round_, index = divmod(n, len(company_list))
            company = company_list[index]
            # Consecutive reporters for one company's rounds: `floor` different people.
            owner_id = reporter_ids[(index * floor + round_) % len(reporter_ids)]
        else:
            company = rng.choice(company_list)
            owner_id = rng.choice(reporter_ids)
        own = scenario_by_company.get(company.name)
        if own and rng.random() < 0.5:
            goal, status, steps = own[1], own[2], own[3]
        else:
            index = min(
                len(patterns_by_score) - 1,
                int(rng.betavariate(1 + 4 * harshness[company.pk], 2) * len(patterns_by_score)),
            )
            goal, status, steps = patterns_by_score[index]
        roll = 0 if n < guaranteed else rng.random()
        state = (
            Journey.Moderation.APPROVED
            if roll < 0.9
            else Journey.Moderation.PENDING
            if roll < 0.97
            else Journey.Moderation.DRAFT
        )
        approved += state == Journey.Moderation.APPROVED
        journey, rows = _build_journey(
            rng,
            owner_id=owner_id,
            company=company,
            goal=goal,
            status=status,
            steps=_vary(rng, steps),
            today=today,
            now=now,
            state=state,
        )
        answers = _answer(reply_rng, habits[company.pk], journey, rows, now)
        answered += [(journey, reply) for reply in answers]
        pairs.append((journey, rows))
        if len(pairs) >= BATCH:
            total_steps += _insert(pairs)
            pairs = []
    total_steps += _insert(pairs)
    _demo_accounts(companies, rng, today, now)
    return SeedResult(
        companies=len(company_list),
        reporters=len(reporter_ids),
        journeys=journeys,
        approved=approved,
        steps=total_steps,
        replies=_insert_replies(answered, companies, now),
    )


def _reporters(count: int, now) -> list[int]:
    """Synthetic reporters: verified, unusable passwords, numbered past every existing user id
    (a reporter's number never exceeds its own id, so numbers never collide across runs)."""
    first = (User.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    hashed = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"demo-reporter-{first + i}@example.invalid",
                password=hashed,
                email_verified_at=now,
            )
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    if all(user.pk for user in users):
        return [user.pk for user in users]
    emails = [user.email for user in users]
    return list(User.objects.filter(email__in=emails).order_by("pk").values_list("pk", flat=True))


def _as_steps(steps) -> list[Step]:
    return [
        Step(kind=kind, minutes=minutes, repeats=repeats) for kind, _c, minutes, repeats in steps
    ]
