"""Every published figure, on fixtures small enough to compute by hand. The same tests run with
SQLite and with PostgreSQL as the store; DuckDB computes from either's extract, so both give
these numbers."""

import csv
import datetime
import errno
import io

import duckdb
import pytest

from journeys import figures, leaderboards, opendata
from journeys.models import Cell, Journey, RecomputeRequest, Reply, Snapshot, channel_mask
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


@pytest.fixture
def reporters(db):
    return [UserFactory() for _ in range(12)]


@pytest.fixture
def telco(reporters):
    """Five reporters; the first reported twice alike (30), and one of the two is their voice.

    Voices 30, 50, 60, 70, 90: mean 60, median 60, sample variance 2000/4 = 500,
    standard error √500/√5 = 10, the mean's 90% interval 60 ± 16.45.
    """
    company = CompanyFactory(name="Telco", sector="telecom")
    u1, u2, u3, u4, u5 = reporters[:5]
    for _ in range(2):
        journey(company, u1, 30, reached_human=True, minutes_to_human=30, repetitions=1)
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
    # The journey that is not u1's voice says its reporter has another one here: a reporter
    # alone, under K, so its row is left out of the release, and out of the figures.
    assert cell.journeys == 5
    assert cell.reporters == 5
    assert cell.mean == pytest.approx(60)
    assert cell.median == pytest.approx(60)
    assert cell.mean_ci_low == pytest.approx(60 - 16.45)
    assert cell.mean_ci_high == pytest.approx(60 + 16.45)
    # Alone on the board, Telco is its own target: shrunk 60, with the posterior's interval
    # 60 ± 1.645·√500/√(5 + 10).
    assert cell.shrunk == pytest.approx(60)
    assert cell.ci_low == pytest.approx(60 - 1.645 * (500 / 15) ** 0.5)
    assert cell.ci_high == pytest.approx(60 + 1.645 * (500 / 15) ** 0.5)


def test_a_journey_that_is_not_its_reporters_voice_counts_as_a_journey_only(
    telco, reporters, settings
):
    """Where the release may publish it (K = 1), the journey that is not its reporter's voice is
    a journey of the cell and a row of the file marked as no voice; it adds no voice."""
    settings.FRICTIONLOG_K_MIN = 1
    journey(telco, reporters[1], 100)  # u2's second journey: 50 or 100 speaks for them
    snapshot = leaderboards.recompute_full(today=TODAY)
    cell = company_cell(snapshot, telco)
    assert (cell.journeys, cell.reporters) == (7, 5)
    rows = list(csv.DictReader(io.StringIO(_read(snapshot, "journeys.csv").decode())))
    marks = sorted((float(r["score"]), r["voice_quarter"], r["voice_12m"]) for r in rows)
    assert sorted(marks[:2]) == [(30, "0", "0"), (30, "1", "1")]
    u2 = [mark for mark in marks if mark[0] in (50, 100)]
    assert sorted(mark[1:] for mark in u2) == [("0", "0"), ("1", "1")]
    voice = next(score for score, _quarter, twelve in u2 if twelve == "1")
    assert cell.mean == pytest.approx((30 + voice + 60 + 70 + 90) / 5)
    # The pick is keyed: the same in the next snapshot.
    again = leaderboards.recompute_full(today=TODAY)
    assert company_cell(again, telco).mean == cell.mean


def test_driver_rates_are_shares_of_voices(telco):
    cell = company_cell(leaderboards.recompute_full(today=TODAY), telco)
    # Closed without resolution: u2.
    assert cell.closed_rate == pytest.approx(0.2)
    assert cell.loop_rate == pytest.approx(0.2)
    # Never reached a human: u3 and u5.
    assert cell.no_human_rate == pytest.approx(0.4)
    # Minutes to a human over voices that reached one: u1 30, u2 40, u4 5.
    assert cell.median_minutes_to_human == pytest.approx(30)
    # Repetitions: u1 1, u2 4, u3 0, u4 0, u5 6 → 11 / 5.
    assert cell.mean_repetitions == pytest.approx(2.2)
    # At least three repetitions: u2 and u5.
    assert cell.repeat3_rate == pytest.approx(0.4)
    assert cell.transfer_rate == pytest.approx(0.2)
    assert cell.hold30_rate == pytest.approx(0.2)


