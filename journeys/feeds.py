"""Atom feeds of the figures: all companies, a sector, a company. One entry per kept snapshot
that changed the scope's rolling-12-month figures (`figures.scope_changes`), linking the
snapshot's permalink; Django's syndication framework writes the Atom."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import citation, figures
from .models import Company, Sector


def _figure(cell) -> str:
    if cell is None:
        return _("no published figure (fewer reporters than the minimum, or no longer listed)")
    return _(
        "friction score %(score)s (90%% interval %(low)s–%(high)s), %(reporters)s reporters"
    ) % {
        "score": floatformat(cell.shrunk, "1g"),
        "low": floatformat(cell.ci_low, "1g"),
        "high": floatformat(cell.ci_high, "1g"),
        "reporters": floatformat(cell.reporters, "g"),
    }


class _ScopeFeed(Feed):
    feed_type = Atom1Feed
    author_name = citation.PUBLISHER

    def subject(self, obj) -> str:
        raise NotImplementedError

    def permalink(self, obj, snapshot) -> str:
        raise NotImplementedError

    # An item is (the scope, a snapshot, the scope's cell in it): the framework hands item
    # methods the item alone, and one Feed instance serves every request.
    def items(self, obj):
        company, sector = obj
        return [
            (obj, snapshot, cell)
            for snapshot, cell in figures.scope_changes(company=company, sector=sector)
        ]

    def item_title(self, item) -> str:
        obj, snapshot, cell = item
        return _("Snapshot %(id)s: %(subject)s, %(figure)s") % {
            "id": snapshot.pk,
            "subject": self.subject(obj),
            "figure": _figure(cell),
        }

    def item_description(self, item) -> str:
        obj, snapshot, cell = item
        return _("%(subject)s in snapshot %(id)s of %(day)s: %(figure)s.") % {
            "subject": self.subject(obj),
            "id": snapshot.pk,
            "day": timezone.localtime(snapshot.computed_at).date().isoformat(),
            "figure": _figure(cell),
        }

    def item_link(self, item) -> str:
        return self.permalink(item[0], item[1])

    def item_guid(self, item) -> str:
        return self.item_link(item)

    def item_pubdate(self, item):
        return item[1].published_at or item[1].computed_at

    def item_updateddate(self, item):
        return self.item_pubdate(item)

    def get_object(self, request, *args, **kwargs):
        return self.scope(*args, **kwargs)

    def title(self, obj) -> str:
        return _("frictionlog: %(subject)s") % {"subject": self.subject(obj)}

    def description(self, obj) -> str:
        return _("A new entry whenever a snapshot changes these figures.")


class AllFeed(_ScopeFeed):
    def scope(self):
        return (None, "")

    def subject(self, obj) -> str:
        return _("all companies")

    def link(self, obj) -> str:
        return citation.absolute(reverse("leaderboard"))

    def permalink(self, obj, snapshot) -> str:
        return citation.absolute(reverse("snapshot_changes", args=[snapshot.pk]))


class SectorFeed(_ScopeFeed):
    def scope(self, sector: str):
        if sector not in Sector.values:
            raise Http404
        return (None, sector)

    def subject(self, obj) -> str:
        return _("sector %(sector)s") % {"sector": Sector(obj[1]).label}

    def link(self, obj) -> str:
        return citation.absolute(reverse("leaderboard") + f"?sector={obj[1]}")

    def permalink(self, obj, snapshot) -> str:
        path = reverse("snapshot_leaderboard", args=[snapshot.pk])
        return citation.absolute(f"{path}?sector={obj[1]}")


class CompanyFeed(_ScopeFeed):
    def scope(self, slug: str):
        return (get_object_or_404(Company.objects.active(), slug=slug), "")

    def subject(self, obj) -> str:
        return obj[0].name

    def link(self, obj) -> str:
        return citation.absolute(reverse("company_detail", args=[obj[0].slug]))

    def permalink(self, obj, snapshot) -> str:
        return citation.absolute(reverse("snapshot_company", args=[snapshot.pk, obj[0].slug]))
