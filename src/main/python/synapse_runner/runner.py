"""The three things the runner does — describe, validate, run — usable in-process (e.g. from a Ray actor)."""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Optional, Tuple

from . import models, sdk
from .context import ActionContext, capture_root_warnings
from .errors import EXIT_OK, RunnerError, ValidationFailure, error_from_exception
from .loader import Target, load_target, positional_arity
from .manifest import Manifest, declared_schema, method_of
from .protocol import EventSink, NotSerializable, to_jsonable
from .schema import validate_params


class Cancelled(BaseException):
    """Raised into the action on SIGTERM; a BaseException so the plugin's `except Exception` can't swallow it."""


def describe(plugin_dir: str, manifest: Manifest, only: Optional[str] = None) -> Dict[str, Any]:
    names = [only] if only else manifest.action_names()
    actions = {}
    for name in names:
        conf = manifest.action(name)
        entry: Dict[str, Any] = {
            "entrypoint": conf.get("entrypoint"),
            "method": method_of(conf),
            "description": conf.get("description"),
            "kind": None,
            "params_schema": None,
            "schema_source": "none",
            "error": None,
            "config": conf,
        }  # the action's manifest entry, unknown keys included
        schema = declared_schema(conf)
        if schema is not None:
            entry.update(params_schema=schema, schema_source="manifest")
        try:
            target = load_target(plugin_dir, conf.get("entrypoint"))
            entry["kind"] = target.kind
            if schema is None and target.params_model is not None:
                entry.update(params_schema=models.json_schema(target.params_model), schema_source="pydantic")
        except RunnerError as exc:
            entry["error"] = getattr(exc, "reason", None) or exc.message
        except Exception as exc:  # schema generation is plugin code too; one bad action must not hide the rest
            entry["error"] = "params schema: %s: %s" % (type(exc).__name__, exc)
        actions[name] = entry
    return {"plugin": manifest.plugin_summary(), "actions": actions}


def check_params(conf: Dict[str, Any], target: Target, params: Any) -> Tuple[Any, Dict[str, Any], Dict[str, Any]]:
    """Returns (what the action receives, the plain dict for SDK dispatch, the normalized params)."""
    if not isinstance(params, dict):
        raise ValidationFailure([((), "Input should be a valid object")])
    schema = declared_schema(conf)
    value = validate_params(schema, params) if schema is not None else dict(params)
    if target.params_model is None:
        return value, value, value
    instance, normalized = models.validate(target.params_model, value)
    return instance, value, normalized


def validate_only(plugin_dir: str, manifest: Manifest, action: str, params: Any) -> Dict[str, Any]:
    conf = manifest.action(action)
    _, _, normalized = check_params(conf, load_target(plugin_dir, conf.get("entrypoint")), params)
    return {"ok": True, "params": normalized}


def run_action(
    plugin_dir: str, manifest: Manifest, action: str, params: Any, sink: EventSink, run_id: Optional[str] = None
) -> int:
    """Runs one action, emitting exactly one terminal event; returns the exit code for it."""
    root_handler = capture_root_warnings(sink)
    ctx = None
    try:
        conf = manifest.action(action)
        sink.status("importing")
        target = load_target(plugin_dir, conf.get("entrypoint"))
        sink.status("validating")
        action_params, plain, _ = check_params(conf, target, params)
        env = dict(os.environ, **manifest.env())
        ctx = ActionContext(sink, action_params, run_id, env, "synapse.plugin.%s.%s" % (manifest.code, action))
        sink.status("running")
        result = _invoke(target, action_params, plain, ctx)
        sink.result(to_jsonable(result, strict=True))
        return EXIT_OK
    except RunnerError as exc:
        sink.error(exc.to_error())
        return exc.exit_code
    except NotSerializable as exc:
        sink.error({"type": "TypeError", "message": str(exc), "traceback": None})
        return 1
    except (Cancelled, KeyboardInterrupt) as exc:
        sink.error({"type": "Cancelled", "message": str(exc) or "run cancelled", "traceback": None})
        return 1
    except BaseException as exc:  # SystemExit from plugin code is a failed action, not a runner exit
        sink.error(error_from_exception(exc))
        return 1
    finally:
        if ctx is not None:
            ctx.close()
        logging.getLogger().removeHandler(root_handler)


def _invoke(target: Target, action_params: Any, plain: Dict[str, Any], ctx: ActionContext) -> Any:
    if target.kind == "sdk_action":
        result = sdk.dispatch(target.obj, plain, ctx)
    elif target.kind == "class":
        cls = target.obj
        instance = cls(action_params, ctx) if positional_arity(cls) >= 2 else cls(action_params)
        result = instance.execute()
    else:
        fn = target.obj
        result = fn(action_params, ctx) if positional_arity(fn) >= 2 else fn(action_params)
    if hasattr(result, "__await__"):  # an async action; asyncio is imported only then (it is slow to import)
        import asyncio

        result = asyncio.run(_await(result))
    return result


async def _await(awaitable: Any) -> Any:
    return await awaitable
