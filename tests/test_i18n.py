from django.urls import reverse

VISITOR_PAGES = ["home", "login", "signup", "password_reset"]
CONSUMER_PAGES = ["home", "journey_list", "journey_create"]


def test_every_page_offers_the_language_switch_and_speaks_dutch_by_default(
    client, consumer, settings
):
    settings.LANGUAGE_CODE = "nl"
    pages = [(False, name) for name in VISITOR_PAGES] + [(True, name) for name in CONSUMER_PAGES]
    for logged_in, name in pages:
        if logged_in:
            client.force_login(consumer)
        body = client.get(reverse(name)).content.decode()
        assert '<html lang="nl">' in body, name
        assert 'action="/i18n/setlang/"' in body, name
        assert "Naar de inhoud" in body, name


def test_switching_to_english_sticks(consumer_client, settings):
    settings.LANGUAGE_CODE = "nl"
    consumer_client.post(reverse("set_language"), {"language": "en", "next": "/journeys/"})
    body = consumer_client.get(reverse("journey_list")).content.decode()
    assert '<html lang="en">' in body
    assert "My journeys" in body
