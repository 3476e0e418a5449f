"""Every published figure, on fixtures small enough to compute by hand. The same tests run on
SQLite (window-function medians) and PostgreSQL (percentile_cont), so both give these numbers."""

import datetime

import pytest

from journeys import leaderboards
from journeys.models import Cell, Journey, RecomputeRequest, Snapshot, channel_mask
from tests.factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

TODAY = datetime.date(2025, 6, 18)  # a Wednesday in 2025 Q2
IN_Q2 = datetime.date(2025, 5, 12)
APPROVED = Journey.Moderation.APPROVED


def journey(company, owner, score, *, started_on=IN_Q2, channel="phone", **drivers):
    made = JourneyFactory(
        company=company,
        owner=owner,
        score=score,
        started_on=started_on,
        moderation_state=drivers.pop("moderation_state", APPROVED),
        channel_mask=channel_mask([channel]),
        **drivers,
    )
    StepFactory(journey=made, position=1, channel=channel)
    return made


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reporters(db):
    return [UserFactory() for _ in range(12)]


@pytest.fixture
def telco(reporters):
    """Five reporters; the first reported twice (20 and 40, one voice of 30).

    Voices 30, 50, 60, 70, 90: mean 60, median 60, sample variance 2000/4 = 500,
    standard error √500/√5 = 10, 90% interval 60 ± 16.45.
    """
    company = CompanyFactory(name="Telco", sector="telecom")
    u1, u2, u3, u4, u5 = reporters[:5]
    journey(
        company,
        u1,
        20,
        closed_unresolved=True,
        reached_human=True,
        minutes_to_human=10,
        repetitions=3,
    )
    journey(company, u1, 40, reached_human=True, minutes_to_human=30, repetitions=1)
    journey(
        company,
        u2,
        50,
        closed_unresolved=True,
        reached_human=True,
        minutes_to_human=40,
        repetitions=4,
        transfers=1,
    )
    journey(company, u3, 60, loops=2, repetitions=0, hold_minutes=45)
    journey(company, u4, 70, reached_human=True, minutes_to_human=5)
    journey(company, u5, 90, repetitions=6)
    return company


@pytest.fixture
def calm(reporters):
    """Five other reporters, all scoring 10: a company with no spread at all."""
    company = CompanyFactory(name="Calm", sector="telecom")
    for owner in reporters[5:10]:
        journey(company, owner, 10, reached_human=True, minutes_to_human=1, channel="email")
    return company


def company_cell(snapshot, company, period="12m", channel=""):
    return Cell.objects.get(
        snapshot=snapshot, scope="company", company=company, period=period, channel=channel
    )


def test_one_voice_per_reporter_median_mean_and_interval(telco):
    snapshot = leaderboards.recompute_full(today=TODAY)
    cell = company_cell(snapshot, telco)
    assert cell.journeys == 6
    assert cell.reporters == 5
    assert cell.mean == pytest.approx(60)
    assert cell.median == pytest.approx(60)
    assert cell.ci_low == pytest.approx(60 - 16.45)
    assert cell.ci_high == pytest.approx(60 + 16.45)


def test_driver_rates_are_shares_of_voices(telco):
    cell = company_cell(leaderboards.recompute_full(today=TODAY), telco)
    # Closed without resolution: u1 ½ (one of two journeys), u2 1 → 1.5 / 5.
    assert cell.closed_rate == pytest.approx(0.3)
    assert cell.loop_rate == pytest.approx(0.2)
    # Never reached a human: u3 and u5.
    assert cell.no_human_rate == pytest.approx(0.4)
    # Minutes to a human over voices that reached one: u1 (10+30)/2 = 20, u2 40, u4 5.
    assert cell.median_minutes_to_human == pytest.approx(20)
    # Repetitions: u1 (3+1)/2 = 2, u2 4, u3 0, u4 0, u5 6 → 12 / 5.
    assert cell.mean_repetitions == pytest.approx(2.4)
    # At least three repetitions: u1 ½, u2 1, u5 1.
    assert cell.repeat3_rate == pytest.approx(0.5)
    assert cell.transfer_rate == pytest.approx(0.2)
    assert cell.hold30_rate == pytest.approx(0.2)


