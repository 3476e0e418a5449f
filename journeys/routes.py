"""Where a Dutch consumer goes next, and by when: the route table, one place, every rule with
the source it was read from.

A route is the company's own complaint procedure in writing, then where the sources send a
consumer after it: De Geschillencommissie (a notice of default is optional advice there), Kifid,
the SKGZ for health insurers, the Klachtenloket and the Geschillencommissie Openbaar Vervoer,
the Geschillencommissie Post for PostNL's own customers, the Ombudsman Pensioenen, the
Nationale ombudsman (after an objection where a decision can be objected to), or the court
(kantonrechter, or the European Small Claims procedure across borders), which is also where an
air passenger's money is decided: the ILT takes reports for enforcement only. Free advice
(ConsuWijzer, the Juridisch Loket, a legal-expenses insurer) is offered on every route.

The body comes from the company (a moderator sets it, `Company.dispute_body`) or else from its
sector; a letter names the body only when a moderator set it. The journey page, the letters and
the reminders read this module only; every period and amount here is one its sources name, and
nothing here is advice beyond them.
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
SKGZ_TIPS = Source(
    "SKGZ: zo dient u een klacht in bij uw zorgverzekeraar", "https://www.skgz.nl/tips/"
)
SKGZ_FAQ = Source("SKGZ: vraag en antwoord", "https://skgz.nl/vraag-en-antwoord")
AWB_9_11 = Source(
    "Algemene wet bestuursrecht, artikel 9:11 (klachtbehandeling: zes of tien weken na ontvangst)",
    "https://pgawb.nl/pg-awb-digitaal/hoofdstuk-9/9-1-klachtbehandeling-door-een-bestuursorgaan/"
    "9-1-2-de-behandeling-van-klaagschriften/artikel-911/",
)
AWB_OBJECTION = Source(
    "Infomil: bezwaar binnen zes weken (artikel 6:7 en 6:8 Awb)",
    "https://www.infomil.nl/onderwerpen/ruimte/ruimtelijke/wet-ruimtelijke/bestemmingsplan/"
    "pop-ups/pop-ups-awb-wabo/awb-bezwaar-bezwaar/",
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
ILT_TWO_YEARS = Source(
    "Luchtvaartnieuws: ILT waarschuwt voor vervallen claims (twee jaar, kantongerecht)",
    "https://luchtvaartnieuws.nl/nieuws/categorie/2/airlines/"
    "ilt-waarschuwt-voor-vervallen-claims-geannuleerde-vluchten",
)
BW_8_1835 = Source(
    "Advocaat Schagen: vordering vertraging of annulering vlucht verjaart na twee jaar "
    "(art. 8:1835 BW)",
    "https://www.advocaatschagen.nl/consumentenrecht6/",
)
REG_261 = Source(
    "Verordening (EG) nr. 261/2004 (compensatie: art. 7; terugbetaling binnen zeven dagen: art. 8)",
    "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32004R0261",
)
EC_LUGGAGE = Source(
    "Europese Commissie: bagage (claim binnen zeven of 21 dagen)",
    "http://ec.europa.eu/transport/passenger-rights/nl/09-air-luggage.html",
)
GC_LUCHTVAART_STOPPED = Source(
    "Consumentenbond: vanaf 1 januari 2012 geen Geschillencommissie Luchtvaart",
    "https://www.consumentenbond.nl/nieuws/2011/passagiers-met-lege-handen",
)
KANTONRECHTER = Source(
    "e-Justice: geringe vorderingen in Nederland (kantonrechter tot € 25.000, geen advocaat)",
    "https://e-justice.europa.eu/42/NL/small_claims?NETHERLANDS&init=true&member=1",
)
KANTON_FEE = Source(
    "Wieringa Advocaten: vorderingen tot 25.000 euro naar de kantonrechter (griffierecht)",
    "https://www.wieringa-advocaten.nl/nl/weblog/2011/05/24/"
    "vorderingen-tot-25000-euro-naar-kantonrechter/",
)
SUMMONS = Source(
    "Juridische procedure: de kantonrechter en de dagvaardingsprocedure",
    "http://juridische-procedure.nl/?action=read&menuID=9&ID=32",
)
SMALL_CLAIMS = Source(
    "European Commission: European small claims procedure (up to €5000)",
    "https://ec.europa.eu/info/live-work-travel-eu/consumers/resolve-your-consumer-complaint/"
    "european-small-claims-procedure_en",
)
BW_6_82 = Source(
    "Burgerlijk Wetboek Boek 6, artikel 82 (ingebrekestelling)",
    "https://wetten.overheid.nl/BWBR0005289/#Boek6_Titeldeel1_Afdeling10_Artikel82",
)
BW_6_83 = Source(
    "WetboekPlus: artikel 6:83 BW (verzuim zonder ingebrekestelling)",
    "https://www.wetboekplus.nl/burgerlijk-wetboek-boek-6-artikel-83-geen-ingebrekestelling/",
)
VERZUIM = Source(
    "Team Advocaten: verzuim van de schuldenaar (art. 6:74, 6:82, 6:83 en 6:265 BW)",
    "https://teamadvocaten.nl/contractenrecht/verzuim-van-de-schuldenaar/",
)
BW_6_119 = Source(
    "WetboekPlus: artikel 6:119 BW (wettelijke rente)",
    "https://wetboekplus.nl/"
    "burgerlijk-wetboek-boek-6-artikel-119-vertragingsschade-en-wettelijke-rente/",
)
KLACHTENLOKET_OV = Source(
    "Klachtenloket Openbaar Vervoer", "https://klachtenloket-openbaarvervoer.nl/"
)
OV_TWELVE_MONTHS = Source(
    "OV ombudsman: klachtenwijzer (Geschillencommissie Openbaar Vervoer binnen 12 maanden)",
    "https://www.ovombudsman.nl/ov-ovombudsman/klachtenwijzer/",
)
CONSUWIJZER_POST = Source(
    "ACM ConsuWijzer: klachten over postbezorging",
    "https://consuwijzer.nl/post/post-verzenden-en-ontvangen/klachten-over-postbezorging",
)
GC_POST = Source(
    "PostNL: Geschillencommissie Post",
    "https://www.postnl.nl/over-postnl/over-ons/markt-en-regelgeving/geschillencommissie-post/",
)
CONSUWIJZER = Source(
    "ACM ConsuWijzer: gratis informatie en advies over uw rechten",
    "https://www.consuwijzer.nl/over-acm-consuwijzer",
)
JURIDISCH_LOKET = Source(
    "Het Juridisch Loket: onze werkwijze",
    "https://www.juridischloket.nl/over-het-juridisch-loket/werkwijze",
)
LEGAL_INSURANCE = Source(
    "Consumentenbond: rechtsbijstandsverzekering, nut en noodzaak",
    "https://www.consumentenbond.nl/geldgids/geldgids-uitgelicht/"
    "blog-rechtsbijstandsverzekering-nut-en-noodzaak",
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
    of `letter_kind`, counted from the day it was sent or, where the source says so
    (`from_receipt`), from the day it was received; `filing` the time within which the
    consumer must act, counted from `filing_from` ("first_letter", "answer" or "flight"). An
    `optional` stage is offered beside the next one, never in its way."""

    key: str
    title: str
    explanation: str
    sources: tuple[Source, ...]
    letter_kind: str | None = None
    answer: Period | None = None
    from_receipt: bool = False
    filing: Period | None = None
    filing_from: str = ""
    free: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Route:
    body: str
    name: str
    stages: tuple[Stage, ...]
    # Said on the page when the body was guessed from the sector, not set by a moderator.
    caveat: str = ""
    # Read before anything else (an objection's term, who a parcel's recipient complains to).
    first: Stage | None = None
    advice: tuple[Stage, ...] = ()
    # A moderator set the body for this company: only then may a letter name it.
    confirmed: bool = False

    def has_letter(self, kind: str) -> bool:
        return any(stage.letter_kind == kind for stage in self.stages)

    @property
    def has_body(self) -> bool:
        """A dispute body takes the case (a cover letter goes to it), not only the court."""
        return self.has_letter(Letter.Kind.DISPUTE_COVER)


