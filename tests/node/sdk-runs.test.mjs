// Plugins and local runs through the official TypeScript SDK client: every run tool, progress notifications,
// bounded waits, cancel, and bad input that creates no run.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KEYS, callError, callOk, connect, uniqueName } from "./lib/harness.mjs";

let client;
let transport;

before(async () => {
  ({ client, transport } = await connect(KEYS.a));
});

after(async () => {
  await transport?.terminateSession().catch(() => {});
  await client?.close();
});

test("list_plugins, list_actions and get_action describe the example plugins", async () => {
  const { plugins } = await callOk(client, "list_plugins");
  const hello = plugins.find((p) => p.code === "hello");
  assert.ok(hello, JSON.stringify(plugins));
  assert.deepEqual([...hello.actions].sort(), ["add", "echo", "fail", "sleep"]);
  const { actions } = await callOk(client, "list_actions", { plugin: "hello" });
  assert.equal(actions.find((a) => a.name === "add").method, "task");
  const { action } = await callOk(client, "get_action", { plugin: "hello", action: "add" });
  assert.equal(action.schema_source, "manifest");
  assert.deepEqual([...action.params_schema.required].sort(), ["a", "b"]);
});

test("run_plugin returns the result of a quick run, and get_run and list_runs show it", async () => {
  const run = await callOk(client, "run_plugin", { plugin: "hello", action: "add", params: { a: 20, b: 22 } });
  assert.equal(run.status, "succeeded", JSON.stringify(run));
  assert.equal(run.done, true);
  assert.equal(run.result.sum, 42);
  const again = await callOk(client, "get_run", { run_id: run.id });
  assert.deepEqual(again.result, run.result);
  const { runs } = await callOk(client, "list_runs", { plugin: "hello", status: "succeeded" });
  assert.ok(runs.some((r) => r.id === run.id));
});

test("progress notifications reach the client while run_plugin waits", async () => {
  const progress = [];
  const result = await client.callTool(
    { name: "run_plugin", arguments: { plugin: "hello", action: "sleep", params: { seconds: 3 }, wait_s: 20 } },
    undefined,
    { onprogress: (p) => progress.push(p), timeout: 60_000 },
  );
  assert.notEqual(result.isError, true, JSON.stringify(result));
  assert.equal(result.structuredContent.status, "succeeded");
  assert.ok(progress.length >= 2, `progress notifications: ${JSON.stringify(progress)}`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress);
});

test("a long run returns at once with how to wait; wait_run, get_run_logs and cancel_run work on it", async () => {
  const runId = uniqueName("sleepy").replace(/[^A-Za-z0-9_-]/g, "_");
  const started = await callOk(client, "run_plugin", {
    plugin: "hello", action: "sleep", params: { seconds: 60 }, wait_s: 1, run_id: runId,
  });
  assert.equal(started.id, runId);
  assert.equal(started.done, false);
  assert.match(started.message, /wait_run/);
  const repeat = await callOk(client, "run_plugin", {
    plugin: "hello", action: "sleep", params: { seconds: 60 }, wait_s: 0, run_id: runId,
  });
  assert.equal(repeat.created_at, started.created_at, "the same run_id never starts a second run");
  const waited = await callOk(client, "wait_run", { run_id: runId, wait_s: 2 });
  assert.equal(waited.status, "running");
  assert.ok(waited.progress.current >= 1, JSON.stringify(waited));
  const cancelled = await callOk(client, "cancel_run", { run_id: runId });
  assert.equal(cancelled.status, "cancelled");
  const logs = await callOk(client, "get_run_logs", { run_id: runId, stream: "action" });
  assert.equal(logs.run_id, runId);
  assert.equal(logs.stream, "action");
  assert.equal(logs.lines.length, logs.total_lines, JSON.stringify(logs));
});

test("get_run_logs gives a run's own lines, and since pages on from a line number", async () => {
  const run = await callOk(client, "run_plugin", { plugin: "hello", action: "fail", wait_s: 30 });
  assert.equal(run.status, "failed", JSON.stringify(run));
  const all = await callOk(client, "get_run_logs", { run_id: run.id });
  assert.ok(all.lines.includes("[info] about to fail"), JSON.stringify(all));
  assert.ok(all.lines.some((l) => /ValueError: boom/.test(l)), JSON.stringify(all));
  assert.equal(all.total_lines, all.lines.length);
  assert.equal(all.next_since, all.total_lines);
  const rest = await callOk(client, "get_run_logs", { run_id: run.id, since: 1 });
  assert.deepEqual(rest.lines, all.lines.slice(1));
  assert.equal(rest.next_since, all.total_lines);
  const none = await callOk(client, "get_run_logs", { run_id: run.id, since: all.next_since });
  assert.deepEqual(none.lines, []);
  assert.match(await callError(client, "get_run_logs", { run_id: run.id, since: -1 }), /since/);
});

test("bad runs are refused with one line and create no run", async () => {
  const before = (await callOk(client, "list_runs", { limit: 500 })).count;
  assert.match(await callError(client, "run_plugin", { plugin: "hello", action: "add", params: { a: "x", b: 1 } }), /params\.a/);
  assert.match(await callError(client, "run_plugin", { plugin: "hello", action: "trian" }), /has no action 'trian'; actions: /);
  assert.match(await callError(client, "run_plugin", { plugin: "nosuch", action: "add" }), /unknown plugin 'nosuch'/);
  assert.match(await callError(client, "run_plugin", { plugin: "/etc", action: "x" }), /outside the plugin roots/);
  assert.match(await callError(client, "get_run", { run_id: "no such run" }), /run_id/);
  assert.equal((await callOk(client, "list_runs", { limit: 500 })).count, before);
});
