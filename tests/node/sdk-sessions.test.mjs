// The TypeScript SDK client drives the session tools the way an agent would.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  BASE_URL,
  CONTRACT_TOOLS,
  ISO_UTC_RE,
  KEYS,
  UUID_RE,
  assertNoStackTrace,
  callError,
  callOk,
  connect,
  post,
  uniqueName,
} from "./lib/harness.mjs";

const SESSION_FIELDS = [
  "id",
  "agent",
  "name",
  "description",
  "status",
  "last_active_at",
  "expires_at",
  "created_at",
  "updated_at",
  "closed_at",
];

function assertSession(session, { agent, name, status }) {
  for (const field of SESSION_FIELDS) assert.ok(field in session, `session lacks "${field}": ${JSON.stringify(session)}`);
  assert.match(session.id, UUID_RE);
  assert.equal(session.agent, agent);
  if (name !== undefined) assert.equal(session.name, name);
  if (status !== undefined) assert.equal(session.status, status);
  for (const field of ["created_at", "updated_at", "last_active_at"]) {
    assert.match(session[field], ISO_UTC_RE, `${field} is not an ISO-8601 UTC time: ${session[field]}`);
  }
  if (session.closed_at !== null) assert.match(session.closed_at, ISO_UTC_RE);
}

const ms = (iso) => Date.parse(iso);

