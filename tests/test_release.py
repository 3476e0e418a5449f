"""Journey rows no one can single out: the journey-level open data of a snapshot, grouped by
every subset of its quasi-identifier columns (each channel flag a column of its own, and the
marks of a reporter's voice), has no group of 1 to K−1 distinct reporters, so no figure under K
can be computed from the rows. The rows name no reporter: the test runs the engine's release
again with each row's reporter kept beside it."""

import csv
import io
import itertools
import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb

from journeys import leaderboards
from journeys.models import Channel

from .open_data import K
from .open_data import content as _content

QUASI_IDENTIFIERS = (
    "company",
    "week",
    "quarter",
    "in_12m",
    "goal",
    "status",
    *(f"channel_{channel}" for channel in Channel.values),
    "voice_quarter",
    "voice_12m",
)


def _reporters(snapshot, rows: list[dict]) -> list[int]:
    """Each row's reporter: the engine's release run again on the store, with the owner kept
    beside each row, and its rows checked to be the file's, in the file's order."""
    work = Path(tempfile.mkdtemp())
    db = duckdb.connect()
    try:
        companies = leaderboards._companies()
        leaderboards._load(db, work, companies=companies, window_start=snapshot.window_start)
        leaderboards._release(db, k=snapshot.k_min)
        sql = leaderboards._JOURNEYS_SQL.replace("SELECT c.name", "SELECT j.owner_id, c.name", 1)
        result = db.execute(sql)
        names = [column[0] for column in result.description]
        mine = [dict(zip(names, values, strict=True)) for values in result.fetchall()]
    finally:
        db.close()
        shutil.rmtree(work)
    as_text = [
        {name: "" if value is None else str(value) for name, value in row.items()} for row in mine
    ]
    assert [
        {name: row[name] for name in ("company_slug", "week", "score", "voice_12m")}
        for row in as_text
    ] == [
        {name: row[name] for name in ("company_slug", "week", "score", "voice_12m")} for row in rows
    ]
    return [row["owner_id"] for row in mine]


def test_no_grouping_of_the_rows_singles_out_fewer_than_k_reporters(client, history):
    base = f"/snapshots/{history.pk}/files/"
    rows = list(csv.DictReader(io.StringIO(_content(client.get(base + "journeys.csv")))))
    manifest = json.loads(_content(client.get(base + "snapshot.json")))
    assert manifest["k_min"] == K and len(rows) > 50
    assert "reporter_key" not in rows[0]
    # A column of one value groups nothing: the subsets of the others are the groupings.
    columns = [c for c in QUASI_IDENTIFIERS if len({row[c] for row in rows}) > 1]
    assert {"voice_quarter", "voice_12m", "channel_phone", "quarter"} <= set(columns)
    keys = [tuple(row[column] for column in columns) for row in rows]
    reporters = _reporters(history, rows)
    assert len(set(reporters)) > 2 * K
    checked = 0
    for size in range(1, len(columns) + 1):
        for subset in itertools.combinations(range(len(columns)), size):
            groups = defaultdict(set)
            for key, reporter in zip(keys, reporters, strict=True):
                groups[tuple(key[i] for i in subset)].add(reporter)
            small = [group for group, members in groups.items() if len(members) < K]
            assert small == [], [columns[i] for i in subset]
            checked += 1
    assert checked == 2 ** len(columns) - 1


def test_the_rows_withhold_what_would_single_someone_out(client, history):
    """The history has reporters who stand out: their rows keep less (a week, a goal, a channel)
    or are left out, and the methodology page says how many."""
    rows = list(
        csv.DictReader(
            io.StringIO(_content(client.get(f"/snapshots/{history.pk}/files/journeys.csv")))
        )
    )
    assert any(row["week"] == "" for row in rows)
    assert any(row["goal"] == "" for row in rows)
    released = history.stats["release"]
    assert released["left_out"] > 0
    page = _content(client.get("/methodology/"))
    assert f"{released['left_out']} left out" in page
