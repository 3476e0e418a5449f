"""Where a Dutch consumer goes next, and by when: the route table, one place, every rule with
its source.

A route is the company's own complaint procedure in writing, a notice of default where the
Civil Code's default rules apply (art. 6:82 BW), then the dispute body the company belongs
to: De Geschillencommissie, Kifid, the SKGZ for health insurers, the Nationale ombudsman (or
a municipal one), or for an airline the Inspectie Leefomgeving en Transport (ILT) and the
court. ACM ConsuWijzer's free
advice is offered on every route. The body comes from the company (a moderator sets it,
`Company.dispute_body`) or else from its sector. The journey page, the letters and the
reminders read this module only; the periods here are the ones the sources name.
"""

import copy
import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import DisputeBody, Letter, Sector


@dataclass(frozen=True)
class Source:
    title: str
    url: str


GC_PROCEDURE = Source(
    "De Geschillencommissie: de procedure",
    "http://www.degeschillencommissie.nl/klacht-indienen/de-procedure",
)
GC_CONSUMENTENBOND = Source(
    "Consumentenbond: klacht voorleggen aan de Geschillencommissie",
    "https://www.consumentenbond.nl/juridisch-advies/juridische-procedure/"
    "klacht-voorleggen-aan-de-geschillencommissie",
)
KIFID_FAQ = Source("Kifid: veelgestelde vragen", "https://www.kifid.nl/veelgestelde-vragen/")
KIFID_CONSUMENTENBOND = Source(
    "Consumentenbond: klacht voorleggen aan het Kifid",
    "https://consumentenbond.nl/juridisch-advies/juridische-procedure/"
    "klacht-voorleggen-aan-het-kifid",
)
SKGZ_FAQ = Source("SKGZ: vraag en antwoord", "https://skgz.nl/vraag-en-antwoord")
SKGZ_RIJKSOVERHEID = Source(
    "Rijksoverheid: wat kan ik doen als ik een klacht heb over mijn zorgverzekeraar?",
    "https://www.rijksoverheid.nl/onderwerpen/persoonsgebonden-budget-pgb/vraag-en-antwoord/"
    "hoe-kan-ik-een-klacht-indienen-over-mijn-zorgverzekeraar",
)
AWB_9_11 = Source(
    "Algemene wet bestuursrecht, artikel 9:11 (klachtbehandeling binnen zes weken)",
    "https://pgawb.nl/pg-awb-digitaal/hoofdstuk-9/9-1-klachtbehandeling-door-een-bestuursorgaan/"
    "9-1-2-de-behandeling-van-klaagschriften/artikel-911/",
)
OMBUDSMAN_RIJKSOVERHEID = Source(
    "Rijksoverheid: hoe kan ik een klacht indienen bij de Nationale ombudsman?",
    "https://www.rijksoverheid.nl/onderwerpen/kwaliteit-en-integriteit-overheidsinstanties/"
    "vraag-en-antwoord/hoe-kan-ik-een-klacht-indienen-bij-de-nationale-ombudsman",
)
OMBUDSMAN_PROCEDURE = Source(
    "Nationale ombudsman: hoe verloopt een klachtprocedure?",
    "http://www.nationaleombudsman.nl/vraag-en-antwoord/"
    "hoe-verloopt-een-klachtprocedure-bij-de-nationale-ombudsman",
)
ILT_COMPLIANCE = Source(
    "ILT: klacht over naleving melden (luchtvaart)",
    "https://www.ilent.nl/onderwerpen/passagiersrechten/luchtvaart/klacht-over-naleving-melden",
)
ILT_CANCELLATION = Source(
    "ILT: klacht indienen (vertraging en annulering)",
    "https://www.ilent.nl/onderwerpen/passagiersrechten/luchtvaart/"
    "klacht-indienen-vertraging-en-annulering",
)
RIJKSOVERHEID_AIRLINE = Source(
    "Rijksoverheid: wat moet ik doen als ik een klacht heb over een luchtvaartmaatschappij?",
    "https://www.rijksoverheid.nl/onderwerpen/vakantie-en-reizen/vraag-en-antwoord/"
    "wat-moet-ik-doen-als-ik-een-klacht-heb-over-een-luchtvaartmaatschappij",
)
BW_6_82 = Source(
    "Burgerlijk Wetboek Boek 6, artikel 82 (ingebrekestelling)",
    "https://wetten.overheid.nl/BWBR0005289/#Boek6_Titeldeel1_Afdeling10_Artikel82",
)
VERZUIM = Source(
    "WetboekPlus: wat is verzuim? (art. 6:82 en 6:83 BW)",
    "https://wetboekplus.nl/juridische-begrippen/wat-is-verzuim/",
)
CONSUWIJZER = Source(
    "ACM ConsuWijzer: gratis informatie en advies over uw rechten",
    "https://www.consuwijzer.nl/over-acm-consuwijzer",
)


