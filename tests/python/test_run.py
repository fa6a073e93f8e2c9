"""`run`: events on an inherited fd or as marked stdout lines, one terminal event, meaningful exit codes."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import PLUGINS, REPO, parse_lines, runner_env, start_run

HELLO, TRAINER, TEXTSTATS = PLUGINS / "hello", PLUGINS / "trainer", PLUGINS / "textstats"


def assert_well_formed(out):
    kinds = [e["event"] for e in out.events]
    assert all(isinstance(e["ts"], float) for e in out.events)
    assert sum(k in ("result", "error") for k in kinds) == 1, kinds
    assert kinds[-1] in ("result", "error")


def test_add_on_fd_returns_sum_and_expression(run):
    out = run(HELLO, "add", {"a": 2, "b": 3.5})
    assert out.code == 0, out.stderr
    assert_well_formed(out)
    assert [e["phase"] for e in out.of("status")] == ["importing", "validating", "running"]
    assert out.terminal == {**out.terminal, "event": "result", "value": {"sum": 5.5, "expression": "2 + 3.5 = 5.5"}}
    assert out.of("log")[0]["data"] == {"a": 2, "b": 3.5}


def test_add_with_marker_events(run):
    out = run(HELLO, "add", {"a": 1, "b": 1}, events="marker")
    assert out.code == 0
    assert_well_formed(out)
    assert out.terminal["value"]["sum"] == 2


def test_plugin_stdout_does_not_break_marker_parsing(run):
    out = run(HELLO, "echo", {"x": [1, 2], "s": "hi"}, events="marker")
    assert out.code == 0, out.stderr
    assert_well_formed(out)
    assert out.terminal["value"] == {"x": [1, 2], "s": "hi"}
    assert "echo module loaded" in out.stdout and "echo says:" in out.stdout


def test_plugin_stdout_goes_to_real_stdout_with_fd_events(run):
    out = run(HELLO, "echo", {"k": "v"})
    assert out.terminal["value"] == {"k": "v"}
    assert "echo says:" in out.stdout


def test_default_stdout_events_keep_plugin_prints_on_stderr(tmp_path):
    params = tmp_path / "p.json"
    params.write_text('{"k": 1}')
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "synapse_runner",
            "run",
            "--plugin",
            str(HELLO),
            "--action",
            "echo",
            "--params-file",
            str(params),
            "--run-id",
            "run-7",
        ],
        capture_output=True,
        text=True,
        env=runner_env(),
        timeout=60,
    )
    events = parse_lines(proc.stdout)
    assert proc.returncode == 0 and events[-1]["value"] == {"k": 1}
    assert all(e["run_id"] == "run-7" for e in events)
    assert "echo says:" in proc.stderr


def test_shell_recipe_moves_events_to_fd3_and_prints_to_stderr(tmp_path):
    # How a JVM host without fd passing launches it: fd 3 := its stdout pipe, stdout := stderr.
    params = tmp_path / "p.json"
    params.write_text('{"a": 1, "b": 2}')
    script = 'exec "$@" --events fd:3 3>&1 1>&2'
    cmd = [
        "/bin/sh",
        "-c",
        script,
        "sh",
        sys.executable,
        "-m",
        "synapse_runner",
        "run",
        "--plugin",
        str(HELLO),
        "--action",
        "echo",
        "--params-file",
        str(params),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=runner_env(), timeout=60)
    assert parse_lines(proc.stdout)[-1]["value"] == {"a": 1, "b": 2}
    assert "echo says:" in proc.stderr


def test_validation_error_names_the_field_and_rule(run):
    out = run(HELLO, "add", {"a": 1, "b": "two"})
    assert out.code == 2
    assert_well_formed(out)
    error = out.terminal
    assert error["type"] == "ValidationError" and error["field"] == "b"
    assert error["message"] == "params.b: Input should be a valid number"
    assert [e["phase"] for e in out.of("status")] == ["importing", "validating"]


def test_missing_required_param(run):
    out = run(HELLO, "add", {"b": 1})
    assert out.code == 2
    assert out.terminal["message"] == "params.a: required"


def test_pydantic_validation_error_names_the_field(run):
    out = run(TRAINER, "train", {"epochs": 0})
    assert out.code == 2
    assert out.terminal["type"] == "ValidationError" and out.terminal["field"] == "epochs"
    assert out.terminal["message"].startswith("params.epochs: Input should be greater than or equal to 1")


def test_exception_becomes_error_event_with_traceback(run):
    out = run(HELLO, "fail")
    assert out.code == 1
    assert_well_formed(out)
    error = out.terminal
    assert (error["type"], error["message"]) == ("ValueError", "boom")
    assert "fail.py" in error["traceback"] and "raise ValueError" in error["traceback"]


def test_train_reports_progress_metrics_and_dumps_pydantic_result(run):
    out = run(TRAINER, "train", {"epochs": 4, "lr": 0.02})
    assert out.code == 0, out.stderr
    assert_well_formed(out)
    assert [(p["current"], p["total"], p["category"]) for p in out.of("progress")] == [
        (i, 4, "train") for i in range(1, 5)
    ]
    assert out.of("progress")[1]["message"] == "epoch 2/4"
    losses = [m["value"]["loss"] for m in out.of("metric")]
    assert len(losses) == 4 and losses == sorted(losses, reverse=True)
    result = out.terminal["value"]
    assert result["metrics"]["loss"] == losses[-1]
    assert json.loads(Path(result["model_path"]).read_text())["epochs"] == 4
    assert any(log.get("logger", "").endswith("trainer.train") for log in out.of("log"))


def test_inference_with_params_model_attribute(run):
    out = run(TRAINER, "inference", {"inputs": [0, 1.5]}, events="marker")
    assert out.code == 0, out.stderr
    assert out.terminal["value"] == {"predictions": [1.0, 4.0]}


def test_slug_uses_its_pypi_dependency(run):
    out = run(TEXTSTATS, "slug", {"text": "Héllo, Wörld!"})
    assert out.code == 0, out.stderr
    assert out.terminal["value"] == {"slug": "hello-world"}


def test_sleep_reports_progress_and_sigterm_cancels_with_an_error_event(tmp_path):
    proc, fd = start_run(HELLO, "sleep", {"seconds": 30}, tmp_path)
    events = os.fdopen(fd, encoding="utf-8")
    first_progress = None
    deadline = time.monotonic() + 20
    while first_progress is None and time.monotonic() < deadline:
        event = json.loads(events.readline())
        if event["event"] == "progress":
            first_progress = event
    proc.send_signal(signal.SIGTERM)
    rest = [json.loads(line) for line in events if line.strip()]
    events.close()
    proc.communicate(timeout=10)
    assert first_progress["current"] == 1 and first_progress["total"] == 30
    assert rest[-1]["event"] == "error" and rest[-1]["type"] == "Cancelled"
    assert proc.returncode == 1


def test_short_sleep_completes(run):
    out = run(HELLO, "sleep", {"seconds": 0.2})
    assert out.code == 0
    assert out.terminal["value"] == {"slept": 0.2}


def test_missing_plugin_folder_is_a_usage_error(run, tmp_path):
    out = run(tmp_path / "nowhere", "add")
    assert out.code == 2 and "does not exist" in out.terminal["message"]


def test_unknown_action_and_bad_params_file_are_usage_errors(run, tmp_path):
    out = run(HELLO, "nope")
    assert out.code == 2 and out.terminal["type"] == "UsageError"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "synapse_runner",
            "run",
            "--plugin",
            str(HELLO),
            "--action",
            "add",
            "--params-file",
            str(bad),
        ],
        capture_output=True,
        text=True,
        env=runner_env(),
        timeout=60,
    )
    assert proc.returncode == 2
    assert parse_lines(proc.stdout)[-1]["type"] == "UsageError"


def test_import_failure_is_an_action_error(run):
    out = run(REPO / "examples" / "broken-plugins" / "bad-import", "missing_dependency")
    assert out.code == 1
    assert out.terminal["type"] == "ModuleNotFoundError"
    assert "synapse_mcp_example_missing_dependency" in out.terminal["message"]


def test_runs_without_site_packages_for_a_pydantic_free_plugin(run, tmp_path):
    manifest = tmp_path / "m.json"
    manifest.write_text(
        json.dumps(
            {
                "code": "hello",
                "name": "Hello",
                "actions": {
                    "add": {"entrypoint": "plugin.add:add", "params_schema": {"type": "object", "required": ["a", "b"]}}
                },
            }
        )
    )
    out = run(HELLO, "add", {"a": 1, "b": 2}, extra=["--manifest-json", manifest], python_flags=["-S"])
    assert out.code == 0, out.stderr
    assert out.terminal["value"]["sum"] == 3
