"""Run by the SDK's Python 3.12 environment: the real synapse_sdk AgentClient, with its defaults (10 s read
timeout), calls our REST routes; prints one JSON object of what each call gave."""

import json
import os
import sys

from synapse_sdk.clients.agent import AgentClient
from synapse_sdk.exceptions import ClientError

url, key, source = sys.argv[1], sys.argv[2], sys.argv[3]
client = AgentClient(url + "/api/", key)
out = {}


def call(name, fn):
    try:
        out[name] = {"ok": fn()}
    except ClientError as exc:
        out[name] = {"status": exc.status_code, "detail": exc.detail}


call("health", client.health_check)
for version in ["0.1.0", "0.2.0", "0.3.0", "0.4.0"]:
    call("create " + version, lambda v=version: client.create_plugin_release("hello", v))


def listed():
    items, count = client.list_plugin_releases(params={"page_size": 2}, list_all=True)
    return {"items": ["%s@%s" % (r["plugin"], r["version"]) for r in items], "count": count}


call("list_all", listed)
call("page", lambda: client.list_plugin_releases(params={"page_size": 2}))
call("get", lambda: client.get_plugin_release("hello@0.3.0"))
call("get_missing", lambda: client.get_plugin_release("hello@9.9.9"))
call("run", lambda: client.run_plugin_release("hello@0.2.0", "add", params={"a": 2, "b": 3}, job_id="job_1"))
call("run_failing", lambda: client.run_plugin_release("hello@0.2.0", "fail"))
call(
    "run_debug",
    lambda: client.run_debug_plugin_release(
        "add", params={"a": 5, "b": 3}, plugin_path=source, modules={"plugin.add": "def add(params, ctx):\n"
                                                                     "    return {'sum': params['a'] - params['b']}\n"}
    ),
)
print(json.dumps(out, default=str))