@dataclass(frozen=True)
class Period:
    """A time allowed, as the source words it (four weeks, two months, a year)."""

    days: int = 0
    weeks: int = 0
    months: int = 0

    def after(self, day: datetime.date) -> datetime.date:
        return day + relativedelta(days=self.days, weeks=self.weeks, months=self.months)

    def label(self) -> str:
        if self.months:
            return ngettext("%(n)d month", "%(n)d months", self.months) % {"n": self.months}
        if self.weeks:
            return ngettext("%(n)d week", "%(n)d weeks", self.weeks) % {"n": self.weeks}
        return ngettext("%(n)d day", "%(n)d days", self.days) % {"n": self.days}


@dataclass(frozen=True)
class Stage:
    """One step of a route. `answer` is the time the company (or body) has to answer a letter
    of `letter_kind`; `filing` the time within which the consumer must file, counted from
    `filing_from` ("first_letter", "answer" or "journey")."""

    key: str
    title: str
    explanation: str
    sources: tuple[Source, ...]
    letter_kind: str | None = None
    answer: Period | None = None
    filing: Period | None = None
    filing_from: str = ""
    free: bool = False


@dataclass(frozen=True)
class Route:
    body: str
    name: str
    stages: tuple[Stage, ...]
    # Said on the page when the body was guessed from the sector, not set by a moderator.
    caveat: str = ""
    advice: Stage | None = None  # ConsuWijzer, on every route