# A notice of default gives the company a term to perform; 14 days is our suggestion of the
# "reasonable term" art. 6:82 BW asks for, and it holds on every route.
NOTICE_TERM = Period(days=14)

COMPLAINT_4_WEEKS = Stage(
    key="complaint",
    title=_("Write a complaint to the company"),
    explanation=_(
        "Put your complaint in writing to the company and give it four weeks to answer. A "
        "dispute body only takes your case once the company had it in writing."
    ),
    sources=(GC_PROCEDURE, GC_CONSUMENTENBOND),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=4),
)
DEFAULT_NOTICE = Stage(
    key="default_notice",
    title=_("Send a notice of default"),
    explanation=_(
        "If the company does not do what it owes you, give it a last, reasonable term to do it, "
        "in writing (a notice of default, art. 6:82 of the Dutch Civil Code); we suggest 14 "
        "days. Only once that term has passed without it performing is the company in default: "
        "then you can end the contract, claim damages and, on a sum of money, statutory "
        "interest, and go to the court. No notice is needed when a fixed date to perform has "
        "passed, when the company has said it will not perform, or for damages from an unlawful "
        "act (art. 6:83). Keep proof that you sent it and that it arrived, for example by "
        "registered post."
    ),
    sources=(BW_6_82, BW_6_83, VERZUIM, BW_6_119),
    letter_kind=Letter.Kind.DEFAULT_NOTICE,
    answer=NOTICE_TERM,
)
DEFAULT_NOTICE_OPTIONAL = Stage(
    key="default_notice",
    title=_("Optional: a notice of default"),
    explanation=_(
        "De Geschillencommissie does not ask for one: four weeks after your complaint you may "
        "file. A notice of default (art. 6:82 of the Dutch Civil Code) gives the company a last "
        "term to perform; once it has passed, the company is in default and you can end the "
        "contract or claim damages. Keep proof that you sent it."
    ),
    sources=(GC_PROCEDURE, BW_6_82, VERZUIM),
    letter_kind=Letter.Kind.DEFAULT_NOTICE,
    answer=NOTICE_TERM,
    optional=True,
)
GESCHILLENCOMMISSIE = Stage(
    key="geschillencommissie",
    title=_("Take it to De Geschillencommissie"),
    explanation=_(
        "If the company is affiliated, its committee (energy, telecom, travel, webshops, …) "
        "decides. File with its online form, usually within a year of your written complaint "
        "to the company (check the committee's rules), adding your complaint letter, the "
        "company's answer if any, the invoice and the contract. You pay a fee "
        "(klachtengeld); its amount depends on the committee."
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
    title=_("Ask the insurer to reconsider"),
    explanation=_(
        "Before the SKGZ, put your complaint to the insurer in writing and ask it to reconsider "
        "(heroverweging), with its earlier decision. The insurer should answer within six "
        "weeks, unless its policy conditions name another term."
    ),
    sources=(SKGZ_TIPS,),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=6),
)
SKGZ = Stage(
    key="skgz",
    title=_("Take it to the SKGZ"),
    explanation=_(
        "The Stichting Klachten en Geschillen Zorgverzekeringen: its Ombudsman "
        "Zorgverzekeringen mediates for free; its Geschillencommissie Zorgverzekeringen "
        "decides, for an entry fee you usually get back if you win. File within a year of the "
        "insurer's decision on your complaint (90 days more if the insurer did not refer you "
        "to the SKGZ as its rules ask); after the Ombudsman's conclusion you have 90 days to "
        "go to the Geschillencommissie."
    ),
    sources=(SKGZ_FAQ, SKGZ_TIPS),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=12),
    filing_from="answer",
)
OBJECTION_FIRST = Stage(
    key="objection",
    title=_("A decision? Object within six weeks"),
    explanation=_(
        "If this is about a decision of the body (a besluit, such as a tax assessment or a "
        "refused permit or benefit), object to it in writing (bezwaar) to the body that took "
        "it, within six weeks of the day after it was made known (art. 6:7 and 6:8 Awb). A "
        "complaint does not stop that term, and the ombudsman does not take matters you can "
        "object to or appeal. The complaint route below is for how the body treated you."
    ),
    sources=(AWB_OBJECTION, OMBUDSMAN_RIJKSOVERHEID),
)
GOVERNMENT_COMPLAINT = Stage(
    key="complaint",
    title=_("Use the body's own complaint procedure"),
    explanation=_(
        "A government body must handle a written complaint within six weeks of receiving it, "
        "or ten weeks if an advisory committee hears it; it may extend this once by four "
        "weeks, telling you in writing (art. 9:11 Awb)."
    ),
    sources=(AWB_9_11,),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=6),
    from_receipt=True,
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
        "A refund, compensation or a baggage claim under European air passenger rights is "
        "claimed from the airline itself, in writing; it must answer within two months. A "
        "cancelled flight's ticket is refunded within seven days (art. 8 of Regulation "
        "261/2004); compensation for a cancellation or a long delay is €250, €400 or €600 by "
        "the flight's distance (art. 7). Damaged baggage is claimed within 7 days of getting it "
        "back, delayed baggage within 21 days of its delivery."
    ),
    sources=(ILT_COMPLIANCE, REG_261, EC_LUGGAGE),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(months=2),
)
ILT_REPORT = Stage(
    key="ilt",
    title=_("Optional: report the airline to the ILT"),
    explanation=_(
        "The Inspectie Leefomgeving en Transport takes reports as signals to act against "
        "airlines; it does not handle individual claims and recovers no money. It takes "
        "reports of flights less than a year ago that left from the Netherlands (or flew to it "
        "from outside the EU on a European airline); for a flight that left from another EU "
        "country, report to that country's body. There is no Geschillencommissie for airlines: "
        "the Luchtvaart committee stopped on 1 January 2012."
    ),
    sources=(ILT_COMPLIANCE, ILT_CANCELLATION, GC_LUCHTVAART_STOPPED),
    filing=Period(months=12),
    filing_from="flight",
    free=True,
    optional=True,
)
AIR_COURT = Stage(
    key="court",
    title=_("Claim your money at the court"),
    explanation=_(
        "If the airline does not pay, the cantonal court (kantonrechter) decides; in the "
        "Netherlands a claim must be brought within two years of the flight. If the airline is "
        "based in another EU country, the European Small Claims procedure (up to €5,000) is "
        "also open to you."
    ),
    sources=(ILT_COMPLIANCE, ILT_TWO_YEARS, BW_8_1835, ILT_CANCELLATION, SMALL_CLAIMS),
    filing=Period(months=24),
    filing_from="flight",
)
COURT = Stage(
    key="court",
    title=_("Take it to court"),
    explanation=_(
        "Without a dispute body, the cantonal court (kantonrechter) decides claims up to "
        "€25,000; you need no lawyer, you pay a court fee (griffierecht), and the case starts "
        "with a summons (dagvaarding) served by a bailiff. Against a company in another EU "
        "country, the European Small Claims procedure takes claims up to €5,000 at your own "
        "court, without a lawyer."
    ),
    sources=(KANTONRECHTER, KANTON_FEE, SUMMONS, SMALL_CLAIMS),
)
OV_COMPLAINT = Stage(
    key="complaint",
    title=_("Complain to the carrier's customer service"),
    explanation=_(
        "Put your complaint in writing to the carrier's customer service first, and give it "
        "four weeks to answer."
    ),
    sources=(KLACHTENLOKET_OV, GC_PROCEDURE),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=4),
)
KLACHTENLOKET = Stage(
    key="klachtenloket",
    title=_("First, free: the Klachtenloket Openbaar Vervoer"),
    explanation=_(
        "No answer, or not solved? The Klachtenloket Openbaar Vervoer gives free information "
        "and advice and can mediate; use its complaint form."
    ),
    sources=(KLACHTENLOKET_OV,),
    free=True,
    optional=True,
)
GC_OV = Stage(
    key="geschillencommissie",
    title=_("Take it to the Geschillencommissie Openbaar Vervoer"),
    explanation=_(
        "If the Klachtenloket cannot solve it, the Geschillencommissie Openbaar Vervoer "
        "decides, bindingly, for a fee. File within 12 months of your first complaint to the "
        "carrier."
    ),
    sources=(KLACHTENLOKET_OV, OV_TWELVE_MONTHS),
    letter_kind=Letter.Kind.DISPUTE_COVER,
    filing=Period(months=12),
    filing_from="first_letter",
)
POST_RECIPIENT = Stage(
    key="recipient",
    title=_("Were you the recipient? Complain to the sender"),
    explanation=_(
        "A parcel or letter that did not arrive is the sender's matter: complain to the webshop "
        "or person who sent it; they ask the postal company to search. If it arrived but "
        "something went wrong (delivered late, left outside), or you sent it yourself, complain "
        "to the postal company."
    ),
    sources=(CONSUWIJZER_POST,),
)
POST_COMPLAINT = Stage(
    key="complaint",
    title=_("Write a complaint to the postal company"),
    explanation=_(
        "Put your complaint in writing to the postal company and give it four weeks to answer."
    ),
    sources=(CONSUWIJZER_POST, GC_PROCEDURE),
    letter_kind=Letter.Kind.COMPLAINT,
    answer=Period(weeks=4),
)
GC_POSTNL = Stage(
    key="geschillencommissie",
    title=_("PostNL's own customers: the Geschillencommissie Post"),
    explanation=_(
        "If you sent it with PostNL and you cannot agree, the Geschillencommissie Post decides, "
        "bindingly. For other postal companies, or as a recipient, the court decides."
    ),
    sources=(GC_POST, CONSUWIJZER_POST, GC_PROCEDURE),
    letter_kind=Letter.Kind.DISPUTE_COVER,
)
PENSION_COMPLAINT = Stage(
    key="complaint",
    title=_("Use the pension fund's own complaint procedure"),
    explanation=_(
        "Put your complaint to the pension fund in writing; its own rules say how long it has "
        "to answer and whether a disputes committee of the fund comes next."
    ),
    sources=(KIFID_FAQ,),
    letter_kind=Letter.Kind.COMPLAINT,
)
OMBUDSMAN_PENSIOENEN = Stage(
    key="ombudsman_pensioenen",
    title=_("Take it to the Ombudsman Pensioenen"),
    explanation=_(
        "Complaints about a pension fund's scheme go to the Ombudsman Pensioenen once the "
        "fund's own procedure has ended (Kifid takes only pension policies with insurers)."
    ),
    sources=(KIFID_FAQ,),
    letter_kind=Letter.Kind.DISPUTE_COVER,
)
ADVICE = (
    Stage(
        key="consuwijzer",
        title=_("Free advice: ACM ConsuWijzer"),
        explanation=_(
            "ConsuWijzer, part of the Authority for Consumers and Markets, explains your rights "
            "and the next steps for free, and takes reports of companies that break the rules. "
            "It does not mediate."
        ),
        sources=(CONSUWIJZER,),
        free=True,
    ),
    Stage(
        key="juridisch_loket",
        title=_("Advice on your own case: the Juridisch Loket"),
        explanation=_(
            "The Juridisch Loket's lawyers answer legal questions for free at its offices (its "
            "phone line costs a fee per minute)."
        ),
        sources=(JURIDISCH_LOKET,),
        free=True,
    ),
    Stage(
        key="legal_insurance",
        title=_("A legal-expenses insurance"),
        explanation=_(
            "If you have a legal-expenses insurance (rechtsbijstandverzekering), its lawyers "
            "can advise you and act for you; small claims may fall under its threshold."
        ),
        sources=(LEGAL_INSURANCE,),
    ),
)

