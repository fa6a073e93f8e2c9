"""The `ctx` handed to an action: logging, progress and metrics, all turned into protocol events."""

from __future__ import annotations

import logging
import numbers
from typing import Any, Dict, Optional

from .protocol import EventSink


class EventLogHandler(logging.Handler):
    """Turns logging records into `log` events, so plugins can use plain `logging` too."""

    def __init__(self, sink: EventSink):
        super().__init__(logging.DEBUG)
        self._sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields: Dict[str, Any] = {
                "level": record.levelname.lower(),
                "message": record.getMessage(),
                "logger": record.name,
            }
            if record.exc_info:
                fields["traceback"] = logging.Formatter().formatException(record.exc_info)
            self._sink.emit("log", **fields)
        except Exception:
            self.handleError(record)


class ActionContext:
    """What `f(params, ctx)` and `Cls(params, ctx)` receive; mirrors the SDK's logging methods."""

    def __init__(self, sink: EventSink, params: Any, run_id: Optional[str], env: Dict[str, str], logger_name: str):
        self._sink = sink
        self.params = params
        self.run_id = run_id
        self.job_id = run_id  # the SDK's name for the same thing
        self.env = env
        self.logger = logging.getLogger(logger_name)
        self.logger.setLevel(logging.INFO)
        # Our handler only: records must not also reach root handlers that print to the protocol stream.
        self.logger.propagate = False
        self._handler = EventLogHandler(sink)
        self.logger.addHandler(self._handler)

    def log(self, message: Any, level: str = "info", **data: Any) -> None:
        fields: Dict[str, Any] = {"level": str(level).lower(), "message": str(message)}
        if data:
            fields["data"] = data
        self._sink.emit("log", **fields)

    def set_progress(
        self, current: Any, total: Any, category: Optional[str] = None, message: Optional[str] = None
    ) -> None:
        if not _is_number(total) or total <= 0:
            raise ValueError("progress total must be a positive number, got %r" % (total,))
        if not _is_number(current) or current < 0 or current > total:
            raise ValueError("progress current must be between 0 and total (%r), got %r" % (total, current))
        fields: Dict[str, Any] = {"current": current, "total": total, "category": category}
        if message is not None:
            fields["message"] = str(message)
        self._sink.emit("progress", **fields)

    def set_metrics(self, value: Dict[str, Any], category: Optional[str] = None) -> None:
        if not isinstance(value, dict):
            raise ValueError("metrics value must be a dict, got %s" % type(value).__name__)
        self._sink.emit("metric", category=category, value=value)

    def close(self) -> None:
        self.logger.removeHandler(self._handler)


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def capture_root_warnings(sink: EventSink) -> logging.Handler:
    """Warnings and errors logged anywhere in the plugin (root logger's default level) become log events."""
    handler = EventLogHandler(sink)
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    return handler
