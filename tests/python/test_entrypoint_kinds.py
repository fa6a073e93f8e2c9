"""Entrypoint shapes beyond the examples, and plugins that misbehave."""

import time
from pathlib import Path

from conftest import invoke

KINDS = Path(__file__).resolve().parent / "fixtures" / "kinds-plugin"


def test_class_without_params_model_gets_a_dict(run):
    out = run(KINDS, "plain_class", {"a": 1})
    assert out.terminal["value"] == {"params_type": "dict", "params": {"a": 1}}


def test_one_argument_and_async_functions(run):
    assert run(KINDS, "one_arg", {"a": 1}).terminal["value"] == {"got": {"a": 1}}
    assert run(KINDS, "async_fn").terminal["value"] == {"async": True}


def test_function_with_pydantic_annotated_params(run):
    out = run(KINDS, "typed_fn", {"x": 2, "y": 3})
    assert out.terminal["value"] == {"params_type": "Point", "sum": 5}
    assert run(KINDS, "typed_fn", {"x": "no"}).terminal["field"] == "x"
    schema = invoke(["describe", "--plugin", KINDS, "--action", "typed_fn"]).json()["actions"]["typed_fn"]
    assert schema["schema_source"] == "pydantic" and schema["kind"] == "function"


def test_context_logs_metrics_env_and_run_id(run):
    out = run(KINDS, "context", {"k": "v"}, extra=["--run-id", "r-42"])
    assert out.code == 0, out.stderr
    logs = [(log["level"], log["message"]) for log in out.of("log")]
    assert logs == [("warning", "with data"), ("info", "from ctx.logger"), ("warning", "from a module logger")]
    assert out.of("log")[0]["data"] == {"answer": 42}
    assert out.of("metric")[0]["value"] == {"loss": None}  # NaN is not JSON
    assert out.terminal["value"] == {"run_id": "r-42", "greeting": "hello from the manifest", "params": {"k": "v"}}


def test_unserializable_result_is_an_error(run):
    out = run(KINDS, "unserializable")
    assert out.code == 1
    assert out.terminal["type"] == "TypeError" and "not JSON-serializable" in out.terminal["message"]


def test_bad_progress_values_fail_the_action(run):
    out = run(KINDS, "bad_progress")
    assert out.code == 1 and out.terminal["type"] == "ValueError"


def test_sys_exit_in_an_action_is_an_action_error(run):
    out = run(KINDS, "exits")
    assert out.code == 1 and out.terminal["type"] == "SystemExit"


def test_lingering_non_daemon_thread_does_not_keep_the_run_alive(run):
    started = time.monotonic()
    out = run(KINDS, "lingering_thread")
    assert out.code == 0 and out.terminal["value"] == {"done": True}
    assert time.monotonic() - started < 30


def test_entrypoints_the_runner_cannot_call(run):
    actions = invoke(["describe", "--plugin", KINDS]).json()["actions"]
    assert "neither a class nor a function" in actions["not_callable"]["error"]
    assert "has no execute() method" in actions["no_execute"]["error"]
    out = run(KINDS, "no_execute")
    assert out.code == 1 and out.terminal["type"] == "EntrypointError"
