"""Sign-up and e-mail verification, and where log-in leads; log-out and password reset are
Django's own views."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..accounts import send_verification, user_for_token, user_verify
from ..forms import LoginForm, SignupForm
from ..models import Journey, User
from ..types import HtmxHttpRequest
from . import site_root


class Login(LoginView):
    """Django's log-in, landing a moderator on the review queue and a company representative on
    their company's dashboard instead of their own journeys (a `next` link still wins)."""

    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        if self.request.user.is_moderator:
            return reverse("moderation_queue")
        if self.request.user.is_representative:
            return reverse("business_dashboard")
        return super().get_default_redirect_url()


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("journey_list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        send_verification(user=user, base_url=site_root(request))
        login(request, user)  # by the one backend settings.AUTHENTICATION_BACKENDS names
        messages.success(
            request,
            _(
                "Welcome! We sent a confirmation link to your e-mail address. You can start "
                "logging journeys now; confirm your address before you submit one."
            ),
        )
        # Someone who just signed up came to log a journey: straight to its form.
        return redirect("journey_create")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


def _next_path(value: str | None, user: User | None) -> str:
    """The page of `user`'s own journey `value` names (the journey a link was asked from),
    written as this site writes it, else "": never another site, nor another user's journey."""
    try:
        match = resolve(value or "")
    except Resolver404:
        return ""
    if match.url_name != "journey_detail" or user is None:
        return ""
    journey = Journey.objects.owned_by(user).filter(pk=match.kwargs["pk"]).first()
    return journey.get_absolute_url() if journey else ""


def verify_email(request: HtmxHttpRequest, token: str) -> HttpResponse:
    user = user_for_token(token)
    reader = request.user if request.user.is_authenticated else user
    next_path = _next_path(request.GET.get("next"), reader)
    if user is None:
        messages.error(
            request, _("This confirmation link is invalid or has expired. Ask for a new one.")
        )
        return redirect("journey_list" if request.user.is_authenticated else "login")
    user_verify(user=user)
    messages.success(request, _("Your e-mail address is confirmed."))
    if not request.user.is_authenticated:
        login_url = reverse("login")
        return redirect(f"{login_url}?{urlencode({'next': next_path})}" if next_path else login_url)
    if next_path:
        return redirect(next_path)  # back to the journey the link was asked from
    # Confirmed before logging anything: the form of a first journey is where this leads.
    has_journeys = Journey.objects.owned_by(request.user).exists()
    return redirect("journey_list" if has_journeys else "journey_create")


@login_required
@require_POST
def resend_verification(request: HtmxHttpRequest) -> HttpResponse:
    next_path = _next_path(request.POST.get("next"), request.user)
    if not request.user.is_verified:
        send_verification(
            user=request.user,
            base_url=site_root(request),
            next_path=next_path,
        )
        messages.success(request, _("We sent you a new confirmation link."))
    return redirect(next_path or "journey_list")