COMPLAINT_4_WEEKS = Stage(
    key="complaint",
    title=_("Write a complaint to the company"),
    explanation=_(
        "Put your complaint in writing to the company and give it four weeks to answer. "
        "The dispute body only takes your case once the company had it in writing."
    ),
    sources=(GC_PROCEDURE, GC_CONSUMENTENBOND),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=4),
)
DEFAULT_NOTICE = Stage(
    key="default_notice",
    title=_("Send a notice of default"),
    explanation=_(
        "If the company does not do what it owes you, give it one last, reasonable deadline "
        "in writing (a notice of default, art. 6:82 of the Dutch Civil Code). Only after that "
        "deadline is it in default, and can you claim damages or end the contract. We suggest "
        "14 days."
    ),
    sources=(BW_6_82, VERZUIM),
    letter_kind=Letter.Kind.DEFAULT_NOTICE,
    answer=Period(days=14),
)
GESCHILLENCOMMISSIE = Stage(
    key="geschillencommissie",
    title=_("Take it to De Geschillencommissie"),
    explanation=_(
        "If the company is affiliated, its sector committee (energy, telecom, travel, "
        "webshops, …) decides. File within a year of your written complaint to the company, "
        "using its online form with your complaint letter and the company's answer. You pay a "
        "fee (klachtengeld); its amount depends on the committee."
    ),
    sources=(GC_PROCEDURE, GC_CONSUMENTENBOND),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=12),
    filing_from="first_letter",
)
KIFID_COMPLAINT = Stage(
    key="complaint",
    title=_("Complain through the company's own complaint procedure"),
    explanation=_(
        "Banks and insurers each have an internal complaint procedure. Put your complaint to "
        "it in writing. If it has not answered after eight weeks, you may go to Kifid."
    ),
    sources=(KIFID_FAQ, KIFID_CONSUMENTENBOND),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=8),
)
KIFID = Stage(
    key="kifid",
    title=_("Take it to Kifid"),
    explanation=_(
        "Kifid handles complaints about financial services. File within three months of the "
        "company's rejection, or within a year of your first complaint to it. It is free for "
        "consumers."
    ),
    sources=(KIFID_FAQ, KIFID_CONSUMENTENBOND),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=3),
    filing_from="answer",
    free=True,
)
HEALTH_COMPLAINT = Stage(
    key="complaint",
    title=_("Complain through the insurer's own complaint procedure"),
    explanation=_(
        "Every health insurer has a complaint procedure: put your complaint to it in writing "
        "and ask it to reconsider. The law sets no answer period; we suggest four weeks."
    ),
    sources=(SKGZ_RIJKSOVERHEID,),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=4),
)
SKGZ = Stage(
    key="skgz",
    title=_("Take it to the SKGZ"),
    explanation=_(
        "The Stichting Klachten en Geschillen Zorgverzekeringen: its Ombudsman "
        "Zorgverzekeringen mediates for free; if that fails, its Geschillencommissie "
        "Zorgverzekeringen decides, bindingly, for an entry fee you get back if you win. File "
        "within a year of the insurer's decision on your complaint."
    ),
    sources=(SKGZ_FAQ, SKGZ_RIJKSOVERHEID),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=12),
    filing_from="answer",
)
GOVERNMENT_COMPLAINT = Stage(
    key="complaint",
    title=_("Use the body's own complaint procedure"),
    explanation=_(
        "A government body must handle a written complaint within six weeks (it may extend "
        "this by four weeks, telling you in writing)."
    ),
    sources=(AWB_9_11,),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=6),
)
OMBUDSMAN = Stage(
    key="ombudsman",
    title=_("Go to the Nationale ombudsman or your municipal ombudsman"),
    explanation=_(
        "After the body's own complaint procedure, ask the ombudsman within a year of its "
        "answer. The ombudsman is free; it cannot take cases about the content of the law or "
        "where an objection or appeal is possible."
    ),
    sources=(OMBUDSMAN_RIJKSOVERHEID, OMBUDSMAN_PROCEDURE),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=12),
    filing_from="answer",
    free=True,
)
AIRLINE_CLAIM = Stage(
    key="complaint",
    title=_("Claim in writing from the airline"),
    explanation=_(
        "A refund or compensation under the European air passenger rights is claimed from the "
        "airline itself, in writing. It must answer within two months."
    ),
    sources=(ILT_COMPLIANCE, RIJKSOVERHEID_AIRLINE),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(months=2),
)
ILT = Stage(
    key="ilt",
    title=_("Report it to the ILT and claim at the court"),
    explanation=_(
        "The Inspectie Leefomgeving en Transport enforces air passenger rights: report the "
        "airline for free, within a year of the flight. The ILT does not recover your money; "
        "the cantonal court (kantonrechter) decides on an individual refund."
    ),
    sources=(ILT_CANCELLATION, ILT_COMPLIANCE, RIJKSOVERHEID_AIRLINE),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=12),
    filing_from="journey",
    free=True,
)
COURT = Stage(
    key="court",
    title=_("Take it to court"),
    explanation=_(
        "Without a dispute body, the cantonal court (kantonrechter) decides. Ask ConsuWijzer "
        "for free advice first."
    ),
    sources=(CONSUWIJZER,),
)
ADVICE = Stage(
    key="advice",
    title=_("Free advice: ACM ConsuWijzer"),
    explanation=_(
        "ConsuWijzer, part of the Authority for Consumers and Markets, explains your rights "
        "and the next steps for free, and takes reports of companies that break the rules. It "
        "does not mediate."
    ),
    sources=(CONSUWIJZER,),
    free=True,
)

ROUTES = {
    DisputeBody.GESCHILLENCOMMISSIE: (
        _("De Geschillencommissie"),
        (COMPLAINT_4_WEEKS, DEFAULT_NOTICE, GESCHILLENCOMMISSIE),
    ),
    DisputeBody.KIFID: (_("Kifid"), (KIFID_COMPLAINT, KIFID)),
    DisputeBody.SKGZ: (_("SKGZ"), (HEALTH_COMPLAINT, SKGZ)),
    DisputeBody.OMBUDSMAN: (_("Nationale ombudsman"), (GOVERNMENT_COMPLAINT, OMBUDSMAN)),
    DisputeBody.AIR_PASSENGER: (
        _("Air passenger rights"),
        (AIRLINE_CLAIM, DEFAULT_NOTICE, ILT),
    ),
    DisputeBody.NONE: (_("The court"), (COMPLAINT_4_WEEKS, DEFAULT_NOTICE, COURT)),
}

