// Raw HTTP against /api/mcp and /api/health: status codes, headers and bodies a client relies on.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import {
  BASE_URL,
  INITIALIZE,
  KEYS,
  MCP_URL,
  assertNoStackTrace,
  deleteSession,
  mcpHeaders,
  openRawSession,
  post,
} from "./lib/harness.mjs";

/** node:http instead of fetch, because fetch will not send a Host header other than the URL's. */
function rawRequest(body, headers) {
  return new Promise((resolve, reject) => {
    const url = new URL(MCP_URL);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { ...mcpHeaders({ key: KEYS.a }), ...headers },
        timeout: 15_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

function parseJson(text, label) {
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`${label}: body is not JSON: ${text.slice(0, 300)}`);
  }
}

describe("streamable HTTP transport", () => {
  test("initialize answers 200 with an Mcp-Session-Id; initialized answers 202", async () => {
    const init = await post(INITIALIZE);
    assert.equal(init.status, 200, init.text.slice(0, 300));
    const sessionId = init.headers.get("mcp-session-id");
    assert.ok(sessionId && sessionId.length >= 8, `Mcp-Session-Id header: ${sessionId}`);
    const [reply] = init.messages;
    assert.equal(reply?.id, 1);
    assert.ok(reply.result?.protocolVersion, "initialize result has no protocolVersion");
    assert.ok(reply.result.capabilities?.tools, "server does not declare the tools capability");
    assert.ok(reply.result.serverInfo?.name, "initialize result has no serverInfo.name");

    const ack = await post({ jsonrpc: "2.0", method: "notifications/initialized" }, { sessionId });
    assert.equal(ack.status, 202);

    const ping = await post({ jsonrpc: "2.0", id: 2, method: "ping" }, { sessionId });
    assert.equal(ping.status, 200);
    assert.deepEqual(ping.messages, [{ jsonrpc: "2.0", id: 2, result: {} }]);
    await deleteSession(sessionId);
  });

  test("an unknown MCP session id gets 404 with a JSON body and no stack trace", async () => {
    const res = await post({ jsonrpc: "2.0", id: 3, method: "tools/list" }, { sessionId: randomUUID() });
    assert.equal(res.status, 404);
    parseJson(res.text, "404 body");
    assertNoStackTrace(res.text, "404 body");
  });

  test("DELETE ends the MCP session: 200, then 404", async () => {
    const sessionId = await openRawSession();
    const first = await deleteSession(sessionId);
    assert.equal(first.status, 200, first.text.slice(0, 300));
    const second = await deleteSession(sessionId);
    assert.equal(second.status, 404);
    assertNoStackTrace(second.text, "second DELETE body");
    const after = await post({ jsonrpc: "2.0", id: 4, method: "ping" }, { sessionId });
    assert.equal(after.status, 404, "a deleted session still answers");
  });

  test("a missing key gets 401 with a JSON body and no stack trace", async () => {
    const res = await post(INITIALIZE, { key: null });
    assert.equal(res.status, 401);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const body = parseJson(res.text, "401 body");
    assert.equal(typeof body, "object");
    assertNoStackTrace(res.text, "401 body");
  });

  test("a wrong key gets 401 with no stack trace", async () => {
    const res = await post(INITIALIZE, { key: "syn_wrong" });
    assert.equal(res.status, 401);
    parseJson(res.text, "401 body");
    assertNoStackTrace(res.text, "401 body");
  });

  test("a foreign Origin is refused with 403 (DNS rebinding)", async () => {
    const res = await post(INITIALIZE, { extra: { Origin: "http://evil.example" } });
    assert.equal(res.status, 403, res.text.slice(0, 300));
    assertNoStackTrace(res.text, "403 body");
    const local = await post(INITIALIZE, { extra: { Origin: BASE_URL } });
    assert.equal(local.status, 200, `the server's own origin ${BASE_URL} is refused: ${local.status}`);
    await deleteSession(local.headers.get("mcp-session-id"));
  });

  test("Host and Origin naming localhost are accepted; a foreign Host is refused", async () => {
    const port = new URL(BASE_URL).port;
    const asLocalhost = await rawRequest(INITIALIZE, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` });
    assert.equal(asLocalhost.status, 200, `Host localhost:${port}: ${asLocalhost.status} ${asLocalhost.body.slice(0, 200)}`);
    await deleteSession(asLocalhost.headers["mcp-session-id"]);
    const foreign = await rawRequest(INITIALIZE, { Host: `evil.example:${port}` });
    assert.ok([403, 421].includes(foreign.status), `foreign Host answered ${foreign.status}`);
    assertNoStackTrace(foreign.body, "foreign Host body");
  });

  test("a 2 MiB body is refused with 413", async () => {
    const sessionId = await openRawSession();
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 5,
      method: "tools/call",
      params: { name: "create_session", arguments: { name: "big", description: "x".repeat(2 * 1024 * 1024) } },
    });
    const res = await post(huge, { sessionId });
    assert.equal(res.status, 413, res.text.slice(0, 300));
    assertNoStackTrace(res.text, "413 body");
    await deleteSession(sessionId);
  });

  test("malformed JSON gets 400 with a JSON-RPC error body and no stack trace", async () => {
    const sessionId = await openRawSession();
    const res = await post("{not json", { sessionId });
    assert.equal(res.status, 400);
    const body = parseJson(res.text, "400 body");
    assert.equal(body.jsonrpc, "2.0", `not a JSON-RPC body: ${res.text.slice(0, 300)}`);
    assert.equal(typeof body.error?.code, "number", `no JSON-RPC error code: ${res.text.slice(0, 300)}`);
    assert.equal(typeof body.error?.message, "string");
    assertNoStackTrace(res.text, "400 body");
    await deleteSession(sessionId);
  });

  test("malformed JSON is reported as a JSON-RPC parse error (-32700)", async () => {
    const sessionId = await openRawSession();
    const res = await post("{not json", { sessionId });
    const body = parseJson(res.text, "400 body");
    // JSON-RPC 2.0 §5.1: "Invalid JSON was received by the server" is -32700; -32600 is for valid JSON
    // that is not a request object.
    assert.equal(body.error?.code, -32700, `error for invalid JSON: ${res.text.slice(0, 300)}`);
    await deleteSession(sessionId);
  });

  test("a JSON-RPC batch is refused with an error", async () => {
    const sessionId = await openRawSession();
    const res = await post(
      [
        { jsonrpc: "2.0", id: 6, method: "ping" },
        { jsonrpc: "2.0", id: 7, method: "ping" },
      ],
      { sessionId },
    );
    const refusedByStatus = res.status >= 400 && res.status < 500;
    const refusedInBody = res.messages.some((m) => m?.error);
    assert.ok(refusedByStatus || refusedInBody, `batch accepted: ${res.status} ${res.text.slice(0, 300)}`);
    assert.ok(!res.messages.some((m) => m?.result), "batch produced results");
    assertNoStackTrace(res.text, "batch body");
    await deleteSession(sessionId);
  });

  test("GET /api/health needs no key and reports version and database", async () => {
    const response = await fetch(`${BASE_URL}/api/health`);
    assert.equal(response.status, 200);
    const health = await response.json();
    assert.equal(health.status, "ok");
    assert.match(health.version, /^\d+\.\d+\.\d+/);
    assert.equal(health.database?.ok, true);
    assert.ok(Number.isInteger(health.database.schema_version) && health.database.schema_version >= 1);
    assert.equal(typeof health.executors, "object");
  });

  test("requests without an MCP session or with a wrong Accept header are refused cleanly", async () => {
    const noSession = await post({ jsonrpc: "2.0", id: 8, method: "tools/list" });
    assert.equal(noSession.status, 400, `no session: ${noSession.status}`);
    assertNoStackTrace(noSession.text, "no-session body");

    const response = await fetch(MCP_URL, {
      method: "POST",
      headers: { ...mcpHeaders({ key: KEYS.a }), Accept: "text/html" },
      body: JSON.stringify(INITIALIZE),
    });
    const text = await response.text();
    assert.ok(response.status >= 400 && response.status < 500, `wrong Accept: ${response.status}`);
    assertNoStackTrace(text, "wrong-Accept body");
  });
});
