"""A small JSON-schema validator for params declared in a manifest: the subset plugin authors write.

Strict like JSON Schema (no string-to-number coercion); fills `default`s; collects every problem.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Dict, List, Tuple

from .errors import ValidationFailure

_NAMES = {
    "object": "a valid object",
    "array": "a valid list",
    "string": "a valid string",
    "integer": "a valid integer",
    "number": "a valid number",
    "boolean": "a valid boolean",
    "null": "null",
}


def validate_params(schema: Dict[str, Any], params: Any) -> Dict[str, Any]:
    """Returns params with defaults filled in, or raises ValidationFailure listing every problem."""
    checker = _Checker(schema)
    value = checker.check(schema, params, ())
    if checker.problems:
        raise ValidationFailure(checker.problems)
    return value


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _has_type(v: Any, t: str) -> bool:
    if t == "integer":
        return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    checks = {
        "number": _is_number,
        "string": lambda x: isinstance(x, str),
        "boolean": lambda x: isinstance(x, bool),
        "array": lambda x: isinstance(x, list),
        "object": lambda x: isinstance(x, dict),
        "null": lambda x: x is None,
    }
    return checks.get(t, lambda x: True)(v)  # an unknown type name constrains nothing


def _same(a: Any, b: Any) -> bool:
    # Python's True == 1 must not make `true` match an enum of 1.
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


class _Checker:
    def __init__(self, root: Dict[str, Any]):
        self.root = root
        self.problems: List[Tuple[tuple, str]] = []

    def fail(self, path: tuple, message: str) -> None:
        self.problems.append((path, message))

    def check(self, schema: Any, value: Any, path: tuple) -> Any:
        if schema is False:
            self.fail(path, "Input is not allowed")
            return value
        if not isinstance(schema, dict):
            return value
        if "$ref" in schema:
            return self.check(self.resolve(schema["$ref"]), value, path)
        types = schema.get("type")
        types = [types] if isinstance(types, str) else (types or [])
        if types and not any(_has_type(value, t) for t in types):
            self.fail(path, "Input should be " + " or ".join(_NAMES.get(t, t) for t in types))
            return value
        if "integer" in types and isinstance(value, float) and not any(t == "number" for t in types):
            value = int(value)
        if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
            self.fail(path, "Input should be one of " + ", ".join(json.dumps(e) for e in schema["enum"]))
        if "const" in schema and not _same(value, schema["const"]):
            self.fail(path, "Input should be %s" % json.dumps(schema["const"]))
        if _is_number(value):
            self.bounds(schema, value, path)
        elif isinstance(value, str):
            self.string(schema, value, path)
        elif isinstance(value, list):
            value = self.array(schema, value, path)
        elif isinstance(value, dict):
            value = self.obj(schema, value, path)
        return self.combinators(schema, value, path)

    def resolve(self, ref: str) -> Any:
        node: Any = self.root
        if ref.startswith("#"):
            for part in [p for p in ref[1:].split("/") if p]:
                node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, dict) else {}
            return node
        return {}  # remote refs are out of scope: accept rather than refuse valid params

    def bounds(self, s: Dict[str, Any], v: Any, path: tuple) -> None:
        rules = [
            ("minimum", lambda m: v >= m, "greater than or equal to"),
            ("maximum", lambda m: v <= m, "less than or equal to"),
            ("exclusiveMinimum", lambda m: v > m, "greater than"),
            ("exclusiveMaximum", lambda m: v < m, "less than"),
        ]
        for key, ok, words in rules:
            limit = s.get(key)
            if _is_number(limit) and not ok(limit):
                self.fail(path, "Input should be %s %s" % (words, limit))

    def string(self, s: Dict[str, Any], v: str, path: tuple) -> None:
        if isinstance(s.get("minLength"), int) and len(v) < s["minLength"]:
            self.fail(path, "String should have at least %d characters" % s["minLength"])
        if isinstance(s.get("maxLength"), int) and len(v) > s["maxLength"]:
            self.fail(path, "String should have at most %d characters" % s["maxLength"])
        if isinstance(s.get("pattern"), str) and not re.search(s["pattern"], v):
            self.fail(path, "String should match pattern '%s'" % s["pattern"])

    def array(self, s: Dict[str, Any], v: list, path: tuple) -> list:
        if isinstance(s.get("minItems"), int) and len(v) < s["minItems"]:
            self.fail(path, "List should have at least %d items" % s["minItems"])
        if isinstance(s.get("maxItems"), int) and len(v) > s["maxItems"]:
            self.fail(path, "List should have at most %d items" % s["maxItems"])
        items = s.get("prefixItems", s.get("items"))
        if isinstance(items, list):  # tuple form: one schema per position
            return [self.check(items[i], x, path + (i,)) if i < len(items) else x for i, x in enumerate(v)]
        if items is not None:
            return [self.check(items, x, path + (i,)) for i, x in enumerate(v)]
        return v

    def obj(self, s: Dict[str, Any], v: dict, path: tuple) -> dict:
        props = s.get("properties") or {}
        required = s.get("required") or []
        out = dict(v)
        for name, sub in props.items():
            if name in v:
                out[name] = self.check(sub, v[name], path + (name,))
            elif isinstance(sub, dict) and "default" in sub:
                out[name] = copy.deepcopy(sub["default"])
            elif name in required:
                self.fail(path + (name,), "required")
        for name in required:
            if name not in props and name not in v:
                self.fail(path + (name,), "required")
        extra = s.get("additionalProperties", True)
        for name in [k for k in v if k not in props]:
            if extra is False:
                self.fail(path + (name,), "Extra inputs are not permitted")
            elif isinstance(extra, dict):
                out[name] = self.check(extra, v[name], path + (name,))
        return out

    def combinators(self, s: Dict[str, Any], value: Any, path: tuple) -> Any:
        for sub in s.get("allOf") or []:
            value = self.check(sub, value, path)
        branches = s.get("anyOf") or s.get("oneOf")
        if branches:
            for sub in branches:
                trial = _Checker(self.root)
                result = trial.check(sub, value, path)
                if not trial.problems:
                    return result
            self.fail(path, "Input should match one of the allowed schemas")
        return value
