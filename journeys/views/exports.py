"""Open-data downloads: the files a snapshot wrote when it was computed, served as files.

`/exports/journeys.csv` and `/exports/leaderboard.csv` are the current snapshot's files; gzip and
Parquet stand beside them; `/snapshots/<id>/files/<name>` is any kept snapshot's file, forever
the same bytes. From the filesystem they are served with their sha256 as ETag, their length, and
byte ranges; from a bucket the download is redirected to the bucket, which does the same. No
row is read from the database at download time. Behind nginx (`FRICTIONLOG_OPENDATA_ACCEL`, set
by scripts/prod) Django only finds and checks the file and hands it to nginx by X-Accel-Redirect:
nginx sends the bytes and ranges, and no Python thread waits on a download.
"""

import csv
import re

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.http import quote_etag
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import figures, opendata, replies
from ..types import HtmxHttpRequest
from .public import snapshot_or_gone

CHUNK = 1 << 16
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _no_snapshot() -> HttpResponse:
    return HttpResponse("No figures published yet.\n", status=404, content_type="text/plain")


def _position(digits: str, size: int) -> int:
    """A position of a range, at most `size`: any number past the file means the same, and a
    number of thousands of digits is past Python's limit for turning text into an int."""
    digits = digits.lstrip("0") or "0"
    return size if len(digits) > len(str(size)) else min(size, int(digits))


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """One satisfiable range of `Range: bytes=a-b` (inclusive ends), else None."""
    match = _RANGE.fullmatch(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = size - _position(last, size), size - 1
    else:
        start = _position(first, size)
        end = min(size - 1, _position(last, size)) if last else size - 1
    return (start, end) if start <= end < size else None


def _chunks(handle, start: int, length: int):
    with handle:
        handle.seek(start)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                return
            length -= len(block)
            yield block


def serve_file(request: HtmxHttpRequest, snapshot, name: str, download_name: str) -> HttpResponse:
    facts = snapshot.files.get(name)
    if facts is None:
        raise Http404
    storage = opendata.storage()
    stored = opendata.file_name(snapshot.pk, name)
    try:
        path = storage.path(stored)
    except NotImplementedError:  # a bucket: it serves the bytes, ranges and ETag itself
        return HttpResponseRedirect(storage.url(stored))
    etag = quote_etag(facts["sha256"])
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    accel = settings.FRICTIONLOG_OPENDATA_ACCEL
    if accel:
        response = HttpResponse(content_type=opendata.content_type(name))
        response["X-Accel-Redirect"] = accel + stored
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
        response["ETag"] = etag
        return response
    size = facts["bytes"]
    wanted = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    span = _byte_range(wanted, size) if wanted and (not if_range or if_range == etag) else None
    if wanted and span is None and (not if_range or if_range == etag):
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if span is None:
        response = FileResponse(
            open(path, "rb"),  # noqa: SIM115 (the response closes it)
            as_attachment=True,
            filename=download_name,
            content_type=opendata.content_type(name),
        )
    else:
        start, end = span
        response = StreamingHttpResponse(
            _chunks(open(path, "rb"), start, end - start + 1),  # noqa: SIM115
            status=206,
            content_type=opendata.content_type(name),
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["ETag"] = etag
    response["Accept-Ranges"] = "bytes"
    response["Access-Control-Allow-Origin"] = "*"
    # The current file changes with every snapshot; a snapshot's own file never does.
    return response


def _current(request: HtmxHttpRequest, name: str) -> HttpResponse:
    snapshot = figures.current_snapshot()
    if snapshot is None:
        return _no_snapshot()
    response = serve_file(request, snapshot, name, f"frictionlog-{snapshot.pk}-{name}")
    response["Cache-Control"] = "public, max-age=60"
    return response


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def current_file(request: HtmxHttpRequest, name: str) -> HttpResponse:
    if name not in opendata.FILE_NAMES:
        raise Http404
    return _current(request, name)


@csrf_exempt
@require_GET
def snapshot_file(request: HtmxHttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in opendata.FILE_NAMES:
        raise Http404
    snapshot, gone = snapshot_or_gone(request, pk)
    if gone:
        return gone
    response = serve_file(request, snapshot, name, f"frictionlog-{snapshot.pk}-{name}")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


class _Echo:
    """A file-like whose write returns the line, so csv.writer feeds a streaming response."""

    def write(self, value: str) -> str:
        return value


@csrf_exempt
@require_GET
def replies_csv(request: HtmxHttpRequest) -> StreamingHttpResponse:
    """Every published company reply beside a public story, streamed from the database: replies
    are texts beside stories, not figures, so they live outside the snapshots."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(["company", "story", "final", "category", "published_week", "text"])
        for slug, story, sequence, category, week, text in replies.public_reply_rows():
            yield writer.writerow([slug, story, sequence == 2, category, week, text])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="frictionlog-replies.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