describe("TypeScript SDK client against /api/mcp", () => {
  let a;
  let b;
  let admin;

  before(async () => {
    a = await connect(KEYS.a);
    b = await connect(KEYS.b);
    admin = await connect(KEYS.admin);
  });

  after(async () => {
    for (const c of [a, b, admin]) await c?.client.close();
  });

  test("tools/list shows the contract's session tools, each with input and output schema", async () => {
    const { tools } = await a.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of CONTRACT_TOOLS) {
      const tool = byName.get(name);
      assert.ok(tool, `tool ${name} missing; server lists: ${[...byName.keys()].join(", ")}`);
      assert.ok(tool.description?.length > 0, `${name} has no description`);
      assert.equal(tool.inputSchema?.type, "object", `${name} inputSchema is not an object schema`);
      assert.equal(tool.outputSchema?.type, "object", `${name} has no object outputSchema`);
    }
    assert.deepEqual(byName.get("create_session").inputSchema.required, ["name"]);
    for (const name of ["get_session", "close_session", "reopen_session", "session_heartbeat"]) {
      assert.deepEqual(byName.get(name).inputSchema.required, ["session_id"], `${name} must require session_id`);
    }
  });

  test("checkin names the calling agent, its roles and the server version", async () => {
    const health = await (await fetch(`${BASE_URL}/api/health`)).json();
    const me = await callOk(a.client, "checkin");
    assert.equal(me.agent.name, "agent-a");
    assert.ok(Array.isArray(me.agent.roles), "agent.roles is not a list");
    for (const role of ["session", "run", "release"]) assert.ok(me.agent.roles.includes(role), `default role ${role} missing`);
    assert.ok(Array.isArray(me.sessions), "sessions is not a list");
    assert.ok(Array.isArray(me.runs?.running) && Array.isArray(me.runs?.recent), "runs.running/recent missing");
    assert.ok(Array.isArray(me.plugins), "plugins is not a list");
    assert.equal(me.server.version, health.version);
    assert.equal(typeof me.server.name, "string");
    assert.equal(me.executors.local.available, true);
    assert.ok("task" in me.executors && "job" in me.executors, "executors task/job missing");

    const boss = await callOk(admin.client, "checkin");
    assert.equal(boss.agent.name, "admin");
    assert.ok(boss.agent.roles.includes("admin"));
  });

  test("a session goes through create, list, get, heartbeat, close (twice), reopen", async () => {
    const name = uniqueName("lifecycle");
    const created = await callOk(a.client, "create_session", { name, description: "node lifecycle test" });
    assertSession(created, { agent: "agent-a", name, status: "active" });
    assert.equal(created.description, "node lifecycle test");
    assert.equal(created.closed_at, null);

    const active = await callOk(a.client, "list_sessions", { status: "active" });
    assert.ok(active.sessions.some((s) => s.id === created.id), "new session not in list_sessions(status=active)");
    assert.ok(active.sessions.every((s) => s.status === "active"), "status filter lets other statuses through");
    assert.equal(active.count, active.sessions.length);

    const byName = await callOk(a.client, "list_sessions", { name });
    assert.deepEqual(byName.sessions.map((s) => s.id), [created.id]);
    assert.equal(byName.count, 1);

    const fetched = await callOk(a.client, "get_session", { session_id: created.id });
    assert.deepEqual(fetched, created);

    const beat = await callOk(a.client, "session_heartbeat", { session_id: created.id });
    assertSession(beat, { agent: "agent-a", name, status: "active" });
    assert.ok(ms(beat.last_active_at) >= ms(created.last_active_at), "heartbeat moved last_active_at back");

    const closed = await callOk(a.client, "close_session", { session_id: created.id });
    assertSession(closed, { agent: "agent-a", name, status: "closed" });
    assert.notEqual(closed.closed_at, null, "closed session has no closed_at");
    const closedAgain = await callOk(a.client, "close_session", { session_id: created.id });
    assert.equal(closedAgain.status, "closed");
    assert.equal(closedAgain.closed_at, closed.closed_at, "closing twice changed closed_at");

    const closedList = await callOk(a.client, "list_sessions", { status: "closed" });
    assert.ok(closedList.sessions.some((s) => s.id === created.id), "closed session not in list_sessions(status=closed)");
    const openList = await callOk(a.client, "list_sessions", { status: "open" });
    assert.ok(!openList.sessions.some((s) => s.id === created.id), "closed session still listed as open");

    const refused = await callError(a.client, "session_heartbeat", { session_id: created.id });
    assert.match(refused, /closed/i, `heartbeat on a closed session should say it is closed: ${refused}`);
    assert.equal((await callOk(a.client, "get_session", { session_id: created.id })).status, "closed");

    const reopened = await callOk(a.client, "reopen_session", { session_id: created.id });
    assertSession(reopened, { agent: "agent-a", name, status: "active" });
    assert.equal(reopened.closed_at, null, "reopened session keeps closed_at");

    const reopenedList = await callOk(a.client, "list_sessions", { status: "open" });
    assert.ok(reopenedList.sessions.some((s) => s.id === created.id), "reopened session not listed as open");

    const final = await callOk(a.client, "get_session", { session_id: created.id });
    assert.equal(final.status, "active");
    assert.equal(final.id, created.id);
    assert.equal(final.created_at, created.created_at);
  });

  test("list_sessions is newest first and honours limit; expires_at round-trips", async () => {
    const name = uniqueName("order");
    const first = await callOk(a.client, "create_session", { name });
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const second = await callOk(a.client, "create_session", { name, expires_at: expiresAt });
    assert.equal(ms(second.expires_at), ms(expiresAt), `expires_at ${second.expires_at} != ${expiresAt}`);
    assert.equal(first.expires_at, null);

    const listed = await callOk(a.client, "list_sessions", { name });
    assert.deepEqual(listed.sessions.map((s) => s.id), [second.id, first.id], "not newest first");
    const limited = await callOk(a.client, "list_sessions", { name, limit: 1 });
    assert.deepEqual(limited.sessions.map((s) => s.id), [second.id]);

    const open = await callOk(a.client, "checkin");
    assert.ok(open.sessions.some((s) => s.id === first.id), "checkin does not show an open session");
  });

  test("a session past its expires_at reads as closed", async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await callOk(a.client, "create_session", { name: uniqueName("expiring"), expires_at: expiresAt });
    assert.equal(created.status, "active");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const later = await callOk(a.client, "get_session", { session_id: created.id });
    assert.equal(later.status, "closed", `session past expires_at ${expiresAt} reads as ${later.status}`);
    const open = await callOk(a.client, "list_sessions", { status: "open", limit: 500 });
    assert.ok(!open.sessions.some((s) => s.id === created.id), "expired session still listed as open");
  });

  test("another agent cannot see or change agent-a's session; admin can see it", async () => {
    const mine = await callOk(a.client, "create_session", { name: uniqueName("private") });
    for (const tool of ["get_session", "close_session", "reopen_session", "session_heartbeat"]) {
      const message = await callError(b.client, tool, { session_id: mine.id });
      assert.match(message, /not found/i, `${tool} by agent-b: ${message}`);
    }
    const theirs = await callOk(b.client, "list_sessions", { limit: 500 });
    assert.ok(!theirs.sessions.some((s) => s.id === mine.id), "agent-b lists agent-a's session");
    assert.ok(theirs.sessions.every((s) => s.agent === "agent-b"), "agent-b lists sessions of other agents");

    const still = await callOk(a.client, "get_session", { session_id: mine.id });
    assert.equal(still.status, "active", "agent-b's refused close changed the session");

    const seenByAdmin = await callOk(admin.client, "get_session", { session_id: mine.id });
    assert.equal(seenByAdmin.agent, "agent-a");
  });

  test("bad input gives a one-line tool error and changes nothing", async () => {
    const snapshot = async () => callOk(a.client, "list_sessions", { limit: 500 });
    const anchor = await callOk(a.client, "create_session", { name: uniqueName("anchor") });
    const before = await snapshot();

    const cases = [
      ["get_session", { session_id: "not-a-uuid" }],
      ["get_session", { session_id: randomUUID() }, /not found/i],
      ["close_session", { session_id: "12345" }],
      ["session_heartbeat", { session_id: randomUUID() }, /not found/i],
      ["reopen_session", { session_id: "../../etc/passwd" }],
      ["get_session", { session_id: 42 }],
      ["get_session", {}],
      ["create_session", { name: "x".repeat(201) }],
      ["create_session", { name: "" }],
      ["create_session", {}],
      ["create_session", { name: 42 }],
      ["create_session", { name: uniqueName("bad-expiry"), expires_at: "tomorrow" }],
      ["list_sessions", { status: "bogus" }],
      ["list_sessions", { limit: 0 }],
      ["list_sessions", { limit: 501 }],
      ["list_sessions", { limit: "ten" }],
    ];
    for (const [tool, args, expected] of cases) {
      const message = await callError(a.client, tool, args);
      if (expected) assert.match(message, expected, `${tool}: ${message}`);
    }

    const exactly200 = await callOk(a.client, "create_session", { name: "y".repeat(200) });
    await callOk(a.client, "close_session", { session_id: exactly200.id });
    const afterCases = await snapshot();
    const withoutBoundary = afterCases.sessions.filter((s) => s.id !== exactly200.id);
    assert.deepEqual(withoutBoundary, before.sessions, "a refused call changed the stored sessions");
    assert.ok(before.sessions.some((s) => s.id === anchor.id));
  });

  test("a wrong key is refused with 401 and a clean message", async () => {
    await assert.rejects(
      connect("syn_this_key_does_not_exist"),
      (err) => {
        assert.ok(err instanceof StreamableHTTPError, `expected StreamableHTTPError, got ${err}`);
        assert.equal(err.code, 401);
        assertNoStackTrace(String(err.message), "401 body");
        return true;
      },
    );
  });

  test("terminateSession() sends DELETE and the server forgets the MCP session", async () => {
    const fetchLog = [];
    const { client, transport } = await connect(KEYS.a, { fetchLog });
    await callOk(client, "checkin");
    const sessionId = transport.sessionId;
    assert.ok(sessionId, "client has no MCP session id");
    await transport.terminateSession();
    const deletes = fetchLog.filter((e) => e.method === "DELETE");
    assert.deepEqual(deletes.map((e) => e.status), [200]);
    assert.equal(transport.sessionId, undefined);

    const stale = await post({ jsonrpc: "2.0", id: 9, method: "ping" }, { sessionId });
    assert.equal(stale.status, 404, `request on a terminated session: ${stale.status} ${stale.text.slice(0, 200)}`);
    await client.close();
  });
});