# The body a sector's companies usually belong to, when no moderator has said.
SECTOR_BODY = {
    Sector.ENERGY: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.TELECOM: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.TRAVEL: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.WEBSHOP: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.PUBLIC_TRANSPORT: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.OTHER: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.BANK: DisputeBody.KIFID,
    Sector.HEALTH_INSURER: DisputeBody.SKGZ,
    Sector.GOVERNMENT: DisputeBody.OMBUDSMAN,
}


def route_for(company) -> Route:
    """The route for a company: its moderator-set dispute body, or its sector's usual one."""
    body = company.dispute_body or SECTOR_BODY.get(company.sector, DisputeBody.NONE)
    name, stages = ROUTES[body]
    caveat = ""
    if not company.dispute_body and body == DisputeBody.GESCHILLENCOMMISSIE:
        caveat = _(
            "We do not know yet whether this company is affiliated with De Geschillencommissie: "
            "its terms and conditions say so, or ask the Geschillencommissie. If it is not, "
            "the court decides."
        )
    return Route(body=body, name=name, stages=stages, caveat=caveat, advice=ADVICE)


@dataclass(frozen=True)
class Position:
    """Where a journey stands on its route: the stage to take now, the letter being waited on
    (with the date its answer is due), the filing deadline for a dispute body, the case filed
    with that body, or done."""

    route: Route
    stage: Stage | None
    waiting: Letter | None = None
    filing_by: datetime.date | None = None
    done: bool = False
    # The cover letter that took the case to the dispute body: its decision is awaited.
    filed: Letter | None = None

    @property
    def overdue(self) -> bool:
        """The waited-on answer's day has passed without one being recorded."""
        return bool(self.waiting and self.waiting.answer_due < timezone.localdate())


def _stage_index(route: Route, letter: Letter) -> int:
    for index, stage in enumerate(route.stages):
        if stage.letter_kind == letter.kind:
            return index
    return 0


def answer_due(route: Route, kind: str, sent_on: datetime.date) -> datetime.date | None:
    """The day by which the answer to a letter of this kind sent on `sent_on` is due."""
    for stage in route.stages:
        if stage.letter_kind == kind and stage.answer:
            return stage.answer.after(sent_on)
    return None


def filing_deadline(stage: Stage, journey, letters: list[Letter]) -> datetime.date | None:
    if not stage.filing:
        return None
    sent = [letter for letter in letters if letter.sent_on]
    if stage.filing_from == "journey":
        start = journey.started_on
    elif stage.filing_from == "first_letter":
        start = min((letter.sent_on for letter in sent), default=None)
    else:
        answered = [letter.outcome_on for letter in sent if letter.outcome_on]
        start = max(answered, default=None)
    deadline = stage.filing.after(start) if start else None
    if stage.key == "kifid" and sent:
        # Kifid: three months from the rejection, or a year from the first complaint.
        first = min(letter.sent_on for letter in sent)
        year = Period(months=12).after(first)
        deadline = max(deadline, year) if deadline else year
    return deadline


def position(journey, letters: list[Letter]) -> Position:
    """The next step for a journey, given its letters (oldest first)."""
    route = route_for(journey.company)
    sent = [letter for letter in letters if letter.sent_on]
    if not sent:
        return Position(route=route, stage=route.stages[0])
    last = max(sent, key=lambda letter: (letter.sent_on, letter.pk))
    if last.outcome == Letter.Outcome.RESOLVED:
        return Position(route=route, stage=None, done=True)
    if last.kind == Letter.Kind.DISPUTE_COVER:
        return Position(route=route, stage=None, filed=last)
    index = _stage_index(route, last)
    if last.outcome == Letter.Outcome.WAITING and route.stages[index].answer:
        return Position(route=route, stage=route.stages[index], waiting=last)
    following = route.stages[min(index + 1, len(route.stages) - 1)]
    return Position(
        route=route, stage=following, filing_by=filing_deadline(following, journey, letters)
    )


def position_if_unanswered(journey, letters: list[Letter], letter: Letter) -> Position:
    """Where the route goes if `letter` has no answer by its due date (the reminder's and the
    calendar entry's "next step")."""
    silent = copy.copy(letter)
    silent.outcome, silent.outcome_on = Letter.Outcome.SILENT, letter.answer_due
    return position(journey, [silent if x.pk == letter.pk else x for x in letters])
