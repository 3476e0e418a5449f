"""The home page: what frictionlog is, the current headline figures, where to start."""

from django.test import Client

from journeys import leaderboards
from journeys.models import Company, Journey
from tests.leaderboard_data import build_companies


def test_before_any_figures_the_home_page_explains_and_invites(client, db):
    body = client.get("/").content.decode()
    assert "How it works" in body and "Where to start" in body
    assert "The figures now" not in body


def test_the_home_page_shows_the_current_headline_figures(
    client, db, django_assert_max_num_queries
):
    companies = build_companies(6)
    Journey.objects.filter(company=companies[2]).update(score=1)
    Journey.objects.filter(company=companies[4]).update(score=99)
    snapshot = leaderboards.recompute_full()
    with django_assert_max_num_queries(6):
        body = client.get("/").content.decode()
    least = body.split("Least friction")[1].split("</dd>")[0]
    most = body.split("Most friction")[1].split("</dd>")[0]
    assert companies[2].name in least and companies[4].name in most
    assert f"Snapshot {snapshot.pk} of" in body
    assert "<dd>30</dd>" in body  # journeys in the figures: 6 companies × 5 reporters
    assert "of journeys" in body.split("Most common friction")[1]
    # Stored for visitors: the second view runs no query for the figures.
    with django_assert_max_num_queries(2):
        assert Client().get("/").content.decode().count("Least friction") == 1


def test_company_names_on_the_home_page_are_escaped(client, db):
    companies = build_companies(5)
    Company.objects.filter(pk=companies[0].pk).update(name="<script>x</script>")
    Journey.objects.filter(company=companies[0]).update(score=0)
    leaderboards.recompute_full()
    body = client.get("/").content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body


def test_the_home_page_speaks_dutch(client, db, settings):
    settings.LANGUAGE_CODE = "nl"
    build_companies(5)
    leaderboards.recompute_full()
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Zo werkt het" in body and "De cijfers nu" in body and "Minste frictie" in body
