"""The built-in validator for manifest `params_schema`, tested in-process (it is pure stdlib)."""

import pytest
from synapse_runner.errors import ValidationFailure  # on sys.path through conftest
from synapse_runner.schema import validate_params


def problems(schema, value):
    with pytest.raises(ValidationFailure) as info:
        validate_params(schema, value)
    return [(".".join(map(str, p)), m) for p, m in info.value.problems]


def test_types_are_strict_and_booleans_are_not_numbers():
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "number"},
            "i": {"type": "integer"},
            "s": {"type": "string"},
            "b": {"type": "boolean"},
        },
    }
    assert problems(schema, {"n": "1", "i": 1.5, "s": 3, "b": 1}) == [
        ("n", "Input should be a valid number"),
        ("i", "Input should be a valid integer"),
        ("s", "Input should be a valid string"),
        ("b", "Input should be a valid boolean"),
    ]
    assert problems(schema, {"n": True}) == [("n", "Input should be a valid number")]
    assert validate_params(schema, {"n": 2, "i": 3.0, "s": "x", "b": False}) == {"n": 2, "i": 3, "s": "x", "b": False}


def test_enum_and_bounds():
    schema = {
        "type": "object",
        "properties": {
            "mode": {"enum": ["fast", "slow"]},
            "k": {"type": "integer", "minimum": 1, "maximum": 10},
            "x": {"type": "number", "exclusiveMinimum": 0},
        },
    }
    assert problems(schema, {"mode": "medium", "k": 11, "x": 0}) == [
        ("mode", 'Input should be one of "fast", "slow"'),
        ("k", "Input should be less than or equal to 10"),
        ("x", "Input should be greater than 0"),
    ]
    assert problems(schema, {"k": 0}) == [("k", "Input should be greater than or equal to 1")]


def test_enum_does_not_confuse_true_with_one():
    assert problems({"enum": [1, 2]}, True) == [("", "Input should be one of 1, 2")]


def test_items_defaults_and_nested_objects():
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}, "default": []},
            "opts": {
                "type": "object",
                "properties": {"depth": {"type": "integer", "default": 2}},
                "required": ["name"],
            },
        },
    }
    assert validate_params(schema, {"opts": {"name": "n"}}) == {"tags": [], "opts": {"name": "n", "depth": 2}}
    assert problems(schema, {"tags": ["a", 1], "opts": {}}) == [
        ("tags.1", "Input should be a valid string"),
        ("opts.name", "required"),
    ]


def test_defaults_are_copied_not_shared():
    schema = {"type": "object", "properties": {"tags": {"type": "array", "default": []}}}
    first = validate_params(schema, {})
    first["tags"].append("x")
    assert validate_params(schema, {}) == {"tags": []}


def test_additional_properties_schema_and_false():
    typed = {"type": "object", "additionalProperties": {"type": "number"}}
    assert problems(typed, {"a": 1, "b": "x"}) == [("b", "Input should be a valid number")]
    closed = {"type": "object", "properties": {"a": {}}, "additionalProperties": False}
    assert problems(closed, {"a": 1, "z": 2}) == [("z", "Extra inputs are not permitted")]


def test_any_of_with_null_and_local_refs():
    schema = {
        "type": "object",
        "$defs": {"Pos": {"type": "integer", "minimum": 0}},
        "properties": {"limit": {"anyOf": [{"$ref": "#/$defs/Pos"}, {"type": "null"}]}},
    }
    assert validate_params(schema, {"limit": None}) == {"limit": None}
    assert validate_params(schema, {"limit": 3}) == {"limit": 3}
    assert problems(schema, {"limit": -1}) == [("limit", "Input should match one of the allowed schemas")]


def test_string_and_list_lengths():
    schema = {
        "type": "object",
        "properties": {"s": {"type": "string", "minLength": 2, "pattern": "^a"}, "l": {"type": "array", "maxItems": 1}},
    }
    assert problems(schema, {"s": "b", "l": [1, 2]}) == [
        ("s", "String should have at least 2 characters"),
        ("s", "String should match pattern '^a'"),
        ("l", "List should have at most 1 items"),
    ]
