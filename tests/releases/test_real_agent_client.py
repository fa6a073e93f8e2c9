"""The real AgentClient from synapse-sdk (PyPI), not a stand-in: list with paging, get, run and run_debug against
our REST routes, with the client's own defaults (GET health/ with its trailing slash, a 10 s read timeout)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from real_sdk import sdk_python

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def calls():
    source = os.path.join(os.environ["SYNAPSE_TEST_PLUGINS"], "hello")
    proc = subprocess.run(
        [sdk_python(), str(HERE / "real_agent_calls.py"), os.environ["SYNAPSE_TEST_URL"],
         os.environ["SYNAPSE_TEST_KEY"], source],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_health_with_the_trailing_slash_the_client_sends(calls):
    assert calls["health"]["ok"]["status"] == "ok", calls["health"]


def test_list_all_follows_the_pages(calls):
    listed = calls["list_all"]["ok"]
    assert {"hello@0.1.0", "hello@0.2.0", "hello@0.3.0", "hello@0.4.0"} <= set(listed["items"])
    assert listed["count"] == len(listed["items"])
    page = calls["page"]["ok"]
    assert len(page["results"]) == 2 and page["next"]


def test_get_by_code_at_version(calls):
    assert calls["get"]["ok"]["version"] == "0.3.0"
    assert calls["get_missing"]["status"] == 404


def test_run_returns_the_result_and_a_failure_is_a_400(calls):
    assert calls["run"]["ok"]["sum"] == 5, calls["run"]
    assert calls["run_failing"]["status"] == 400, calls["run_failing"]


def test_run_debug_with_a_module_override(calls):
    assert calls["run_debug"]["ok"] == {"sum": 2}, calls["run_debug"]
