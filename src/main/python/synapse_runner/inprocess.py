"""JSON-string entry points for a long-lived Python process hosting one plugin (a warm Ray actor).

Ray's cross-language calls pass strings best, so requests and replies are JSON text. One process should
serve one plugin: plugins commonly share top-level module names such as `plugin`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List

from .errors import RunnerError
from .manifest import Manifest
from .protocol import EventSink, to_jsonable
from .runner import describe, run_action


def run_request(request_json: str) -> str:
    """`{"plugin_dir", "manifest", "action", "params"?, "run_id"?}` → `{"exit_code", "events": [...]}`."""
    events: List[Dict[str, Any]] = []
    code = stream_request(request_json, events.append)
    return json.dumps({"exit_code": code, "events": events}, ensure_ascii=True)


def stream_request(request_json: str, on_event: Callable[[Dict[str, Any]], None]) -> int:
    """Like `run_request`, but hands each event to `on_event` as it happens; returns the exit code."""
    sink = EventSink(lambda line: on_event(json.loads(line)))
    try:
        request = json.loads(request_json)
        manifest = Manifest(request["manifest"])
        return run_action(
            request["plugin_dir"], manifest, request["action"], request.get("params") or {}, sink, request.get("run_id")
        )
    except RunnerError as exc:
        sink.error(exc.to_error())
        return exc.exit_code
    except (ValueError, KeyError, TypeError) as exc:
        sink.error(
            {"type": "UsageError", "message": "bad request: %s: %s" % (type(exc).__name__, exc), "traceback": None}
        )
        return 2


def describe_request(request_json: str) -> str:
    """`{"plugin_dir", "manifest", "action"?}` → the same object `describe` prints, or `{"error": …}`."""
    try:
        request = json.loads(request_json)
        body = describe(request["plugin_dir"], Manifest(request["manifest"]), request.get("action"))
    except RunnerError as exc:
        body = {"error": exc.to_error()}
    except (ValueError, KeyError, TypeError) as exc:
        body = {"error": {"type": "UsageError", "message": "bad request: %s" % exc, "traceback": None}}
    return json.dumps(to_jsonable(body, strict=False), ensure_ascii=True)