ROUTES = {
    DisputeBody.GESCHILLENCOMMISSIE: (
        _("De Geschillencommissie"),
        (COMPLAINT_4_WEEKS, DEFAULT_NOTICE_OPTIONAL, GESCHILLENCOMMISSIE),
        None,
    ),
    DisputeBody.KIFID: (_("Kifid"), (KIFID_COMPLAINT, KIFID), None),
    DisputeBody.SKGZ: (_("SKGZ"), (HEALTH_COMPLAINT, SKGZ), None),
    DisputeBody.OMBUDSMAN: (
        _("Nationale ombudsman"),
        (GOVERNMENT_COMPLAINT, OMBUDSMAN),
        OBJECTION_FIRST,
    ),
    DisputeBody.AIR_PASSENGER: (
        _("Air passenger rights"),
        (AIRLINE_CLAIM, ILT_REPORT, AIR_COURT),
        None,
    ),
    DisputeBody.PUBLIC_TRANSPORT: (
        _("Geschillencommissie Openbaar Vervoer"),
        (OV_COMPLAINT, KLACHTENLOKET, GC_OV),
        None,
    ),
    DisputeBody.POST: (
        _("Geschillencommissie Post"),
        (POST_COMPLAINT, GC_POSTNL),
        POST_RECIPIENT,
    ),
    DisputeBody.PENSION: (
        _("Ombudsman Pensioenen"),
        (PENSION_COMPLAINT, OMBUDSMAN_PENSIOENEN),
        None,
    ),
    DisputeBody.NONE: (_("The court"), (COMPLAINT_4_WEEKS, DEFAULT_NOTICE, COURT), None),
}

