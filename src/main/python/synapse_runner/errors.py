"""Failures the runner reports, each knowing its error-event shape and the process exit code."""

from __future__ import annotations

import os
import traceback as _tb
from typing import Any, Dict, List, Optional

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

EXIT_OK = 0
EXIT_ACTION_ERROR = 1
EXIT_USAGE = 2


class RunnerError(Exception):
    """Base of the runner's own failures; `type` is what the host sees in the error event."""

    exit_code = EXIT_ACTION_ERROR
    type = "RunnerError"

    def __init__(self, message: str, detail: Optional[str] = None):
        super().__init__(message)
        self.message = message
        # The traceback of an underlying plugin exception, kept so the host can show where it broke.
        self.detail = detail

    def to_error(self) -> Dict[str, Any]:
        return {"type": self.type, "message": self.message, "traceback": self.detail}


class UsageError(RunnerError):
    """The host asked for something impossible: unknown action, unreadable manifest or params file."""

    exit_code = EXIT_USAGE
    type = "UsageError"


class ManifestError(UsageError):
    """config.yaml is missing, unreadable or lacks what every Synapse manifest must have."""

    type = "ManifestError"


class EntrypointError(RunnerError):
    """The manifest's entrypoint is missing, malformed, or names something the runner cannot call."""

    type = "EntrypointError"


class ImportFailure(RunnerError):
    """The action's entrypoint could not be imported; `type` carries the original exception class."""

    def __init__(self, entrypoint: str, exc: BaseException):
        reason = "%s: %s" % (type(exc).__name__, _one_line(exc))
        super().__init__("cannot import entrypoint '%s': %s" % (entrypoint, reason), format_traceback(exc))
        self.type = type(exc).__name__
        self.reason = reason


class ValidationFailure(RunnerError):
    """Params broke the schema; every problem is kept as (path below params, message)."""

    exit_code = EXIT_USAGE
    type = "ValidationError"

    def __init__(self, problems: List[tuple]):
        self.problems = [(tuple(path), msg) for path, msg in problems]
        text = "; ".join("%s: %s" % (field_label(p), m) for p, m in self.problems)
        super().__init__(text or "params are invalid")

    def to_error(self) -> Dict[str, Any]:
        first = self.problems[0][0] if self.problems else ()
        return {
            "type": self.type,
            "message": self.message,
            "field": ".".join(str(p) for p in first) or None,
            "errors": [{"field": ".".join(str(x) for x in p) or None, "message": m} for p, m in self.problems],
            "traceback": None,
        }


def field_label(path) -> str:
    return ".".join(["params"] + [str(p) for p in path])


def format_traceback(exc: BaseException) -> str:
    """The traceback from the first frame outside the runner: the host wants the plugin's frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None and _is_runner_frame(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return "".join(_tb.format_exception(type(exc), exc, tb))


def _is_runner_frame(filename: str) -> bool:
    return os.path.dirname(os.path.abspath(filename)) == _PACKAGE_DIR


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else ""


def error_from_exception(exc: BaseException) -> Dict[str, Any]:
    """The error-event body for an exception raised by plugin code."""
    message = str(exc) or type(exc).__name__
    return {"type": type(exc).__name__, "message": message, "traceback": format_traceback(exc)}
