"""The warm Ray actor of `task` mode: one named, detached actor per plugin version, created by the Java driver.

Java can pass a Python actor only strings, so every method takes and returns one JSON text. Actions run in
threads of this (threaded) actor and their events are buffered per run: `start` waits briefly so a quick action
answers in one call, and `poll` long-polls for the rest, which streams progress to the host while the action works.

Actors created from Java get no `runtime_env`. A plugin with requirements therefore gets an inner actor created
here through Ray's Python API with a `pip` runtime_env, and this actor forwards every call to it.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
from typing import Any, Dict, List

import ray

from .inprocess import stream_request

# Finished runs whose events nobody collected are dropped after this long.
_UNCLAIMED_S = 3600.0


class _Run:
    def __init__(self) -> None:
        self.events: List[Dict[str, Any]] = []
        self.done = False
        self.exit_code = None
        self.finished_at = 0.0


class _RunOutput(io.TextIOBase):
    """The actor's sys.stdout/sys.stderr: what a run's thread prints becomes `log` events of that run, line by line,
    as in local and job mode; other threads write to the worker's own stream (Ray's worker log)."""

    def __init__(self, fallback, level: str):
        super().__init__()
        self._fallback = fallback
        self._level = level
        self._local = threading.local()

    def bind(self, on_event) -> None:
        self._local.on_event = on_event
        self._local.partial = ""

    def unbind(self) -> None:
        on_event = getattr(self._local, "on_event", None)
        if on_event is not None and self._local.partial:
            self._emit(on_event, self._local.partial)
        self._local.on_event = None
        self._local.partial = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        on_event = getattr(self._local, "on_event", None)
        if on_event is None:
            return self._fallback.write(text)
        *lines, self._local.partial = (self._local.partial + text).split("\n")
        for line in lines:
            self._emit(on_event, line)
        return len(text)

    def flush(self) -> None:
        self._fallback.flush()

    def _emit(self, on_event, line: str) -> None:
        on_event({"event": "log", "ts": time.time(), "level": self._level, "message": line, "logger": "print"})


def _capture_output() -> None:
    if not isinstance(sys.stdout, _RunOutput):
        sys.stdout = _RunOutput(sys.stdout, "info")
    if not isinstance(sys.stderr, _RunOutput):
        sys.stderr = _RunOutput(sys.stderr, "warning")


class ActionHost:
    """Runs actions in threads and keeps each run's events until the host has read them."""

    def __init__(self, env: Dict[str, str]):
        os.environ.update(env)
        _capture_output()
        self._runs: Dict[str, _Run] = {}
        self._cond = threading.Condition()
        self._started = time.time()
        self._served = 0

    def start(self, request_json: str) -> str:
        request = json.loads(request_json)
        run_id = str(request["run_id"])
        run = _Run()
        with self._cond:
            self._drop_stale()
            self._runs[run_id] = run
            self._served += 1
        thread = threading.Thread(target=self._work, args=(request_json, run), name="run-" + run_id, daemon=True)
        thread.start()
        return self._collect(run_id, 0, float(request.get("wait_s", 0.5)), until_done=True)

    def poll(self, request_json: str) -> str:
        request = json.loads(request_json)
        return self._collect(str(request["run_id"]), int(request.get("since", 0)), float(request.get("wait_s", 1.0)))

    def info(self, _request_json: str = "{}") -> str:
        with self._cond:
            active = sorted(k for k, r in self._runs.items() if not r.done)
        return json.dumps({"pid": os.getpid(), "started_at": self._started, "runs_served": self._served, "active": active})

    def _work(self, request_json: str, run: _Run) -> None:
        def on_event(event: Dict[str, Any]) -> None:
            with self._cond:
                run.events.append(event)
                self._cond.notify_all()

        outputs = [s for s in (sys.stdout, sys.stderr) if isinstance(s, _RunOutput)]
        for out in outputs:
            out.bind(on_event)
        try:
            code = stream_request(request_json, on_event)
        except BaseException as exc:  # the runner reports plugin failures itself; this is the runner breaking
            on_event({"event": "error", "type": type(exc).__name__, "message": str(exc), "traceback": None})
            code = 1
        finally:
            for out in outputs:
                out.unbind()
        with self._cond:
            run.exit_code = code
            run.done = True
            run.finished_at = time.time()
            self._cond.notify_all()

    def _collect(self, run_id: str, since: int, wait_s: float, until_done: bool = False) -> str:
        """Waits up to wait_s for new events (or, with until_done, for the end) and returns them."""
        deadline = time.monotonic() + max(0.0, min(wait_s, 30.0))
        with self._cond:
            run = self._runs.get(run_id)
            if run is None:
                return json.dumps({"pid": os.getpid(), "unknown": True, "events": [], "done": True, "next": since})
            while not run.done and (until_done or len(run.events) <= since):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            events = run.events[since:]
            reply = {
                "pid": os.getpid(),
                "events": events,
                "next": since + len(events),
                "done": run.done,
                "exit_code": run.exit_code,
            }
            if run.done:
                del self._runs[run_id]
        return json.dumps(reply, ensure_ascii=True)

    def _drop_stale(self) -> None:
        now = time.time()
        for key in [k for k, r in self._runs.items() if r.done and now - r.finished_at > _UNCLAIMED_S]:
            del self._runs[key]


class PluginActor:
    """`PluginActor(init_json)`: init is `{"plugin", "env", "pip"?: {"packages": [...], ...}}`."""

    def __init__(self, init_json: str):
        init = json.loads(init_json)
        env = {str(k): str(v) for k, v in (init.get("env") or {}).items()}
        self._plugin = init.get("plugin")
        self._inner = None
        self._host = None
        if init.get("pip"):
            # Python workers of this job find synapse_runner through the job's code search path; the inner
            # actor's own environment gets it through PYTHONPATH, which its virtualenv keeps.
            runtime_env = {"pip": init["pip"], "env_vars": dict(env, PYTHONPATH=_runner_root())}
            remote = ray.remote(ActionHost).options(runtime_env=runtime_env, max_concurrency=64, num_cpus=0)
            self._inner = remote.remote(env)
        else:
            self._host = ActionHost(env)

    def start(self, request_json: str) -> str:
        return self._call("start", request_json)

    def poll(self, request_json: str) -> str:
        return self._call("poll", request_json)

    def info(self, request_json: str = "{}") -> str:
        body = json.loads(self._call("info", request_json))
        body.update(plugin=self._plugin, host_pid=os.getpid(), isolated=self._inner is not None)
        return json.dumps(body)

    def _call(self, method: str, request_json: str) -> str:
        if self._inner is None:
            return getattr(self._host, method)(request_json)
        return ray.get(getattr(self._inner, method).remote(request_json))


def _runner_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
