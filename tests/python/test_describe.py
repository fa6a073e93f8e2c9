"""`describe`: one JSON object on stdout with each action's schema, or its own one-line error."""

import json

from conftest import BROKEN, PLUGINS, invoke


def describe(plugin, *extra, **kw):
    return invoke(["describe", "--plugin", plugin, *extra], **kw)


def test_manifest_schema_is_reported_as_declared():
    out = describe(PLUGINS / "hello")
    assert out.code == 0, out.stderr
    add = out.json()["actions"]["add"]
    assert add["schema_source"] == "manifest"
    assert add["params_schema"]["required"] == ["a", "b"]
    assert add["entrypoint"] == "plugin.add:add" and add["method"] == "task" and add["kind"] == "function"
    assert add["error"] is None


def test_pydantic_schema_is_introspected_from_generic_argument_and_params_model():
    actions = describe(PLUGINS / "trainer").json()["actions"]
    train, inference = actions["train"], actions["inference"]
    assert train["schema_source"] == "pydantic"
    epochs = train["params_schema"]["properties"]["epochs"]
    assert (epochs["type"], epochs["default"], epochs["minimum"], epochs["maximum"]) == ("integer", 3, 1, 100)
    assert inference["schema_source"] == "pydantic"
    assert inference["params_schema"]["required"] == ["inputs"]


def test_action_without_any_schema_has_null_schema():
    echo = describe(PLUGINS / "hello").json()["actions"]["echo"]
    assert echo["params_schema"] is None and echo["schema_source"] == "none" and echo["error"] is None


def test_unknown_manifest_keys_are_kept():
    hello = describe(PLUGINS / "hello").json()
    assert hello["actions"]["add"]["config"]["ui_schema"][0]["$formkit"] == "number"
    trainer = describe(PLUGINS / "trainer").json()
    assert trainer["plugin"]["hyperparameters"]["train_ui_schemas"][0]["name"] == "epochs"
    assert trainer["plugin"]["data_type"] == "image"


def test_import_errors_are_reported_per_action_without_hiding_the_others():
    out = describe(BROKEN / "bad-import")
    assert out.code == 0, out.stderr
    actions = out.json()["actions"]
    assert actions["ok"]["error"] is None
    assert actions["missing_module"]["error"] == "ModuleNotFoundError: No module named 'plugin.nowhere'"
    assert "synapse_mcp_example_missing_dependency" in actions["missing_dependency"]["error"]
    assert actions["missing_name"]["error"].startswith("AttributeError:")
    assert actions["venv_path"]["error"]
    assert all("\n" not in a["error"] for n, a in actions.items() if n != "ok")


def test_action_without_entrypoint_is_reported():
    actions = describe(BROKEN / "no-entrypoint").json()["actions"]
    assert actions["orphan"]["error"] == "action has no entrypoint"
    assert actions["ok"]["error"] is None


def test_broken_manifests_fail_with_a_manifest_error():
    bad_yaml = describe(BROKEN / "bad-yaml")
    assert bad_yaml.code == 2
    assert bad_yaml.json()["error"]["type"] == "ManifestError"
    assert "invalid YAML" in bad_yaml.json()["error"]["message"]
    missing = describe(BROKEN / "missing-code")
    assert missing.code == 2
    assert missing.json()["error"]["message"] == "manifest is missing required field(s): code"


def test_single_action_and_unknown_action():
    only = describe(PLUGINS / "hello", "--action", "add").json()
    assert list(only["actions"]) == ["add"]
    unknown = describe(PLUGINS / "hello", "--action", "nope")
    assert unknown.code == 2
    assert "unknown action 'nope'" in unknown.json()["error"]["message"]


def test_import_time_prints_do_not_corrupt_stdout():
    out = describe(PLUGINS / "hello", "--action", "echo")
    json.loads(out.stdout)  # exactly one JSON document
    assert "echo module loaded" in out.stderr


def test_manifest_json_replaces_yaml_so_no_pyyaml_is_needed(tmp_path):
    manifest = {"code": "hello", "name": "Hello from JSON", "actions": {"add": {"entrypoint": "plugin.add:add"}}}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    # -S: no site-packages, so neither PyYAML nor Pydantic: the runner itself must be stdlib-only.
    out = describe(PLUGINS / "hello", "--manifest-json", path, python_flags=["-S"])
    assert out.code == 0, out.stderr
    assert out.json()["plugin"]["name"] == "Hello from JSON"


def test_yaml_without_pyyaml_fails_clearly():
    out = describe(PLUGINS / "hello", python_flags=["-S"])
    assert out.code == 2
    assert "--manifest-json" in out.json()["error"]["message"]


def test_missing_dependency_of_a_real_plugin_is_an_action_error(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(
        json.dumps({"code": "textstats", "name": "t", "actions": {"slug": {"entrypoint": "plugin.slug:slug"}}})
    )
    out = describe(PLUGINS / "textstats", "--manifest-json", path, python_flags=["-S"])
    assert out.json()["actions"]["slug"]["error"] == "ModuleNotFoundError: No module named 'slugify'"
