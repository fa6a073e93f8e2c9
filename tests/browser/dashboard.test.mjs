// The dashboard in a real headless Chromium: sign-in, sessions' dots, runs started from a plugin form and
// watched live, cancel, ownership, escaping, CSRF, CSP, sign-out; a screenshot of every page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import { Mcp, KEYS, URL_BASE, ageSession, hook } from './lib.mjs';

const SHOTS = process.env.SCREENSHOTS;
const GREEN = 'rgb(34, 197, 94)';
const YELLOW = 'rgb(234, 179, 8)';
const GREY = 'rgb(156, 163, 175)';
const HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"><b>bold</b>';

let browser;
const violations = []; // every CSP problem any page reported
const contexts = [];

async function newPage(ctx) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(60000);
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(page.url() + ': ' + m.text());
  });
  return page;
}

async function signIn(key) {
  const ctx = await browser.createBrowserContext();
  contexts.push(ctx);
  const page = await newPage(ctx);
  await page.goto(URL_BASE + '/login');
  await page.type('#key', key);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

async function cspOf(page) {
  const found = await page.evaluate(() => window.__csp || []);
  return found;
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: SHOTS + '/' + name + '.png', fullPage: true });
}

async function waitLive(page) {
  await page.waitForFunction(() => document.body.dataset.live === 'open', { timeout: 30000 });
}

let alice, aliceMcp, bobMcp, adminMcp;
const ids = {};

before(async () => {
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  aliceMcp = await new Mcp(KEYS.alice).init();
  bobMcp = await new Mcp(KEYS.bob).init();
  adminMcp = await new Mcp(KEYS.admin).init();
  ids.active = (await aliceMcp.call('create_session', { name: 'alice active', description: 'working' })).id;
  ids.hostile = (await aliceMcp.call('create_session', { name: HOSTILE, description: HOSTILE })).id;
  ids.inactive = (await aliceMcp.call('create_session', { name: 'alice idle' })).id;
  ageSession(ids.inactive);
  ids.closed = (await aliceMcp.call('create_session', { name: 'alice done' })).id;
  await aliceMcp.call('close_session', { session_id: ids.closed });
  ids.aliceRun = (await aliceMcp.call('run_plugin', { plugin: 'hello', action: 'add', params: { a: 1, b: 1 }, wait_s: 30 })).id;
  ids.bobSession = (await bobMcp.call('create_session', { name: 'bob private session' })).id;
  ids.bobRun = (await bobMcp.call('run_plugin', { plugin: 'hello', action: 'add', params: { a: 40, b: 2 }, wait_s: 30 })).id;
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close();
});

