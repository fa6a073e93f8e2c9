"""synapse_sdk v2 actions run through the SDK's own `dispatch`, with a RuntimeContext reporting to our events."""

from pathlib import Path

from conftest import finish, invoke, start_run

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SDK_ENV = {"SYNAPSE_TEST_EXTRA_PATH": str(FIXTURES / "fake_sdk")}


def test_sdk_action_is_dispatched_with_a_runtime_context(tmp_path):
    proc, fd = start_run(
        FIXTURES / "sdk-plugin", "download", {"dataset": 7}, tmp_path, extra=["--run-id", "job-1"], env=SDK_ENV
    )
    out = finish(proc, fd)
    assert out.code == 0, out.stderr
    assert out.terminal["value"] == {
        "dataset": 7,
        "dispatched": True,
        "ctx": "RuntimeContext",
        "job_id": "job-1",
        "env": "PluginEnvironment",
    }
    assert [(p["current"], p["total"], p["category"]) for p in out.of("progress")] == [(1, 2, "download")]
    assert out.of("metric")[0]["value"] == {"files": 3}
    assert out.of("log")[0]["message"] == "downloaded" and out.of("log")[0]["data"] == {"files": 3}


def test_sdk_action_params_are_validated_before_dispatch(tmp_path):
    proc, fd = start_run(FIXTURES / "sdk-plugin", "download", {"dataset": "many"}, tmp_path, env=SDK_ENV)
    out = finish(proc, fd)
    assert out.code == 2
    assert out.terminal["field"] == "dataset"


def test_sdk_action_is_described_with_its_pydantic_schema():
    out = invoke(["describe", "--plugin", FIXTURES / "sdk-plugin"], env=SDK_ENV)
    action = out.json()["actions"]["download"]
    assert action["kind"] == "sdk_action" and action["schema_source"] == "pydantic"
    assert action["params_schema"]["required"] == ["dataset"]