def test_shrunk_score_pulls_toward_the_overall_mean(telco, calm):
    snapshot = leaderboards.recompute_full(today=TODAY)
    # Overall mean of the ten voices: (300 + 50) / 10 = 35; m = 10 phantom reporters.
    assert leaderboards.SHRINK_M == 10
    telco_cell, calm_cell = company_cell(snapshot, telco), company_cell(snapshot, calm)
    assert telco_cell.shrunk == pytest.approx((5 * 60 + 10 * 35) / 15)
    assert calm_cell.shrunk == pytest.approx((5 * 10 + 10 * 35) / 15)
    # The interval is the shrunk score's own: σ/√(n + m) around it, σ the cell's spread.
    half = 1.645 * (500 / 15) ** 0.5
    assert (telco_cell.ci_low, telco_cell.ci_high) == pytest.approx(
        (telco_cell.shrunk - half, telco_cell.shrunk + half)
    )
    all_cell = Cell.objects.get(snapshot=snapshot, scope="all", period="12m")
    assert all_cell.mean == pytest.approx(35)
    assert all_cell.reporters == 10
    assert {t["period"]: t["mean"] for t in snapshot.stats["targets"] if not t["channel"]} == {
        "12m": pytest.approx(35),
        "2025Q2": pytest.approx(35),
    }


def test_a_single_voice_takes_the_spread_of_its_board(reporters, settings):
    """With K = 1 a company of one voice has no spread of its own: its interval uses the
    spread of all voices of the period (here 20 and 40 over two companies: sd √200)."""
    settings.FRICTIONLOG_K_MIN = 1
    one, other = CompanyFactory(), CompanyFactory()
    journey(one, reporters[0], 20)
    journey(other, reporters[1], 40)
    cell = company_cell(leaderboards.recompute_full(today=TODAY), one)
    assert cell.shrunk == pytest.approx((20 + 10 * 30) / 11)
    assert cell.ci_high - cell.shrunk == pytest.approx(1.645 * (200 / 11) ** 0.5)


def test_every_shown_score_lies_inside_its_shown_interval(reporters):
    """A company far from the others: before, its shrunk score (pulled toward the others) lay
    outside the interval of its mean. Now every score sits inside its own interval."""
    extreme = CompanyFactory(name="Extreme")
    for owner in reporters[:5]:
        journey(extreme, owner, 95)
    mild = CompanyFactory(name="Mild")
    for owner, score in zip(reporters[5:], [5, 10, 15, 20, 25, 30, 35], strict=True):
        journey(mild, owner, score)
    snapshot = leaderboards.recompute_full(today=TODAY)
    cell = company_cell(snapshot, extreme)
    assert cell.mean_ci_low == cell.mean_ci_high == pytest.approx(95)
    assert cell.shrunk < 95  # pulled toward the overall mean
    for published in Cell.objects.filter(snapshot=snapshot):
        assert published.ci_low <= published.shrunk <= published.ci_high
        assert published.mean_ci_low <= published.mean <= published.mean_ci_high


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
    assert company_cell(snapshot, telco).journeys == 5
    assert not Cell.objects.filter(snapshot=snapshot, company=pending).exists()


def test_periods_rolling_window_is_52_whole_weeks_and_quarters_split(reporters):
    company = CompanyFactory()
    # The window for Wednesday 2025-06-18 starts on Monday 2024-06-24.
    assert leaderboards.window_start_for(TODAY) == datetime.date(2024, 6, 24)
    for first, second in zip(reporters[:5], reporters[5:10], strict=True):
        journey(company, first, 40, started_on=datetime.date(2024, 6, 24))  # 2024 Q2, inside
        journey(company, second, 80, started_on=datetime.date(2024, 6, 23))  # 2024 Q2, outside
        journey(company, second, 60, started_on=datetime.date(2025, 1, 2))  # 2025 Q1
    snapshot = leaderboards.recompute_full(today=TODAY)
    # The 12 months: the first five's 40 and the others' 60 (their 80 fell outside).
    twelve = company_cell(snapshot, company)
    assert (twelve.journeys, twelve.reporters, twelve.mean) == (10, 10, pytest.approx(50))
    # Each quarter has each reporter's voice in it: 40 and 80 in 2024 Q2, 60 in 2025 Q1.
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
    assert (sector.reporters, sector.journeys) == (10, 10)


def test_rank_ranges_where_intervals_overlap(telco, calm, reporters):
    third = CompanyFactory(name="Third")
    for owner, score in zip(reporters[:5], [50, 55, 60, 65, 70], strict=True):
        journey(third, owner, score)
    snapshot = leaderboards.recompute_full(today=TODAY)
    ranked = figures.board_cells(snapshot, period="12m")
    ranks = {cell.company.name: figures.rank_label(cell) for cell in ranked}
    # Calm's interval lies wholly below both others, whose intervals overlap.
    assert ranks == {"Calm": "1", "Telco": "2–3", "Third": "2–3"}
    assert ranked[0].company.name == "Calm"


