"""Pages for journalists beyond the figures themselves: what changed between snapshots, and
e-mail alerts for a followed company or sector."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import alerts, figures, pagecache, ratelimit
from ..alert_forms import AlertForm
from ..models import Alert
from ..types import HtmxHttpRequest
from .public import snapshot_or_gone


def _number(value: float) -> str:
    """One decimal in the language's format, rounded as the pages' `floatformat` rounds."""
    return floatformat(value, "1g")


def _day(snapshot) -> str:
    return formats.date_format(timezone.localtime(snapshot.computed_at), "j F Y")


def move_sentence(move: figures.Move, before, after) -> str:
    """A sentence a journalist can quote: the company, both scores with their intervals, both
    snapshots and their days."""
    values = {
        "company": move.company.name,
        "before": _number(move.before.shrunk),
        "before_low": _number(move.before.ci_low),
        "before_high": _number(move.before.ci_high),
        "after": _number(move.after.shrunk),
        "after_low": _number(move.after.ci_low),
        "after_high": _number(move.after.ci_high),
        "then": before.pk,
        "then_day": _day(before),
        "now": after.pk,
        "now_day": _day(after),
    }
    if move.change > 0:
        sentence = _(
            "At %(company)s the friction score rose from %(before)s (90%% interval "
            "%(before_low)s–%(before_high)s) in snapshot %(then)s of %(then_day)s to %(after)s "
            "(%(after_low)s–%(after_high)s) in snapshot %(now)s of %(now_day)s, according to "
            "frictionlog."
        )
    else:
        sentence = _(
            "At %(company)s the friction score fell from %(before)s (90%% interval "
            "%(before_low)s–%(before_high)s) in snapshot %(then)s of %(then_day)s to %(after)s "
            "(%(after_low)s–%(after_high)s) in snapshot %(now)s of %(now_day)s, according to "
            "frictionlog."
        )
    return sentence % values


def _comparison(after, before) -> dict | None:
    if before is None:
        return None
    found = figures.changes(after, before)

    def rows(moves):
        return [
            {
                "move": move,
                "change": _number(move.change),
                "sentence": move_sentence(move, before, after),
            }
            for move in moves
        ]

    return {
        "before": before,
        "worse": rows(found.worse),
        "better": rows(found.better),
        "new": found.new,
        "gone": found.gone,
    }


@require_GET
def snapshot_changes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The movers of snapshot `pk`: since the previous kept snapshot and since a quarter ago,
    only moves beyond both 90% intervals, and companies new to or gone from the board."""
    snapshot, gone = snapshot_or_gone(request, pk)
    if gone:
        return gone
    previous = figures.previous_snapshot(snapshot)
    quarter = figures.quarter_before(snapshot)
    parts = (snapshot.pk, previous.pk if previous else 0, quarter.pk if quarter else 0)

    def context() -> dict:
        return {
            "snapshot": snapshot,
            "permalink": True,
            "cite_url": request.path,
            "k_min": snapshot.k_min,
            "comparisons": [
                ("previous", _("Since the previous snapshot"), _comparison(snapshot, previous)),
                ("quarter", _("Since a quarter ago"), _comparison(snapshot, quarter)),
            ],
        }

    return pagecache.serve(request, "journeys/snapshot_changes.html", context, parts)


def _alert(token: str) -> Alert:
    return get_object_or_404(Alert.objects.select_related("company"), token=token)


@require_POST
def alert_create(request: HtmxHttpRequest) -> HttpResponse:
    """Ask for an alert: a confirmation mail goes out; nothing else until it is confirmed."""
    form = AlertForm(request.POST)
    if not form.is_valid():
        return render(
            request, "journeys/alert.html", {"state": "invalid", "form": form}, status=400
        )
    refusal = ratelimit.check_and_hit(request, "alert")
    if refusal is not None:
        return refusal
    data = form.cleaned_data
    alerts.alert_subscribe(
        email=data["email"],
        company=data["company"],
        sector=data["sector"],
        language=get_language(),
    )
    # The same answer whether or not the address already follows it: no address is revealed.
    return render(request, "journeys/alert.html", {"state": "sent"})


@require_http_methods(["GET", "POST"])
def alert_confirm(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """A link opened by a mail scanner must not confirm: the link shows a button, the button
    confirms."""
    alert = _alert(token)
    if request.method == "POST":
        alerts.alert_confirm(alert=alert)
        return render(request, "journeys/alert.html", {"state": "confirmed", "alert": alert})
    return render(request, "journeys/alert.html", {"state": "confirm", "alert": alert})


@csrf_exempt  # RFC 8058: the mail client posts "List-Unsubscribe=One-Click", without a token
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        alert = Alert.objects.filter(token=token).first()
        if alert is not None:
            alerts.alert_unsubscribe(alert=alert)
        return render(request, "journeys/alert.html", {"state": "unsubscribed"})
    return render(request, "journeys/alert.html", {"state": "unsubscribe", "alert": _alert(token)})
