"""The plugin-release REST API spoken the way the agent client (seed 001) speaks it."""

import os
import shutil

import pytest

from agent_client import AgentClient, ClientError

HELLO_VERSIONS = ["0.1.0", "0.2.0", "0.3.0", "0.4.0", "0.5.0"]
PLUGINS = os.environ["SYNAPSE_TEST_PLUGINS"]


@pytest.fixture(scope="module")
def client():
    return AgentClient(os.environ["SYNAPSE_TEST_URL"] + "/api/", os.environ["SYNAPSE_TEST_KEY"])


@pytest.fixture(scope="module")
def cached(client):
    for version in HELLO_VERSIONS:
        client.create_plugin_release("hello", version)
    client.create_plugin_release("textstats", "1.0.0")
    return client


def test_create_caches_once_and_returns_the_release(client):
    first = client.create_plugin_release("hello", "0.1.0")
    again = client.create_plugin_release("hello", "0.1.0")
    assert first["id"] == again["id"]
    assert first["plugin"] == "hello" and first["version"] == "0.1.0"
    assert "add" in first["actions"]


def test_list_all_follows_next_through_several_pages(cached):
    cached.pages_fetched = 0
    releases, total = cached.list_plugin_releases(params={"page_size": 2}, list_all=True)
    assert total == len(releases) >= 6
    assert cached.pages_fetched >= 3
    names = {"%s@%s" % (r["plugin"], r["version"]) for r in releases}
    assert {"hello@" + v for v in HELLO_VERSIONS} | {"textstats@1.0.0"} <= names
    page = cached.list_plugin_releases(params={"page_size": 2})
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["previous"] is None and page["next"].startswith("http")


def test_get_by_code_at_version_and_by_id(cached):
    release = cached.get_plugin_release("hello@0.3.0")
    assert release["version"] == "0.3.0"
    assert cached.get_plugin_release(str(release["id"]))["lookup"] == "hello@0.3.0"
    with pytest.raises(ClientError) as missing:
        cached.get_plugin_release("hello@9.9.9")
    assert missing.value.status == 404 and "detail" in missing.value.body


def test_run_returns_the_action_result(cached):
    result = cached.run_plugin_release("hello@0.2.0", "add", params={"a": 2, "b": 3}, job_id="job_abc123")
    assert result["sum"] == 5
    legacy = cached.run_plugin_release("hello@0.2.0", data={"action": "add", "params": {"a": 1, "b": 1},
                                                            "job_id": "job-uuid"})
    assert legacy["sum"] == 2
    with pytest.raises(ClientError) as failed:
        cached.run_plugin_release("hello@0.2.0", "fail")
    assert failed.value.status == 400 and failed.value.body["detail"].startswith("ValueError")
    with pytest.raises(ClientError) as bad:
        cached.run_plugin_release("hello@0.2.0", "add", params={"a": "x", "b": 1})
    assert bad.value.status == 400


def test_run_debug_from_source_with_module_overrides(client):
    source = os.path.join(PLUGINS, "hello")
    module = "def add(params, ctx):\n    return {'sum': params['a'] - params['b']}\n"
    result = client.run_debug_plugin_release("add", params={"a": 5, "b": 3}, plugin_path=source,
                                             config={"description": "debugging"},
                                             modules={"plugin.add": module}, job_id="debug_job_123")
    assert result == {"sum": 2}
    with open(os.path.join(source, "plugin", "add.py")) as f:
        assert "params['a'] - params['b']" not in f.read()
    # the v1 CLI sends module paths instead of sources: a package folder (here a copy of hello's `plugin`
    # whose add multiplies) replaces the package of the same name, so the answer tells which code ran
    package = os.path.join(os.environ["SYNAPSE_TEST_MODULES"], "v1-cli", "plugin")
    shutil.copytree(os.path.join(source, "plugin"), package)
    with open(os.path.join(package, "add.py"), "w") as f:
        f.write("def add(params, ctx):\n    return {'sum': params['a'] * params['b']}\n")
    listed = client.run_debug_plugin_release("add", params={"a": 5, "b": 3}, plugin_path=source,
                                             modules=[package])
    assert listed["sum"] == 15
    with open(os.path.join(source, "plugin", "add.py")) as f:
        assert "params['a'] * params['b']" not in f.read()
    with pytest.raises(ClientError) as outside_roots:
        client.run_debug_plugin_release("add", params={"a": 5, "b": 3}, plugin_path=source,
                                        modules=["/etc"])
    assert outside_roots.value.status == 400 and "modules" in outside_roots.value.body
    with pytest.raises(ClientError) as outside:
        client.run_debug_plugin_release("add", plugin_path="/etc")
    assert outside.value.status == 400 and "plugin_path" in outside.value.body


def test_delete_removes_the_release(cached):
    cached.delete_plugin_release("hello@0.5.0")
    with pytest.raises(ClientError) as gone:
        cached.get_plugin_release("hello@0.5.0")
    assert gone.value.status == 404


def test_errors_are_drf_shaped(client):
    with pytest.raises(ClientError) as missing:
        client.create_plugin_release("hello", None)
    assert missing.value.status == 400 and isinstance(missing.value.body["version"], list)
    with pytest.raises(ClientError) as not_in_store:
        client.create_plugin_release("hello", "7.7.7")
    assert not_in_store.value.status == 404


def test_a_wrong_key_is_401():
    with pytest.raises(ClientError) as denied:
        AgentClient(os.environ["SYNAPSE_TEST_URL"] + "/api/", "syn_wrong").list_plugin_releases()
    assert denied.value.status == 401
