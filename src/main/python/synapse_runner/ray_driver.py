"""The Python Ray driver of `task` mode, for clusters newer than Ray's Java API (the Java jars stop at 2.39.0).

`python -m synapse_runner.ray_driver --address HOST:PORT --namespace NS --code-search-path DIR [--node-ip IP]`
speaks the protocol of the Java driver child (RayDriverMain): one JSON request per line on stdin, one JSON answer
per request on stdout in any order, each carrying its `id`; `{"event": "ready"}` first. Ops: `call` (an actor
method with one JSON-text argument), `kill`, `list`, `ping`. Ray's own output goes to stderr. It must run with the
cluster's Ray and Python versions; the token comes from RAY_AUTH_TOKEN as Ray reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from typing import Any, Dict

ACTOR_PREFIX = "synapse:"


class Driver:
    def __init__(self, ray_module, namespace: str, out) -> None:
        self.ray = ray_module
        self.namespace = namespace
        self.out = out
        self.lock = threading.Lock()
        self.actors: Dict[str, Any] = {}
        self.actors_lock = threading.Lock()

    def send(self, message: Dict[str, Any]) -> None:
        line = json.dumps(message, ensure_ascii=True)
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()

    def answer(self, req: Dict[str, Any]) -> Dict[str, Any]:
        reply: Dict[str, Any] = {"id": req.get("id")}
        exc_mod = self.ray.exceptions
        try:
            op = req.get("op")
            if op == "call":
                reply["reply"] = self.call(req, 3 if req.get("retry") else 0)
            elif op == "kill":
                reply["killed"] = self.kill(str(req.get("actor", "")))
            elif op == "list":
                reply["actors"] = self.list()
            elif op == "ping":
                reply["pong"] = True
            else:
                raise ValueError("unknown op %r" % op)
            reply["ok"] = True
        except exc_mod.GetTimeoutError:
            _fail(reply, "timeout", "the call did not answer in time")
        except exc_mod.RayActorError as exc:
            self.actors.pop(str(req.get("actor", "")), None)
            _fail(reply, "actor_died", _last_line(exc))
        except exc_mod.RayTaskError as exc:
            _fail(reply, "task_error", _last_line(exc))
        except exc_mod.RayError as exc:
            _fail(reply, "ray_error", _last_line(exc))
        except Exception as exc:  # noqa: BLE001 - one answer per request, whatever went wrong
            _fail(reply, "driver_error", "%s: %s" % (type(exc).__name__, exc))
        return reply

    def call(self, req: Dict[str, Any], retries: int) -> str:
        name = str(req["actor"])
        actor = self.actor(name, str(req.get("init") or ""))
        timeout = float(req.get("timeout_ms", 600000)) / 1000.0
        try:
            return self.ray.get(getattr(actor, str(req["method"])).remote(str(req.get("arg", ""))), timeout=timeout)
        except self.ray.exceptions.RayActorError:
            with self.actors_lock:
                if self.actors.get(name) is actor:
                    del self.actors[name]
            if retries > 0:
                # the actor died between runs: a fresh one serves this call, which had not started yet
                time.sleep(0.3)
                return self.call(req, retries - 1)
            raise

    def actor(self, name: str, init: str):
        with self.actors_lock:
            cached = self.actors.get(name)
            if cached is not None:
                return cached
            try:
                handle = self.ray.get_actor(name, namespace=self.namespace)
            except ValueError:
                if not init:
                    raise ValueError("no actor named " + name) from None
                from synapse_runner.ray_actor import PluginActor

                handle = (
                    self.ray.remote(PluginActor)
                    .options(name=name, namespace=self.namespace, lifetime="detached", max_concurrency=64)
                    .remote(init)
                )
            self.actors[name] = handle
            return handle

    def kill(self, name: str) -> bool:
        with self.actors_lock:
            self.actors.pop(name, None)
        try:
            handle = self.ray.get_actor(name, namespace=self.namespace)
        except ValueError:
            return False
        self.ray.kill(handle, no_restart=True)
        return True

    def list(self):
        try:
            from ray.util.state import list_actors

            found = list_actors(filters=[("state", "!=", "DEAD")], limit=10000, raise_on_missing_output=False)
        except Exception:  # noqa: BLE001 - the state API needs the dashboard: names are enough then
            names = self.ray.util.list_named_actors(all_namespaces=True)
            return [
                {"name": n["name"], "state": "ALIVE"}
                for n in names
                if n.get("namespace") == self.namespace and n["name"].startswith(ACTOR_PREFIX)
            ]
        out = []
        for a in found:
            a = a if isinstance(a, dict) else a.__dict__
            name = a.get("name") or ""
            if not name.startswith(ACTOR_PREFIX) or a.get("ray_namespace") not in (None, self.namespace):
                continue
            entry = {"name": name, "actor_id": a.get("actor_id"), "state": a.get("state")}
            if a.get("num_restarts") is not None:
                entry["restarts"] = int(a.get("num_restarts"))
            address = a.get("address") or {}
            if isinstance(address, dict) and address.get("ip_address"):
                entry["node_ip"] = address["ip_address"]
            out.append(entry)
        return out


def _fail(reply: Dict[str, Any], kind: str, message: str) -> None:
    reply.update(ok=False, kind=kind, error=message)


def _last_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="synapse_runner.ray_driver")
    parser.add_argument("--address", required=True)
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--code-search-path", required=True)
    parser.add_argument("--node-ip")
    args = parser.parse_args(argv)
    # the protocol owns stdout; everything else (Ray's logs, stray prints) goes to stderr
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import ray

    kwargs: Dict[str, Any] = {
        "address": args.address,
        "namespace": args.namespace,
        "log_to_driver": False,
        "job_config": ray.job_config.JobConfig(code_search_path=[args.code_search_path]),
    }
    if args.node_ip:
        kwargs["_node_ip_address"] = args.node_ip
    ray.init(**kwargs)
    driver = Driver(ray, args.namespace, protocol)
    driver.send({"event": "ready", "pid": os.getpid(), "ray_version": ray.__version__})
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        threading.Thread(target=lambda r=req: driver.send(driver.answer(r)), daemon=True).start()
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
