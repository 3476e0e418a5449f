"""Journey rows no one can single out: the journey-level open data of a snapshot, grouped by
every subset of its quasi-identifier columns (each channel flag a column of its own), has no
group of 1 to K−1 distinct reporters, so no figure under K can be computed from the rows."""

import csv
import io
import itertools
import json
from collections import defaultdict

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
)


def test_no_grouping_of_the_rows_singles_out_fewer_than_k_reporters(client, history):
    base = f"/snapshots/{history.pk}/files/"
    rows = list(csv.DictReader(io.StringIO(_content(client.get(base + "journeys.csv")))))
    manifest = json.loads(_content(client.get(base + "snapshot.json")))
    assert manifest["k_min"] == K and len(rows) > 50
    keys = [tuple(row[column] for column in QUASI_IDENTIFIERS) for row in rows]
    reporters = [row["reporter_key"] for row in rows]
    checked = 0
    for size in range(1, len(QUASI_IDENTIFIERS) + 1):
        for subset in itertools.combinations(range(len(QUASI_IDENTIFIERS)), size):
            groups = defaultdict(set)
            for key, reporter in zip(keys, reporters, strict=True):
                groups[tuple(key[i] for i in subset)].add(reporter)
            small = [group for group, members in groups.items() if len(members) < K]
            assert small == [], [QUASI_IDENTIFIERS[i] for i in subset]
            checked += 1
    assert checked == 2 ** len(QUASI_IDENTIFIERS) - 1


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
