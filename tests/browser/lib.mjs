// Helpers for the browser suite: a minimal MCP client over fetch (for fixtures) and a way to age a session.
import { execFileSync } from 'node:child_process';

export const URL_BASE = process.env.SYNAPSE_URL;
export const KEYS = {
  admin: process.env.SYNAPSE_KEY_ADMIN,
  alice: process.env.SYNAPSE_KEY_ALICE,
  bob: process.env.SYNAPSE_KEY_BOB,
};

/** Just enough of the streamable HTTP transport: initialize once, then tools/call. */
export class Mcp {
  constructor(key) {
    this.key = key;
    this.session = null;
    this.id = 0;
  }

  async post(body, notify = false) {
    const msg = { jsonrpc: '2.0', ...body };
    if (!notify) msg.id = ++this.id;
    const headers = {
      authorization: 'Bearer ' + this.key,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    if (this.session) headers['mcp-session-id'] = this.session;
    const res = await fetch(URL_BASE + '/api/mcp', { method: 'POST', headers, body: JSON.stringify(msg) });
    this.session = this.session || res.headers.get('mcp-session-id');
    const text = await res.text();
    if (notify) return null;
    const data = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim());
    return JSON.parse(data.length ? data[data.length - 1] : text);
  }

  async init() {
    await this.post({
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'browser-suite', version: '1' } },
    });
    await this.post({ method: 'notifications/initialized' }, true);
    return this;
  }

  async call(name, args) {
    const r = await this.post({ method: 'tools/call', params: { name, arguments: args } });
    if (r.error || r.result.isError) throw new Error(name + ': ' + JSON.stringify(r.error || r.result.content));
    return r.result.structuredContent;
  }
}

/** Sets a session's last heartbeat two hours back in the server's SQLite file: it then reads as inactive. */
export function ageSession(id) {
  execFileSync('python3', ['-c',
    'import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]); '
      + 'c.execute("UPDATE sessions SET last_active_at=? WHERE id=?", (int(time.time()*1000)-7200000, sys.argv[2])); '
      + 'c.commit()',
    process.env.SYNAPSE_DB, id]);
}

/** A hook call as the plugin's scripts make it. */
export async function hook(key, event, body) {
  const res = await fetch(URL_BASE + '/api/hooks/' + event, {
    method: 'POST',
    headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}
