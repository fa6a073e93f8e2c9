// A scripted stand-in for the Anthropic Messages API, enough for one headless Claude Code run:
// the lead spawns two named sub-agents in one turn; each sub-agent (told apart by the
// x-claude-code-agent-id header) finds its Synapse session id in its context, heartbeats it,
// calls run_plugin when the server offers it, then ends its turn.
//
// Usage: node stub.mjs <port-file> <log-file>
// Env: STUB_WORKERS (comma-separated names, default worker-one,worker-two), STUB_RUN_PLUGIN,
//      STUB_RUN_ACTION, STUB_RUN_PARAMS (JSON) for the run_plugin call.
//      STUB_SPAWNS (JSON list of {token, name?, bg?}) replaces the workers: each spawn's description
//      is "item <token>" and its prompt "WORK-ITEM <token>: ...", so a test can check by content
//      which spawn each sub-agent really is. STUB_SUBAGENT_DELAY_MS delays sub-agent replies.
import http from 'node:http';
import fs from 'node:fs';

const [portFile, logFile] = process.argv.slice(2);
const workers = (process.env.STUB_WORKERS || 'worker-one,worker-two').split(',');
const runPlugin = process.env.STUB_RUN_PLUGIN || 'hello';
const runAction = process.env.STUB_RUN_ACTION || 'add';
const runParams = JSON.parse(process.env.STUB_RUN_PARAMS || '{"a":1,"b":2}');
const SESSION_RE = /Synapse session id: ([0-9a-fA-F-]{36})/;
const spawns = process.env.STUB_SPAWNS ? JSON.parse(process.env.STUB_SPAWNS) : null;
const subagentDelay = Number(process.env.STUB_SUBAGENT_DELAY_MS || 0);
const TOKEN_RE = /WORK-ITEM ([A-Za-z0-9_-]+):/;

function log(entry) {
  fs.appendFileSync(logFile, JSON.stringify({ t: new Date().toISOString(), ...entry }) + '\n');
}

let nextId = 0;
const id = (p) => `${p}_stub${String(++nextId).padStart(6, '0')}`;

// Every block of the conversation flattened to text, so the session id is found wherever Claude
// Code puts hook context (system prompt, a system-reminder in a user message, a system message).
function allText(body) {
  const out = [];
  const walk = (v) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(body.system);
  walk(body.messages);
  return out.join('\n');
}

const toolResults = (body) =>
  body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((b) => b.type === 'tool_result');
const toolNames = (body) => (body.tools || []).map((t) => t.name).filter(Boolean);
const findTool = (body, suffix) => toolNames(body).find((n) => n.endsWith(`__${suffix}`));

function leadTurn(body) {
  if (!toolNames(body).includes('Agent')) return [{ type: 'text', text: 'ok' }];
  const done = toolResults(body).length;
  if (done === 0 && spawns) {
    return spawns.map((sp) => ({
      type: 'tool_use',
      id: id('toolu'),
      name: 'Agent',
      input: {
        description: `item ${sp.token}`,
        prompt: `WORK-ITEM ${sp.token}: heartbeat your Synapse session, then stop.`,
        subagent_type: 'general-purpose',
        ...(sp.name ? { name: sp.name } : {}),
        run_in_background: !!sp.bg,
      },
    }));
  }
  if (done === 0) {
    return workers.map((name) => ({
      type: 'tool_use',
      id: id('toolu'),
      name: 'Agent',
      input: {
        description: `e2e ${name}`,
        prompt: `You are ${name}. Heartbeat your Synapse session, run the example plugin, then stop.`,
        subagent_type: 'general-purpose',
        name,
        run_in_background: false,
      },
    }));
  }
  return [{ type: 'text', text: `lead: ${done} sub-agents reported back` }];
}

function subagentTurn(body, agentId) {
  const match = SESSION_RE.exec(allText(body));
  const sessionId = match ? match[1] : null;
  const results = toolResults(body).length;
  const heartbeat = findTool(body, 'session_heartbeat');
  const run = findTool(body, 'run_plugin');
  const token = TOKEN_RE.exec(allText({ messages: body.messages }));
  log({ kind: 'subagent', agentId, sessionId, token: token ? token[1] : null, results, heartbeat: !!heartbeat, run: !!run });
  if (!sessionId || !heartbeat) return [{ type: 'text', text: 'no synapse session in context' }];
  if (results === 0) return [{ type: 'tool_use', id: id('toolu'), name: heartbeat, input: { session_id: sessionId } }];
  if (results === 1 && run && !spawns) {
    const input = { plugin: runPlugin, action: runAction, params: runParams, session_id: sessionId, wait_s: 20 };
    return [{ type: 'tool_use', id: id('toolu'), name: run, input }];
  }
  return [{ type: 'text', text: `done with session ${sessionId}` }];
}

function send(res, model, blocks, stream) {
  const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const message = { id: id('msg'), type: 'message', role: 'assistant', model, content: [], stop_reason: null,
    stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...message, content: blocks, stop_reason: stop }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  ev('message_start', { message });
  blocks.forEach((b, index) => {
    if (b.type === 'text') {
      ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
      ev('content_block_delta', { index, delta: { type: 'text_delta', text: b.text } });
    } else {
      ev('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    }
    ev('content_block_stop', { index });
  });
  ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } });
  ev('message_stop', {});
  res.end(); // a response left open after message_stop hangs a text turn until the idle watchdog
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const path = req.url.split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/messages') {
      log({ kind: 'other', method: req.method, url: req.url });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'stub' } }));
      return;
    }
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const agentId = req.headers['x-claude-code-agent-id'];
    const blocks = agentId ? subagentTurn(body, agentId) : leadTurn(body);
    const checkin = /works as agent "([^"]+)"/.exec(allText(body));
    log({ kind: agentId ? 'subagent-reply' : 'lead', agentId: agentId || null, tools: toolNames(body).length,
      checkinAgent: checkin ? checkin[1] : null, reply: blocks.map((b) => b.name || b.text) });
    const reply = () => send(res, body.model || 'claude-stub', blocks, body.stream !== false);
    if (agentId && subagentDelay > 0) setTimeout(reply, subagentDelay);
    else reply();
  });
});

server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile, String(server.address().port));
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
