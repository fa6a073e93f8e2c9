"""`validate`: params checked and normalized without running anything."""

import json

from conftest import PLUGINS, invoke


def validate(plugin, action, params, tmp_path):
    path = tmp_path / "params.json"
    path.write_text(json.dumps(params))
    return invoke(["validate", "--plugin", plugin, "--action", action, "--params-file", path])


def test_defaults_from_manifest_schema_are_filled_in(tmp_path):
    out = validate(PLUGINS / "hello", "sleep", {}, tmp_path)
    assert out.code == 0
    assert out.json() == {"ok": True, "params": {"seconds": 30}}


def test_defaults_from_pydantic_model_are_filled_in(tmp_path):
    out = validate(PLUGINS / "trainer", "train", {"epochs": 5}, tmp_path)
    assert out.json() == {"ok": True, "params": {"epochs": 5, "lr": 0.01}}


def test_invalid_params_list_every_problem(tmp_path):
    out = validate(PLUGINS / "hello", "add", {"a": True, "c": 1}, tmp_path)
    assert out.code == 2
    error = out.json()["error"]
    assert out.json()["ok"] is False and error["type"] == "ValidationError"
    assert {(e["field"], e["message"]) for e in error["errors"]} == {
        ("a", "Input should be a valid number"),
        ("b", "required"),
        ("c", "Extra inputs are not permitted"),
    }


def test_params_must_be_an_object(tmp_path):
    out = validate(PLUGINS / "hello", "echo", [1, 2], tmp_path)
    assert out.code == 2
    assert out.json()["error"]["message"] == "params: Input should be a valid object"


def test_nested_pydantic_error_path(tmp_path):
    out = validate(PLUGINS / "trainer", "inference", {"inputs": [1, "x"]}, tmp_path)
    assert out.json()["error"]["field"] == "inputs.1"
    assert out.json()["error"]["message"].startswith("params.inputs.1: Input should be a valid number")
