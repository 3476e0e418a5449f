"""Where a snapshot's open-data files live: Django's storage API, under one name per file.

The storage is `STORAGES["opendata"]`: a folder on the filesystem by default, an S3-compatible
bucket shared by every machine in production (settings). Files are written once, when their
snapshot is computed, and never changed: a citation of snapshot 18's journeys file means the same
bytes next month (its sha256 is in `snapshot.json`).
"""

from django.core.files.storage import Storage, storages

DATASETS = ("journeys", "leaderboard")
FORMATS = ("csv", "csv.gz", "parquet")
FILE_NAMES = (*(f"{d}.{f}" for d in DATASETS for f in FORMATS), "snapshot.json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "csv.gz": "application/gzip",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
}


def storage() -> Storage:
    return storages["opendata"]


def file_name(snapshot_id: int, name: str) -> str:
    return f"snapshots/{int(snapshot_id)}/{name}"


def content_type(name: str) -> str:
    extension = "csv.gz" if name.endswith(".csv.gz") else name.rsplit(".", 1)[-1]
    return CONTENT_TYPES[extension]
