"""Bridge to synapse_sdk v2: SDK actions run through their own `dispatch` with a RuntimeContext whose
logger reports to our event stream. Only used when the plugin's environment has the SDK installed."""

from __future__ import annotations

import json
import traceback
from typing import Any, Dict, Optional

from .context import ActionContext


def _level(level: Any) -> str:
    text = str(getattr(level, "value", level) or "info").lower()
    return "warning" if text == "warn" else text


def _text(event: str, data: Any) -> str:
    """A log event as one readable line: the message's content, or the event name with its data."""
    if isinstance(data, dict) and event in ("message", "debug") and "content" in data:
        return str(data["content"])
    try:
        return "%s %s" % (event, json.dumps(data, default=str, sort_keys=True))
    except Exception:
        return "%s %r" % (event, data)


class _Forwarding:
    """What both bridges do: every kind of log call, with its level, becomes a `log` event."""

    _ctx: ActionContext

    def _forward(self, level: Any, event: str, data: Any, file: Optional[str] = None) -> None:
        extra: Dict[str, Any] = {"event": event}
        if isinstance(data, dict) and not (event in ("message", "debug") and set(data) <= {"content", "key"}):
            extra["data"] = data
        if file:
            extra["file"] = file
        self._ctx.log(_text(event, data), level=_level(level), **extra)

    def exception(self, message: str, *args: Any, **kwargs: Any) -> None:
        tb = traceback.format_exc()
        text = str(message) if tb.strip() in ("", "NoneType: None") else "%s\n%s" % (message, tb.rstrip())
        self._ctx.log(text, level="error", event="exception")

    def log_event(self, event: str, data: Dict[str, Any], file: Optional[str] = None) -> None:
        self._forward("info", event, data, file)

    def log_metric(self, category: str, key: str, value: Any, **metrics: Any) -> None:
        self._forward("info", "metric", {"category": category, "key": key, "value": value, "metrics": metrics})

    def log_visualization(self, category: str, group: Any, index: int, image: str, **meta: Any) -> None:
        self._forward(
            "info", "visualization", {"category": category, "group": group, "index": index, "meta": meta}, image
        )

    def log_trials(self, data: Any = None, **kwargs: Any) -> None:
        self._forward("info", "trials", data if data is not None else kwargs)

    def log_message(self, message: Any, level: Any = None, *, context: Any = None, **kwargs: Any) -> None:
        self._forward(level or context or "info", "message", {"content": str(message)})


class SdkLoggerBridge(_Forwarding):
    """Stands in for the SDK's logger where its BaseLogger cannot be imported (older SDKs): progress,
    metrics and every log call become our events; other calls are accepted and ignored."""

    def __init__(self, ctx: ActionContext):
        self._ctx = ctx

    def set_progress(self, current: Any, total: Any, category: Optional[str] = None, **_: Any) -> None:
        self._ctx.set_progress(current, total, category)

    def set_metrics(self, value: Dict[str, Any], category: Optional[str] = None, **_: Any) -> None:
        self._ctx.set_metrics(value, category)

    def log(self, *args: Any, **kwargs: Any) -> None:
        # v2: log(level, event, data, file=None, step=None); older: log(event, data, level=...)
        if len(args) >= 3 or (args and hasattr(args[0], "value")):
            level, event, data = (list(args) + [None, None])[:3]
            self._forward(level, str(event), data if data is not None else kwargs.get("data"), kwargs.get("file"))
            return
        event = args[0] if args else kwargs.get("event", "")
        data = args[1] if len(args) > 1 else kwargs.get("data")
        extra = data if isinstance(data, dict) else ({"data": data} if data is not None else {})
        self._ctx.log(event, level=_level(kwargs.get("level")), **extra)

    def info(self, message: str, *args: Any, **kwargs: Any) -> None:
        self._ctx.log(message, level="info")

    def debug(self, message: str, *args: Any, **kwargs: Any) -> None:
        self._ctx.log(message, level="debug")

    def warning(self, message: str, *args: Any, **kwargs: Any) -> None:
        self._ctx.log(message, level="warning")

    def error(self, message: str, *args: Any, **kwargs: Any) -> None:
        self._ctx.log(message, level="error")

    def critical(self, message: str, *args: Any, **kwargs: Any) -> None:
        self._ctx.log(message, level="critical")

    def __getattr__(self, name: str):
        def ignored(*args: Any, **kwargs: Any) -> None:
            return None

        return ignored


def _sdk_logger(ctx: ActionContext) -> Any:
    """A subclass of the installed SDK's own BaseLogger, so every method it has (info, warning,
    log(level, …), set_progress with its checks, set_metrics, steps) keeps the SDK's behaviour and
    ends in our events; falls back to the duck-typed bridge."""
    try:
        from synapse_sdk.loggers import BaseLogger  # type: ignore
    except Exception:
        return SdkLoggerBridge(ctx)

    class RunLogger(_Forwarding, BaseLogger):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            BaseLogger.__init__(self)
            self._ctx = ctx

        def _log_impl(self, event, data, file, step, level=None):  # noqa: ANN001
            self._forward(level, event, data, file)

        def set_progress(self, current, total, step=None, *args, **kwargs):  # noqa: ANN001
            BaseLogger.set_progress(self, current, total, step)  # the SDK's checks and bookkeeping
            self._ctx.set_progress(current, total, step if step is not None else self.get_step())

        def _on_metrics(self, step, metrics):  # noqa: ANN001
            self._ctx.set_metrics(dict(metrics), step)

    try:
        return RunLogger()
    except Exception:
        return SdkLoggerBridge(ctx)


def runtime_context(ctx: ActionContext) -> Any:
    """A synapse_sdk RuntimeContext when one can be built, else our own context (duck-typed)."""
    try:
        from synapse_sdk.plugins.context import RuntimeContext  # type: ignore
    except Exception:
        return ctx
    env: Any = ctx.env
    try:
        from synapse_sdk.plugins.context.env import PluginEnvironment  # type: ignore

        env = PluginEnvironment(ctx.env)
    except Exception:
        pass  # older/newer SDKs build it differently; a dict still answers env lookups
    try:
        return RuntimeContext(logger=_sdk_logger(ctx), env=env, job_id=ctx.run_id)
    except Exception:
        return ctx


def dispatch(cls: type, params: Dict[str, Any], ctx: ActionContext) -> Any:
    return cls.dispatch(params, runtime_context(ctx))
