"""Imports an action's entrypoint with the plugin folder first on sys.path and works out how to call it."""

from __future__ import annotations

import importlib
import os
import sys
import typing
from typing import Any, Optional

from .errors import EntrypointError, ImportFailure
from .models import is_model

SDK_ACTION_MODULE = "synapse_sdk.plugins.action"


class Target:
    """A loaded entrypoint. kind: `function`, `class` (our own `Cls(params, ctx).execute()`) or `sdk_action`."""

    def __init__(self, entrypoint: str, obj: Any, kind: str, params_model: Optional[type]):
        self.entrypoint = entrypoint
        self.obj = obj
        self.kind = kind
        self.params_model = params_model


def add_plugin_path(plugin_dir: str) -> None:
    path = os.path.abspath(plugin_dir)
    if path in sys.path:
        sys.path.remove(path)
    sys.path.insert(0, path)


def split_entrypoint(entrypoint: str):
    """`pkg.mod:Name` or `pkg.mod.Name`: split at the last ':' if there is one, else at the last '.'."""
    sep = ":" if ":" in entrypoint else "."
    module, _, attr = entrypoint.rpartition(sep)
    if not module or not attr:
        raise EntrypointError("entrypoint '%s' is not of the form module:Name or module.Name" % entrypoint)
    return module, attr


def load_target(plugin_dir: str, entrypoint: Optional[str]) -> Target:
    if not entrypoint:
        raise EntrypointError("action has no entrypoint")
    module_name, attr = split_entrypoint(str(entrypoint))
    add_plugin_path(plugin_dir)
    try:
        module = importlib.import_module(module_name)
        obj = getattr(module, attr)
    except Exception as exc:  # any failure of plugin code at import time is the plugin's, report it
        raise ImportFailure(str(entrypoint), exc) from exc
    if isinstance(obj, type):
        kind = "sdk_action" if is_sdk_action(obj) else "class"
        method = "dispatch" if kind == "sdk_action" else "execute"
        if not callable(getattr(obj, method, None)):
            raise EntrypointError("class '%s' has no %s() method" % (entrypoint, method))
        return Target(str(entrypoint), obj, kind, class_params_model(obj))
    if callable(obj):
        return Target(str(entrypoint), obj, "function", _first_param_model(obj))
    raise EntrypointError("entrypoint '%s' is neither a class nor a function" % entrypoint)


def is_sdk_action(cls: type) -> bool:
    """A synapse_sdk v2 BaseAction subclass, recognised without importing the SDK ourselves."""
    return any(base.__module__ == SDK_ACTION_MODULE and base.__name__ == "BaseAction" for base in cls.__mro__)


def class_params_model(cls: type) -> Optional[type]:
    """`params_model`, else the generic argument (`Train(BaseAction[TrainParams])`), else `__init__`'s hint."""
    declared = getattr(cls, "params_model", None)
    if is_model(declared):
        return declared
    for klass in cls.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            for arg in typing.get_args(base):
                if is_model(arg):
                    return arg
    return _first_param_model(cls.__init__, skip_self=True)


def _first_param_model(func: Any, skip_self: bool = False) -> Optional[type]:
    if not getattr(func, "__annotations__", None):
        return None  # unannotated: params stay a dict, and `inspect` (slow to import) is not needed
    import inspect

    try:
        params = list(inspect.signature(func).parameters.values())
        hints = typing.get_type_hints(func)
    except Exception:  # unresolvable forward references: no model, params stay a dict
        return None
    if skip_self:
        params = params[1:]
    if not params:
        return None
    hint = hints.get(params[0].name)
    return hint if is_model(hint) else None


def positional_arity(func: Any) -> int:
    """How many positional arguments a callable takes (a large number for *args)."""
    code = getattr(func, "__code__", None)
    if code is not None and not hasattr(func, "__self__"):  # a plain function: read its code object directly
        return 99 if code.co_flags & 0x04 else code.co_argcount
    import inspect

    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return 2
    kinds = [p.kind for p in params]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return 99
    return sum(k in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD) for k in kinds)
