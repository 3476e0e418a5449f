"""The consumer's own data: a printable timeline as evidence, a download of everything, erasure,
and withdrawing consent to publish a story."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import documents, moderation, mydata
from ..forms import EraseForm
from ..models import Journey
from ..types import HtmxHttpRequest
from .access import get_journey_for_user


@login_required
@require_GET
def journey_timeline(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A print-friendly record of the journey for a formal complaint or the Geschillencommissie."""
    journey = get_journey_for_user(request, pk)
    context = documents.timeline(journey, list(journey.steps.order_by("position")))
    return render(request, "journeys/timeline.html", context)


@login_required
@require_GET
def data_download(request: HtmxHttpRequest) -> HttpResponse:
    data = mydata.account_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="frictionlog-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HtmxHttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        mydata.account_erase(user=user)
        messages.success(
            request,
            _(
                "Your account and all your journeys are deleted. Public figures no longer "
                "count them from the next update."
            ),
        )
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    count = Journey.objects.filter(owner=request.user).count()
    context = {"form": form, "journey_count": count}
    return render(request, "journeys/account_delete.html", context, status=status)


@login_required
@require_POST
def consent_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    moderation.consent_withdraw(journey=journey)
    messages.success(request, _("Your story is no longer shown publicly."))
    return redirect(journey)
