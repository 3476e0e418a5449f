"""Canaries: plant known personal data in journeys, approve them, recompute, then crawl every
public page, the API and both CSV exports and prove none of it comes out.

A positive control (a harmless marker in a consented, approved story) proves the crawler does
reach published stories, so "no canary found" is not the result of reading nothing.
"""

import datetime
import gzip
import itertools
import os
import re
import subprocess
import sys
import tempfile

import duckdb
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from journeys import (
    figures,
    leaderboards,
    letters,
    moderation,
    opendata,
    privacy,
    pseudonyms,
    reminders,
    services,
)
from journeys.models import Channel, Company, Journey, Sector, StoryFlag

from .factories import CompanyFactory, JourneyFactory, ModeratorFactory, StepFactory, UserFactory
from .redaction_cases import CANARIES as CANARY_ROWS

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
    "letter_name": "Brieven Kanariezanger",
    "letter_street": "Kanarielaan 77",
    "letter_text": "BRIEF-KANARIE-4410",
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


def _plant_letter(journey) -> None:
    """A letter with the consumer's own details, sent (a step) and with a reminder sent."""
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    letters.letter_update(
        letter=letter,
        sender=f"{CANARIES['letter_name']}\n{CANARIES['letter_street']}\n{CANARIES['address']}",
        body=f"{letter.body}\n{CANARIES['letter_text']} {CANARIES['iban']} {CANARIES['phone']}",
    )
    letters.letter_mark_sent(letter=letter, sent_on=journey.started_on, channel="letter")
    reminders.send_due(journey.started_on + datetime.timedelta(weeks=4))


@pytest.fixture
def planted(db):
    moderator = ModeratorFactory(email="moderator.kanarie@example.nl")
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
            _plant_letter(journey)
            services.journey_submit(journey=journey, user=owner)
            approved.append(moderation.journey_approve(journey=journey, moderator=moderator))
    unconsented = JourneyFactory(
        owner=UserFactory(), company=companies[0], started_on=start, story=CANARIES["unconsented"]
    )
    # Like the others but for the consent, so its row is released with theirs.
    for position, channel in enumerate(Channel.values[:3], start=1):
        StepFactory(journey=unconsented, position=position, channel=channel)
    services.journey_update(journey=unconsented, status="unresolved")
    _plant_letter(unconsented)
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
        reverse("export_replies"),
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


# Each page as a Dutch and an English reader see it, plain and as htmx asks for it.
VARIANTS = [
    {"HTTP_ACCEPT_LANGUAGE": language, **htmx}
    for language in ("nl", "en")
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"})
]


