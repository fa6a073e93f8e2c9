// Local-run benchmark: run_plugin(hello, add, local) end to end through MCP, beside a bare `python3 -c pass`
// process start measured in the same run. Started by bench/run; prints numbers, never fails on timing.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const testsNode = join(dirname(fileURLToPath(import.meta.url)), "..", "tests", "node");
const requireFromTests = createRequire(join(testsNode, "package.json"));
const { Client } = requireFromTests("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = requireFromTests("@modelcontextprotocol/sdk/client/streamableHttp.js");

const CALLS = Number(process.env.BENCH_RUN_CALLS ?? "50");
const transport = new StreamableHTTPClientTransport(new URL(`${process.env.SYNAPSE_URL}/api/mcp`), {
  requestInit: { headers: { Authorization: `Bearer ${process.env.SYNAPSE_KEY}` } },
});
const client = new Client({ name: "synapse-bench-runs", version: "1.0.0" });
await client.connect(transport);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p99: quantile(s, 0.99) };
};

async function runOnce(i) {
  const t0 = performance.now();
  const r = await client.callTool({ name: "run_plugin", arguments: { plugin: "hello", action: "add", params: { a: i, b: 1 } } });
  const ms = performance.now() - t0;
  if (r.isError || r.structuredContent?.status !== "succeeded") throw new Error(`run failed: ${JSON.stringify(r).slice(0, 300)}`);
  return ms;
}

const python = process.env.SYNAPSE_PYTHON_REAL || "python3";
for (let i = 0; i < 5; i++) await runOnce(i); // warm-up: JIT, page cache, runner unpacked
const runs = [];
const bare = [];
for (let i = 0; i < CALLS; i++) {
  runs.push(await runOnce(i));
  const t0 = performance.now();
  spawnSync(python, ["-c", "pass"]);
  bare.push(performance.now() - t0);
}
const r = stats(runs);
const b = stats(bare);
console.log(`\nlocal runs: run_plugin(hello, add) through MCP, ${CALLS} calls after 5 warm-up calls`);
console.log(`  run_plugin       median ${r.median.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms`);
console.log(`  ${python} -c pass  median ${b.median.toFixed(1)} ms   p99 ${b.p99.toFixed(1)} ms`);
const ratio = r.median / b.median;
console.log(`  ratio of medians ${ratio.toFixed(2)} (goal < 1.5: ${ratio < 1.5 ? "met" : "missed"})`);
await transport.terminateSession().catch(() => {});
await client.close();
