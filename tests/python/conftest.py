"""Runs synapse_runner as a subprocess, the way the Java host does, and parses what it says."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNNER_PATH = REPO / "src" / "main" / "python"
PLUGINS = REPO / "examples" / "plugins"
BROKEN = REPO / "examples" / "broken-plugins"
MARKER = "@@synapse-event@@ "

# Pure-stdlib parts of the runner (the schema validator) are also tested in-process.
sys.path.insert(0, str(RUNNER_PATH))


class Outcome:
    def __init__(self, code, events, stdout, stderr):
        self.code = code
        self.events = events
        self.stdout = stdout
        self.stderr = stderr

    def of(self, kind):
        return [e for e in self.events if e["event"] == kind]

    @property
    def terminal(self):
        return self.events[-1]

    def json(self):
        return json.loads(self.stdout)


def runner_env(extra=None):
    env = dict(os.environ)
    extra = dict(extra or {})
    # Tests may add a folder (e.g. a stand-in SDK) after the runner's own.
    paths = [str(RUNNER_PATH)] + ([extra.pop("SYNAPSE_TEST_EXTRA_PATH")] if "SYNAPSE_TEST_EXTRA_PATH" in extra else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(extra)
    return env


def invoke(args, python=None, python_flags=(), timeout=60, env=None):
    """describe/validate: one JSON object on stdout."""
    proc = subprocess.run(
        [python or sys.executable, *python_flags, "-m", "synapse_runner", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=runner_env(env),
        cwd=str(REPO),
    )
    return Outcome(proc.returncode, [], proc.stdout, proc.stderr)


def parse_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def parse_marker(text):
    # The host finds events by the marker at the start of a line; everything else is the plugin's output.
    return [json.loads(line[len(MARKER) :]) for line in text.splitlines() if line.startswith(MARKER)]


def start_run(plugin, action, params, tmp_path, events="fd", extra=(), python_flags=(), env=None, python=None):
    """Starts a run with events on an inherited pipe fd (or on stdout with markers); returns (proc, read_fd)."""
    params_file = tmp_path / ("params-%s.json" % action)
    params_file.write_text(json.dumps(params))
    args = [
        python or sys.executable,
        *python_flags,
        "-m",
        "synapse_runner",
        "run",
        "--plugin",
        str(plugin),
        "--action",
        action,
        "--params-file",
        str(params_file),
        *map(str, extra),
    ]
    if events == "marker":
        proc = subprocess.Popen(
            args + ["--events", "marker"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=runner_env(env),
            cwd=str(REPO),
        )
        return proc, None
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        args + ["--events", "fd:%d" % write_fd],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=runner_env(env),
        cwd=str(REPO),
        pass_fds=(write_fd,),
    )
    os.close(write_fd)
    return proc, read_fd


def finish(proc, read_fd, timeout=60):
    if read_fd is None:
        out, err = proc.communicate(timeout=timeout)
        return Outcome(proc.returncode, parse_marker(out), out, err)
    with os.fdopen(read_fd, encoding="utf-8") as events:
        text = events.read()
    out, err = proc.communicate(timeout=timeout)
    return Outcome(proc.returncode, parse_lines(text), out, err)


@pytest.fixture
def run(tmp_path):
    def _run(plugin, action, params=None, events="fd", extra=(), python_flags=()):
        proc, fd = start_run(plugin, action, {} if params is None else params, tmp_path, events, extra, python_flags)
        return finish(proc, fd)

    return _run
