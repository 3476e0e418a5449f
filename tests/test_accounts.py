import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse

from journeys.accounts import verification_token
from journeys.models import User

from .factories import JourneyFactory


def _signup(client, email="nieuw@example.nl", password="een-lang-wachtwoord-42"):
    return client.post(
        reverse("signup"), {"email": email, "password1": password, "password2": password}
    )


def test_signup_creates_an_unverified_account_and_mails_a_link(client, db):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert user.is_verified is False
    assert len(mail.outbox) == 1
    assert "/accounts/verify/" in mail.outbox[0].body
    # Signed in straight away, on the form of a first journey.
    assert response.url == reverse("journey_create")
    assert client.get(reverse("journey_list")).status_code == 200


@pytest.mark.real_password_hashing
def test_password_is_hashed_with_argon2(client, db):
    _signup(client)
    assert User.objects.get().password.startswith("argon2")


def test_verification_link_confirms_the_address(client, db):
    _signup(client)
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert b"confirmed" in response.content
    assert User.objects.get().is_verified
    # Nothing logged yet: the link leads to the form of a first journey, later to the list.
    assert response.redirect_chain[-1][0] == reverse("journey_create")
    JourneyFactory(owner=User.objects.get())
    assert client.get(link).url == reverse("journey_list")


def test_tampered_verification_link_is_refused(client, db):
    _signup(client)
    user = User.objects.get()
    response = client.get(
        reverse("verify_email", args=[verification_token(user) + "x"]), follow=True
    )
    assert b"invalid or has expired" in response.content
    user.refresh_from_db()
    assert user.is_verified is False


def test_signup_with_a_taken_address_explains(client, consumer):
    response = _signup(client, email="Consumer@Example.nl")
    assert response.status_code == 400
    assert b"already exists" in response.content
    assert User.objects.filter(email__iexact="consumer@example.nl").count() == 1


def test_signup_with_mismatched_passwords_is_refused(client, db):
    response = client.post(
        reverse("signup"),
        {"email": "x@example.nl", "password1": "een-lang-wachtwoord-42", "password2": "anders-99"},
    )
    assert response.status_code == 400
    assert not User.objects.exists()


def test_signup_page_speaks_dutch_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "nl"
    response = client.get(reverse("signup"))
    assert response.headers["Content-Language"] == "nl"
    assert b"Account aanmaken" in response.content


def test_log_in_and_log_out(client, consumer):
    response = client.post(
        reverse("login"), {"username": "consumer@example.nl", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("journey_list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("journey_list")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, consumer):
    response = client.post(
        reverse("login"), {"username": "consumer@example.nl", "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"correct" in response.content  # Django's "Please enter a correct e-mail address…"
    assert "_auth_user_id" not in client.session


def test_resend_verification_mails_a_new_link(client, unverified_consumer):
    client.force_login(unverified_consumer)
    client.post(reverse("resend_verification"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.nl"]


def test_a_link_asked_from_a_journey_leads_back_to_it(client, unverified_consumer):
    journey = JourneyFactory(owner=unverified_consumer)
    client.force_login(unverified_consumer)
    page = client.get(journey.get_absolute_url()).content.decode()
    assert 'id="verify-notice"' in page  # shown as soon as a journey is started
    assert f'name="next" value="{journey.get_absolute_url()}"' in page
    response = client.post(reverse("resend_verification"), {"next": journey.get_absolute_url()})
    assert response.url == journey.get_absolute_url()
    link = re.search(r"http://testserver(/accounts/verify/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).url == journey.get_absolute_url()
    unverified_consumer.refresh_from_db()
    assert unverified_consumer.is_verified
    assert 'id="verify-notice"' not in client.get(journey.get_absolute_url()).content.decode()


def test_a_link_signed_out_goes_through_log_in_to_the_journey(client, unverified_consumer):
    journey = JourneyFactory(owner=unverified_consumer)
    client.force_login(unverified_consumer)
    client.post(reverse("resend_verification"), {"next": journey.get_absolute_url()})
    client.logout()
    link = re.search(r"http://testserver(/accounts/verify/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).url == f"{reverse('login')}?next=%2Fjourneys%2F{journey.pk}%2F"


def test_a_link_never_leads_off_the_site(client, unverified_consumer):
    client.force_login(unverified_consumer)
    response = client.post(reverse("resend_verification"), {"next": "https://evil.example/x"})
    assert response.url == reverse("journey_list")
    assert "evil" not in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(link + "?next=//evil.example/").url == reverse("journey_create")


# Every way to write a page off the site, or one that is not the user's own journey.
HOSTILE_NEXT = (
    "//evil.example/",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "/\t/evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "///evil.example",
    "https://testserver@evil.example/",
    "data:text/html,<script>alert(1)</script>",
    "/accounts/delete/",
    "/journeys/{other}/",
    "/journeys/{other}/letters/new/",
    "/journeys/{mine}/../{other}/",
)


@pytest.mark.parametrize("value", HOSTILE_NEXT)
def test_next_leads_only_to_the_users_own_journey(client, unverified_consumer, consumer, value):
    mine = JourneyFactory(owner=unverified_consumer)
    other = JourneyFactory(owner=consumer)
    value = value.format(mine=mine.pk, other=other.pk)
    client.force_login(unverified_consumer)
    response = client.post(reverse("resend_verification"), {"next": value})
    assert response.url == reverse("journey_list")
    assert "next=" not in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[0].body).group(1)
    query = urlencode({"next": value})
    assert client.get(f"{link}?{query}").url == reverse("journey_list")
    client.logout()  # signed out, the log-in page is not handed the page either
    assert client.get(f"{link}?{query}").url == reverse("login")


def test_password_reset_mails_a_working_link(client, consumer):
    client.post(reverse("password_reset"), {"email": "consumer@example.nl"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session-held one
    response = client.post(
        form_url,
        {"new_password1": "nog-een-lang-wachtwoord", "new_password2": "nog-een-lang-wachtwoord"},
    )
    assert response.status_code == 302
    consumer.refresh_from_db()
    assert consumer.check_password("nog-een-lang-wachtwoord")


def test_a_moderator_lands_on_the_review_queue_and_a_consumer_on_their_journeys(
    client, moderator, consumer
):
    for user, landing in ((moderator, "/moderation/"), (consumer, "/journeys/")):
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": user.email, "password": "correct-horse-battery"}
        )
        assert response.status_code == 302 and response["Location"] == landing, user
    client.logout()
    response = client.post(
        "/accounts/login/?next=/leaderboard/",
        {"username": moderator.email, "password": "correct-horse-battery"},
    )
    assert response["Location"] == "/leaderboard/"


def test_the_sign_up_page_says_je_like_the_rest_of_the_app(client, settings):
    settings.LANGUAGE_CODE = "nl"
    body = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert not re.search(r"\b[Uu]w\b", body)
    assert "Minstens 8 tekens" in body
