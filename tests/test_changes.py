"""What changed: a snapshot's movers since the previous kept snapshot and since a quarter ago."""

import datetime

import pytest
from django.template.defaultfilters import floatformat

from journeys import leaderboards
from journeys.models import Cell, Journey, Snapshot
from tests.factories import CompanyFactory, JourneyFactory, UserFactory
from tests.leaderboard_data import build_companies


@pytest.fixture
def moved(db):
    """Snapshot 1, then: Bulk 0000 gets far worse (planted), Bulk 0001 a little worse (noise),
    Bulk 0005 loses its journeys (gone), Nieuwkomer gets five reporters (new); snapshot 2."""
    companies = build_companies(6)
    first = Snapshot.objects.get(is_current=True)
    Journey.objects.filter(company=companies[0]).update(score=99)
    noisy = Journey.objects.filter(company=companies[1]).order_by("id").first()
    Journey.objects.filter(pk=noisy.pk).update(score=noisy.score + 3)
    Journey.objects.filter(company=companies[5]).delete()
    newcomer = CompanyFactory(name="Nieuwkomer", sector="bank")
    for _ in range(5):
        JourneyFactory(
            company=newcomer,
            owner=UserFactory(),
            score=40,
            approved=True,
            started_on=datetime.date.today() - datetime.timedelta(days=20),
        )
    second = leaderboards.recompute_full()
    return companies, newcomer, first, second


def _section(body: str, code: str) -> str:
    start = body.index(f'id="changes-{code}"')
    return body[start : body.index("</section>", start)]


def test_a_planted_move_appears_and_noise_within_the_intervals_does_not(
    client, moved, django_assert_max_num_queries
):
    companies, _newcomer, first, second = moved
    before = Cell.objects.get(snapshot=first, company=companies[0], period="12m", channel="")
    after = Cell.objects.get(snapshot=second, company=companies[0], period="12m", channel="")
    assert after.ci_low > before.ci_high  # the planted move is beyond both intervals
    with django_assert_max_num_queries(6):
        body = client.get(f"/snapshots/{second.pk}/changes/").content.decode()
    since = _section(body, "previous")
    assert f"Compared with snapshot {first.pk} of" in since
    worse = since[since.index("More friction") :]
    assert companies[0].name in worse and companies[1].name not in since
    old, now = (
        [floatformat(x, 1) for x in (c.shrunk, c.ci_low, c.ci_high)] for c in (before, after)
    )
    assert (
        f"At {companies[0].name} the friction score rose from {old[0]} (90% interval "
        f"{old[1]}–{old[2]}) in snapshot {first.pk} of"
    ) in worse
    assert f"to {now[0]} ({now[1]}–{now[2]}) in snapshot {second.pk} of" in worse
    assert f"+{floatformat(after.shrunk - before.shrunk, 1)}" in worse
    new = since[since.index("New on the board") : since.index("No longer on the board")]
    assert "Nieuwkomer" in new and companies[5].name not in new
    gone = since[since.index("No longer on the board") :]
    assert f'href="/snapshots/{first.pk}/companies/{companies[5].slug}/"' in gone
    assert "No kept snapshot is a quarter or more older" in _section(body, "quarter")


def test_the_quarter_comparison_uses_a_snapshot_at_least_91_days_older(client, moved):
    companies, _newcomer, first, second = moved
    Snapshot.objects.filter(pk=first.pk).update(
        computed_at=second.computed_at - datetime.timedelta(days=92)
    )
    body = client.get(f"/snapshots/{second.pk}/changes/").content.decode()
    quarter = _section(body, "quarter")
    assert f"Compared with snapshot {first.pk}" in quarter and companies[0].name in quarter


def test_the_first_snapshot_has_nothing_to_compare_and_the_page_speaks_dutch(client, moved):
    _companies, _newcomer, first, second = moved
    body = client.get(f"/snapshots/{first.pk}/changes/").content.decode()
    assert "No earlier snapshot is kept" in _section(body, "previous")
    dutch = client.get(f"/snapshots/{second.pk}/changes/", HTTP_ACCEPT_LANGUAGE="nl")
    text = dutch.content.decode()
    assert "Wat veranderde in momentopname" in text and "steeg de frictiescore van" in text
    assert client.get("/snapshots/999/changes/").status_code == 404


def test_the_leaderboard_and_the_snapshot_list_link_to_the_changes(client, moved):
    _companies, _newcomer, _first, second = moved
    assert f'href="/snapshots/{second.pk}/changes/"' in client.get("/leaderboard/").content.decode()
    assert f'href="/snapshots/{second.pk}/changes/"' in client.get("/snapshots/").content.decode()
