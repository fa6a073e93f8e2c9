// Shared test plumbing: where the server is (from tests/node/run), MCP clients per agent, raw HTTP helpers.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through tests/node/run`);
  return value;
}

export const BASE_URL = required("SYNAPSE_URL");
export const MCP_URL = `${BASE_URL}/api/mcp`;
export const KEYS = {
  a: required("SYNAPSE_KEY_A"),
  b: required("SYNAPSE_KEY_B"),
  admin: required("SYNAPSE_KEY_ADMIN"),
};

// The 7 tools CONTRACT.md pins for sessions and identity.
export const CONTRACT_TOOLS = [
  "checkin",
  "create_session",
  "list_sessions",
  "get_session",
  "close_session",
  "reopen_session",
  "session_heartbeat",
];

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

export function uniqueName(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Connects an SDK client with the given bearer key; `fetchLog` (optional array) records every HTTP exchange. */
export async function connect(key, { fetchLog } = {}) {
  const options = { requestInit: { headers: { Authorization: `Bearer ${key}` } } };
  if (fetchLog) {
    options.fetch = async (url, init) => {
      const response = await fetch(url, init);
      fetchLog.push({ method: init?.method ?? "GET", status: response.status });
      return response;
    };
  }
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), options);
  const client = new Client({ name: "synapse-node-tests", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

/** Calls a tool that must succeed; checks the result shape every tool shares and returns structuredContent. */
export async function callOk(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content?.[0]?.text;
  assert.notEqual(result.isError, true, `${name}(${JSON.stringify(args)}) failed: ${text}`);
  assertResultShape(result, name);
  return result.structuredContent;
}

/** Checks the CONTRACT.md result shape: one text block holding exactly the structuredContent JSON. */
export function assertResultShape(result, name) {
  assert.equal(typeof result.structuredContent, "object", `${name}: structuredContent is missing`);
  assert.ok(result.structuredContent !== null && !Array.isArray(result.structuredContent), `${name}: structuredContent is not an object`);
  assert.equal(result.content.length, 1, `${name}: expected one content block, got ${result.content.length}`);
  assert.equal(result.content[0].type, "text", `${name}: content block is not text`);
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, `${name}: text block differs from structuredContent`);
}

/** Calls a tool that must fail as a tool error; returns the one-line message. */
export async function callError(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  const label = `${name}(${JSON.stringify(args).slice(0, 80)})`;
  assert.equal(result.isError, true, `${label} should be refused, got ${JSON.stringify(result).slice(0, 300)}`);
  assert.equal(result.content?.length, 1, `${label}: expected one content block`);
  const message = result.content[0].text;
  assertCleanMessage(message, label);
  return message;
}

/** A message a model can act on: one non-empty line, no Java exception names or stack frames. */
export function assertCleanMessage(message, label) {
  assert.equal(typeof message, "string", `${label}: message is not a string`);
  assert.ok(message.trim().length > 0, `${label}: empty message`);
  assert.ok(!/[\r\n]/.test(message.trim()), `${label}: message spans several lines: ${JSON.stringify(message)}`);
  assertNoStackTrace(message, label);
}

export function assertNoStackTrace(text, label) {
  for (const marker of ["Exception", "at java.", "at io.", "at dev.synapse", "stackTrace", "java.lang", "\tat "]) {
    assert.ok(!text.includes(marker), `${label}: leaks "${marker}": ${text.slice(0, 400)}`);
  }
}

export function mcpHeaders({ key = KEYS.a, sessionId, extra = {} } = {}) {
  const headers = {
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
    ...extra,
  };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (sessionId) {
    headers["Mcp-Session-Id"] = sessionId;
    headers["MCP-Protocol-Version"] = "2025-11-25";
  }
  return headers;
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "synapse-raw-http-test", version: "1.0.0" },
  },
};

/** POSTs a body (object or raw string) to /api/mcp; returns status, headers, raw text and the JSON-RPC messages. */
export async function post(body, options = {}) {
  const response = await fetch(MCP_URL, {
    method: "POST",
    headers: mcpHeaders(options),
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, messages: parseMessages(response, text) };
}

/** JSON bodies parse as one message; SSE bodies yield the data of each event. */
export function parseMessages(response, text) {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("text/event-stream")) {
    return text
      .split(/\r?\n\r?\n/)
      .map((event) => event.split(/\r?\n/).filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n"))
      .filter((data) => data.length > 0)
      .map((data) => JSON.parse(data));
  }
  if (text.length === 0) return [];
  try {
    return [JSON.parse(text)];
  } catch {
    return [];
  }
}

/** Opens a raw MCP session (initialize + initialized) and returns its id. */
export async function openRawSession(key = KEYS.a) {
  const init = await post(INITIALIZE, { key });
  assert.equal(init.status, 200, `initialize: ${init.status} ${init.text.slice(0, 300)}`);
  const sessionId = init.headers.get("mcp-session-id");
  assert.ok(sessionId, "initialize response has no Mcp-Session-Id header");
  const ack = await post({ jsonrpc: "2.0", method: "notifications/initialized" }, { key, sessionId });
  assert.equal(ack.status, 202, `notifications/initialized: ${ack.status} ${ack.text.slice(0, 300)}`);
  return sessionId;
}

export async function deleteSession(sessionId, key = KEYS.a) {
  const response = await fetch(MCP_URL, {
    method: "DELETE",
    headers: mcpHeaders({ key, sessionId }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, text };
}
