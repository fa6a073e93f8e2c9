// Heartbeat benchmark: session_heartbeat vs protocol ping over one MCP session at several concurrencies,
// then checks that every acknowledged heartbeat was stored. Started by bench/run; prints numbers, never
// fails on timing. Exit 1 only on call errors or lost heartbeats.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The SDK is installed once, for the test suite, in tests/node/node_modules.
const testsNode = join(dirname(fileURLToPath(import.meta.url)), "..", "tests", "node");
const requireFromTests = createRequire(join(testsNode, "package.json"));
const { Client } = requireFromTests("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = requireFromTests("@modelcontextprotocol/sdk/client/streamableHttp.js");

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set: run bench/run`);
  return value;
};
const BASE_URL = env("SYNAPSE_URL");
const KEY = env("SYNAPSE_KEY");
const SERVER_PID = process.env.SYNAPSE_PID;
const LAUNCH_MS = process.env.SYNAPSE_LAUNCH_MS;
const PHASE_S = Number(env("BENCH_SECONDS", "10"));
const WARMUP_S = Number(env("BENCH_WARMUP_SECONDS", "5"));
const CONCURRENCY = env("BENCH_CONCURRENCY", "1,16,64").split(",").map(Number);
const SESSIONS = Math.max(...CONCURRENCY);

const transport = new StreamableHTTPClientTransport(new URL(`${BASE_URL}/api/mcp`), {
  requestInit: { headers: { Authorization: `Bearer ${KEY}` } },
  // The transport hands one AbortSignal to every fetch; under load the listeners pile up faster than
  // undici drops them (MaxListenersExceededWarning) and cost client CPU. Nothing here aborts calls.
  fetch: (url, init) => fetch(url, { ...init, signal: undefined }),
});
const client = new Client({ name: "synapse-bench", version: "1.0.0" });

async function heartbeat(sessionId) {
  const result = await client.callTool({ name: "session_heartbeat", arguments: { session_id: sessionId } });
  if (result.isError) throw new Error(result.content?.[0]?.text ?? "isError");
}

async function tool(name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

/** CPU seconds used so far by the server process (utime + stime from /proc; clock ticks are 100/s on Linux). */
function serverCpuSeconds() {
  if (!SERVER_PID) return NaN;
  try {
    const stat = readFileSync(`/proc/${SERVER_PID}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs `op(worker)` in `workers` loops for `seconds`; returns calls, errors and sorted latencies (ms). */
async function phase(workers, seconds, op) {
  const latencies = [];
  const errorSamples = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const clientCpu0 = process.cpuUsage();
  const serverCpu0 = serverCpuSeconds();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(worker);
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          if (errorSamples.length < 3) errorSamples.push(String(err?.message ?? err).slice(0, 200));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpu0);
  const clientCpuPct = (100 * (clientCpu.user + clientCpu.system)) / 1e6 / elapsed;
  const serverCpuPct = (100 * (serverCpuSeconds() - serverCpu0)) / elapsed;
  latencies.sort((x, y) => x - y);
  return { calls: latencies.length, errors, errorSamples, elapsed, latencies, clientCpuPct, serverCpuPct };
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return NaN;
  }
}

await client.connect(transport);
const tag = `bench-${process.pid}-${Date.now()}`;
const sessions = [];
for (let i = 0; i < SESSIONS; i++) sessions.push((await tool("create_session", { name: tag, description: `worker ${i}` })).id);

let acknowledged = 0;
const beat = async (worker) => {
  await heartbeat(sessions[worker % sessions.length]);
  acknowledged++;
};
const ping = async () => {
  await client.ping();
};

console.log(`warming up for ${WARMUP_S} s (heartbeat and ping, 16 workers) so the JIT is warm before measuring`);
const warm = [await phase(16, WARMUP_S / 2, beat), await phase(16, WARMUP_S / 2, ping)];
let totalErrors = warm.reduce((n, r) => n + r.errors, 0);
for (const r of warm) for (const sample of r.errorSamples) console.log(`  warm-up error: ${sample}`);