def test_ranks_count_only_intervals_wholly_apart(reporters, settings):
    """Four companies whose intervals chain: A overlaps B, B overlaps C, C overlaps D, but A
    and C do not: A 1–2, B 1–3, C 2–4, D 3–4."""
    settings.FRICTIONLOG_K_MIN = 3
    centres = {"A": 20, "B": 30, "C": 40, "D": 50}
    for index, (name, centre) in enumerate(centres.items()):
        company = CompanyFactory(name=name)
        for offset, owner in zip((-4, 0, 4), reporters[index * 3 : index * 3 + 3], strict=True):
            journey(company, owner, centre + offset)
    snapshot = leaderboards.recompute_full(today=TODAY)
    cells = list(figures.board_cells(snapshot, period="12m"))
    # The premise: shrunk scores 2.31 apart ((3·c + 10·35)/13), each ± 1.645·4/√13 = ±1.82.
    assert [round(cell.shrunk, 2) for cell in cells] == [31.54, 33.85, 36.15, 38.46]
    assert {round(cell.ci_high - cell.shrunk, 2) for cell in cells} == {1.82}
    ranks = {cell.company.name: figures.rank_label(cell) for cell in cells}
    assert ranks == {"A": "1–2", "B": "1–3", "C": "2–4", "D": "3–4"}


def test_full_recompute_publishes_one_current_snapshot_and_keeps_the_old(telco):
    first = leaderboards.recompute_full(today=TODAY)
    second = leaderboards.recompute_full(today=TODAY)
    assert list(Snapshot.objects.filter(is_current=True)) == [second]
    assert (
        Cell.objects.filter(snapshot=first).count() == Cell.objects.filter(snapshot=second).count()
    )
    assert figures.current_snapshot() == second
    assert first.files.keys() == second.files.keys() == set(opendata.FILE_NAMES)


def test_a_change_publishes_a_whole_snapshot(
    telco, calm, reporters, django_capture_on_commit_callbacks
):
    """After one approval every figure is recomputed: the company's, its sector's, the
    channels', the overall ones and every other company's shrunk score (the target moved)."""
    base = leaderboards.recompute_full(today=TODAY)
    journey(telco, reporters[11], 100)  # a sixth reporter at Telco
    with django_capture_on_commit_callbacks() as callbacks:
        leaderboards.request_recompute([telco.pk])
    assert len(callbacks) == 1
    current = leaderboards.recompute(kind=Snapshot.Kind.CHANGES, today=TODAY)
    assert current.kind == "changes" and current.pk != base.pk
    assert figures.current_snapshot() == current
    assert company_cell(current, telco).reporters == 6
    assert company_cell(current, telco).mean == pytest.approx(400 / 6)
    overall = (400 + 50) / 11
    assert company_cell(current, calm).shrunk == pytest.approx((5 * 10 + 10 * overall) / 15)
    sector = Cell.objects.get(snapshot=current, scope="sector", sector="telecom", period="12m")
    assert sector.journeys == 11
    assert not RecomputeRequest.objects.filter(processed_at__isnull=True).exists()


def test_pending_drops_a_company_that_fell_below_k(telco):
    leaderboards.recompute_full(today=TODAY)
    Journey.objects.filter(company=telco, owner__in=telco.journeys.values("owner")[:1]).update(
        moderation_state=Journey.Moderation.PENDING
    )
    leaderboards.request_recompute([telco.pk])
    leaderboards.recompute_pending()
    assert not Cell.objects.filter(snapshot=figures.current_snapshot(), company=telco).exists()


def test_pending_with_nothing_requested_publishes_nothing(telco):
    base = leaderboards.recompute_full(today=TODAY)
    assert leaderboards.recompute_pending() is None
    assert figures.current_snapshot() == base


