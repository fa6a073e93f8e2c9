// claim_session benchmark: 16 concurrent claims over one MCP session, first each agent's new session
// (created), then the same agents again (reused), then the hooks' REST claim for a sub-agent
// (POST /api/hooks/subagent-start). Prints calls/s and latency percentiles; fails only on errors.
// Env: SYNAPSE_URL, SYNAPSE_KEY (bench/claims.sh sets them), BENCH_CONCURRENCY (16), BENCH_CLAIMS (2000).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const testsNode = join(dirname(fileURLToPath(import.meta.url)), "..", "tests", "node");
const requireFromTests = createRequire(join(testsNode, "package.json"));
const { Client } = requireFromTests("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = requireFromTests("@modelcontextprotocol/sdk/client/streamableHttp.js");

const BASE = process.env.SYNAPSE_URL;
const KEY = process.env.SYNAPSE_KEY;
const C = Number(process.env.BENCH_CONCURRENCY || 16);
const N = Number(process.env.BENCH_CLAIMS || 2000);
const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/api/mcp`), {
  requestInit: { headers: { Authorization: `Bearer ${KEY}` } },
  fetch: (url, init) => fetch(url, { ...init, signal: undefined }),
});
const client = new Client({ name: "synapse-bench-claims", version: "1.0.0" });
await client.connect(transport);

const pct = (s, p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
let errors = 0;
async function phase(label, op) {
  const lat = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (let i = next++; i < N; i = next++) {
        const s = performance.now();
        try {
          await op(i);
          lat.push(performance.now() - s);
        } catch (e) {
          if (errors++ < 3) console.log(`  error: ${String(e.message || e).slice(0, 200)}`);
        }
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(38)} c=${C} n=${lat.length} ${(lat.length / secs).toFixed(0).padStart(6)} claims/s  ` +
      `p50 ${pct(lat, 50).toFixed(1)} ms  p90 ${pct(lat, 90).toFixed(1)} ms  p99 ${pct(lat, 99).toFixed(1)} ms`,
  );
}

const run = `b${process.pid}`;
const claim = async (i) => {
  const r = await client.callTool({
    name: "claim_session",
    arguments: { claude_session_id: `${run}-cc${i % 50}`, agent_id: `agent${i}`, agent_type: "general-purpose", description: `job ${i}` },
  });
  if (r.isError) throw new Error(r.content?.[0]?.text);
};
console.log(`warm-up: ${Math.min(N, 500)} claims`);
await phase("warm-up (created)", async (i) => claim(i + 10_000_000));
await phase("claim_session, new agent (created)", claim);
await phase("claim_session, same agent (reused)", claim);
await phase("POST /api/hooks/subagent-start", async (i) => {
  const r = await fetch(`${BASE}/api/hooks/subagent-start`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ payload: { session_id: `${run}-rest${i % 50}`, agent_id: `ra${i}`, agent_type: "general-purpose" } }),
  });
  await r.text();
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
});
await client.close();
process.exit(errors ? 1 : 0);
