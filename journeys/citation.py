"""How to cite a snapshot's figures in one paste: the absolute permalink, a source line, BibTeX,
CSL-JSON, and schema.org `Dataset` JSON-LD. Pure functions of a snapshot and a path; links are
absolute on `FRICTIONLOG_SITE_URL`, the site's one public address, so a page cached for everyone
cites the same address whichever host served it."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import opendata
from .models import Snapshot

PUBLISHER = "frictionlog"


def absolute(path: str) -> str:
    return settings.FRICTIONLOG_SITE_URL + path


def _day(snapshot: Snapshot) -> str:
    return formats.date_format(timezone.localtime(snapshot.computed_at), "j F Y")


def source_line(snapshot: Snapshot, url: str) -> str:
    """ "frictionlog, momentopname 12 van 7 december 2026, https://…": what a journalist pastes
    under a figure."""
    return _("frictionlog, snapshot %(id)s of %(day)s, %(url)s") % {
        "id": snapshot.pk,
        "day": _day(snapshot),
        "url": url,
    }


def title(snapshot: Snapshot, subject: str = "") -> str:
    if subject:
        return _("Friction figures for %(subject)s, snapshot %(id)s") % {
            "subject": subject,
            "id": snapshot.pk,
        }
    return _("Friction figures of Dutch customer service, snapshot %(id)s") % {"id": snapshot.pk}


def bibtex(snapshot: Snapshot, url: str, subject: str = "") -> str:
    """A BibTeX @misc entry; braces and backslashes in the title are dropped (BibTeX has no
    escape that every tool reads the same way)."""
    clean = title(snapshot, subject).translate({ord(c): None for c in "{}\\"})
    day = timezone.localtime(snapshot.computed_at)
    return (
        f"@misc{{frictionlog_snapshot_{snapshot.pk},\n"
        f"  author = {{{{{PUBLISHER}}}}},\n"
        f"  title = {{{clean}}},\n"
        f"  year = {{{day.year}}},\n"
        f"  month = {{{day.month}}},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n"
        f"  note = {{{_('Snapshot')} {snapshot.pk}, "
        f"{_('friction score version')} {snapshot.score_version}}},\n"
        f"  url = {{{url}}}\n"
        f"}}"
    )


def csl_json(snapshot: Snapshot, url: str, subject: str = "") -> str:
    """One CSL-JSON item (the citation format Zotero and pandoc read), type "dataset"."""
    day = timezone.localtime(snapshot.computed_at)
    item = {
        "id": f"frictionlog-snapshot-{snapshot.pk}",
        "type": "dataset",
        "title": title(snapshot, subject),
        "author": [{"literal": PUBLISHER}],
        "publisher": PUBLISHER,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "version": str(snapshot.pk),
        "URL": url,
    }
    return json.dumps([item], ensure_ascii=False, indent=2)


def dataset(snapshot: Snapshot, url: str, subject: str = "") -> dict:
    """schema.org `Dataset` of a snapshot: what search engines and reference managers read. Its
    distribution is the snapshot's open-data files, each at its permalink."""
    files = [
        {
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": opendata.content_type(name).split(";")[0],
            "contentUrl": absolute(reverse("snapshot_file", args=[snapshot.pk, name])),
        }
        for name in opendata.FILE_NAMES
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": title(snapshot, subject),
        "description": _(
            "Anonymised friction figures of customer service in the Netherlands, from journeys "
            "consumers logged step by step: per company a friction score from 0 to 100 with "
            "its 90%% interval, what drives it, and the companies' replies. A figure over fewer "
            "than %(k_min)s distinct reporters is not published."
        )
        % {"k_min": snapshot.k_min},
        "url": url,
        "identifier": url,
        "version": str(snapshot.pk),
        "dateCreated": snapshot.computed_at.isoformat(),
        "datePublished": (snapshot.published_at or snapshot.computed_at).isoformat(),
        "temporalCoverage": f"{snapshot.window_start.isoformat()}/"
        f"{snapshot.computed_at.date().isoformat()}",
        "spatialCoverage": {"@type": "Place", "name": "Nederland"},
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": PUBLISHER, "url": absolute("/")},
        "publisher": {"@type": "Organization", "name": PUBLISHER, "url": absolute("/")},
        "keywords": ["customer service", "klantenservice", "friction", "consumer complaints"],
        "measurementTechnique": absolute(reverse("methodology")),
        "distribution": [
            *files,
            {
                "@type": "DataDownload",
                "name": "datapackage.json",
                "encodingFormat": "application/json",
                "contentUrl": absolute(reverse("snapshot_datapackage", args=[snapshot.pk])),
            },
        ],
    }


def json_ld(value: dict) -> str:
    """JSON for a <script type="application/ld+json"> element: "<", ">" and "&" as escapes, so
    no text inside can close the element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.translate({ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"})
