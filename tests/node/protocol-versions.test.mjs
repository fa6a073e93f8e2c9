// Both protocol eras on the one /api/mcp: the newest TypeScript client (2.x) negotiating 2026-07-28 through
// server/discover, and the 1.x SDK client pinned to 2025-11-25; same tools, annotations, results and errors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from "@modelcontextprotocol/client";
import { KEYS, MCP_URL, connect, uniqueName } from "./lib/harness.mjs";

async function connectModern(key, mode, seen) {
  const transport = new ModernTransport(new URL(MCP_URL), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
    fetch: async (url, init) => {
      const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
      const headers = new Headers(init?.headers);
      seen?.push({ method: body?.method, session: headers.get("mcp-session-id"), version: headers.get("mcp-protocol-version") });
      return fetch(url, init);
    },
  });
  const client = new ModernClient({ name: "synapse-node-modern", version: "1.0.0" }, { versionNegotiation: { mode } });
  await client.connect(transport);
  return { client, transport };
}

function ok(result, what) {
  assert.notEqual(result.isError, true, `${what} failed: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

describe("protocol versions", () => {
  let modern;
  let legacy;
  const seen = [];

  before(async () => {
    modern = await connectModern(KEYS.a, "auto", seen);
    legacy = await connect(KEYS.a);
  });

  after(async () => {
    await modern?.client.close();
    await legacy?.client.close();
  });

  test("the 2.x client negotiates 2026-07-28 via server/discover and never opens a session", () => {
    assert.equal(modern.client.getNegotiatedProtocolVersion(), "2026-07-28");
    assert.equal(seen[0]?.method, "server/discover");
    assert.ok(!seen.some((r) => r.method === "initialize"), JSON.stringify(seen));
    assert.ok(!seen.some((r) => r.session), JSON.stringify(seen));
    assert.equal(modern.client.getServerVersion()?.name, "synapse-mcp");
  });

  test("the 1.x client stays on 2025-11-25 with a session", () => {
    assert.equal(legacy.transport.protocolVersion, "2025-11-25");
    assert.ok(legacy.transport.sessionId, "no session id");
  });

  test("a pinned 2.x client gets exactly 2026-07-28; a legacy-mode 2.x client gets 2025-11-25", async () => {
    const pinned = await connectModern(KEYS.a, { pin: "2026-07-28" });
    assert.equal(pinned.client.getNegotiatedProtocolVersion(), "2026-07-28");
    await pinned.client.close();
    const old = await connectModern(KEYS.a, "legacy");
    assert.equal(old.client.getNegotiatedProtocolVersion(), "2025-11-25");
    await old.client.close();
  });

  test("both list the same tools with the same annotations and titles", async () => {
    const a = (await modern.client.listTools()).tools;
    const b = (await legacy.client.listTools()).tools;
    assert.deepEqual(
      a.map((t) => [t.name, t.title, t.annotations]),
      b.map((t) => [t.name, t.title, t.annotations]),
    );
    assert.ok(a.every((t) => typeof t.annotations?.readOnlyHint === "boolean"));
  });

  test("a session made on one era is heartbeated on the other", async () => {
    const made = ok(await modern.client.callTool({ name: "create_session", arguments: { name: uniqueName("era") } }), "create_session");
    const beat = ok(await legacy.client.callTool({ name: "session_heartbeat", arguments: { session_id: made.id } }), "heartbeat");
    assert.equal(beat.heartbeats, 1);
    const again = ok(await modern.client.callTool({ name: "session_heartbeat", arguments: { session_id: made.id } }), "heartbeat");
    assert.equal(again.heartbeats, 2);
  });

  test("a tool error is the same one line on both", async () => {
    const args = { name: "get_session", arguments: { session_id: "00000000-0000-0000-0000-000000000000" } };
    const a = await modern.client.callTool(args);
    const b = await legacy.client.callTool(args);
    assert.equal(a.isError, true);
    assert.equal(a.content[0].text, b.content[0].text);
    assert.doesNotMatch(a.content[0].text, /Exception|\n|at java\./);
  });

  test("progress reaches the 2026-07-28 caller of run_plugin", async () => {
    const progress = [];
    const result = await modern.client.callTool(
      { name: "run_plugin", arguments: { plugin: "hello", action: "sleep", params: { seconds: 2 }, mode: "local", wait_s: 45 } },
      { onprogress: (p) => progress.push(p) },
    );
    const run = ok(result, "run_plugin");
    assert.equal(run.status, "succeeded", JSON.stringify(run));
    assert.ok(progress.length >= 2, `progress: ${JSON.stringify(progress)}`);
    assert.ok(progress.some((p) => p.total === 2), JSON.stringify(progress));
  });
});