# The body a sector's companies usually belong to, when no moderator has said. Travel is left
# to the court: only a moderator can tell an airline (no Geschillencommissie for flights since
# 2012, `ILT_REPORT`) from a tour operator that may be affiliated.
SECTOR_BODY = {
    Sector.ENERGY: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.TELECOM: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.WEBSHOP: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.PUBLIC_TRANSPORT: DisputeBody.PUBLIC_TRANSPORT,
    Sector.OTHER: DisputeBody.GESCHILLENCOMMISSIE,
    Sector.BANK: DisputeBody.KIFID,
    Sector.HEALTH_INSURER: DisputeBody.SKGZ,
    Sector.GOVERNMENT: DisputeBody.OMBUDSMAN,
}
# Bodies a company must have joined: guessed from the sector, the page says we do not know.
MEMBERSHIP_BODIES = {
    DisputeBody.GESCHILLENCOMMISSIE,
    DisputeBody.PUBLIC_TRANSPORT,
    DisputeBody.POST,
}


def _caveat(company, body: str, name) -> str:
    if company.dispute_body:
        return ""
    if company.sector == Sector.TRAVEL:
        return _(
            "We do not know yet what kind of travel company this is. A tour operator may be "
            "affiliated with De Geschillencommissie (its terms and conditions say so); for a "
            "flight there is no dispute body: air passenger rights are claimed from the airline "
            "and decided by the court."
        )
    if body in MEMBERSHIP_BODIES:
        return _(
            "We do not know yet whether this company is affiliated with %(body)s: its terms and "
            "conditions say so, or ask the committee. If it is not, the court decides."
        ) % {"body": name}
    return ""


