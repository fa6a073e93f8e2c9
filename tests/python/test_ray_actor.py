"""The task-mode actor's host object without a Ray cluster: start answers quick actions in one call, poll
streams the events of slow ones, and every run's events come back exactly once."""

import json
import subprocess
import sys

import pytest

from conftest import PLUGINS, REPO, runner_env

pytest.importorskip("ray")

SCRIPT = """
import json, sys, time
from synapse_runner.ray_actor import ActionHost
req = json.loads(sys.stdin.read())
host = ActionHost({"GREETING": "hi"})
first = json.loads(host.start(json.dumps(req)))
events, reply = list(first["events"]), first
while not reply["done"]:
    reply = json.loads(host.poll(json.dumps({"run_id": req["run_id"], "since": reply["next"], "wait_s": 5})))
    events += reply["events"]
gone = json.loads(host.poll(json.dumps({"run_id": req["run_id"], "since": 0, "wait_s": 0})))
print(json.dumps({"first_done": first["done"], "events": events, "exit_code": reply["exit_code"],
                  "gone": gone.get("unknown", False), "info": json.loads(host.info())}))
"""


def host_run(plugin, action, params, wait_s):
    import yaml

    request = {
        "plugin_dir": str(PLUGINS / plugin),
        "manifest": yaml.safe_load((PLUGINS / plugin / "config.yaml").read_text()),
        "action": action,
        "params": params,
        "run_id": "r1",
        "wait_s": wait_s,
    }
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=runner_env(),
        cwd=str(REPO),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_quick_action_is_answered_by_start_alone():
    out = host_run("hello", "add", {"a": 2, "b": 3}, 5)
    assert out["first_done"] is True
    assert out["exit_code"] == 0
    assert out["events"][-1]["event"] == "result"
    assert out["events"][-1]["value"]["sum"] == 5
    assert out["gone"] is True, "a finished run is forgotten once read"
    assert out["info"]["runs_served"] == 1 and out["info"]["active"] == []


def test_a_slow_action_streams_progress_through_poll():
    out = host_run("hello", "sleep", {"seconds": 2}, 0.1)
    assert out["first_done"] is False
    kinds = [e["event"] for e in out["events"]]
    assert kinds.count("progress") == 2
    assert kinds[-1] == "result"


def test_what_an_action_prints_becomes_log_events_of_its_run():
    out = host_run("hello", "echo", {"message": "hi"}, 5)
    assert out["exit_code"] == 0, out
    printed = [e["message"] for e in out["events"] if e["event"] == "log" and e.get("logger") == "print"]
    assert "hello plugin: echo module loaded" in printed, out["events"]
    assert any(line.startswith("echo says:") for line in printed), out["events"]
