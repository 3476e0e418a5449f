"""Who is signed in (journeys/signedin.py): the session and its user, each read with one SQL
statement, keep Django's rules: an expired session, a deactivated account or a changed password
signs nobody in, and so do tampered session data and a deleted user; whether the user moderates is
read afresh on every request; the async path (`aget_user`) keeps the same rules."""

import datetime

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth import aget_user
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from journeys.models import User
from journeys.signedin import SessionStore

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def _signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_live_session_signs_its_user_in(consumer_client):
    response = consumer_client.get(reverse("journey_list"))
    assert response.status_code == 200
    assert response.wsgi_request.user.email == "consumer@example.nl"


def test_an_expired_session_signs_nobody_in(consumer_client):
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert _signed_out(consumer_client.get(reverse("journey_list")))


def test_a_deactivated_account_is_signed_out(consumer_client, consumer):
    User.objects.filter(pk=consumer.pk).update(is_active=False)
    assert _signed_out(consumer_client.get(reverse("journey_list")))


def test_a_changed_password_signs_out_the_other_sessions(consumer_client, consumer):
    consumer.set_password("a-new-passphrase-1")
    consumer.save()
    assert _signed_out(consumer_client.get(reverse("journey_list")))


def test_moderating_follows_the_group_from_one_request_to_the_next(client, consumer):
    client.force_login(consumer)
    queue = reverse("moderation_queue")

    def menu_links_to_the_queue() -> bool:
        return f'href="{queue}"' in client.get(reverse("journey_list")).content.decode()

    assert not menu_links_to_the_queue()
    assert client.get(queue).status_code == 403
    consumer.groups.add(Group.objects.get_or_create(name=User.MODERATORS)[0])
    assert menu_links_to_the_queue()
    assert client.get(queue).status_code == 200
    consumer.groups.clear()
    assert not menu_links_to_the_queue()
    assert client.get(queue).status_code == 403


def test_signing_in_reads_the_user_with_their_role_in_one_query(
    consumer_client, django_assert_num_queries
):
    # The session, then the user with whether they moderate (the menu asks); the page's own
    # query is its list of journeys.
    with django_assert_num_queries(3):
        response = consumer_client.get(reverse("journey_list"))
    assert response.status_code == 200


def test_tampered_session_data_signs_nobody_in(consumer_client, consumer):
    session = Session.objects.get()
    # The data as another user would want it, without the server's signature.
    forged = session.get_decoded() | {"_auth_user_id": str(consumer.pk + 1)}
    Session.objects.update(session_data=session.session_data[:-4] + "AAAA")
    assert _signed_out(consumer_client.get(reverse("journey_list")))
    Session.objects.update(session_data=SessionStore().encode(forged)[:-1] + "x")
    assert _signed_out(consumer_client.get(reverse("journey_list")))


def test_a_session_key_nobody_was_given_signs_nobody_in(client, consumer):
    client.cookies["sessionid"] = "k" * 32
    assert _signed_out(client.get(reverse("journey_list")))


def test_a_deleted_user_is_signed_out(consumer_client, consumer):
    User.objects.filter(pk=consumer.pk).delete()
    assert Session.objects.exists()  # sessions do not follow the user out of the database
    assert _signed_out(consumer_client.get(reverse("journey_list")))


def test_the_async_path_reads_the_same_user_and_the_same_rules(consumer_client, consumer):
    def user_of(session_key):
        request = RequestFactory().get("/")
        request.session = SessionStore(session_key)
        return async_to_sync(aget_user)(request)

    key = consumer_client.session.session_key
    user = user_of(key)
    assert user.pk == consumer.pk and user.is_moderator is False
    consumer.groups.add(Group.objects.get_or_create(name=User.MODERATORS)[0])
    assert user_of(key).is_moderator is True
    User.objects.filter(pk=consumer.pk).update(is_active=False)
    assert not user_of(key).is_authenticated
    assert not user_of("k" * 32).is_authenticated