def route_for(company) -> Route:
    """The route for a company: its moderator-set dispute body, or its sector's usual one."""
    body = company.dispute_body or SECTOR_BODY.get(company.sector, DisputeBody.NONE)
    name, stages, first = ROUTES[body]
    return Route(
        body=body,
        name=name,
        stages=stages,
        caveat=_caveat(company, body, name),
        first=first,
        advice=ADVICE,
        confirmed=bool(company.dispute_body),
    )


@dataclass(frozen=True)
class Position:
    """Where a journey stands on its route: the stage to take now (with an optional one
    beside it), the letter being waited on (with the date its answer is due), the deadlines
    to act by, the case filed with a dispute body, or done."""

    route: Route
    stage: Stage | None
    waiting: Letter | None = None
    filing_by: datetime.date | None = None
    done: bool = False
    # The cover letter that took the case to the dispute body: its decision is awaited.
    filed: Letter | None = None
    optional: Stage | None = None
    optional_by: datetime.date | None = None

    @property
    def overdue(self) -> bool:
        """The waited-on answer's day has passed without one being recorded."""
        due = self.waiting.answer_due if self.waiting else None
        return bool(due and due < timezone.localdate())


def _stage_index(route: Route, kind: str) -> int | None:
    for index, stage in enumerate(route.stages):
        if stage.letter_kind == kind:
            return index
    return None


