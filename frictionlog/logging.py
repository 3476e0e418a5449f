"""Structured logs: one JSON object per line, for whatever collects the logs of several machines.

Enabled with `LOG_FORMAT=json` (the default with `PRODUCTION=1`). Every line carries the id of the
request it belongs to (`AccessLogMiddleware` sets it), so one request's lines can be found across
the web log; Celery worker lines carry the task id instead.
"""

import contextvars
import datetime
import json
import logging

from celery import current_task

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or None outside a request) on every record, and in a
    Celery worker the id of the task being run."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "task_id"):
            task = current_task
            record.task_id = task.request.id if task else None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        # Django attaches the request object to its own error records; it is not JSON.
        entry.pop("request", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