def test_shrunk_score_pulls_toward_the_overall_mean(telco, calm):
    snapshot = leaderboards.recompute_full(today=TODAY)
    # Overall mean of the ten voices: (300 + 50) / 10 = 35; m = 10 phantom reporters.
    assert leaderboards.SHRINK_M == 10
    assert company_cell(snapshot, telco).shrunk == pytest.approx((5 * 60 + 10 * 35) / 15)
    assert company_cell(snapshot, calm).shrunk == pytest.approx((5 * 10 + 10 * 35) / 15)
    all_cell = Cell.objects.get(snapshot=snapshot, scope="all", period="12m")
    assert all_cell.mean == pytest.approx(35)
    assert all_cell.reporters == 10


def test_no_spread_gives_a_zero_width_interval(calm):
    cell = company_cell(leaderboards.recompute_full(today=TODAY), calm)
    assert (cell.ci_low, cell.median, cell.ci_high) == pytest.approx((10, 10, 10))


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(reporters):
    company = CompanyFactory()
    for owner, score in zip(reporters, [10, 20, 30, 40, 50, 100], strict=False):
        journey(company, owner, score)
    cell = company_cell(leaderboards.recompute_full(today=TODAY), company)
    assert cell.median == pytest.approx(35)
    assert cell.mean == pytest.approx(250 / 6)


@pytest.mark.parametrize(("count", "published"), [(4, False), (5, True)])
def test_cells_below_k_reporters_are_not_written(reporters, count, published, settings):
    settings.FRICTIONLOG_K_MIN = 5
    company = CompanyFactory(sector="bank")
    for owner in reporters[:count]:
        journey(company, owner, 50)
        journey(company, owner, 60)  # more journeys do not make more reporters
    snapshot = leaderboards.recompute_full(today=TODAY)
    assert Cell.objects.filter(snapshot=snapshot, company=company).exists() is published
    assert Cell.objects.filter(snapshot=snapshot, scope="sector", sector="bank").exists() is (
        published
    )
    assert Cell.objects.filter(snapshot=snapshot, scope="channel").exists() is published
    assert snapshot.k_min == 5


def test_k_follows_the_setting(reporters, settings):
    settings.FRICTIONLOG_K_MIN = 3
    company = CompanyFactory()
    for owner in reporters[:3]:
        journey(company, owner, 50)
    snapshot = leaderboards.recompute_full(today=TODAY)
    assert company_cell(snapshot, company).reporters == 3


def test_only_approved_journeys_of_active_companies_count(telco, reporters):
    journey(telco, reporters[0], 100, moderation_state=Journey.Moderation.PENDING)
    journey(telco, reporters[11], 100, moderation_state=Journey.Moderation.REJECTED)
    pending = CompanyFactory(status="pending")
    for owner in reporters[:6]:
        journey(pending, owner, 80)
    snapshot = leaderboards.recompute_full(today=TODAY)
    assert company_cell(snapshot, telco).journeys == 6
    assert not Cell.objects.filter(snapshot=snapshot, company=pending).exists()


def test_periods_rolling_window_is_52_whole_weeks_and_quarters_split(reporters):
    company = CompanyFactory()
    # The window for Wednesday 2025-06-18 starts on Monday 2024-06-24.
    assert leaderboards.window_start_for(TODAY) == datetime.date(2024, 6, 24)
    for owner in reporters[:5]:
        journey(company, owner, 40, started_on=datetime.date(2024, 6, 24))  # 2024 Q2, inside
        journey(company, owner, 80, started_on=datetime.date(2024, 6, 23))  # 2024 Q2, outside
        journey(company, owner, 60, started_on=datetime.date(2025, 1, 2))  # 2025 Q1
    snapshot = leaderboards.recompute_full(today=TODAY)
    assert company_cell(snapshot, company).mean == pytest.approx(50)
    assert company_cell(snapshot, company, period="2024Q2").mean == pytest.approx(60)
    assert company_cell(snapshot, company, period="2025Q1").mean == pytest.approx(60)
    assert snapshot.stats["periods"] == ["12m", "2025Q1", "2024Q2"]


def test_channel_cells_count_each_channel_a_journey_used(telco, calm):
    snapshot = leaderboards.recompute_full(today=TODAY)
    phone = company_cell(snapshot, telco, channel="phone")
    assert (phone.reporters, phone.mean) == (5, pytest.approx(60))
    assert not Cell.objects.filter(snapshot=snapshot, company=telco, channel="email").exists()
    email = Cell.objects.get(snapshot=snapshot, scope="channel", channel="email", period="12m")
    assert email.mean == pytest.approx(10)
    sector = Cell.objects.get(snapshot=snapshot, scope="sector", sector="telecom", period="12m")
    assert (sector.reporters, sector.journeys) == (10, 11)


