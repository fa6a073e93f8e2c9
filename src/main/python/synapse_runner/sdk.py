"""Bridge to synapse_sdk v2: SDK actions run through their own `dispatch` with a RuntimeContext whose
logger reports to our event stream. Only used when the plugin's environment has the SDK installed."""

from __future__ import annotations

from typing import Any, Dict, Optional

from .context import ActionContext


class SdkLoggerBridge:
    """Stands in for the SDK's logger: progress, metrics and logs become our events.

    Anything else the SDK may call on its logger (finish, info, …) is accepted and ignored, so a
    newer SDK with extra logger methods still runs.
    """

    def __init__(self, ctx: ActionContext):
        self._ctx = ctx

    def set_progress(self, current: Any, total: Any, category: Optional[str] = None, **_: Any) -> None:
        self._ctx.set_progress(current, total, category)

    def set_metrics(self, value: Dict[str, Any], category: Optional[str] = None, **_: Any) -> None:
        self._ctx.set_metrics(value, category)

    def log(self, event: Any, data: Any = None, *args: Any, **kwargs: Any) -> None:
        extra = data if isinstance(data, dict) else ({"data": data} if data is not None else {})
        level = kwargs.get("level")
        self._ctx.log(event, level=str(getattr(level, "value", level) or "info"), **extra)

    def __getattr__(self, name: str):
        def ignored(*args: Any, **kwargs: Any) -> None:
            return None

        return ignored


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
        return RuntimeContext(logger=SdkLoggerBridge(ctx), env=env, job_id=ctx.run_id)
    except Exception:
        return ctx


def dispatch(cls: type, params: Dict[str, Any], ctx: ActionContext) -> Any:
    return cls.dispatch(params, runtime_context(ctx))
