"""A journalist's check: every figure a snapshot published is re-derived from that snapshot's own
files (journeys.csv and snapshot.json) with the formulas on /methodology/, independently of the
engine (plain Python here, DuckDB there), after a history of approvals, a withdrawal and an
account erasure. Runs on SQLite and on PostgreSQL as the store.

A reporter's voice at a company in a period is their latest journey there, marked in its row
(`voice_quarter`, `voice_12m`); no row says which reporter it is. So the one figure that cannot
be recounted from the files is the number of distinct reporters of a sector, channel or overall
cell (one person may speak at several companies). The methodology says so; the test checks what
can be checked of it (at most the number of voices).

The reporters' judgements of replies (resolved after a reply, the rating) are in no row, only in
the 12-month cells of all channels: a company's are checked against what the rows allow (how many
voices had a reply), a sector's and the overall one are re-derived exactly from the published
company cells they are made of.
"""

import csv
import io
import json
import math
import statistics
from collections import defaultdict

import pytest

from journeys import leaderboards
from journeys.models import Cell, Channel

from .open_data import content as _content

FIGURES = leaderboards.FIGURE_FIELDS
# The judgements of replies, each with its count of reporters: in the cells only.
JUDGED = {"resolved_after_reply_rate": "resolved_reporters", "mean_rating": "rating_reporters"}


def test_every_published_figure_re_derives_from_the_snapshots_files(client, history):
    snapshot = history
    base = f"/snapshots/{snapshot.pk}/files/"
    manifest = json.loads(_content(client.get(base + "snapshot.json")))
    journeys = list(csv.DictReader(io.StringIO(_content(client.get(base + "journeys.csv")))))
    published = list(csv.DictReader(io.StringIO(_content(client.get(base + "leaderboard.csv")))))
    assert manifest["rows"]["journeys"] == len(journeys) > 50
    # The history is varied enough that the release had to withhold and leave out rows.
    levels = [level["rows"] for level in manifest["release"]["levels"]]
    assert sum(1 for rows in levels if rows) >= 2, levels

    # Replies: some journeys replied to, some within 15 days, judged often enough that some
    # cells publish the judgements and others withhold them.
    assert {row["replied_15d"] for row in journeys} == {"0", "1"}
    assert {row["mean_rating"] == "" for row in published if row["scope"] == "company"} == {
        True,
        False,
    }

    derived, targets = _derive(journeys, manifest)
    assert {(t["period"], t["channel"]): t["mean"] for t in manifest["targets"]} == pytest.approx(
        {key: value["mean"] for key, value in targets.items()}
    )
    by_key = {_key(row): row for row in published}
    company_keys = {key for key in derived if key[0] == "company"}
    # Company cells: exactly the groups of K or more reporters, every figure equal.
    assert {key for key in by_key if key[0] == "company"} == company_keys
    wider = {key for key in by_key if key[0] != "company"}
    assert wider <= set(derived)
    assert {key[0] for key in wider} == {"sector", "channel", "all"}
    judged = 0
    for key, row in by_key.items():
        mine = derived[key]
        for field in FIGURES:
            if key[0] != "company" and field == "reporters":
                assert int(row[field]) <= mine["voices"]
                continue
            if field in JUDGED.values():
                # A reporter who judged a reply had one: at most the voices replied to.
                assert int(row[field]) <= mine["replied_voices"], (key, field)
                continue
            if field in JUDGED:
                judged += _check_judgement(key, row, field, by_key, int(manifest["k_min"]))
                continue
            theirs = row[field]
            if mine[field] is None:
                assert theirs == "", (key, field)
            else:
                assert float(theirs) == pytest.approx(mine[field], rel=1e-9, abs=1e-9), (key, field)
        if key[0] == "company":
            assert (int(row["rank_low"]), int(row["rank_high"])) == mine["ranks"], key
    # Some wider cells published a judgement re-derived from their companies'.
    assert judged > 0
    # And some companies' reply clock medians, checked above like every other figure.
    assert any(row["median_days_to_final_reply"] for row in published)
    # The file is the store's snapshot: same cells, same figures.
    assert Cell.objects.filter(snapshot=snapshot).count() == len(published)
    for cell in Cell.objects.filter(snapshot=snapshot).select_related("company"):
        key = (cell.scope, cell.company.slug if cell.company else "", cell.sector,
               cell.channel, cell.period)  # fmt: skip
        assert float(by_key[key]["shrunk"]) == pytest.approx(cell.shrunk)


