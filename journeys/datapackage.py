"""A snapshot's Frictionless `datapackage.json`: every open-data file with its columns' types,
units and meaning (https://specs.frictionlessdata.io/data-package/).

The columns are read from each file's own header, so the descriptor lists exactly what the file
holds; their meaning comes from `COLUMNS` below (a test fails when a file gains a column this
table does not describe)."""

import io
import json

from django.urls import reverse

from . import citation, opendata
from .models import Channel, Goal, Journey, Sector, Snapshot

# name: (Table Schema type, unit or "", meaning); constraints beside it where a column has a
# closed set of values.
_RATE = ("number", "share 0–1", "Share of the cell's voices (one per reporter) with {what}.")
COLUMNS: dict[str, tuple[str, str, str]] = {
    # journeys.*
    "company": ("string", "", "The company's name as published."),
    "company_slug": ("string", "", "The company's stable identifier (its URL part)."),
    "sector": ("string", "", "The company's sector."),
    "goal": ("string", "", "What the consumer wanted; empty when withheld for anonymity."),
    "status": ("string", "", "How the journey ended; empty when withheld for anonymity."),
    "week": ("string", "ISO week", "ISO week the journey started (2026-W07); empty if withheld."),
    "quarter": ("string", "quarter", "Quarter the journey started (2026Q1); empty if withheld."),
    "in_12m": ("integer", "0/1", "1 if the journey counts in the rolling 12 months."),
    "voice_quarter": (
        "integer",
        "0/1",
        "1 if the journey is its reporter's voice at this company in its quarter (one of their "
        "journeys there, picked by a keyed hash); 0 if another one is; empty if the quarter is.",
    ),
    "voice_12m": (
        "integer",
        "0/1",
        "The same in the rolling 12 months; empty if the journey is not in them.",
    ),
    "step_count": ("integer", "steps", "Steps the consumer logged."),
    "repetitions": ("integer", "times", "Times information had to be given again."),
    "loops": ("integer", "times", "Chatbot loops."),
    "transfers": ("integer", "times", "Transfers to another department or person."),
    "minutes_total": ("integer", "minutes", "Minutes the journey took the consumer in all."),
    "hold_minutes": ("integer", "minutes", "Minutes on hold."),
    "reached_human": ("integer", "0/1", "1 if the consumer reached a human."),
    "minutes_to_human": ("integer", "minutes", "Minutes until a human; empty if none reached."),
    "closed_unresolved": ("integer", "0/1", "1 if the case was closed without resolution."),
    "score": ("number", "0–100", "Friction score of the journey: 0 effortless, 100 worst."),
    "score_version": ("integer", "", "Version of the friction score's weights."),
    "replied": ("integer", "0/1", "1 if the company replied publicly."),
    "replied_15d": ("integer", "0/1", "1 if the company replied publicly within 15 days."),
    "days_to_first_response": (
        "integer",
        "days",
        "Days from publication to the company's first response, pauses for the hand-over left "
        "out; empty if none yet.",
    ),
    "days_to_final_reply": (
        "integer",
        "days",
        "Days from publication to the company's final reply (not 'in progress'); empty if none.",
    ),
    # leaderboard.*
    "snapshot_id": ("integer", "", "The snapshot these figures belong to."),
    "scope": ("string", "", "What a row aggregates: company, sector, channel or all."),
    "period": ("string", "", "12m (rolling 12 months) or a quarter such as 2026Q1."),
    "channel": ("string", "", "The channel the row covers; empty for all channels."),
    "rank_low": ("integer", "rank", "Best rank the 90% intervals allow (1 = least friction)."),
    "rank_high": ("integer", "rank", "Worst rank the 90% intervals allow."),
    "journeys": ("integer", "journeys", "Released journeys in the cell, voices or not."),
    "reporters": ("integer", "people", "Distinct reporters in the cell (at least k_min)."),
    "median": ("number", "0–100", "Median friction score of the voices."),
    "mean": ("number", "0–100", "Mean friction score of the voices (unshrunk)."),
    "mean_ci_low": ("number", "0–100", "Lower end of the mean's 90% interval."),
    "mean_ci_high": ("number", "0–100", "Upper end of the mean's 90% interval."),
    "shrunk": ("number", "0–100", "Shrunk friction score, used for ranking."),
    "ci_low": ("number", "0–100", "Lower end of the shrunk score's 90% interval."),
    "ci_high": ("number", "0–100", "Upper end of the shrunk score's 90% interval."),
    "closed_rate": (_RATE[0], _RATE[1], _RATE[2].format(what="a case closed unresolved")),
    "loop_rate": (_RATE[0], _RATE[1], _RATE[2].format(what="a chatbot loop")),
    "no_human_rate": (_RATE[0], _RATE[1], _RATE[2].format(what="no human ever reached")),
    "median_minutes_to_human": (
        "number",
        "minutes",
        "Median minutes until a human, over the voices that reached one.",
    ),
    "mean_repetitions": ("number", "times", "Mean repetitions of information per voice."),
    "repeat3_rate": (_RATE[0], _RATE[1], _RATE[2].format(what="information repeated 3+ times")),
    "transfer_rate": (_RATE[0], _RATE[1], _RATE[2].format(what="a transfer")),
    "hold30_rate": (_RATE[0], _RATE[1], _RATE[2].format(what="30+ minutes on hold")),
    "reply_rate": ("number", "share 0–1", "Share of the voices replied to publicly."),
    "reply_15d_rate": ("number", "share 0–1", "The same, replied to within 15 days."),
    "resolved_after_reply_rate": (
        "number",
        "share 0–1",
        "Share judged resolved after a reply; empty under k_min judging reporters.",
    ),
    "resolved_reporters": ("integer", "people", "Reporters who judged a reply."),
    "mean_rating": ("number", "1–5", "Mean rating of replies; empty under k_min raters."),
    "rating_reporters": ("integer", "people", "Reporters who rated a reply."),
    "median_days_to_first_response": (
        "number",
        "days",
        "Company rows: median days from publication to the first response, over the voices "
        "that had one (pauses for the hand-over left out); empty under k_min.",
    ),
    "first_response_reporters": ("integer", "people", "Company rows: voices with a response."),
    "median_days_to_final_reply": (
        "number",
        "days",
        "Company rows: median days from publication to the final reply (not 'in progress'), "
        "over the voices that had one; empty under k_min.",
    ),
    "final_reply_reporters": ("integer", "people", "Company rows: voices with a final reply."),
}
for _value, _label in Channel.choices:
    COLUMNS[f"channel_{_value}"] = (
        "integer",
        "0/1",
        f"1 if the journey used the channel {_value} ({_label}); empty if withheld.",
    )