def answer_due(route: Route, kind: str, counted_from: datetime.date) -> datetime.date | None:
    """The day by which the answer to a letter of this kind is due, counted from the day it
    was sent (or received, for a stage whose source counts from receipt). A notice of default
    outside its route still carries its term; a cover letter has the body's own timetable."""
    index = _stage_index(route, kind)
    if index is not None:
        period = route.stages[index].answer
    else:
        period = NOTICE_TERM if kind == Letter.Kind.DEFAULT_NOTICE else None
    return period.after(counted_from) if period else None


def counts_from_receipt(route: Route, kind: str) -> bool:
    index = _stage_index(route, kind)
    return index is not None and route.stages[index].from_receipt


def filing_deadline(stage: Stage | None, letters: list[Letter]) -> datetime.date | None:
    if not stage or not stage.filing:
        return None
    sent = [letter for letter in letters if letter.sent_on]
    if stage.filing_from == "flight":
        start = min((x.flight_on for x in letters if x.flight_on), default=None)
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


def _from(route: Route, index: int, letters: list[Letter]) -> Position:
    """The route from stage `index` on: an optional stage is offered beside the next one."""
    index = min(index, len(route.stages) - 1)
    stage, optional = route.stages[index], None
    if stage.optional and index + 1 < len(route.stages):
        stage, optional = route.stages[index + 1], stage
    return Position(
        route=route,
        stage=stage,
        filing_by=filing_deadline(stage, letters),
        optional=optional,
        optional_by=filing_deadline(optional, letters),
    )


