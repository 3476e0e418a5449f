"""gunicorn's threaded worker, taking a connection only when it has room to run its request.

gunicorn's gthread worker accepts every connection it can hold and queues their requests for its
threads. On a busy machine that is unfair: the workers race for new connections, one ends up
with three times the requests of another, and those wait in its queue while another worker has
a thread free. Under `bench/load.py --only flow` that gave a median of 0.24 s and a p99 of 1.6 s.

This worker accepts a connection only while fewer than `WEB_APP_SLOTS` requests are inside the
application (Django) and a thread is free. Connections waiting meanwhile stay in the kernel's
accept queue, which every worker takes from in turn, so a request waits for the first worker
with room, not for the one that happened to accept it. A request sending a file (a snapshot
download, by sendfile, outside the GIL) leaves the application when Django returns its response:
a slow download keeps a thread, not room for pages. It works with keep-alive off (scripts/prod):
a connection kept alive would bring its next request to the same worker, full or not.
"""

import os
import threading

from gunicorn.workers.gthread import ThreadWorker


def _wake() -> None:
    """Nothing: run on the main thread only to wake its loop, which then looks at its room."""


class FairThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app_slots = int(os.environ.get("WEB_APP_SLOTS", "1"))
        self._in_app = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    def load_wsgi(self):
        super().load_wsgi()
        application = self.wsgi

        def counted(environ, start_response):
            response = None
            try:
                response = application(environ, start_response)
                return response
            finally:
                # A response sent whole is written at once, and gunicorn wakes the loop when it
                # is; one sent as a file or a stream may take minutes, so wake the loop now.
                self._leave(self._local.conn, wake=getattr(response, "streaming", True))

        self.wsgi = counted

    def enqueue_req(self, conn):
        with self._lock:
            self._in_app += 1
        conn.in_app = True
        super().enqueue_req(conn)

    def handle(self, conn):
        self._local.conn = conn
        try:
            return super().handle(conn)
        finally:
            self._leave(conn)  # a request that never reached the application

    def _leave(self, conn, *, wake: bool = True) -> None:
        with self._lock:
            if not conn.in_app:
                return
            conn.in_app = False
            self._in_app -= 1
        if wake:
            self.method_queue.defer(_wake)

    def wait_for_and_dispatch_events(self, timeout):
        # Stopping, the worker takes no new connection (gunicorn has just stopped accepting).
        room = self.alive and self._in_app < self.app_slots and self.nr_conns < self.cfg.threads
        self.set_accept_enabled(room)
        super().wait_for_and_dispatch_events(timeout)