def crawl(client, start: list[str], limit: int = 3000, variants=({},)) -> dict[str, str]:
    """Fetch the given URLs and every public link they lead to, in each of `variants` (extra
    request headers); url -> the bodies, joined."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        bodies = []
        for headers in variants:
            response = client.get(url, follow=True, **headers)
            assert response.status_code in (200, 404), (url, headers, response.status_code)
            bodies.append(_body(response))
        seen[url] = "\n".join(bodies)
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
    # No e-mail address at all, but frictionlog's own (the accessibility contact).
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", everything))
    assert addresses <= {"toegankelijkheid@frictionlog.nl"}, addresses


def test_letters_are_private_and_reach_their_owner_only(client, planted):
    """The positive control for the letters' canaries: the owner does see them, on their own
    pages and download, and nobody else reaches those."""
    journey = planted["approved"][0]
    letter = journey.letters.get()
    urls = [
        reverse("letter_edit", args=[journey.pk, letter.pk]),
        reverse("letter_print", args=[journey.pk, letter.pk]),
        reverse("data_download"),
    ]
    client.force_login(journey.owner)
    for url in urls:
        assert CANARIES["letter_name"] in client.get(url).content.decode(), url
    client.force_login(planted["moderator"])
    for url in urls[:2]:
        assert client.get(url).status_code == 404
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302  # to log in


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


# --- The quality set's canary rows, planted the way a new user would: through the forms ----------

FORM_MARKER = "Formulierverhaalmarkering"


def _form_story(n: int) -> str:
    return f"{FORM_MARKER} {n}. " + " ".join(text for text, _, _ in CANARY_ROWS)


def _tell_with_consent(client, journey: Journey, text: str) -> None:
    """The consumer tells what happened in the one story box, adds none of the proposed steps
    and agrees that the text, redacted, is also their public story."""
    management = {"step-TOTAL_FORMS": "0", "step-INITIAL_FORMS": "0"}
    data = {"narrative": text, "story_consent": "on", **management}
    response = client.post(reverse("narrative_accept", args=[journey.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    journey.refresh_from_db()
    assert journey.story == text and journey.story_consent


@pytest.fixture
def planted_through_forms(db, client, moderator, monkeypatch):
    assert privacy.is_ready(), "the redactor is built when the process starts, before any request"

    def no_loading_in_a_request():
        raise AssertionError("a request tried to build the redactor")

    monkeypatch.setattr(privacy, "warm_up", no_loading_in_a_request)
    company = CompanyFactory(name="Kanarie Vervoer", sector=Sector.TRAVEL)
    start = timezone.localdate() - datetime.timedelta(days=30)
    journeys = []
    for n in range(REPORTERS):
        owner = UserFactory()
        client.force_login(owner)
        response = client.post(
            reverse("journey_create"),
            {
                "company_id": company.pk,
                "company_name": company.name,
                "goal": "refund",
                "started_on": start.isoformat(),
                "status": "unresolved",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        journey = Journey.objects.filter(owner=owner).get()
        _tell_with_consent(client, journey, _form_story(n))
        for channel in Channel.values[:2]:
            step = {
                "kind": "repeat_info",
                "channel": channel,
                "occurred_on": start.isoformat(),
                "minutes": "10",
                "repeats": "1",
                "note": f"{CANARY_ROWS[n % len(CANARY_ROWS)][0]} {CANARY_ROWS[3][0]}",
            }
            assert client.post(reverse("step_add", args=[journey.pk]), step).status_code == 302
        assert client.post(reverse("journey_submit", args=[journey.pk])).status_code == 302
        journeys.append(journey)
    # A company suggested with personal data in its name stays pending: never on a public page.
    suggester = UserFactory()
    client.force_login(suggester)
    suggestion = {
        "company_name": f"{CANARY_ROWS[3][2][0]} Fietsen {CANARY_ROWS[11][2][0]}",
        "suggest_company": "on",
        "suggest_sector": Sector.WEBSHOP,
        "goal": "repair",
        "started_on": start.isoformat(),
        "status": "open",
    }
    assert client.post(reverse("journey_create"), suggestion).status_code == 302
    assert Company.objects.filter(name=suggestion["company_name"]).exists()
    _tell_with_consent(client, Journey.objects.get(owner=suggester), _form_story(REPORTERS))
    client.force_login(moderator)
    for journey in journeys:
        client.post(reverse("moderation_approve", args=[journey.pk]))
        journey.refresh_from_db()
        assert journey.moderation_state == Journey.Moderation.APPROVED
    client.logout()
    note = " ".join(text for text, _, _ in CANARY_ROWS)[:1000]  # the form's limit
    report = {"reason": StoryFlag.Reason.PERSONAL_DATA, "note": note}
    assert client.post(reverse("story_report", args=[journeys[0].pk]), report).status_code == 302
    call_command("recompute_leaderboards", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {"company": company, "journeys": journeys}


def test_canary_rows_planted_through_the_forms_never_come_out(client, planted_through_forms):
    company = planted_through_forms["company"]
    start = [
        reverse("company_detail", args=[company.slug]),
        reverse("api_company", args=[company.slug]),
        reverse("export_journeys"),
        reverse("export_leaderboard"),
        reverse("leaderboard"),
        reverse("api_leaderboard"),
        reverse("methodology"),
        reverse("snapshot_list"),
        *(reverse("export_file", args=[name]) for name in opendata.FILE_NAMES),
        "/",
    ]
    pages = crawl(client, start, limit=400, variants=VARIANTS)
    everything = "\n".join(pages.values())
    assert "Frictieranglijst" in everything and "Friction leaderboard" in everything
    assert FORM_MARKER in everything, "the positive control: the planted stories were crawled"
    placeholders = {privacy.placeholder_for(kind) for _, kinds, _ in CANARY_ROWS for kind in kinds}
    assert all(p in everything for p in placeholders), placeholders - set(everything.split())
    secrets = [substring for _, _, gone in CANARY_ROWS for substring in gone]
    assert _leaks(pages, secrets) == []
    journey = planted_through_forms["journeys"][0]
    assert all(secret not in journey.story_redacted for secret in secrets)
    assert StoryFlag.objects.filter(journey=journey).exists()


def test_the_redactor_is_ready_in_a_fresh_process_before_any_request():
    """What a gunicorn or Celery worker does at start: django.setup() builds the redactor, so the
    first story redacted in a request costs milliseconds, not a load."""
    code = (
        "import time, django; django.setup(); from journeys import privacy; "
        "assert privacy.is_ready(); started = time.perf_counter(); "
        "privacy.redact('Ik ben Kees Kanarie, Kerkstraat 12, Amsterdam.'); "
        "print(time.perf_counter() - started)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frictionlog.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert float(result.stdout.strip()) < 0.05


# --- Company representatives: their pages and digests --------------------------------------------


def _representative_pages(client, company) -> dict[str, str]:
    """Every page a representative of `company` can reach from their dashboard."""
    start = [reverse("business_dashboard"), reverse("business_company", args=[company.slug])]
    pages = {}
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
        queue += [
            link.replace("&amp;", "&")
            for link in HREF.findall(pages[url])
            if link.startswith("/business/") and "/unsubscribe/" not in link
        ]
    return pages


def test_a_representative_never_sees_a_reporter_unless_they_handed_over(
    client, planted, mailoutbox, settings
):
    from journeys import replies
    from journeys.models import Representative

    company = planted["companies"][0]
    representative = Representative.objects.create(
        user=UserFactory(email="vertegenwoordiger@kanarie.nl"),
        company=company,
        work_email="vertegenwoordiger@kanarie.nl",
        status=Representative.Status.APPROVED,
    )
    mine = [j for j in planted["approved"] if j.company_id == company.pk]
    handed, others = mine[0], mine[1:]
    replies.handover_give(
        journey=handed,
        name="Overgedragen Naam",
        email=handed.owner.email,
        phone="",
        case_reference="EIGEN-ZAAK-1",
    )
    client.force_login(representative.user)
    pages = _representative_pages(client, company)
    assert len(pages) >= len(mine) + 2
    everything = "\n".join(pages.values())
    assert MARKER in everything, "the positive control: the stories were read"
    secrets = [
        *CANARIES.values(),
        "12345678",
        "4471829",
        planted["moderator"].email,
        *(j.owner.email for j in others),
        *(pseudonyms.reporter_pseudonym(j.owner_id) for j in mine),
    ]
    # What was handed over shows on that journey's page (its address holds the username
    # canary), and nowhere else.
    handed_page = reverse("business_journey", args=[company.slug, handed.pk])
    assert handed.owner.email in pages[handed_page] and "EIGEN-ZAAK-1" in pages[handed_page]
    handed_secrets = [s for s in secrets if s != CANARIES["username"]]
    assert _leaks({handed_page: pages[handed_page]}, handed_secrets) == []
    elsewhere = {url: body for url, body in pages.items() if url != handed_page}
    handed_over = [handed.owner.email, "Overgedragen Naam", "EIGEN-ZAAK-1"]
    assert _leaks(elsewhere, [*secrets, *handed_over]) == []

    settings.FRICTIONLOG_SITE_URL = "http://testserver"
    Representative.objects.filter(pk=representative.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=1)
    )
    mailoutbox.clear()  # the planting's own mails (verification, decisions) are not the digest
    assert replies.digest_send() == 1
    [digest] = mailoutbox
    assert _leaks({"digest": digest.body}, [*secrets, handed.owner.email, MARKER]) == []


def test_a_published_reply_is_redacted_on_every_public_page(client, planted):
    from journeys import replies

    company = planted["companies"][0]
    journey = [j for j in planted["approved"] if j.company_id == company.pk][-1]
    reply = replies.reply_create(
        journey=journey,
        author=None,
        category="closed_explanation",
        text=f"Antwoordmarkering: mail {CANARIES['email']} of bel {CANARIES['phone']}.",
    )
    replies.reply_approve(reply=reply, moderator=planted["moderator"], base_url="")
    urls = [
        reverse("company_detail", args=[company.slug]),
        reverse("api_company", args=[company.slug]),
        reverse("export_replies"),
    ]
    pages = crawl(client, urls, limit=50)
    assert all("Antwoordmarkering" in pages[url] for url in urls), "the positive control"
    assert _leaks(pages, [CANARIES["email"], CANARIES["phone"], "12345678"]) == []
