"""Public pages are stored whole for anonymous visitors (journeys/pagecache.py): every visitor
still gets their own language, their own CSRF token and URL in the language switch, signed-in
users their own navigation, and a new snapshot or a withdrawn story shows at once."""

import re

import pytest
from django.test import Client

from journeys import leaderboards
from tests.factories import (
    CompanyFactory,
    UserFactory,
    approved_journey,
)

PUBLIC_PAGES = ["/", "/leaderboard/", "/companies/", "/methodology/"]


@pytest.fixture
def published(db, django_capture_on_commit_callbacks):
    """Two companies, five reporters each, one consented story; a published snapshot."""
    owners = [UserFactory() for _ in range(5)]
    low = CompanyFactory(name="Beltel", sector="telecom")
    high = CompanyFactory(name="Kwaadnet", sector="telecom")
    for i, owner in enumerate(owners):
        approved_journey(low, owner, 20 + i)
        approved_journey(high, owner, 80 + i)
    story = approved_journey(
        high,
        owners[0],
        90,
        story_consent=True,
        story="Ik wachtte 40 minuten",
        story_redacted="Ik wachtte 40 minuten in de wacht",
    )
    with django_capture_on_commit_callbacks(execute=True):
        leaderboards.recompute_full()
    return {"low": low, "high": high, "owners": owners, "story": story}


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _next(html: str) -> str:
    return re.search(r'<input name="next" type="hidden" value="([^"]*)"', html).group(1)


def test_a_stored_page_is_served_in_each_visitors_language(published, django_assert_num_queries):
    english = Client()
    dutch = Client()
    dutch.cookies["django_language"] = "nl"
    assert "Friction leaderboard" in english.get("/leaderboard/").content.decode()

    page = dutch.get("/leaderboard/")
    html = page.content.decode()
    assert '<html lang="nl">' in html and "Frictieranglijst" in html
    assert "Friction leaderboard" not in html
    assert page["Content-Language"] == "nl"

    with django_assert_num_queries(0):  # both languages are stored now
        again = english.get("/leaderboard/").content.decode()
        assert "Frictieranglijst" in dutch.get("/leaderboard/").content.decode()
    assert '<html lang="en">' in again and "Friction leaderboard" in again
    assert "Beltel" in again and "Kwaadnet" in again


def test_signed_in_users_get_their_own_navigation_never_a_stored_page(
    published, consumer, moderator, visitor
):
    company_page = f"/companies/{published['low'].slug}/"
    anonymous = Client()
    for url in [*PUBLIC_PAGES, company_page]:
        anonymous.get(url)  # stores every page

    consumer_client = Client()
    consumer_client.force_login(consumer)
    moderator_client = Client()
    moderator_client.force_login(moderator)
    for url in [*PUBLIC_PAGES, company_page]:
        mine = consumer_client.get(url).content.decode()
        assert "My journeys" in mine and "Log out" in mine, url
        assert "Sign up" not in mine and "Moderation</a>" not in mine, url
        theirs = moderator_client.get(url).content.decode()
        assert "Moderation</a>" in theirs and "Log out" in theirs, url

    # Nothing rendered for them was stored for the next visitor.
    for url in [*PUBLIC_PAGES, company_page]:
        html = Client().get(url).content.decode()
        assert "Sign up" in html and "Log out" not in html and "My journeys" not in html, url