def position(journey, letters: list[Letter]) -> Position:
    """The next step for a journey, given its letters (oldest first)."""
    route = route_for(journey.company)
    sent = [letter for letter in letters if letter.sent_on]
    if not sent:
        return _from(route, 0, letters)
    last = max(sent, key=lambda letter: (letter.sent_on, letter.pk))
    if last.outcome == Letter.Outcome.RESOLVED:
        return Position(route=route, stage=None, done=True)
    if last.kind == Letter.Kind.DISPUTE_COVER:
        return Position(route=route, stage=None, filed=last)
    index = _stage_index(route, last.kind)
    if last.outcome == Letter.Outcome.WAITING and last.answer_due:
        stage = route.stages[index] if index is not None else None
        return Position(route=route, stage=stage, waiting=last)
    # Moved on: past the furthest stage a sent letter reached (a letter of a kind outside the
    # route, drafted by choice, moves nothing).
    reached = [_stage_index(route, x.kind) for x in sent]
    furthest = max((i for i in reached if i is not None), default=-1)
    return _from(route, furthest + 1, letters)


def position_if_unanswered(journey, letters: list[Letter], letter: Letter) -> Position:
    """Where the route goes if `letter` has no answer by its due date (the reminder's and the
    calendar entry's "next step")."""
    silent = copy.copy(letter)
    silent.outcome, silent.outcome_on = Letter.Outcome.SILENT, letter.answer_due
    return position(journey, [silent if x.pk == letter.pk else x for x in letters])