ENUMS = {
    "sector": list(Sector.values),
    "goal": ["", *Goal.values],
    "status": ["", *Journey.Status.values],
}

DATASET_TITLES = {
    "journeys": "Journeys: one row per released journey (anonymised, k-anonymous)",
    "leaderboard": "Leaderboard: every published cell (company, sector, channel, all)",
}


def _header(snapshot: Snapshot, name: str) -> list[str]:
    with opendata.storage().open(opendata.file_name(snapshot.pk, name), "rb") as f:
        return next(iter(io.TextIOWrapper(f, encoding="utf-8"))).rstrip("\r\n").split(",")


def _field(name: str) -> dict:
    kind, unit, meaning = COLUMNS.get(name, ("any", "", ""))
    field = {"name": name, "type": kind, "description": meaning}
    if unit:
        field["unit"] = unit
    if name in ENUMS:
        field["constraints"] = {"enum": ENUMS[name]}
    return field


def _file_url(snapshot: Snapshot, name: str) -> str:
    return citation.absolute(reverse("snapshot_file", args=[snapshot.pk, name]))


def _files(snapshot: Snapshot) -> dict:
    with opendata.storage().open(opendata.file_name(snapshot.pk, "snapshot.json"), "rb") as f:
        return json.load(f)["files"]


def descriptor(snapshot: Snapshot) -> dict:
    """The snapshot's data package: each CSV (plain and gzip) as a tabular resource, its Parquet
    copy with the same schema, and `snapshot.json`; sizes and hashes from `snapshot.json`."""
    files = _files(snapshot)
    resources = []
    for dataset in opendata.DATASETS:
        schema = {"fields": [_field(name) for name in _header(snapshot, f"{dataset}.csv")]}
        for fmt in opendata.FORMATS:
            name = f"{dataset}.{fmt}"
            resource = {
                "name": f"{dataset}-{fmt.replace('.', '-')}",
                "path": _file_url(snapshot, name),
                "title": DATASET_TITLES[dataset],
                "profile": "data-resource" if fmt == "parquet" else "tabular-data-resource",
                "format": "parquet" if fmt == "parquet" else "csv",
                "mediatype": opendata.content_type(name).split(";")[0],
                "schema": schema,
            }
            if fmt != "parquet":
                resource["encoding"] = "utf-8"
            if fmt == "csv.gz":
                resource["compression"] = "gz"
            if name in files:
                resource["bytes"] = files[name]["bytes"]
                resource["hash"] = "sha256:" + files[name]["sha256"]
            resources.append(resource)
    resources.append(
        {
            "name": "snapshot",
            "path": _file_url(snapshot, "snapshot.json"),
            "title": "The snapshot's manifest: parameters, targets, rows released, files",
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
        }
    )
    permalink = citation.absolute(reverse("snapshot_leaderboard", args=[snapshot.pk]))
    return {
        "profile": "data-package",
        "name": f"frictionlog-snapshot-{snapshot.pk}",
        "id": permalink,
        "title": f"frictionlog, snapshot {snapshot.pk}",
        "description": (
            "Anonymised friction figures of Dutch customer service. A figure over fewer than "
            f"{snapshot.k_min} distinct reporters is not published; see the methodology."
        ),
        "homepage": permalink,
        "version": str(snapshot.pk),
        "created": snapshot.computed_at.isoformat(),
        "sources": [{"title": "frictionlog", "path": citation.absolute("/")}],
        "resources": resources,
    }
