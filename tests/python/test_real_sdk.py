"""The runner with the real synapse-sdk from PyPI (not a stand-in), in a Python 3.12 environment kept under a fixed
cache folder so reruns are warm: an SDK plugin's actions run unchanged, everything its logger says reaches the run's
events with its level, progress and metrics arrive, params are checked by the plugin's own Pydantic model."""

import subprocess
import sys

import pytest

from conftest import REPO, finish, invoke, start_run

sys.path.insert(0, str(REPO / "tests" / "releases"))
from real_sdk import SDK, sdk_python as _build  # noqa: E402

PLUGIN = REPO / "examples" / "sdk-plugins" / "sdkdemo"


@pytest.fixture(scope="module")
def sdk_python():
    return _build()


def run_sdk(python, action, params, tmp_path):
    proc, fd = start_run(PLUGIN, action, params, tmp_path, python=python, extra=["--run-id", "job-9"])
    return finish(proc, fd, timeout=180)


def test_the_environment_really_holds_the_sdk(sdk_python):
    out = subprocess.run(
        [sdk_python, "-c", "import importlib.metadata as m, sys; print(m.version('synapse-sdk'), sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split()[0] == SDK.split("==")[1] and "(3, 12)" in out.stdout


def test_every_logger_call_reaches_the_events_with_its_level(sdk_python, tmp_path):
    out = run_sdk(sdk_python, "count", {"dataset": 3}, tmp_path)
    assert out.code == 0, out.stderr
    logs = [(e["level"], e["message"]) for e in out.of("log")]
    for expected in [
        ("debug", "debug: starting"),
        ("info", "info: counting 3 items"),
        ("warning", "warning: this is only a demo"),
        ("error", "error: not really an error"),
    ]:
        assert expected in logs, logs
    events = {e.get("data", {}).get("event"): e for e in out.of("log")}
    assert events["counted"]["data"]["data"] == {"n": 3}
    assert events["event_logged"]["data"]["data"] == {"label": "items"}
    assert [(p["current"], p["total"], p["category"]) for p in out.of("progress")] == [
        (1, 3, "count"),
        (2, 3, "count"),
        (3, 3, "count"),
    ]
    assert out.of("metric")[0]["value"] == {"total": 3}
    assert out.terminal["value"] == {"counted": 3, "label": "items"}


def test_a_value_the_model_coerces_is_accepted(sdk_python, tmp_path):
    out = run_sdk(sdk_python, "count", {"dataset": "3"}, tmp_path)
    assert out.code == 0, out.stderr
    assert out.terminal["value"]["counted"] == 3


def test_a_value_the_model_rejects_gives_its_field_error(sdk_python, tmp_path):
    out = run_sdk(sdk_python, "count", {"dataset": "many"}, tmp_path)
    assert out.code == 2
    assert out.terminal["field"] == "dataset"
    assert "valid integer" in out.terminal["message"]
    checked = invoke(
        ["validate", "--plugin", PLUGIN, "--action", "count", "--params-file", tmp_path / "params-count.json"],
        python=sdk_python,
        timeout=180,
    ).json()
    assert checked["ok"] is False and checked["error"]["errors"][0]["field"] == "dataset"


def test_an_entrypoint_inside_the_installed_sdk_runs(sdk_python, tmp_path):
    out = run_sdk(sdk_python, "download", {"dataset": "4"}, tmp_path)
    assert out.code == 0, out.stderr
    assert out.terminal["value"] == {"dataset": 4, "dataset_path": "/tmp/datasets/4"}
    assert ("info", "Downloading dataset 4...") in [(e["level"], e["message"]) for e in out.of("log")]