def _check_judgement(key, row, field, by_key, k) -> int:
    """A judgement figure as the cells publish it; 1 when a wider cell's was re-derived."""
    scope, _company, sector, channel, period = key
    count = JUDGED[field]
    if (period, channel) != ("12m", ""):
        # A quarter or a channel overlaps the 12 months: no judgement, only its count.
        assert row[field] == "", (key, field)
        return 0
    if scope == "company":
        # The value is the engine's to tell (the rows hold no judgement); it is published
        # exactly when K or more reporters judged.
        assert (row[field] != "") == (int(row[count]) >= k), (key, field)
        return 0
    # A sector's or the overall judgement: the published companies' judgements it is made of,
    # weighted by their reporters, and nothing else.
    parts = [
        (int(other[count]), float(other[field]))
        for (o_scope, _slug, o_sector, o_channel, o_period), other in by_key.items()
        if (o_scope, o_channel, o_period) == ("company", "", "12m")
        and (scope == "all" or o_sector == sector)
        and other[field] != ""
    ]
    if not parts:
        assert row[field] == "", (key, field)
        return 0
    assert int(row[count]) <= sum(n for n, _value in parts)
    expected = sum(n * value for n, value in parts) / sum(n for n, _value in parts)
    assert float(row[field]) == pytest.approx(expected, rel=1e-9), (key, field)
    return 1


def _number(text: str) -> int | None:
    return int(text) if text != "" else None


def _clock_figures(scope: str, voices: list[dict], k: int) -> dict:
    """The reply clock's medians (company cells only), each over the voices that had one and
    published from K such voices, with their count."""
    figures = {}
    for days, median, count in (
        ("first_days", "median_days_to_first_response", "first_response_reporters"),
        ("final_days", "median_days_to_final_reply", "final_reply_reporters"),
    ):
        had = [v[days] for v in voices if v[days] is not None]
        company = scope == "company"
        figures[count] = len(had) if company else None
        figures[median] = statistics.median(had) if company and len(had) >= k else None
    return figures


def _key(row) -> tuple:
    sector = row["sector"]
    return (row["scope"], row["company_slug"], sector, row["channel"], row["period"])


def _mean(values):
    return sum(values) / len(values)


