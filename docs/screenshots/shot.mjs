// One screenshot of a page once it has drawn its data, with headless Chromium driven over the
// DevTools protocol (a plain `chromium --screenshot` shoots before the page's requests answer,
// and its --virtual-time-budget never ends while the live feed's stream is open).
//
//   node --experimental-websocket shot.mjs URL OUT.png WIDTH HEIGHT READY_SELECTOR
//
// waits (at most 30 s) until READY_SELECTOR matches, lets the page settle a second, and writes the
// page HEIGHT px tall, or its full length when HEIGHT is "full". Node 20 or later.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, out, width, height, ready] = process.argv.slice(2);
if (!ready) {
  console.error('usage: shot.mjs URL OUT.png WIDTH HEIGHT|full READY_SELECTOR');
  process.exit(2);
}
const port = 9300 + Math.floor(Math.random() * 600);
// A profile of its own: the default one's cache can serve another run's page for the same address.
const profile = mkdtempSync(join(tmpdir(), 'shot-'));
const chrome = spawn(process.env.CHROMIUM || 'chromium', [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`,
  `--remote-debugging-port=${port}`, `--window-size=${width},1000`, 'about:blank',
], { stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let socket;
try {
  let page;
  for (let i = 0; i < 100 && !page; i++) {
    try {
      page = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()).find((t) => t.type === 'page');
    } catch {
      await sleep(200);
    }
  }
  if (!page) throw new Error('Chromium did not start');
  socket = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((r) => socket.addEventListener('open', r));
  let next = 0;
  const waiting = new Map();
  socket.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    if (m.id && waiting.has(m.id)) {
      waiting.get(m.id)(m.result || {});
      waiting.delete(m.id);
    }
  });
  const send = (method, params = {}) => new Promise((r) => {
    const id = ++next;
    waiting.set(id, r);
    socket.send(JSON.stringify({ id, method, params }));
  });
  const value = async (expression) => (await send('Runtime.evaluate', { expression, returnByValue: true })).result?.value;
  const metrics = (h) => send('Emulation.setDeviceMetricsOverride', { width: Number(width), height: h, deviceScaleFactor: 1, mobile: false });

  await metrics(height === 'full' ? 1000 : Number(height));
  await send('Page.navigate', { url });
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await sleep(500);
    found = await value(`document.querySelector(${JSON.stringify(ready)}) !== null`);
  }
  if (!found) throw new Error(`${url}: nothing matched ${ready} within 30 s`);
  await sleep(1000);
  if (height === 'full') {
    await metrics(await value('document.documentElement.scrollHeight'));
    await sleep(800);
  }
  writeFileSync(out, Buffer.from((await send('Page.captureScreenshot', { format: 'png' })).data, 'base64'));
} finally {
  socket?.close();
  const exited = new Promise((r) => chrome.once('exit', r));
  chrome.kill();
  await Promise.race([exited, sleep(5000)]);
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  } catch (e) {
    // Chromium's helpers may still be writing there: the screenshot is taken, leave the profile.
    console.error(`left ${profile}: ${e.code}`);
  }
}
