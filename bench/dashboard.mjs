// Measures the dashboard (see bench/dashboard.sh): run state change -> visible on an open runs page, page weight.
import { createRequire } from 'node:module';
import { Mcp } from '../tests/browser/lib.mjs';

const require = createRequire(import.meta.url);
const puppeteer = require(process.env.NODE_PATH + '/puppeteer-core');
const URL_BASE = process.env.SYNAPSE_URL;
const RUNS = Number(process.env.BENCH_RUNS || 20);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(60000);
  await page.goto(URL_BASE + '/login');
  await page.type('#key', process.env.SYNAPSE_KEY_ADMIN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const mcp = await new Mcp(process.env.SYNAPSE_KEY_ADMIN).init();

  // page weight: every response's bytes over the wire (headers + body), the event stream left out
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const warm = await mcp.call('run_plugin', { plugin: 'hello', action: 'add', params: { a: 1, b: 2 }, wait_s: 30 });
  const weights = [];
  for (const path of ['/', '/sessions', '/runs', '/runs/' + warm.id, '/plugins', '/plugins/hello', '/releases', '/keys', '/audit', '/login']) {
    let bytes = 0;
    const onDone = (e) => { bytes += e.encodedDataLength; };
    cdp.on('Network.loadingFinished', onDone);
    await page.goto(URL_BASE + path, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 300));
    cdp.off('Network.loadingFinished', onDone);
    weights.push([path, bytes]);
  }
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

  // latency: a page open on /runs; each run's finish is stamped by the server (finished_at), its status cell
  // turning "succeeded" is stamped in the page; browser and server share this machine's clock
  await page.goto(URL_BASE + '/runs');
  await page.waitForFunction(() => document.body.dataset.live === 'open');
  await page.evaluate(() => {
    window.__seen = {};
    new MutationObserver(() => {
      for (const tr of document.querySelectorAll('tr[data-run]')) {
        const st = tr.querySelector('.status')?.textContent;
        const key = tr.dataset.run + ' ' + st;
        if (!(key in window.__seen)) window.__seen[key] = Date.now();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const appear = [];
  const finish = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await mcp.call('run_plugin', { plugin: 'hello', action: 'sleep', params: { seconds: 0.3 }, wait_s: 30 });
    const done = await mcp.call('get_run', { run_id: run.id });
    await page.waitForFunction((id) => (id + ' succeeded') in window.__seen, {}, run.id);
    const seen = await page.evaluate(() => window.__seen);
    finish.push(seen[run.id + ' succeeded'] - Date.parse(done.finished_at));
    const first = Object.entries(seen).filter(([k]) => k.startsWith(run.id + ' ')).map(([, t]) => t);
    appear.push(Math.min(...first) - Date.parse(done.created_at));
  }
  console.log(`runs page, run finished -> shown "succeeded": median ${median(finish)} ms, max ${Math.max(...finish)} ms (n=${RUNS}, server polls every 100 ms)`);
  console.log(`runs page, run created -> its row shown:        median ${median(appear)} ms, max ${Math.max(...appear)} ms (n=${RUNS})`);
  console.log('page weight (bytes over the wire: HTML + dash.css + dash.js, cache off; goal < 100 kB):');
  for (const [path, bytes] of weights) console.log(`  ${path.padEnd(34)} ${(bytes / 1024).toFixed(1)} kB`);
} finally {
  await browser.close();
}
