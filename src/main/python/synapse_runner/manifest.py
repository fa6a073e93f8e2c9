"""Reads a plugin's manifest (Synapse `config.yaml`), preferring the host's already-parsed JSON copy."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional

from .errors import ManifestError, UsageError

MANIFEST_FILES = ("config.yaml", "synapse.yaml")
DEFAULT_METHOD = "task"


class Manifest:
    """The manifest as a dict (unknown keys kept) plus the lookups the runner needs."""

    def __init__(self, data: Dict[str, Any]):
        if not isinstance(data, dict):
            raise ManifestError("manifest must be a mapping, got %s" % type(data).__name__)
        missing = [key for key in ("code", "name") if not data.get(key)]
        if missing:
            raise ManifestError("manifest is missing required field(s): %s" % ", ".join(missing))
        actions = data.get("actions") or {}
        if not isinstance(actions, dict):
            raise ManifestError("manifest 'actions' must be a mapping")
        self.data = data
        self.actions: Dict[str, Dict[str, Any]] = {
            str(name): (conf if isinstance(conf, dict) else {}) for name, conf in actions.items()
        }

    @property
    def code(self) -> str:
        return str(self.data["code"])

    def plugin_summary(self) -> Dict[str, Any]:
        """Every top-level field except the actions, so unknown keys reach the host unchanged."""
        return {k: v for k, v in self.data.items() if k != "actions"}

    def action_names(self) -> List[str]:
        return list(self.actions)

    def action(self, name: str) -> Dict[str, Any]:
        if name not in self.actions:
            raise UsageError(
                "unknown action '%s' in plugin '%s'; available: %s"
                % (name, self.code, ", ".join(self.actions) or "none")
            )
        return self.actions[name]

    def env(self) -> Dict[str, str]:
        env = self.data.get("env") or {}
        return {str(k): str(v) for k, v in env.items()} if isinstance(env, dict) else {}


def method_of(action: Dict[str, Any]) -> str:
    return str(action.get("method") or DEFAULT_METHOD)


def declared_schema(action: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    schema = action.get("params_schema")
    return schema if isinstance(schema, dict) else None


def load_manifest(plugin_dir: str, manifest_json: Optional[str] = None) -> Manifest:
    if not os.path.isdir(plugin_dir):
        raise UsageError("plugin folder %s does not exist" % plugin_dir)
    if manifest_json:
        try:
            with open(manifest_json, encoding="utf-8") as fh:
                return Manifest(json.load(fh))
        except (OSError, ValueError) as exc:
            raise ManifestError("cannot read --manifest-json %s: %s" % (manifest_json, exc)) from exc
    path = next(
        (os.path.join(plugin_dir, n) for n in MANIFEST_FILES if os.path.isfile(os.path.join(plugin_dir, n))), None
    )
    if path is None:
        raise ManifestError("no config.yaml in plugin folder %s" % plugin_dir)
    try:
        import yaml  # type: ignore
    except ImportError:
        raise ManifestError("reading %s needs PyYAML in this Python; pass --manifest-json instead" % path) from None
    try:
        with open(path, encoding="utf-8") as fh:
            return Manifest(yaml.safe_load(fh))
    except yaml.YAMLError as exc:
        raise ManifestError("invalid YAML in %s: %s" % (path, " ".join(str(exc).split()))) from exc
