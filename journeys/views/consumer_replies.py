"""The consumer's side of a company's right of reply: what the company may know of them (contact
details handed over for one journey, withdrawable), their judgement of the company's reply, and
whether the company answered them elsewhere when it did not here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import answered_elsewhere, replies
from ..models import Handover, Reply
from ..reply_forms import ElsewhereForm, HandoverForm, RatingForm
from ..types import HtmxHttpRequest
from .access import get_journey_for_user


@login_required
@require_http_methods(["GET", "POST"])
def journey_handover(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    current = Handover.objects.filter(journey=journey).first()
    initial = {"email": request.user.email} if current is None else None
    form = HandoverForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        replies.handover_give(
            journey=journey,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            case_reference=data["case_reference"],
        )
        messages.success(
            request,
            _("%(company)s can now see these details for this journey.")
            % {"company": journey.company.name},
        )
        return redirect("journey_handover", pk=journey.pk)
    status = 400 if request.method == "POST" else 200
    context = {"journey": journey, "form": form, "current": current}
    return render(request, "journeys/journey_handover.html", context, status=status)


@login_required
@require_POST
def journey_handover_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    if replies.handover_withdraw(journey=journey):
        messages.success(
            request,
            _("%(company)s can no longer see your details.") % {"company": journey.company.name},
        )
    return redirect("journey_handover", pk=journey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def journey_reply(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The company's published replies to this journey and the form to judge the latest; or,
    while the company has not responded, the question whether it answered elsewhere."""
    journey = get_journey_for_user(request, pk)
    published = list(
        Reply.objects.filter(journey=journey, state=Reply.State.PUBLISHED).order_by("sequence")
    )
    latest = published[-1] if published else None
    to_rate = latest if latest is not None and latest.rated_at is None else None
    ask = answered_elsewhere.can_answer(journey)
    about_elsewhere = request.POST.get("form") == "elsewhere"
    form = RatingForm(request.POST if request.method == "POST" and not about_elsewhere else None)
    told = {True: "yes", False: "no"}.get(journey.answered_elsewhere)
    elsewhere = ElsewhereForm(request.POST if about_elsewhere else None, initial={"answered": told})
    if request.method == "POST" and about_elsewhere:
        if not ask:
            messages.error(request, _("The company has responded here; there is nothing to add."))
            return redirect("journey_reply", pk=journey.pk)
        if elsewhere.is_valid():
            answered_elsewhere.record(
                journey=journey,
                answered=elsewhere.cleaned_data["answered"],
                today=timezone.localdate(),
            )
            messages.success(request, _("Thank you. Your answer is saved."))
            return redirect("journey_reply", pk=journey.pk)
    elif request.method == "POST":
        if to_rate is None:
            messages.error(request, _("There is no reply to rate."))
            return redirect("journey_reply", pk=journey.pk)
        if form.is_valid():
            try:
                replies.reply_rate(reply=to_rate, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you. Your rating and outcome are saved."))
            return redirect("journey_reply", pk=journey.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "journey": journey,
        "replies": published,
        "to_rate": to_rate,
        "form": form,
        "ask_elsewhere": ask,
        "elsewhere_form": elsewhere,
    }
    return render(request, "journeys/journey_reply.html", context, status=status)
