"""The consumer's documents: the journey's timeline, a letter as PDF, the evidence pack (PDF, and
ZIP of the separate documents), and a letter's answer date as an iCalendar file.

PDFs are drawn with fpdf2 (pure Python) in DejaVu Sans, a Unicode TrueType font shipped in
`journeys/fonts/` and embedded (subset) in each PDF, so every letter of a Dutch, Polish or
Turkish name prints as typed. Nothing here is public: every caller is a view of the journey's
owner.
"""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import icalendar
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from . import scoring
from .models import Journey, Letter, Step

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 20
LINE = 5


def timeline(journey: Journey, steps: list[Step]) -> dict:
    """The timeline's figures, summed from the steps by the score's own rules, so the printed
    evidence adds up and agrees with the score."""
    for step in steps:
        # As the score counts them: a "gave information again" step is at least one repetition.
        step.repetitions = scoring.repetitions_of(step)
    last = max((step.occurred_on for step in steps), default=journey.started_on)
    drivers = scoring.drivers_of(steps)
    return {
        "journey": journey,
        "steps": steps,
        "last_date": last,
        "days": (last - journey.started_on).days + 1,
        "totals": {
            "steps": drivers.step_count,
            "minutes": drivers.minutes_total,
            "hold": drivers.hold_minutes,
            "repeats": drivers.repetitions,
            "transfers": drivers.transfers,
        },
        "printed_at": timezone.now(),
    }


def long_date(day: datetime.date | None) -> str:
    return formats.date_format(day, "j F Y") if day else "—"


