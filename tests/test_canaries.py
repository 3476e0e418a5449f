"""Canaries: plant known personal data in journeys, approve them, recompute, then crawl every
public page, the API and both CSV exports and prove none of it comes out.

A positive control (a harmless marker in a consented, approved story) proves the crawler does
reach published stories, so "no canary found" is not the result of reading nothing.
"""

import datetime
import gzip
import itertools
import re
import tempfile

import duckdb
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from journeys import figures, leaderboards, moderation, opendata, services
from journeys.models import Channel, Company, Sector

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

REPORTERS = 7  # above FRICTIONLOG_K_MIN, so the companies' cells are published
MARKER = "Publiekverhaalmarkering"  # the positive control, harmless text
CANARIES = {
    "email": "kanarie.piet@voorbeeldmail.nl",
    "phone": "06-12345678",
    "phone_intl": "+31612345678",
    "iban": "NL91ABNA0417164300",
    "booking": "KL-4471829",
    "note": "NOTITIE-KANARIE-7731",
    "unconsented": "ONGEPUBLICEERD-VERHAAL-5521",
    "pending": "WACHTEND-VERHAAL-8832",
    "username": "kanarie.gebruiker",
    "address": "1012 AB",
    "landline": "+31 20 123 4567",
    "customer": "55667788",
    "token": "8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c",
}
PUBLIC_PREFIXES = (
    "/",
    "/leaderboard/",
    "/companies/",
    "/methodology/",
    "/api/",
    "/exports/",
    "/stories/",
)
PRIVATE_PREFIXES = (
    "/accounts/",
    "/admin/",
    "/moderation/",
    "/journeys/",
    "/i18n/",
    "/static/",
)
HREF = re.compile(r'href="(/[^"#]*)"')


def _story(n: int) -> str:
    return (
        f"{MARKER} {n}. Ik belde {CANARIES['phone']} en later {CANARIES['phone_intl']}, mailde "
        f"{CANARIES['email']} en gaf mijn boekingsnummer {CANARIES['booking']} vier keer. "
        f"Het geld moest naar {CANARIES['iban']}. Ik woon op Kerkstraat 12, "
        f"{CANARIES['address']} Amsterdam, klantnummer {CANARIES['customer']}, vaste lijn "
        f"{CANARIES['landline']}, en de resetlink was "
        f"https://mijn.example.nl/reset?token={CANARIES['token']}."
    )


