"""The event protocol: one JSON object per line, each with `event` and `ts`, ending with one terminal event."""

from __future__ import annotations

import datetime
import enum
import json
import math
import os
import threading
import time
from typing import Any, Callable, Dict, Optional

MARKER = "@@synapse-event@@ "
KINDS = ("log", "progress", "metric", "result", "error", "status")
TERMINAL = ("result", "error")


class NotSerializable(TypeError):
    pass


def to_jsonable(value: Any, strict: bool = True) -> Any:
    """Turns common Python values into JSON values; strict refuses the rest, lenient stringifies it."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        # NaN/Infinity are not JSON and a strict parser on the host would reject the whole line.
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, strict) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v, strict) for v in value]
    if hasattr(value, "model_dump") and callable(value.model_dump):
        return to_jsonable(value.model_dump(mode="json"), strict)
    if hasattr(value, "dict") and hasattr(value, "__fields__"):  # Pydantic v1 models
        return to_jsonable(value.dict(), strict)
    if hasattr(type(value), "__dataclass_fields__"):
        import dataclasses  # only when a result holds one: the import costs more than a small run

        return to_jsonable(dataclasses.asdict(value), strict)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, strict)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy arrays and scalars
        return to_jsonable(value.tolist(), strict)
    if strict:
        raise NotSerializable("result is not JSON-serializable: %s object" % type(value).__name__)
    return repr(value)


class EventSink:
    """Writes events through `write_line`; after the terminal event everything else is dropped."""

    def __init__(self, write_line: Callable[[str], None], run_id: Optional[str] = None):
        self._write_line = write_line
        self._run_id = run_id
        self._lock = threading.Lock()
        self._terminated = False

    @property
    def terminated(self) -> bool:
        return self._terminated

    def emit(self, kind: str, **fields: Any) -> bool:
        if kind not in KINDS:
            raise ValueError("unknown event kind: %s" % kind)
        event: Dict[str, Any] = {"event": kind, "ts": time.time()}
        if self._run_id is not None:
            event["run_id"] = self._run_id
        event.update(fields)
        line = json.dumps(to_jsonable(event, strict=False), ensure_ascii=True, allow_nan=False)
        with self._lock:
            if self._terminated:
                return False
            self._terminated = kind in TERMINAL
            self._write_line(line)
        return True

    def status(self, phase: str) -> None:
        self.emit("status", phase=phase)

    def result(self, value: Any) -> None:
        self.emit("result", value=value)

    def error(self, body: Dict[str, Any]) -> None:
        self.emit("error", **body)
