"""/metrics read by Prometheus' own Python text-format parser (prometheus_client, shipped with ray[default]):
the families exist with their types, and the counters move when MCP tools and REST routes are called."""

import json
import os
import urllib.request

import pytest

prometheus_parser = pytest.importorskip("prometheus_client.parser")

URL = os.environ["SYNAPSE_TEST_URL"]
KEY = os.environ["SYNAPSE_TEST_KEY"]


def scrape():
    with urllib.request.urlopen(URL + "/metrics", timeout=10) as res:
        assert res.status == 200
        assert res.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = res.read().decode()
    return {f.name: f for f in prometheus_parser.text_string_to_metric_families(text)}


def value(families, family, sample, **labels):
    for s in families[family].samples:
        if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    return 0.0


class Mcp:
    """Just enough of the streamable HTTP transport: initialize, then tools/call on the session."""

    def __init__(self):
        self.session = None
        self.next_id = 0
        self.post({"method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                                       "clientInfo": {"name": "metrics-test", "version": "1"}}})
        self.post({"method": "notifications/initialized"}, notify=True)

    def post(self, msg, notify=False):
        body = dict(msg, jsonrpc="2.0")
        if not notify:
            self.next_id += 1
            body["id"] = self.next_id
        req = urllib.request.Request(URL + "/api/mcp", data=json.dumps(body).encode(), method="POST")
        req.add_header("Authorization", "Bearer " + KEY)
        req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json, text/event-stream")
        if self.session:
            req.add_header("Mcp-Session-Id", self.session)
        with urllib.request.urlopen(req, timeout=60) as res:
            self.session = self.session or res.headers.get("Mcp-Session-Id")
            text = res.read().decode()
        if notify:
            return None
        data = [line[5:].strip() for line in text.splitlines() if line.startswith("data:")]
        return json.loads(data[-1] if data else text)

    def call(self, tool, **args):
        return self.post({"method": "tools/call", "params": {"name": tool, "arguments": args}})["result"]


def test_families_have_the_expected_types():
    fams = scrape()
    expected = {
        "synapse_tool_calls": "counter",
        "synapse_tool_call_seconds": "histogram",
        "synapse_store_seconds": "histogram",
        "synapse_environment_builds": "counter",
        "synapse_sessions": "gauge",
        "synapse_runs": "gauge",
        "synapse_executor_available": "gauge",
    }
    for name, kind in expected.items():
        assert name in fams, name + " missing; have " + ", ".join(sorted(fams))
        assert fams[name].type == kind, name
    assert value(fams, "synapse_executor_available", "synapse_executor_available", mode="local") == 1.0
    # Ray is not configured for this server: both Ray modes read as unreachable
    assert value(fams, "synapse_executor_available", "synapse_executor_available", mode="task") == 0.0


def test_tool_calls_sessions_and_latency_move_with_calls():
    mcp = Mcp()
    before = scrape()
    created = mcp.call("create_session", name="metrics-probe")
    assert not created.get("isError"), created
    sid = created["structuredContent"]["id"]
    mcp.call("close_session", session_id=sid)
    bad = mcp.call("get_session", session_id="not-a-session")
    assert bad.get("isError")
    after = scrape()

    def delta(family, sample, **labels):
        return value(after, family, sample, **labels) - value(before, family, sample, **labels)

    assert delta("synapse_tool_calls", "synapse_tool_calls_total", tool="create_session", outcome="ok") == 1
    assert delta("synapse_tool_calls", "synapse_tool_calls_total", tool="close_session", outcome="ok") == 1
    assert delta("synapse_tool_calls", "synapse_tool_calls_total", tool="get_session", outcome="error") == 1
    assert delta("synapse_tool_call_seconds", "synapse_tool_call_seconds_count", tool="create_session") == 1
    assert delta("synapse_tool_call_seconds", "synapse_tool_call_seconds_bucket", tool="create_session",
                 le="+Inf") == 1
    assert delta("synapse_sessions", "synapse_sessions", status="closed") == 1
    assert delta("synapse_store_seconds", "synapse_store_seconds_count", op="write") >= 2
    assert delta("synapse_store_seconds", "synapse_store_seconds_count", op="read") >= 1


def test_runs_by_status_and_mode_move_with_a_run():
    mcp = Mcp()
    before = scrape()
    run = mcp.call("run_plugin", plugin="hello", action="add", params={"a": 1, "b": 2}, wait_s=30)
    assert not run.get("isError"), run
    assert run["structuredContent"]["status"] == "succeeded", run
    after = scrape()
    key = {"status": "succeeded", "mode": "local"}
    assert value(after, "synapse_runs", "synapse_runs", **key) - value(before, "synapse_runs", "synapse_runs",
                                                                        **key) == 1
