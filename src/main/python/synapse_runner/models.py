"""Pydantic params models, handled by duck typing so the runner never imports Pydantic itself."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from .errors import ValidationFailure


def is_model(obj: Any) -> bool:
    """A Pydantic v2 (model_validate) or v1 (parse_obj) model class."""
    return isinstance(obj, type) and (hasattr(obj, "model_validate") or hasattr(obj, "parse_obj"))


def json_schema(model: type) -> Dict[str, Any]:
    if hasattr(model, "model_json_schema"):
        return model.model_json_schema()
    return model.schema()  # Pydantic v1


def validate(model: type, params: Dict[str, Any]) -> Tuple[Any, Dict[str, Any]]:
    """Returns (model instance, its JSON dump); a Pydantic error becomes a ValidationFailure."""
    try:
        instance = model.model_validate(params) if hasattr(model, "model_validate") else model.parse_obj(params)
    except Exception as exc:
        problems = _problems(exc)
        if problems is None:
            raise
        raise ValidationFailure(problems) from exc
    return instance, dump(instance)


def dump(instance: Any) -> Dict[str, Any]:
    if hasattr(instance, "model_dump"):
        return instance.model_dump(mode="json")
    import json

    return json.loads(instance.json())  # Pydantic v1


def _problems(exc: Exception) -> Optional[List[tuple]]:
    """(path, message) pairs from anything shaped like a Pydantic ValidationError, else None."""
    errors = getattr(exc, "errors", None)
    if not callable(errors) or type(exc).__name__ != "ValidationError":
        return None
    problems = []
    for err in errors():
        loc = tuple(p for p in err.get("loc", ()) if p != "__root__")
        problems.append((loc, err.get("msg", "invalid")))
    return problems