class _Document(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_title("frictionlog")
        self.set_font(FONT, size=10)

    def paragraph(self, text: str, *, bold: bool = False, size: int = 10) -> None:
        self.set_font(FONT, style="B" if bold else "", size=size)
        self.multi_cell(0, LINE, str(text), new_x="LMARGIN", new_y="NEXT")

    def data(self) -> bytes:
        return bytes(self.output())


# The draft ends with what is asked and by when, what follows, the greeting, the name and the
# annex line, each a paragraph of its own (`letters.draft`).
CLOSING_BLOCKS = 5


@dataclass(frozen=True)
class PackItem:
    label: str
    included: bool


def pack_checklist(letters: list[Letter]) -> list[PackItem]:
    """What De Geschillencommissie asks a consumer to add to a case (`routes.GC_PROCEDURE`:
    the complaint letter, the company's answer, the invoice, the contract), and whether the
    evidence pack already holds it; the rest only the consumer has."""
    complaint = any(x.kind == Letter.Kind.COMPLAINT and x.sent_on for x in letters)
    return [
        PackItem(_("Your complaint letter to the company, sent"), complaint),
        PackItem(_("The company's answer, if it gave one"), False),
        PackItem(_("The invoice"), False),
        PackItem(_("The contract or the terms you agreed to"), False),
        PackItem(_("The timeline of every contact"), True),
    ]


def _draw_checklist(pdf: _Document, letters: list[Letter]) -> None:
    pdf.add_page()
    pdf.paragraph(_("What a dispute body asks for"), bold=True, size=13)
    pdf.ln(LINE)
    for item in pack_checklist(letters):
        state = _("in this pack") if item.included else _("add it yourself")
        pdf.paragraph(f"- {item.label}: {state}")


def _draw_letter(pdf: _Document, letter: Letter) -> None:
    pdf.add_page()
    pdf.paragraph(letter.sender)
    pdf.ln(LINE * 2)
    pdf.paragraph(letter.recipient)
    pdf.ln(LINE * 2)
    pdf.paragraph(letter.subject, bold=True)
    pdf.ln(LINE)
    # The closing (the last paragraph, the greeting, the signature and the annex line) stays
    # on one page: a signature alone on a page signs nothing.
    blocks = letter.body.rstrip().split("\n\n")
    body, closing = blocks[:-CLOSING_BLOCKS], blocks[-CLOSING_BLOCKS:]
    if body:
        pdf.paragraph("\n\n".join(body))
        pdf.ln(LINE)
    with pdf.unbreakable() as page:
        page.paragraph("\n\n".join(closing))


# A note longer than this, or of more lines, would make its table row taller than a page (which
# fpdf2 cannot draw): it is printed whole under the table, and its cell points there.
NOTE_CELL_CHARACTERS = 300
NOTE_CELL_LINES = 10


def _fits_cell(note: str) -> bool:
    return len(note) <= NOTE_CELL_CHARACTERS and note.count("\n") < NOTE_CELL_LINES


def _draw_timeline(pdf: _Document, context: dict) -> None:
    journey = context["journey"]
    pdf.add_page()
    pdf.paragraph(
        _("Complaint timeline: %(name)s") % {"name": journey.company.name}, bold=True, size=13
    )
    pdf.ln(LINE)
    facts = (
        (_("Goal"), journey.get_goal_display()),
        (_("Started on"), long_date(journey.started_on)),
        (_("Last step on"), long_date(context["last_date"])),
        (_("Status"), journey.get_status_display()),
    )
    for label, value in facts:
        pdf.paragraph(f"{label}: {value}")
    pdf.ln(LINE)
    pdf.set_font(FONT, size=8)
    headings = ("#", _("Date"), _("What happened"), _("Channel"), _("Minutes"), _("Times repeated"))
    with pdf.table(
        col_widths=(6, 20, 52, 22, 14, 16, 40), text_align="LEFT", line_height=4
    ) as table:
        table.row([*headings, _("Note")])
        for number, step in enumerate(context["steps"], start=1):
            table.row(
                [
                    str(number),
                    step.occurred_on.strftime("%d-%m-%Y"),
                    step.get_kind_display(),
                    step.get_channel_display(),
                    str(step.minutes),
                    str(step.repetitions),
                    step.note if _fits_cell(step.note) else _("See the notes below"),
                ]
            )
    long_notes = [
        (number, step.note)
        for number, step in enumerate(context["steps"], start=1)
        if not _fits_cell(step.note)
    ]
    if long_notes:
        pdf.ln(LINE)
        pdf.paragraph(_("Notes"), bold=True)
        for number, note in long_notes:
            pdf.paragraph(f"{number}. {note}", size=8)
    totals = context["totals"]
    pdf.ln(LINE)
    pdf.paragraph(
        _(
            "Steps: %(steps)s. Minutes spent: %(minutes)s, of which on hold: %(hold)s. "
            "Information repeated: %(repeats)s×. Transfers: %(transfers)s."
        )
        % totals
    )
    pdf.paragraph(
        _("Friction score: %(score)s/100 (version %(version)s).")
        % {"score": round(journey.score), "version": journey.score_version}
    )


def _draw_data(pdf: _Document, journey: Journey, letters: list[Letter]) -> None:
    pdf.add_page()
    pdf.paragraph(_("The journey's data"), bold=True, size=13)
    pdf.ln(LINE)
    for key, value in journey_data(journey, letters).items():
        if key != "letters":
            pdf.paragraph(f"{key}: {value}")
    pdf.ln(LINE)
    for letter in letters:
        pdf.paragraph(
            _("%(kind)s: sent %(sent)s, answer due %(due)s, answer: %(outcome)s (%(on)s)")
            % {
                "kind": letter.get_kind_display(),
                "sent": long_date(letter.sent_on),
                "due": long_date(letter.answer_due),
                "outcome": letter.get_outcome_display(),
                "on": long_date(letter.outcome_on),
            }
        )


def journey_data(journey: Journey, letters: list[Letter]) -> dict:
    return {
        "company": journey.company.name,
        "goal": journey.goal,
        "started_on": journey.started_on,
        "status": journey.status,
        "score": journey.score,
        "score_version": journey.score_version,
        **{name: getattr(journey, name) for name in scoring.DRIVER_FIELDS},
        "letters": [
            {
                "kind": letter.kind,
                "subject": letter.subject,
                "sent_on": letter.sent_on,
                "answer_due": letter.answer_due,
                "outcome": letter.outcome,
                "outcome_on": letter.outcome_on,
            }
            for letter in letters
        ],
    }


def pack_order(letters: list[Letter]) -> list[Letter]:
    """The order a dispute body asks for: the cover letter to it, then the letters to the
    company, oldest first (the complaint, then the notice of default), each with its answer."""
    covers = [x for x in letters if x.kind == Letter.Kind.DISPUTE_COVER]
    others = [x for x in letters if x.kind != Letter.Kind.DISPUTE_COVER]
    by_date = sorted(others, key=lambda x: (x.sent_on or x.created_at.date(), x.pk))
    return [*covers[-1:], *by_date]


def letter_pdf(letter: Letter, context: dict) -> bytes:
    """The letter with the journey's timeline as its annex."""
    pdf = _Document()
    _draw_letter(pdf, letter)
    _draw_timeline(pdf, context)
    return pdf.data()


def timeline_pdf(context: dict) -> bytes:
    pdf = _Document()
    _draw_timeline(pdf, context)
    return pdf.data()


def evidence_pdf(journey: Journey, letters: list[Letter], context: dict) -> bytes:
    pdf = _Document()
    _draw_checklist(pdf, letters)
    for letter in pack_order(letters):
        _draw_letter(pdf, letter)
    _draw_timeline(pdf, context)
    _draw_data(pdf, journey, letters)
    return pdf.data()


def evidence_zip(journey: Journey, letters: list[Letter], context: dict) -> bytes:
    """Each document as its own file, numbered in the pack's order, and the data as JSON."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        number = 0
        for number, letter in enumerate(pack_order(letters), start=1):
            pdf = _Document()
            _draw_letter(pdf, letter)
            archive.writestr(f"{number:02d}-{letter.kind}-{letter.pk}.pdf", pdf.data())
        archive.writestr(f"{number + 1:02d}-timeline.pdf", timeline_pdf(context))
        data = json.dumps(
            journey_data(journey, letters), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
        archive.writestr(f"{number + 2:02d}-journey.json", data)
    return buffer.getvalue()


# --- iCalendar (RFC 5545) ------------------------------------------------------------------


def calendar(*, uid: str, day: datetime.date, summary: str, description: str, url: str) -> str:
    """One all-day event with a reminder at 9:00 that day, as an .ics file's text. The
    `icalendar` package escapes the texts (a line break of any kind, a lone CR included, becomes
    a literal \\n) and folds the lines."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", datetime.timedelta(hours=9))
    alarm.add("description", summary)
    event.add_component(alarm)
    document = icalendar.Calendar()
    document.add("version", "2.0")
    document.add("prodid", "-//frictionlog//letters//NL")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add_component(event)
    return document.to_ical().decode()
