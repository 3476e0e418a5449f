"""Markup the same for every visitor (menu, footer, a route's stages, the review line) is kept by
Django's {% cache %} in each process's bounded "fragments" cache, per language and value."""

from django.core.cache import caches
from django.urls import reverse

from .factories import JourneyFactory


def test_the_menu_is_kept_per_language_and_bounded(client, db, settings):
    fragments = caches["fragments"]
    fragments.clear()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    dutch = client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">Leaderboard</a>" in english and ">Ranglijst</a>" not in english
    assert ">Ranglijst</a>" in dutch and ">Leaderboard</a>" not in dutch
    # Served from the cache the second time, still in the visitor's language.
    assert ">Leaderboard</a>" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(fragments._cache) == 4  # menu and footer, in two languages
    assert fragments._max_entries == settings.CACHES["fragments"]["OPTIONS"]["MAX_ENTRIES"]


def test_the_review_line_follows_each_journeys_state(consumer_client, consumer):
    caches["fragments"].clear()
    draft = JourneyFactory(owner=consumer)
    pending = JourneyFactory(owner=consumer, moderation_state="pending")
    for journey, current in ((draft, "Draft"), (pending, "In review"), (draft, "Draft")):
        page = consumer_client.get(reverse("journey_detail", args=[journey.pk])).content.decode()
        assert f'<li aria-current="step">{current}</li>' in page
