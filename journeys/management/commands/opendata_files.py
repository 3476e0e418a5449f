"""The snapshots' open-data files to and from a folder, for scripts/backup and scripts/restore.

    manage.py opendata_files save DIR   every published, unpruned snapshot's files, from the
                                        storage (folder or bucket) into DIR/<id>/<name>
    manage.py opendata_files load DIR   those files back into the storage, each checked against
                                        the sha256 its snapshot recorded

Through Django's storage API, so a bucket is saved and restored as a folder is.
"""

import hashlib
import shutil
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from journeys import opendata
from journeys.models import Snapshot

CHUNK = 1 << 20


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    while block := handle.read(CHUNK):
        digest.update(block)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Save the snapshots' open-data files into a folder, or load them back (checked)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["save", "load"])
        parser.add_argument("folder", type=Path)

    def handle(self, *args, action, folder, **options):
        storage = opendata.storage()
        snapshots = Snapshot.objects.filter(published_at__isnull=False, pruned_at__isnull=True)
        copied = 0
        for snapshot in snapshots.order_by("pk"):
            for name, facts in snapshot.files.items():
                stored = opendata.file_name(snapshot.pk, name)
                local = folder / str(snapshot.pk) / name
                if action == "save":
                    local.parent.mkdir(parents=True, exist_ok=True)
                    with storage.open(stored, "rb") as source, local.open("wb") as target:
                        shutil.copyfileobj(source, target, CHUNK)
                else:
                    if not local.exists():
                        raise CommandError(f"{local} is missing from the backup")
                    with local.open("rb") as source:
                        if _sha256(source) != facts["sha256"]:
                            raise CommandError(f"{local} does not match its snapshot's sha256")
                        source.seek(0)
                        if storage.exists(stored):
                            storage.delete(stored)
                        saved = storage.save(stored, File(source))
                    if saved != stored:
                        raise CommandError(f"{stored} was stored as {saved}")
                copied += 1
        self.stdout.write(f"{action}: {copied} files of {snapshots.count()} snapshots")
