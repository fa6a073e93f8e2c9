"""The JSON-string API a warm Ray actor would call, exercised in a fresh interpreter per plugin."""

import json
import subprocess
import sys

from conftest import PLUGINS, REPO, runner_env

SCRIPT = """
import json, sys
from synapse_runner import inprocess
request = sys.stdin.read()
print(getattr(inprocess, sys.argv[1])(request))
"""


def call(function, request):
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, function],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=runner_env(),
        cwd=str(REPO),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def manifest_of(plugin):
    import yaml

    return yaml.safe_load((PLUGINS / plugin / "config.yaml").read_text())


def test_run_request_returns_exit_code_and_events():
    reply = call(
        "run_request",
        {
            "plugin_dir": str(PLUGINS / "trainer"),
            "manifest": manifest_of("trainer"),
            "action": "train",
            "params": {"epochs": 2},
            "run_id": "r1",
        },
    )
    assert reply["exit_code"] == 0
    kinds = [e["event"] for e in reply["events"]]
    assert kinds.count("progress") == 2 and kinds[-1] == "result"
    assert reply["events"][-1]["value"]["metrics"]["loss"] > 0


def test_run_request_reports_validation_errors():
    reply = call(
        "run_request",
        {"plugin_dir": str(PLUGINS / "hello"), "manifest": manifest_of("hello"), "action": "add", "params": {"a": 1}},
    )
    assert reply["exit_code"] == 2
    assert reply["events"][-1]["message"] == "params.b: required"


def test_describe_request_and_bad_request():
    reply = call("describe_request", {"plugin_dir": str(PLUGINS / "hello"), "manifest": manifest_of("hello")})
    assert reply["actions"]["add"]["schema_source"] == "manifest"
    bad = call("run_request", {"manifest": {}})
    assert bad["exit_code"] == 2 and bad["events"][-1]["type"] in ("UsageError", "ManifestError")