def test_recompute_killed_half_way_leaves_the_previous_snapshot(telco, calm, monkeypatch):
    before = leaderboards.recompute_full(today=TODAY)
    published = sorted(Cell.objects.filter(snapshot=before).values_list("id", "shrunk", "mean"))
    files = {name: _read(before, name) for name in before.files}
    real_insert = leaderboards._insert_cells

    def dies_half_way(snapshot_id, rows):
        real_insert(snapshot_id, rows[: len(rows) // 2])
        raise RuntimeError("worker killed")

    monkeypatch.setattr(leaderboards, "_insert_cells", dies_half_way)
    with pytest.raises(RuntimeError):
        leaderboards.recompute_full(today=TODAY)
    assert Snapshot.objects.get(is_current=True) == before
    assert figures.current_snapshot() == before
    assert sorted(Cell.objects.values_list("id", "shrunk", "mean")) == published
    assert {name: _read(before, name) for name in before.files} == files
    # The dead run's row never published: no page, API answer or file shows it.
    dead = Snapshot.objects.exclude(pk=before.pk).get()
    assert dead.published_at is None and not dead.is_current


def test_a_journeys_file_that_cannot_be_written_fails_the_run(telco, calm, monkeypatch):
    """The journeys file is written on a thread of its own while the cells are computed; a
    failure there (a disk that fills up under its gzip copy) fails the run all the same."""
    before = leaderboards.recompute_full(today=TODAY)
    real_gzip = leaderboards._gzip

    def disk_full(source, target):
        if not target.name.startswith("journeys"):
            return real_gzip(source, target)
        target.write_bytes(b"\x1f\x8b")  # the first bytes made it to disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(leaderboards, "_gzip", disk_full)
    with pytest.raises(OSError, match="No space left"):
        leaderboards.recompute_full(today=TODAY)
    assert figures.current_snapshot() == before
    dead = Snapshot.objects.exclude(pk=before.pk).get()
    assert dead.published_at is None and dead.files == {}
    assert not opendata.storage().exists(opendata.file_name(dead.pk, "journeys.csv.gz"))


def test_cells_in_batches_are_those_made_at_once(telco, calm, monkeypatch):
    """Beyond VOICES_PER_BATCH voices the cells of every scope are made in batches (a median's
    values stay in memory): of companies, and of the wider cells' groups; every cell and rank
    comes out the same."""

    def cells(snapshot):
        keys = ("scope", "company_id", "sector", "channel", "period", "rank_low", "rank_high")
        return {
            tuple(row[key] for key in keys): [row[name] for name in leaderboards.FIGURE_FIELDS]
            for row in Cell.objects.filter(snapshot=snapshot).values()
        }

    at_once = cells(leaderboards.recompute_full(today=TODAY))
    assert {key[0] for key in at_once} == {"company", "sector", "channel", "all"}
    # Several batch counts, so the groups fall in different batches, the last one included.
    for size in (1, 3, 4, 7):
        monkeypatch.setattr(leaderboards, "VOICES_PER_BATCH", size)
        in_batches = cells(leaderboards.recompute_full(today=TODAY))
        assert in_batches.keys() == at_once.keys(), size
        for key, figures_at_once in at_once.items():
            assert in_batches[key] == pytest.approx(figures_at_once, nan_ok=True)


@pytest.mark.parametrize(
    ("limit", "voices"), [("300MB", 2_000_000), ("1GB", 6_666_667), ("150MB", 1_000_000)]
)
def test_a_batch_takes_more_voices_where_duckdb_may_use_more_memory(limit, voices):
    db = duckdb.connect(config={"memory_limit": limit})
    assert leaderboards._voices_per_batch(db) == pytest.approx(voices, rel=0.01)


@pytest.mark.parametrize(
    ("journeys", "machine", "limit"),
    [
        (1_000_000, 16 * 10**9, "300MB"),  # the floor
        (10_000_000, 16 * 10**9, "1000MB"),  # 100 bytes a journey
        (10_000_000, 2 * 10**9, "500MB"),  # a quarter of the machine
        (10_000_000, 10**9, "300MB"),  # never under the floor
    ],
)
def test_duckdb_memory_follows_the_journeys_within_the_machine(
    journeys, machine, limit, settings, monkeypatch
):
    settings.FRICTIONLOG_DUCKDB_MEMORY = ""
    monkeypatch.setattr(leaderboards, "_machine_memory", lambda: machine)
    assert leaderboards.memory_limit(journeys) == limit


@pytest.mark.parametrize(("setting", "used"), [("", "286.1 MiB"), ("256MB", "244.1 MiB")])
def test_a_snapshot_runs_with_the_memory_set_or_that_of_its_journeys(
    telco, calm, settings, setting, used
):
    """Unset, a small snapshot gets the floor (300 MB); set, the operator's figure as it is."""
    settings.FRICTIONLOG_DUCKDB_MEMORY = setting
    snapshot = leaderboards.recompute_full(today=TODAY)
    assert snapshot.stats["duckdb"]["memory_limit"] == used


class StoreWentAway(Exception):
    pass


def _breaks_off(real_write):
    """The journeys' read from the store, broken off in the middle of a row."""

    def write(sql, out):
        if sql != leaderboards._journeys_sql():
            return real_write(sql, out)
        rows = io.BytesIO()
        real_write(sql, rows)
        out.write(rows.getvalue()[: len(rows.getvalue()) // 2])
        raise StoreWentAway

    return write


def _garbled(real_write):
    """The journeys' read from the store, as rows DuckDB cannot load."""

    def write(sql, out):
        if sql != leaderboards._journeys_sql():
            return real_write(sql, out)
        out.write(b"not,a,journey\n")
        return 1

    return write


@pytest.mark.parametrize(
    ("fault", "error"), [(_breaks_off, StoreWentAway), (_garbled, duckdb.Error)]
)
def test_a_failed_extract_publishes_nothing(telco, calm, monkeypatch, fault, error):
    """When the store's read breaks off, or DuckDB cannot load what it wrote, the run stops
    with that error and the previous snapshot stays current."""
    before = leaderboards.recompute_full(today=TODAY)
    monkeypatch.setattr(leaderboards, "_write_csv", fault(leaderboards._write_csv))
    with pytest.raises(error):
        leaderboards.recompute_full(today=TODAY)
    assert figures.current_snapshot() == before
    assert Snapshot.objects.count() == 1


def _read(snapshot, name):
    with opendata.storage().open(opendata.file_name(snapshot.pk, name)) as f:
        return f.read()


def test_request_recompute_records_companies_in_the_callers_transaction(telco, calm):
    leaderboards.request_recompute([telco.pk, calm.pk, telco.pk, None])
    assert sorted(RecomputeRequest.objects.values_list("company_id", flat=True)) == sorted(
        [telco.pk, calm.pk]
    )


def test_patterns_in_plain_words_most_common_first(telco):
    cell = company_cell(leaderboards.recompute_full(today=TODAY), telco)
    codes = [p.code for p in figures.patterns_of(cell)]
    assert codes[:2] == ["repeat3", "no_human"]


def test_company_names_with_commas_quotes_and_new_lines_survive_the_engine(reporters):
    company = CompanyFactory(name='Bol, "de winkel"\nB.V.')
    for owner in reporters[:5]:
        journey(company, owner, 40)
    snapshot = leaderboards.recompute_full(today=TODAY)
    assert company_cell(snapshot, company).mean == pytest.approx(40)


PUBLISHED = datetime.datetime(2025, 5, 20, 10, 0, tzinfo=datetime.UTC)


def reply(made, *, days, category="closed_explanation", sequence=1, state="published", **judged):
    """A reply to `made`, published `days` after the journey was (when its state says so)."""
    at = PUBLISHED + datetime.timedelta(days=days)
    return Reply.objects.create(
        journey=made,
        company_id=made.company_id,
        sequence=sequence,
        category=category,
        text="Antwoord",
        state=state,
        published_at=at if state == "published" else None,
        rated_at=at + datetime.timedelta(days=1) if judged else None,
        **judged,
    )


@pytest.fixture
def replied(telco):
    """Telco's journeys, all published on the same day, with these replies:

    u1 (two journeys alike): both replied after 3 days, rated 4 and resolved (one is their voice).
    u2: "in progress" after 20 days (rated 1, not resolved), then a final reply after 25 days,
        rated 3 and resolved: the latest judged reply counts.
    u3: "no reply intended" after a day: not a reply.
    u4: replied after exactly 15 days, rated 5, not resolved.
    u5: a reply still waiting for a moderator: not published, not a reply.

    Voices replied: u1, u2 and u4 → 3 / 5 = 0.6. Within 15 days: u1 and u4 → 2 / 5 = 0.4.
    Judged: u1 (1, rating 4), u2 (1, rating 3), u4 (0, rating 5): three reporters, resolved 2/3,
    mean rating 4.
    """
    Journey.objects.filter(company=telco).update(published_at=PUBLISHED)
    by_score = {j.score: j for j in Journey.objects.filter(company=telco)}
    for twin in Journey.objects.filter(company=telco, score=30):
        reply(twin, days=3, rating=4, resolved=True)
    reply(by_score[50], days=20, category="in_progress", rating=1, resolved=False)
    reply(by_score[50], days=25, category="closed_monetary", sequence=2, rating=3, resolved=True)
    reply(by_score[60], days=1, category="no_reply")
    reply(by_score[70], days=15, rating=5, resolved=False)
    reply(by_score[90], days=2, state="pending")
    return telco


def test_reply_figures_are_shares_of_voices(replied, settings):
    settings.FRICTIONLOG_K_MIN = 3
    snapshot = leaderboards.recompute_full(today=TODAY)
    for cell in (
        company_cell(snapshot, replied),
        Cell.objects.get(snapshot=snapshot, scope="sector", sector="telecom", period="12m"),
        Cell.objects.get(snapshot=snapshot, scope="all", period="12m"),
    ):
        assert cell.reply_rate == pytest.approx(0.6)
        assert cell.reply_15d_rate == pytest.approx(0.4)
        assert cell.resolved_reporters == cell.rating_reporters == 3
        assert cell.resolved_after_reply_rate == pytest.approx(2 / 3)
        assert cell.mean_rating == pytest.approx(4)
    # A quarter's and a channel's cells overlap the 12 months: they show the reply shares and
    # how many judged, never the judgements (their difference could be one reporter's).
    for cell in (
        company_cell(snapshot, replied, channel="phone"),
        company_cell(snapshot, replied, period="2025Q2"),
        Cell.objects.get(snapshot=snapshot, scope="all", period="2025Q2"),
    ):
        assert (cell.reply_rate, cell.resolved_reporters, cell.rating_reporters) == (
            pytest.approx(0.6),
            3,
            3,
        )
        assert cell.resolved_after_reply_rate is None and cell.mean_rating is None


def test_wider_judgements_count_only_companies_that_publish_their_own(replied, reporters, settings):
    """A second telecom company whose one judged reply is under K: the sector's judgements are
    Telco's alone, so subtracting Telco from the sector gives nothing away."""
    settings.FRICTIONLOG_K_MIN = 3
    other = CompanyFactory(name="Other", sector="telecom")
    for owner, score in zip(reporters[5:8], (10, 20, 30), strict=True):
        journey(other, owner, score)
    rated = Journey.objects.get(company=other, score=10)
    Journey.objects.filter(company=other).update(published_at=PUBLISHED)
    reply(rated, days=2, rating=1, resolved=False)
    snapshot = leaderboards.recompute_full(today=TODAY)
    alone = company_cell(snapshot, other)
    assert (alone.rating_reporters, alone.mean_rating) == (1, None)
    sector = Cell.objects.get(snapshot=snapshot, scope="sector", sector="telecom", period="12m")
    assert sector.reporters == 8
    assert (sector.rating_reporters, sector.mean_rating) == (3, pytest.approx(4))
    assert sector.resolved_after_reply_rate == pytest.approx(2 / 3)


def test_reply_judgements_below_k_reporters_are_suppressed(replied):
    """K = 5: the five reporters publish the cell and its reply shares, but only three judged a
    reply, so the resolved share and the mean rating stay unpublished (their count is shown)."""
    snapshot = leaderboards.recompute_full(today=TODAY)
    cell = company_cell(snapshot, replied)
    assert (cell.reply_rate, cell.reply_15d_rate) == pytest.approx((0.6, 0.4))
    assert cell.resolved_reporters == cell.rating_reporters == 3
    assert cell.resolved_after_reply_rate is None
    assert cell.mean_rating is None
    board = csv.DictReader(io.StringIO(_read(snapshot, "leaderboard.csv").decode()))
    row = next(r for r in board if r["scope"] == "company" and r["period"] == "12m")
    assert (row["reply_rate"], row["resolved_reporters"], row["mean_rating"]) == ("0.6", "3", "")


def test_the_journeys_file_carries_whether_a_journey_was_replied_to_not_its_judgement(
    replied, settings
):
    """Whether and how fast a company replied is the company's own doing, in each row; the
    reporter's judgement of the reply is theirs, in the cells only."""
    settings.FRICTIONLOG_K_MIN = 3
    snapshot = leaderboards.recompute_full(today=TODAY)
    rows = list(csv.DictReader(io.StringIO(_read(snapshot, "journeys.csv").decode())))
    outcomes = sorted((float(r["score"]), r["replied"], r["replied_15d"]) for r in rows)
    assert outcomes == [
        (30.0, "1", "1"),
        (50.0, "1", "0"),
        (60.0, "0", "0"),
        (70.0, "1", "1"),
        (90.0, "0", "0"),
    ]
    assert not {"resolved_after_reply", "reply_rating", "rating", "resolved"} & set(rows[0])
