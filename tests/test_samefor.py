"""`{% samefor %}`: markup rendered once per language and value, the same for every visitor."""

from django.template import Context, Engine
from django.utils import translation

from journeys.templatetags import samefor

SOURCE = "{% load i18n samefor %}{% samefor body %}{% translate 'Draft' %} {{ body }} {{ who }}{% endsamefor %}"


LIBRARIES = {"i18n": "django.templatetags.i18n", "samefor": "journeys.templatetags.samefor"}


def render(engine: Engine, **context) -> str:
    return engine.from_string(SOURCE).render(Context(context))


def test_rendered_once_per_language_and_value(monkeypatch):
    monkeypatch.setattr(samefor, "_rendered", {})
    engine = Engine(libraries=LIBRARIES)
    with translation.override("en"):
        assert render(engine, body="kifid", who="first") == "Draft kifid first"
        # What is inside is the first rendering's: only the language and the value tell apart.
        assert render(engine, body="kifid", who="second") == "Draft kifid first"
        assert render(engine, body="skgz", who="second") == "Draft skgz second"
    with translation.override("nl"):
        assert render(engine, body="kifid", who="third") == "Concept kifid third"


def test_rendered_every_time_in_debug_mode(monkeypatch):
    monkeypatch.setattr(samefor, "_rendered", {})
    engine = Engine(debug=True, libraries=LIBRARIES)
    with translation.override("en"):
        assert render(engine, body="kifid", who="first") == "Draft kifid first"
        assert render(engine, body="kifid", who="second") == "Draft kifid second"
    assert samefor._rendered == {}
