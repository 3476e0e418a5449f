"""What moderation tells people: an author's statement of reasons with its one appeal, and the
public transparency page (`/transparantie/`) with the policy and the quarter's figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import moderation, policy, statements, transparency
from ..models import Appeal, Statement
from ..moderation_forms import AppealForm
from ..types import HtmxHttpRequest

STATEMENT = "journeys/statement.html"


def _statement_for(request: HtmxHttpRequest, pk: int) -> Statement:
    """The signed-in user's own statement; anyone else's is a 404."""
    return get_object_or_404(
        Statement.objects.select_related("event", "journey__company"),
        pk=pk,
        recipient=request.user,
    )


def _page(request, statement: Statement, form=None, status: int = 200) -> HttpResponse:
    appeal = Appeal.objects.filter(statement=statement).first()
    context = {
        **statements.statement_context(statement),
        "appeal": appeal,
        "can_appeal": appeal is None and timezone.now() <= moderation.appeal_deadline(statement),
        "form": form or AppealForm(),
    }
    return render(request, STATEMENT, context, status=status)


@login_required
@require_GET
def statement_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _page(request, _statement_for(request, pk))


@login_required
@require_POST
def statement_appeal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    statement = _statement_for(request, pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            moderation.appeal_create(statement=statement, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Appeal sent. Another moderator will decide."))
            return redirect(statement)
    return _page(request, statement, form, status=400)


@require_GET
def transparency_page(request: HtmxHttpRequest) -> HttpResponse:
    quarters = transparency.quarters()
    chosen = request.GET.get("kwartaal", "")
    if chosen not in quarters:
        chosen = quarters[0]
    context = {
        "grounds": policy.GROUNDS,
        "appeal_months": policy.APPEAL_MONTHS,
        "quarters": quarters,
        "figures": transparency.figures(chosen),
        "current": chosen == quarters[0],
    }
    return render(request, "journeys/transparency.html", context)