def test_each_visitor_gets_their_own_token_and_url_and_the_language_switch_works(published):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    first_html = first.get("/leaderboard/?sector=telecom").content.decode()
    # The same stored page (unknown parameters do not make another one), this visitor's URL.
    second_html = second.get("/leaderboard/?sector=telecom&utm_source=krant").content.decode()
    assert _token(first_html) != _token(second_html)
    assert f'"X-CSRFToken": "{_token(second_html)}"' in second_html
    assert _next(first_html) == "/leaderboard/?sector=telecom"
    assert _next(second_html) == "/leaderboard/?sector=telecom&amp;utm_source=krant"

    response = second.post(
        "/i18n/setlang/",
        {
            "language": "nl",
            "next": "/leaderboard/?sector=telecom&utm_source=krant",
            "csrfmiddlewaretoken": _token(second_html),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/leaderboard/?sector=telecom&utm_source=krant"
    assert "Frictieranglijst" in second.get(response["Location"]).content.decode()
    # A token from another visitor's page is refused.
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/robots.txt")
    forged = {"language": "nl", "next": "/", "csrfmiddlewaretoken": _token(first_html)}
    assert stranger.post("/i18n/setlang/", forged).status_code == 403


def _row(html: str, name: str) -> str:
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    return next(row for row in table.split("<tr>") if f">{name}</a>" in row)


def test_a_new_snapshot_shows_new_figures_at_once(
    published, django_capture_on_commit_callbacks, visitor
):
    company_page = f"/companies/{published['low'].slug}/"
    assert 'data-label="Reporters">5</td>' in _row(
        visitor.get("/leaderboard/").content.decode(), "Beltel"
    )
    before = visitor.get(company_page).content.decode()
    assert "From 5 journeys by 5 reporters." in before

    # Ten more reporters have a miserable time with Beltel.
    for _ in range(10):
        approved_journey(published["low"], UserFactory(), 99)
    with django_capture_on_commit_callbacks(execute=True):
        leaderboards.recompute_full()

    row = _row(visitor.get("/leaderboard/").content.decode(), "Beltel")
    assert 'data-label="Reporters">15</td>' in row
    after = visitor.get(company_page).content.decode()
    assert "From 15 journeys by 15 reporters." in after
    score = re.compile(r'<span id="company-score">([\d.]+)</span>')
    assert float(score.search(after).group(1)) > float(score.search(before).group(1)) + 20


def test_a_withdrawn_story_leaves_the_stored_company_page_at_once(published, visitor):
    company_page = f"/companies/{published['high'].slug}/"
    assert "in de wacht" in visitor.get(company_page).content.decode()

    owner = Client()
    owner.force_login(published["owners"][0])
    owner.post(f"/journeys/{published['story'].pk}/consent/withdraw/")

    html = visitor.get(company_page).content.decode()
    assert "in de wacht" not in html and "No published stories yet." in html


def test_a_renamed_company_shows_its_new_name(published, visitor):
    assert "Beltel" in visitor.get("/companies/").content.decode()
    published["low"].name = "Beltel Mobiel"
    published["low"].save()
    assert "Beltel Mobiel" in visitor.get("/companies/").content.decode()
    html = visitor.get(f"/companies/{published['low'].slug}/").content.decode()
    assert "<h1>Beltel Mobiel</h1>" in html


def test_htmx_fragments_and_whole_pages_are_stored_apart_with_the_right_vary(
    published, htmx, visitor
):
    for url, fragment in [
        ("/leaderboard/?sector=telecom", '<section id="board"'),
        ("/companies/?sector=telecom", '<section id="results"'),
    ]:
        whole = visitor.get(url)
        partial = visitor.get(url, **htmx)
        again = visitor.get(url)
        assert partial.content.decode().lstrip().startswith(fragment), url
        assert "<html" not in partial.content.decode(), url
        assert "<html" in whole.content.decode() and "<html" in again.content.decode(), url
        for response in (whole, partial, again):
            vary = {v.strip() for v in response["Vary"].split(",")}
            assert {"Cookie", "Accept-Language", "HX-Request"} <= vary, url
    vary = {v.strip() for v in visitor.get("/methodology/")["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary


def test_a_page_number_past_the_end_shows_the_last_page(published):
    html = Client().get("/leaderboard/?page=99999").content.decode()
    assert "Beltel" in html and "Kwaadnet" in html
    assert _next(html) == "/leaderboard/?page=99999"


def test_searches_are_answered_fresh(published, visitor):
    assert "Kwaadnet" in visitor.get("/companies/?q=kwaad").content.decode()
    CompanyFactory(name="Kwaadbank", sector="bank")
    html = visitor.get("/companies/?q=kwaad").content.decode()
    assert "Kwaadnet" in html and "Kwaadbank" in html


def test_a_visitor_with_a_message_waiting_sees_it_once(published, visitor):
    company_page = f"/companies/{published['high'].slug}/"
    visitor.get(company_page)  # stored
    thanks = "Thank you. A moderator will look at this story."
    response = visitor.post(
        f"/stories/{published['story'].pk}/report/", {"reason": "other"}, follow=True
    )
    assert response.redirect_chain[-1][0] == company_page
    assert thanks in response.content.decode()
    assert thanks not in visitor.get(company_page).content.decode()
    assert thanks not in Client().get(company_page).content.decode()