describe('dashboard', () => {
  test('sign-in with a key gives an HttpOnly SameSite=Strict cookie and keeps the key out of the browser', async () => {
    const login = await fetch(URL_BASE + '/login');
    assert.match(login.headers.get('content-security-policy'), /script-src 'self'/);
    assert.doesNotMatch(login.headers.get('content-security-policy'), /unsafe-inline|unsafe-eval/);
    assert.match(login.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    const bad = await signIn('syn_not_a_real_key');
    assert.match(await bad.$eval('#problem', (e) => e.textContent), /not valid/);
    alice = await signIn(KEYS.alice);
    assert.equal(new URL(alice.url()).pathname, '/');
    assert.equal(await alice.$eval('#who', (e) => e.textContent), 'alice');
    const cookies = await alice.cookies();
    const c = cookies.find((x) => x.name === 'synapse_web');
    assert.ok(c, 'a sign-in cookie');
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Strict');
    assert.ok(!cookies.some((x) => x.value.includes(KEYS.alice)), 'no cookie holds the key');
    const stored = await alice.evaluate(() => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
    assert.ok(!stored.includes('syn_'), stored);
    const html = await alice.content();
    assert.ok(!html.includes(KEYS.alice), 'the page does not carry the key');
    await shot(alice, 'overview');
  });

  test('sessions show green, yellow and grey dots; sub-agents sit under their lead', async () => {
    const cc = 'cc-' + Date.now();
    await hook(KEYS.alice, 'session-start', { payload: { session_id: cc, source: 'startup' }, pid: 4242, process_start: 'Mon 1' });
    await hook(KEYS.alice, 'spawn', {
      payload: { session_id: cc, tool_use_id: 'toolu_dash1', tool_input: { description: 'survey sub-agent', subagent_type: 'general-purpose' } },
    });
    const started = await hook(KEYS.alice, 'subagent-start', { payload: { session_id: cc, agent_id: 'agentdash', agent_type: 'general-purpose' } });
    assert.equal(started.status, 200, started.text);
    const sessions = await aliceMcp.call('list_sessions', { status: 'open' });
    // list_sessions nests sub-agents under their lead
    const lead = sessions.sessions.find((s) => (s.subagents || []).length > 0);
    const child = lead && { id: lead.subagents[0].id, parent_id: lead.id };
    assert.ok(child, 'the hooks made a sub-agent session with a lead: ' + JSON.stringify(sessions));

    await alice.goto(URL_BASE + '/sessions');
    const dot = (id) => alice.$eval(`tr[data-session="${id}"] .dot`, (e) => getComputedStyle(e).backgroundColor);
    assert.equal(await dot(ids.active), GREEN);
    assert.equal(await dot(ids.inactive), YELLOW);
    assert.equal(await dot(ids.closed), GREY);
    const order = await alice.$$eval('#sessions tr[data-session]', (rows) => rows.map((r) => [r.dataset.session, r.className]));
    const parentAt = order.findIndex(([id]) => id === child.parent_id);
    const childAt = order.findIndex(([id]) => id === child.id);
    assert.ok(parentAt >= 0 && childAt === parentAt + 1, JSON.stringify(order));
    assert.equal(order[childAt][1], 'depth-1');
    await shot(alice, 'sessions');

    // closing from the page turns the dot grey; the close is in the audit trail
    await waitLive(alice);
    await Promise.all([alice.waitForNavigation(), alice.click(`tr[data-session="${ids.active}"] button`)]);
    assert.equal(await dot(ids.active), GREY);
    const audit = await adminMcp.call('list_sessions', { agent: 'alice', status: 'closed' });
    assert.ok(audit.sessions.some((s) => s.id === ids.active));
  });

  test('names holding markup render as text', async () => {
    await alice.goto(URL_BASE + '/sessions');
    const row = `tr[data-session="${ids.hostile}"]`;
    assert.equal(await alice.$eval(row + ' td.name', (e) => e.textContent), HOSTILE);
    assert.equal(await alice.$$eval(row + ' b, ' + row + ' img, ' + row + ' script', (e) => e.length), 0);
    assert.equal(await alice.evaluate(() => window.__xss), undefined);
  });

  test('a run started from a plugin form finishes live on its page', async () => {
    await alice.goto(URL_BASE + '/plugins/hello');
    await shot(alice, 'plugin');
    await alice.type('#action-add input[name="p.a"]', '2');
    await alice.type('#action-add input[name="p.b"]', '5');
    await Promise.all([alice.waitForNavigation(), alice.click('#action-add button[type=submit]')]);
    assert.match(new URL(alice.url()).pathname, /^\/runs\/run_/);
    ids.formRun = new URL(alice.url()).pathname.split('/')[2];
    await alice.waitForFunction(() => document.querySelector('#run .status')?.textContent === 'succeeded', { timeout: 90000 });
    await alice.waitForFunction(() => document.querySelector('#result')?.textContent.includes('7'));
    assert.deepEqual(JSON.parse(await alice.$eval('#params', (e) => e.textContent)), { a: 2, b: 5 });
    await shot(alice, 'run');
  });

  test('the runs page follows a run from start to finish without reloading', async () => {
    await alice.goto(URL_BASE + '/runs');
    await waitLive(alice);
    await alice.evaluate(() => { window.__sameDocument = true; });
    const run = await aliceMcp.call('run_plugin', { plugin: 'hello', action: 'sleep', params: { seconds: 2 }, wait_s: 0 });
    const row = `tr[data-run="${run.id}"]`;
    await alice.waitForSelector(row, { timeout: 30000 });
    await alice.waitForFunction((sel) => document.querySelector(sel + ' .status')?.textContent === 'succeeded', { timeout: 90000 }, row);
    assert.equal(await alice.evaluate(() => window.__sameDocument), true, 'no reload happened');
    await shot(alice, 'runs');
  });

  test('a long run is cancelled from its page', async () => {
    await alice.goto(URL_BASE + '/plugins/hello');
    const seconds = await alice.$('#action-sleep input[name="p.seconds"]');
    await seconds.click({ clickCount: 3 });
    await seconds.type('120');
    await Promise.all([alice.waitForNavigation(), alice.click('#action-sleep button[type=submit]')]);
    const id = new URL(alice.url()).pathname.split('/')[2];
    await alice.waitForSelector('#run form[action$="/cancel"] button');
    await Promise.all([alice.waitForNavigation(), alice.click('#run form[action$="/cancel"] button')]);
    await alice.waitForFunction(() => document.querySelector('#run .status')?.textContent === 'cancelled', { timeout: 60000 });
    const stored = await aliceMcp.call('get_run', { run_id: id });
    assert.equal(stored.status, 'cancelled');
  });

  test('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    await alice.goto(URL_BASE + '/sessions');
    const tries = await alice.evaluate(async (id) => {
      const none = await fetch('/sessions/' + id + '/close', { method: 'POST', body: new URLSearchParams({}) });
      const wrong = await fetch('/sessions/' + id + '/close', { method: 'POST', body: new URLSearchParams({ csrf: 'forged' }) });
      return [none.status, wrong.status, await wrong.text()];
    }, ids.inactive);
    assert.deepEqual(tries.slice(0, 2), [403, 403]);
    assert.match(tries[2], /CSRF/);
    const s = await aliceMcp.call('get_session', { session_id: ids.inactive });
    assert.equal(s.status, 'inactive', 'the session was not closed');
  });

  test('a non-admin sees and changes only its own', async () => {
    const bob = await signIn(KEYS.bob);
    await bob.goto(URL_BASE + '/runs');
    const runs = await bob.$$eval('#runs tr[data-run]', (rows) => rows.map((r) => r.dataset.run));
    assert.deepEqual(runs, [ids.bobRun]);
    await bob.goto(URL_BASE + '/sessions');
    const sessions = await bob.$$eval('#sessions tr[data-session]', (rows) => rows.map((r) => r.dataset.session));
    assert.deepEqual(sessions, [ids.bobSession]);
    const other = await bob.goto(URL_BASE + '/runs/' + ids.aliceRun);
    assert.equal(other.status(), 404);
    const keys = await bob.goto(URL_BASE + '/keys');
    assert.equal(keys.status(), 403);
    assert.equal(await bob.$$eval('nav a[href="/keys"]', (e) => e.length), 0);
    // bob's own CSRF token does not let him close alice's session
    await bob.goto(URL_BASE + '/sessions');
    const status = await bob.evaluate(async (id) => {
      const csrf = document.querySelector('input[name=csrf]').value;
      const r = await fetch('/sessions/' + id + '/reopen', { method: 'POST', body: new URLSearchParams({ csrf }) });
      return r.status;
    }, ids.closed);
    assert.equal(status, 404);
    assert.equal((await aliceMcp.call('get_session', { session_id: ids.closed })).status, 'closed');
  });

  test('an admin sees every page; keys are created and revoked from the keys page', async () => {
    const admin = await signIn(KEYS.admin);
    await adminMcp.call('create_plugin_release', { plugin: 'hello', version: '0.1.0' }).catch(() => {});
    for (const [path, name] of [['/', 'overview-admin'], ['/releases', 'releases'], ['/plugins', 'plugins'], ['/audit', 'audit'], ['/runs', 'runs-admin'], ['/sessions', 'sessions-admin']]) {
      const res = await admin.goto(URL_BASE + path);
      assert.equal(res.status(), 200, path);
      assert.match(res.headers()['content-security-policy'], /default-src 'none'/, path);
      assert.equal(res.headers()['cache-control'], 'no-store', path);
      await shot(admin, name);
    }
    await admin.goto(URL_BASE + '/runs');
    const runs = await admin.$$eval('#runs tr[data-run]', (rows) => rows.map((r) => r.dataset.run));
    assert.ok(runs.includes(ids.bobRun) && runs.includes(ids.aliceRun), 'an admin sees everyone\'s runs');
    await admin.goto(URL_BASE + '/keys');
    await admin.type('input[name=name]', 'carol');
    await Promise.all([admin.waitForNavigation(), admin.click('form[action="/keys"] button')]);
    const key = await admin.$eval('#new-key code', (e) => e.textContent);
    assert.match(key, /^syn_/);
    await shot(admin, 'keys');
    const carol = await fetch(URL_BASE + '/api/mcp', { method: 'POST', headers: { authorization: 'Bearer ' + key } });
    assert.notEqual(carol.status, 401, 'the new key works');
    await Promise.all([admin.waitForNavigation(), admin.click('form[action="/keys/carol/revoke"] button')]);
    const revoked = await fetch(URL_BASE + '/api/mcp', { method: 'POST', headers: { authorization: 'Bearer ' + key } });
    assert.equal(revoked.status, 401, 'the revoked key is refused');
    await admin.goto(URL_BASE + '/audit');
    const actions = await admin.$$eval('#audit tr td:nth-child(3)', (tds) => tds.map((t) => t.textContent));
    assert.ok(actions.includes('create_key') && actions.includes('revoke_key') && actions.includes('cancel_run'), actions.join(','));
  });

  test('sign-out ends the server-side session', async () => {
    const cookie = (await alice.cookies()).find((x) => x.name === 'synapse_web').value;
    await Promise.all([alice.waitForNavigation(), alice.click('header form[action="/logout"] button')]);
    assert.equal(new URL(alice.url()).pathname, '/login');
    await shot(alice, 'login');
    const again = await fetch(URL_BASE + '/runs', { headers: { cookie: 'synapse_web=' + cookie }, redirect: 'manual' });
    assert.equal(again.status, 303, 'the old cookie no longer signs in');
    assert.equal(again.headers.get('location'), '/login');
    const stream = await fetch(URL_BASE + '/events', { headers: { cookie: 'synapse_web=' + cookie } });
    assert.equal(stream.status, 401, 'no event stream for a signed-out cookie');
  });

  test('no page violated the CSP, and a violation would have been seen', async () => {
    assert.deepEqual(violations, []);
    for (const c of contexts) {
      for (const p of await c.pages()) {
        if (!p.isClosed() && p.url().startsWith(URL_BASE)) assert.deepEqual(await cspOf(p), [], p.url());
      }
    }
    // the control: an inline script on a dashboard page is blocked and reported
    const page = await signIn(KEYS.bob);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
    });
    await page.waitForFunction(() => (window.__csp || []).length > 0);
    assert.equal(await page.evaluate(() => window.__inline), undefined);
    violations.length = 0;
  });
});
