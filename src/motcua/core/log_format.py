"""Log line formats (định dạng nhật ký), chosen by settings.LOG_FORMAT (MOTCUA_LOG_FORMAT).

JSON (production): one object a line with the time (ISO 8601, UTC), level, logger, message and request id, read
by a log shipper without parsing rules. Text (development): the same fields on one readable line. Both format a
record only after the handler's filters have run: motcua.core.log_redaction has already blanked secrets and query
strings out of the message and traceback, and motcua.core.request_id.RequestIdFilter has set the request id.
"""

import datetime
import json
import logging

TEXT_FORMAT = "{asctime} {levelname} {name} [{request_id}] {message}"


def utc_time(record: logging.LogRecord) -> str:
    moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "-")
        if request_id and request_id != "-":
            entry["request_id"] = request_id
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The text line, with its time in UTC like the JSON one, so both formats read the same when compared."""

    def __init__(self):
        super().__init__(TEXT_FORMAT, style="{")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return utc_time(record)
