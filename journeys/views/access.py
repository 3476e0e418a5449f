"""Who may see what: the checks every view shares (the URL access walk in
tests/test_url_access.py holds each URL to its rule)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from .. import moderation
from ..models import Journey
from ..types import HtmxHttpRequest


def get_journey_for_user(
    request: HtmxHttpRequest, pk: int, journeys: QuerySet[Journey] | None = None
) -> Journey:
    """The signed-in user's own journey (from `journeys`, all by default); anyone else's, or none
    at all, is a 404. Its owner is the request's user, already loaded."""
    journeys = Journey.objects.all() if journeys is None else journeys
    journey = get_object_or_404(journeys.select_related("company"), pk=pk, owner=request.user)
    journey.owner = request.user
    return journey


def moderator_required(view):
    """Visitors are sent to log in; signed-in non-moderators get 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_moderator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def follow_merged(view):
    """Wrap a company's public URL (page or API) so a merged company's old URL redirects to the
    same URL of the company it was merged into."""

    @wraps(view)
    def wrapped(request, slug: str, *args, **kwargs):
        # A merged company is never active, so the page 404s first: only then look for the
        # company it went into (no query on the way to a live company's page).
        try:
            return view(request, slug, *args, **kwargs)
        except Http404:
            target = moderation.merged_target(slug)
            if target is None:
                raise
            return redirect(
                request.resolver_match.view_name,
                **{**request.resolver_match.kwargs, "slug": target.slug},
                permanent=True,
            )

    return wrapped
