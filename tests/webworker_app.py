"""A WSGI application for tests/test_webworker.py: answers with its process id, after a pause
(`/slow?seconds=…`), or with a file sent by the server (`/file?path=…`)."""

import os
import time
import urllib.parse


def application(environ, start_response):
    query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", "")))
    if environ["PATH_INFO"] == "/file":
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return environ["wsgi.file_wrapper"](open(query["path"], "rb"))
    if environ["PATH_INFO"] == "/slow":
        time.sleep(float(query["seconds"]))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