const rows = [];
console.log(`\none MCP session, ${sessions.length} sessions to heartbeat, ${PHASE_S} s per row`);
// CPU columns are percent of one core: on a 2-core machine the Node client and the server share 200%.
console.log("op                  conc    calls    calls/s   p50 ms   p99 ms  errors  client%  server%");
for (const workers of CONCURRENCY) {
  for (const [label, op] of [
    ["session_heartbeat", beat],
    ["ping", ping],
  ]) {
    const result = await phase(workers, PHASE_S, op);
    totalErrors += result.errors;
    const rate = result.calls / result.elapsed;
    rows.push({ label, workers, rate });
    console.log(
      `${label.padEnd(18)} ${String(workers).padStart(5)} ${String(result.calls).padStart(8)} ${rate.toFixed(0).padStart(10)}` +
        ` ${pct(result.latencies, 50).toFixed(2).padStart(8)} ${pct(result.latencies, 99).toFixed(2).padStart(8)} ${String(result.errors).padStart(7)}` +
        ` ${result.clientCpuPct.toFixed(0).padStart(8)} ${Number.isNaN(result.serverCpuPct) ? "       ?" : result.serverCpuPct.toFixed(0).padStart(8)}`,
    );
    for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
  }
}

const rss = SERVER_PID ? rssMb(SERVER_PID) : NaN;

// Every acknowledged heartbeat must be stored: sum the sessions' "heartbeats" counters.
async function storedHeartbeats() {
  const listed = await tool("list_sessions", { name: tag, limit: 500 });
  if (listed.sessions.length !== sessions.length) throw new Error(`list_sessions(name) returned ${listed.sessions.length} of ${sessions.length} sessions`);
  let sum = 0;
  for (const s of listed.sessions) {
    if (!Number.isInteger(s.heartbeats)) throw new Error(`session object has no integer "heartbeats" field: ${JSON.stringify(s).slice(0, 300)}`);
    sum += s.heartbeats;
  }
  return sum;
}
let stored;
let storedError;
let firstRead;
try {
  firstRead = await storedHeartbeats();
  stored = firstRead;
  // A store that batches writes may lag an instant behind; a lost heartbeat never catches up.
  for (let i = 0; i < 25 && stored !== acknowledged; i++) {
    await new Promise((r) => setTimeout(r, 200));
    stored = await storedHeartbeats();
  }
} catch (err) {
  storedError = err.message;
}
for (const id of sessions) await tool("close_session", { session_id: id }).catch(() => {});
await transport.terminateSession().catch(() => {});
await client.close();

const rateOf = (label, workers) => rows.find((r) => r.label === label && r.workers === workers)?.rate;
const hb16 = rateOf("session_heartbeat", 16);
const ping16 = rateOf("ping", 16);
const ratio = hb16 && ping16 ? (100 * hb16) / ping16 : NaN;
const goal = (ok) => (ok ? "goal met" : "goal missed");

console.log("");
if (LAUNCH_MS) console.log(`launch to first passing /api/health: ${LAUNCH_MS} ms (${goal(Number(LAUNCH_MS) < 1000)}: < 1000 ms)`);
console.log(`server RSS after load: ${Number.isNaN(rss) ? "unknown" : rss.toFixed(0) + " MB"} (${goal(rss < 300)}: < 300 MB)`);
console.log(`heartbeat/ping throughput at c=16: ${ratio.toFixed(0)}% (${goal(ratio >= 70)}: >= 70%)`);
if (storedError) {
  console.log(`heartbeats stored: could not check (${storedError}); acknowledged ${acknowledged}`);
} else {
  const lag = firstRead !== stored ? ` (first read right after the load: ${firstRead})` : "";
  console.log(`heartbeats acknowledged ${acknowledged}, stored ${stored}${lag}: ${stored === acknowledged ? "none lost" : "MISMATCH"}`);
}
console.log(`call errors: ${totalErrors}`);

if (process.env.BENCH_RESULT_FILE) {
  writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({ tag, sessions: sessions.length, acknowledged, stored }));
}

const ok = totalErrors === 0 && !storedError && stored === acknowledged;
process.exit(ok ? 0 : 1);