@pytest.fixture
def planted(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    moderator = UserFactory(email="moderator.kanarie@example.nl")
    companies = [
        CompanyFactory(name="Kanarie Telecom", sector=Sector.TELECOM),
        CompanyFactory(name="Kanarie Reizen", sector=Sector.TRAVEL),
    ]
    start = timezone.localdate() - datetime.timedelta(days=40)
    approved = []
    for n in range(REPORTERS):
        owner = UserFactory(email=f"{CANARIES['username']}{n}@example.nl")
        for company in companies:
            journey = JourneyFactory(
                owner=owner, company=company, started_on=start, story=_story(n), story_consent=True
            )
            for position, channel in enumerate(Channel.values[:3], start=1):
                StepFactory(
                    journey=journey,
                    position=position,
                    channel=channel,
                    note=f"{CANARIES['note']} {CANARIES['email']}",
                )
            services.journey_update(journey=journey, status="unresolved")
            services.journey_submit(journey=journey, user=owner)
            approved.append(moderation.journey_approve(journey=journey, moderator=moderator))
    unconsented = JourneyFactory(
        owner=UserFactory(), company=companies[0], started_on=start, story=CANARIES["unconsented"]
    )
    StepFactory(journey=unconsented, position=1)
    services.journey_submit(journey=unconsented, user=unconsented.owner)
    moderation.journey_approve(journey=unconsented, moderator=moderator)
    waiting = JourneyFactory(
        owner=UserFactory(),
        company=companies[1],
        started_on=start,
        story=CANARIES["pending"],
        story_consent=True,
    )
    StepFactory(journey=waiting, position=1)
    services.journey_submit(journey=waiting, user=waiting.owner)
    call_command("recompute_leaderboards", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {"companies": companies, "approved": approved, "moderator": moderator}


def _body(response) -> str:
    """What a response says, as text: a gzip file unpacked, a Parquet file read as CSV."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    kind = response.get("Content-Type", "")
    if kind == "application/gzip":
        raw = gzip.decompress(raw)
    elif "parquet" in kind:
        with tempfile.NamedTemporaryFile(suffix=".parquet") as f:
            f.write(raw)
            f.flush()
            table = duckdb.sql(f"SELECT * FROM '{f.name}'").fetchall()  # noqa: S608
        return "\n".join(",".join(map(str, row)) for row in table)
    return raw.decode()


def _public_urls(companies) -> list[str]:
    snapshot = figures.current_snapshot()
    periods = ["", *(snapshot.stats.get("periods", []) if snapshot else [])]
    sectors = ["", *Sector.values]
    channels = ["", *Channel.values]
    urls = [
        "/",
        reverse("company_list"),
        reverse("methodology"),
        reverse("api_openapi"),
        reverse("export_leaderboard"),
        reverse("export_journeys"),
        *(reverse("export_file", args=[name]) for name in opendata.FILE_NAMES),
        reverse("snapshot_list"),
        reverse("api_snapshots"),
        "/robots.txt",
    ]
    if snapshot:
        urls += [
            reverse("snapshot_leaderboard", args=[snapshot.pk]),
            reverse("api_snapshot", args=[snapshot.pk]),
            reverse("api_snapshot_leaderboard", args=[snapshot.pk]),
            *(reverse("snapshot_file", args=[snapshot.pk, name]) for name in opendata.FILE_NAMES),
        ]
    for period, sector, channel in itertools.product(periods, sectors, channels):
        query = "&".join(
            f"{key}={value}"
            for key, value in (("period", period), ("sector", sector), ("channel", channel))
            if value
        )
        suffix = f"?{query}" if query else ""
        urls += [reverse("leaderboard") + suffix, reverse("api_leaderboard") + suffix]
    for sector in sectors:
        urls.append(reverse("company_list") + (f"?sector={sector}" if sector else ""))
    for company in Company.objects.all():
        urls += [
            reverse("company_detail", args=[company.slug]),
            reverse("api_company", args=[company.slug]),
        ]
        if snapshot:
            urls += [
                reverse("snapshot_company", args=[snapshot.pk, company.slug]),
                reverse("api_snapshot_company", args=[snapshot.pk, company.slug]),
            ]
    return urls


def crawl(client, start: list[str], limit: int = 3000) -> dict[str, str]:
    """Fetch the given URLs and every public link they lead to; url -> body."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), (url, response.status_code)
        seen[url] = _body(response)
        for link in HREF.findall(seen[url]):
            link = link.replace("&amp;", "&")
            if link.startswith(PRIVATE_PREFIXES) or link in seen:
                continue
            if link.startswith(PUBLIC_PREFIXES):
                queue.append(link)
    return seen


def _leaks(pages: dict[str, str], secrets) -> list[tuple[str, str]]:
    return [(url, secret) for url, body in pages.items() for secret in secrets if secret in body]


def test_no_canary_appears_on_any_public_page_api_or_export(client, planted):
    pages = crawl(client, _public_urls(planted["companies"]))
    assert len(pages) > 500
    everything = "\n".join(pages.values())
    assert MARKER in everything, "the positive control: published stories were crawled"
    assert "[e-mail]" in everything
    assert any(url.startswith("/stories/") for url in pages), "report pages were crawled"
    secrets = [
        *CANARIES.values(),
        "12345678",
        "4471829",
        "0417164300",
        planted["moderator"].email,
    ]
    assert _leaks(pages, secrets) == []
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", everything.replace("noreply@", ""))


def test_exports_and_api_carry_the_planted_figures(client, planted):
    export = _body(client.get(reverse("export_journeys")))
    assert export.count("\n") >= 2 * REPORTERS  # header plus a row per approved journey
    slug = planted["companies"][0].slug
    data = client.get(reverse("api_company", args=[slug])).json()
    assert data["published"] is True
    assert _reporters(client, slug) == REPORTERS + 1  # the unconsented journey counts too


def _reporters(client, slug: str) -> int | None:
    data = client.get(reverse("api_company", args=[slug])).json()
    rolling = [
        f for f in data["figures"] if f["period"] == leaderboards.ROLLING and not f["channel"]
    ]
    return rolling[0]["reporters"] if rolling else None


def test_withdrawn_consent_takes_the_story_off_the_company_page_at_once(client, planted):
    company = planted["companies"][0]
    journey = [j for j in planted["approved"] if j.company_id == company.pk][-1]
    page = reverse("company_detail", args=[company.slug])
    marker = f"{MARKER} {REPORTERS - 1}."
    assert marker in _body(client.get(page))
    moderation.consent_withdraw(journey=journey)
    assert marker not in _body(client.get(page))


def test_erased_reporters_leave_the_figures_at_the_next_recompute(client, planted):
    from journeys import mydata

    company = planted["companies"][0]
    owners = {j.owner for j in planted["approved"] if j.company_id == company.pk}
    mydata.account_erase(user=next(iter(owners)))
    leaderboards.recompute_full()
    assert _reporters(client, company.slug) == REPORTERS  # one of REPORTERS + 1 erased
