"""Keyed pseudonyms (`journeys.pseudonyms`): the reporter ids moderators see and the per-snapshot
key of the open data's reporter keys."""

import hashlib

from journeys.pseudonyms import reporter_pseudonym


def test_pseudonym_is_short_readable_and_stable(settings):
    settings.FRICTIONLOG_PSEUDONYM_KEY = "pseudonym-key-one"
    first = reporter_pseudonym(4242)
    assert first == reporter_pseudonym(4242)
    assert first.startswith("R-") and len(first) == 10
    int(first[2:], 16)


def test_pseudonym_differs_per_reporter(settings):
    settings.FRICTIONLOG_PSEUDONYM_KEY = "pseudonym-key-one"
    assert len({reporter_pseudonym(user_id) for user_id in range(1, 201)}) == 200


def test_pseudonym_differs_per_key(settings):
    settings.FRICTIONLOG_PSEUDONYM_KEY = "pseudonym-key-one"
    one = reporter_pseudonym(7)
    settings.FRICTIONLOG_PSEUDONYM_KEY = "pseudonym-key-two"
    assert reporter_pseudonym(7) != one


def test_pseudonym_falls_back_to_the_secret_key_when_no_key_is_set(settings):
    settings.FRICTIONLOG_PSEUDONYM_KEY = ""
    settings.SECRET_KEY = "secret-one"
    one = reporter_pseudonym(7)
    del settings.FRICTIONLOG_PSEUDONYM_KEY
    assert reporter_pseudonym(7) == one
    settings.SECRET_KEY = "secret-two"
    assert reporter_pseudonym(7) != one


def test_pseudonym_never_shows_the_id_and_is_not_a_plain_hash(settings):
    settings.FRICTIONLOG_PSEUDONYM_KEY = "pseudonym-key-one"
    for user_id in range(10_000, 11_000):
        pseudonym = reporter_pseudonym(user_id)
        assert str(user_id) not in pseudonym
        # Without the key nobody can rebuild the table by hashing 1..n.
        assert pseudonym[2:] != hashlib.sha256(str(user_id).encode()).hexdigest()[:8]
