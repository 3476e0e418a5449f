"""The consumer's letters: draft one from the journey, edit it, print it or download it as PDF,
record it sent (with a calendar file for the answer's date) and answered, and the evidence pack.

Only the journey's owner reaches any of it: every object is looked up through the signed-in
user, so another user's letter is a 404.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import documents, letters, routes
from ..letter_forms import LetterAnswerForm, LetterForm, LetterNewForm, LetterSentForm
from ..models import Journey, Letter
from ..types import HtmxHttpRequest
from .access import get_journey_for_user

EDIT = "journeys/letter_edit.html"


def _own_letter(request: HtmxHttpRequest, pk: int, letter_pk: int) -> Letter:
    return get_object_or_404(
        Letter.objects.select_related("journey__company", "journey__owner"),
        pk=letter_pk,
        journey_id=pk,
        journey__owner=request.user,
    )


def _download(body: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _timeline(journey: Journey) -> dict:
    return documents.timeline(journey, list(journey.steps.order_by("position")))


@login_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    existing = list(journey.letters.all())
    place = routes.position(journey, existing)
    suggested = (place.stage and place.stage.letter_kind) or Letter.Kind.COMPLAINT
    flight = next((x.flight_on for x in existing if x.flight_on), None)
    initial = {
        "kind": request.GET.get("kind") or suggested,
        "language": get_language(),
        "flight_on": flight,
    }
    form = LetterNewForm(request.POST or None, initial=initial, route=place.route)
    if request.method == "POST" and form.is_valid():
        letter = letters.letter_create(journey=journey, **form.cleaned_data)
        messages.success(request, _("Your letter is drafted from your log. Check and edit it."))
        return redirect(letter)
    status = 400 if request.method == "POST" else 200
    context = {"journey": journey, "form": form, "place": place}
    return render(request, "journeys/letter_new.html", context, status=status)


# What the letter leaves for the consumer to fill in: "[your name]", "[IBAN]", "[amount]".
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")


def _placeholders(letter: Letter) -> list[str]:
    """The placeholders still in the letter, each once, in the order they appear: named on the
    letter page before it is printed or downloaded."""
    text = "\n".join((letter.sender, letter.recipient, letter.subject, letter.body))
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))


def _edit_context(letter: Letter, **forms) -> dict:
    journey = letter.journey
    return {
        "journey": journey,
        "letter": letter,
        "placeholders": _placeholders(letter),
        "form": forms.get("form") or LetterForm(instance=letter),
        "sent_form": forms.get("sent_form") or LetterSentForm(letter=letter),
        "answer_form": forms.get("answer_form") or LetterAnswerForm(letter=letter),
    }


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    if request.method == "POST":
        form = LetterForm(request.POST, instance=Letter.objects.get(pk=letter.pk))
        if form.is_valid():
            letters.letter_update(letter=letter, **form.cleaned_data)
            messages.success(request, _("Letter saved."))
            return redirect(letter)
        # The typed text stays in the form; nothing saved is lost.
        return render(request, EDIT, _edit_context(letter, form=form), status=400)
    return render(request, EDIT, _edit_context(letter))


@login_required
@require_POST
def letter_delete(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    journey = letter.journey
    letter.delete()
    messages.success(request, _("Letter deleted."))
    return redirect(journey.get_absolute_url() + "#route")


@login_required
@require_POST
def letter_sent(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    form = LetterSentForm(request.POST, letter=letter)
    if not form.is_valid():
        return render(request, EDIT, _edit_context(letter, sent_form=form), status=400)
    letter = letters.letter_mark_sent(letter=letter, **form.cleaned_data)
    if letter.answer_due:
        done = _("Recorded as sent. The answer is due on %(date)s; we will e-mail you that day.")
        messages.success(request, done % {"date": documents.long_date(letter.answer_due)})
    else:
        messages.success(request, _("Recorded as sent."))
    return redirect(letter)


@login_required
@require_POST
def letter_answer(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    if not letter.sent_on:
        messages.error(request, _("Record the letter as sent first."))
        return redirect(letter)
    form = LetterAnswerForm(request.POST, letter=letter)
    if not form.is_valid():
        return render(request, EDIT, _edit_context(letter, answer_form=form), status=400)
    letters.letter_record_answer(letter=letter, **form.cleaned_data)
    messages.success(request, _("Answer recorded. Your next step is on the journey page."))
    return redirect(letter.journey.get_absolute_url() + "#route")


@login_required
@require_GET
def letter_print(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    context = {**_timeline(letter.journey), "letter": letter}
    return render(request, "journeys/letter_print.html", context)


@login_required
@require_GET
def letter_pdf(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    with translation.override(letter.language):  # the annex in the letter's language
        body = documents.letter_pdf(letter, _timeline(letter.journey))
    filename = f"frictionlog-{letter.kind}-{letter.pk}.pdf"
    return _download(body, content_type="application/pdf", filename=filename)


@login_required
@require_GET
def letter_calendar(request: HtmxHttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    letter = _own_letter(request, pk, letter_pk)
    if not letter.answer_due:
        messages.error(request, _("Record the letter as sent first."))
        return redirect(letter)
    company = letter.journey.company.name
    place = routes.position_if_unanswered(letter.journey, [letter], letter)
    description = _(
        "The answer to your letter “%(subject)s” (sent %(sent)s) is due today. "
        "No answer, or not solved? Next: %(next)s"
    ) % {
        "subject": letter.subject,
        "sent": documents.long_date(letter.sent_on),
        "next": place.stage.title if place.stage else "",
    }
    body = documents.calendar(
        uid=f"letter-{letter.pk}-{letter.sent_on:%Y%m%d}@frictionlog",
        day=letter.answer_due,
        summary=_("Answer due from %(company)s") % {"company": company},
        description=description,
        url=request.build_absolute_uri(letter.get_absolute_url()),
    )
    return _download(
        body,
        content_type="text/calendar; charset=utf-8",
        filename=f"frictionlog-answer-due-{letter.answer_due:%Y-%m-%d}.ics",
    )


@login_required
@require_GET
def evidence_pdf(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    body = documents.evidence_pdf(journey, list(journey.letters.all()), _timeline(journey))
    return _download(
        body, content_type="application/pdf", filename=f"frictionlog-evidence-{journey.pk}.pdf"
    )


@login_required
@require_GET
def evidence_zip(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    body = documents.evidence_zip(journey, list(journey.letters.all()), _timeline(journey))
    return _download(
        body, content_type="application/zip", filename=f"frictionlog-evidence-{journey.pk}.zip"
    )