def test_rank_ranges_where_intervals_overlap(telco, calm, reporters):
    third = CompanyFactory(name="Third")
    for owner, score in zip(reporters[:5], [50, 55, 60, 65, 70], strict=True):
        journey(third, owner, score)
    snapshot = leaderboards.recompute_full(today=TODAY)
    ranked = leaderboards.rank_cells(list(leaderboards.board_cells(snapshot, period="12m")))
    ranks = {r.cell.company.name: r.rank for r in ranked}
    # Calm [10, 10] lies wholly below both others, whose intervals overlap.
    assert ranks == {"Calm": "1", "Telco": "2–3", "Third": "2–3"}


def test_full_recompute_publishes_one_current_snapshot_and_keeps_the_old(telco):
    first = leaderboards.recompute_full(today=TODAY)
    second = leaderboards.recompute_full(today=TODAY)
    assert list(Snapshot.objects.filter(is_current=True)) == [second]
    assert (
        Cell.objects.filter(snapshot=first).count() == Cell.objects.filter(snapshot=second).count()
    )
    assert leaderboards.current_snapshot() == second


def test_incremental_recomputes_only_requested_companies(
    telco, calm, reporters, django_capture_on_commit_callbacks
):
    base = leaderboards.recompute_full(today=TODAY)
    journey(telco, reporters[11], 100)  # a sixth reporter...
    journey(calm, reporters[11], 100)  # ...also at Calm, whose figures are not requested
    with django_capture_on_commit_callbacks() as callbacks:
        leaderboards.request_recompute([telco.pk])
    assert len(callbacks) == 1
    leaderboards.recompute_incremental()
    current = leaderboards.current_snapshot()
    assert current.kind == "incremental" and current.pk != base.pk
    assert current.window_start == base.window_start
    assert company_cell(current, telco).reporters == 6
    assert company_cell(current, telco).mean == pytest.approx(400 / 6)
    assert company_cell(current, calm).reporters == 5  # copied from the base snapshot
    assert not RecomputeRequest.objects.filter(processed_at__isnull=True).exists()


def test_incremental_drops_a_company_that_fell_below_k(telco):
    leaderboards.recompute_full(today=TODAY)
    Journey.objects.filter(company=telco, owner__in=telco.journeys.values("owner")[:1]).update(
        moderation_state=Journey.Moderation.PENDING
    )
    leaderboards.request_recompute([telco.pk])
    leaderboards.recompute_incremental()
    assert not Cell.objects.filter(snapshot=leaderboards.current_snapshot(), company=telco).exists()


def test_incremental_with_nothing_requested_publishes_nothing(telco):
    base = leaderboards.recompute_full(today=TODAY)
    assert leaderboards.recompute_incremental() is None
    assert leaderboards.current_snapshot() == base


def test_recompute_killed_half_way_leaves_the_previous_snapshot(telco, calm, monkeypatch):
    before = leaderboards.recompute_full(today=TODAY)
    published = sorted(Cell.objects.filter(snapshot=before).values_list("id", "shrunk", "mean"))
    real_insert = leaderboards._insert_cells
    calls = []

    def dies_on_second_batch(*args, **kwargs):
        calls.append(kwargs["scope"])
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(leaderboards, "_insert_cells", dies_on_second_batch)
    with pytest.raises(RuntimeError):
        leaderboards.recompute_full(today=TODAY)
    assert calls == ["company", "sector"]  # company cells had been written when it died
    assert Snapshot.objects.get(is_current=True) == before
    assert Snapshot.objects.count() == 1
    assert sorted(Cell.objects.values_list("id", "shrunk", "mean")) == published


def test_request_recompute_records_companies_in_the_callers_transaction(telco, calm):
    leaderboards.request_recompute([telco.pk, calm.pk, telco.pk, None])
    assert sorted(RecomputeRequest.objects.values_list("company_id", flat=True)) == sorted(
        [telco.pk, calm.pk]
    )


def test_patterns_in_plain_words_most_common_first(telco):
    cell = company_cell(leaderboards.recompute_full(today=TODAY), telco)
    codes = [p.code for p in leaderboards.patterns_of(cell)]
    assert codes[:2] == ["repeat3", "no_human"]