def _derive(journeys_rows: list[dict], manifest: dict) -> tuple[dict, dict]:
    k, m, z = manifest["k_min"], manifest["shrink_m"], manifest["z90"]

    def voice(row):
        minutes = row["minutes_to_human"]
        return {
            "score": float(row["score"]),
            "closed": int(row["closed_unresolved"]),
            "looped": int(row["loops"]) > 0,
            "no_human": 1 - int(row["reached_human"]),
            "mth": int(minutes) if minutes != "" else None,
            "reps": int(row["repetitions"]),
            "rep3": int(row["repetitions"]) >= leaderboards.REPEAT_PATTERN_MIN,
            "transferred": int(row["transfers"]) > 0,
            "hold30": int(row["hold_minutes"]) >= leaderboards.HOLD_PATTERN_MINUTES,
            "replied": int(row["replied"]),
            "replied_15d": int(row["replied_15d"]),
            "first_days": _number(row["days_to_first_response"]),
            "final_days": _number(row["days_to_final_reply"]),
        }

    # (company, sector, period, channel) -> its voices, and its number of released journeys
    per_company, journeys = defaultdict(list), defaultdict(int)
    for row in journeys_rows:
        company, sector = row["company_slug"], row["sector"]
        groups = []
        if row["quarter"]:  # "" where the quarter was withheld
            groups.append(((company, sector, row["quarter"], ""), row["voice_quarter"]))
        if row["in_12m"] == "1":
            groups.append(((company, sector, "12m", ""), row["voice_12m"]))
            for channel in Channel.values:
                if row[f"channel_{channel}"] == "1":
                    groups.append(((company, sector, "12m", channel), row["voice_12m"]))
        for group, voice_mark in groups:
            journeys[group] += 1
            if voice_mark == "1":
                per_company[group].append(voice(row))
    # Only companies with K or more reporters in a period and channel count anywhere.
    eligible = {key: vs for key, vs in per_company.items() if len(vs) >= k}
    targets = {}
    for (_company, _sector, period, channel), vs in eligible.items():
        targets.setdefault((period, channel), []).extend(v["score"] for v in vs)
    targets = {
        key: {"mean": _mean(scores), "sd": statistics.stdev(scores) if len(scores) > 1 else 0.0}
        for key, scores in targets.items()
    }
    groups, counts = defaultdict(list), defaultdict(int)
    for (company, sector, period, channel), vs in eligible.items():
        if channel == "":
            wider = [("sector", "", sector, "", period), ("all", "", "", "", period)]
        else:
            wider = [("channel", "", "", channel, period)]
        for key in [("company", company, sector, channel, period), *wider]:
            groups[key] += vs
            counts[key] += journeys[(company, sector, period, channel)]

    cells = {}
    for key, vs in groups.items():
        _scope, _company, _sector, channel, period = key
        n = len(vs)
        scores = [v["score"] for v in vs]
        mean = _mean(scores)
        sd = statistics.stdev(scores) if n > 1 else 0.0
        target = targets[(period, channel)]
        shrunk = (n * mean + m * target["mean"]) / (n + m)
        sigma = sd if n > 1 else target["sd"]
        minutes = [v["mth"] for v in vs if v["mth"] is not None]
        cells[key] = {
            "voices": n,
            "journeys": counts[key],
            "reporters": n,
            "median": statistics.median(scores),
            "mean": mean,
            "mean_ci_low": max(0.0, mean - z * sd / math.sqrt(n)),
            "mean_ci_high": min(100.0, mean + z * sd / math.sqrt(n)),
            "shrunk": shrunk,
            "ci_low": max(0.0, shrunk - z * sigma / math.sqrt(n + m)),
            "ci_high": min(100.0, shrunk + z * sigma / math.sqrt(n + m)),
            "closed_rate": _mean([v["closed"] for v in vs]),
            "loop_rate": _mean([v["looped"] for v in vs]),
            "no_human_rate": _mean([v["no_human"] for v in vs]),
            "median_minutes_to_human": statistics.median(minutes) if minutes else None,
            "mean_repetitions": _mean([v["reps"] for v in vs]),
            "repeat3_rate": _mean([v["rep3"] for v in vs]),
            "transfer_rate": _mean([v["transferred"] for v in vs]),
            "hold30_rate": _mean([v["hold30"] for v in vs]),
            "reply_rate": _mean([v["replied"] for v in vs]),
            "reply_15d_rate": _mean([v["replied_15d"] for v in vs]),
            "replied_voices": sum(v["replied"] > 0 for v in vs),
            **_clock_figures(key[0], vs, k),
        }
    boards = defaultdict(list)
    for key, cell in cells.items():
        if key[0] == "company":
            boards[(key[4], key[3])].append(cell)
    for board in boards.values():
        for cell in board:
            below = sum(other["ci_high"] < cell["ci_low"] for other in board)
            above = sum(other["ci_low"] > cell["ci_high"] for other in board)
            cell["ranks"] = (1 + below, len(board) - above)
    return cells, targets
