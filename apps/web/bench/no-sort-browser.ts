// Big's first order without SORT in Chromium, where the user waits for it: a fresh Chromium signs in to the
// testbed's Courier-style Dovecot (no SORT, ESEARCH, CONDSTORE...; INBOX is the small corpus), then the click on
// Big is timed to its first row painted and to the list's aria-busy off (the whole order by INTERNALDATE known,
// list-ordering.ts). A light tap in the page records every WebSocket frame's time, socket and size, and the
// command lines the app sends (its stored DEFLATE blocks carry them as they are), without inflating anything,
// so that the phases of both connections can be told apart at next to no cost to the page: on the list's
// connection SELECT, the head start's UID FETCH, UID SEARCH; on the side connection (side-sort.ts) its sign-in,
// EXAMINE and the UID FETCH of every date, whose end is the side's last frame. Long tasks (over 50 ms) of the
// page's main thread are counted from the click to the order.
//
// Builds to compare are served side by side, each by a proxy of its own, samples alternating A B A B:
//
//   pnpm exec tsx apps/web/bench/no-sort-browser.ts [--dist A=apps/web/dist --dist B=/tmp/other/dist]
//        [--samples 6] [--size 100000] [--base-dir /tmp/nsb] [--variant courier|full] [--cold] [--raw]
//        [--profile] [--profile-out PREFIX] [--trace-out PREFIX]
//
// --base-dir keeps the generated mailbox for the next run (a 100,000-message Big takes a minute to write; one
// directory per variant). --variant full: the same click with SORT. --cold and --raw: see makeCold and
// RAW_DATES below. --profile adds Chromium's CPU profile of the page from the click to the order
// (cpu-profile.ts), summed by function, per build (--profile-out also writes each, with the page time it
// started at and the click's); --trace-out writes a Chromium trace of each sample (devtools.timeline), which
// shows style, layout and paint beside the scripts. Prints one line per sample, then medians and ranges, with
// the load average.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startProxy, type RunningProxy } from '@webmail/proxy';
import { findFreePort, proxyUpstream, startDovecot } from '@webmail/testbed';
import { launchChromium } from '../e2e/chromium.ts';
import { ProfileTotals, startProfile } from './cpu-profile.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true },
    samples: { type: 'string', default: '6' },
    size: { type: 'string', default: '100000' },
    'base-dir': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'profile-out': { type: 'string' },
    'trace-out': { type: 'string' },
    cold: { type: 'boolean', default: false },
    raw: { type: 'boolean', default: false },
    variant: { type: 'string', default: 'courier' },
  },
});
const SAMPLES = Number(values.samples);
const SIZE = Number(values.size);
const builds = (values.dist ?? [`A=${resolve(import.meta.dirname, '../dist')}`]).map((spec) => {
  const [name, path] = spec.split('=');
  if (!name || !path || !existsSync(resolve(path, 'index.html'))) throw new Error(`--dist ${spec}: no build`);
  return { name, dist: resolve(path) };
});

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const log = (text: string) => process.stderr.write(`${text}\n`);

/** The tap: frames as {socket, dir, t, bytes, line}; `line` only for outgoing frames (the commands sent). */
const TAP = `(() => {
  const Native = window.WebSocket;
  const latin1 = new TextDecoder('latin1');
  const rec = { frames: [], longTasks: [], sockets: 0 };
  window.__nsb = rec;
  class Tapped extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const socket = ++rec.sockets;
      this.nsbSocket = socket;
      this.addEventListener('message', (event) => {
        const data = event.data;
        rec.frames.push({ socket, dir: 'in', t: performance.now(), bytes: data.byteLength ?? data.length ?? 0, line: '' });
      });
    }
    send(data) {
      const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
      const text = latin1.decode(bytes.subarray(0, 200));
      const match = /([A-Za-z0-9]+) ((?:UID )?[A-Z]+)( [ -~]{0,40})?/.exec(text);
      rec.frames.push({ socket: this.nsbSocket, dir: 'out', t: performance.now(), bytes: bytes.length, line: match ? match[2] + (match[3] ?? '') : '' });
      super.send(data);
    }
  }
  window.WebSocket = Tapped;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) rec.longTasks.push({ t: entry.startTime, d: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
})();`;

/**
 * Armed before the click (a string: the page gets it as written): t0 is the click's own pointerdown, the first
 * row is Big's first row with its subject, and the order is done when the listbox is no longer busy with Big.
 */
const ARM = `(heading) => {
  window.__nsbResult = new Promise((done) => {
    const times = {};
    addEventListener('pointerdown', (event) => (times.click = event.timeStamp), { capture: true, once: true });
    const check = () => {
      if (times.click === undefined) return;
      if (document.querySelector('#message-pane-heading')?.textContent !== heading) return;
      if (times.firstRow === undefined && document.querySelector('#message-row-0 .subject')?.textContent)
        times.firstRow = performance.now();
      const busy = document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') === 'true';
      if (busy) times.busySeen ??= performance.now();
      if (times.firstRow !== undefined && !busy && times.busySeen !== undefined) {
        times.ordered = performance.now();
        observer.disconnect();
        done(times);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}`;

/**
 * --raw: after the app's order, the same page does what the side connection did on a bare WebSocket through the
 * same relay (sign-in, COMPRESS DEFLATE, EXAMINE, then the dates' UID FETCH, inflated by a DecompressionStream
 * as the app's is, and nothing parsed: only the tagged OK looked for): the ms from sending the FETCH to its OK,
 * which is what Dovecot, the relay and the browser's WebSocket take without the app's work.
 */
const RAW_DATES = `async ({ wsUrl, name, password, folder }) => {
  const ws = new WebSocket(wsUrl);
  ws.binaryType = 'arraybuffer';
  const latin1 = new TextDecoder('latin1');
  let tail = '';
  let waiting = null;
  let inflate = null;
  const heard = (bytes) => {
    tail = (tail + latin1.decode(bytes.subarray(Math.max(0, bytes.length - 4096)))).slice(-4096);
    if (waiting && tail.includes(waiting.done)) { const w = waiting; waiting = null; tail = ''; w.resolve(); }
  };
  ws.addEventListener('message', (event) => {
    const bytes = new Uint8Array(event.data);
    if (inflate) inflate.write(bytes); else heard(bytes);
  });
  await new Promise((resolve) => ws.addEventListener('open', resolve));
  const encoder = new TextEncoder();
  let stored = false;
  const send = (text) => {
    const bytes = encoder.encode(text);
    if (!stored) return ws.send(bytes);
    // One non-final stored DEFLATE block (RFC 1951 3.2.4), as the app sends after COMPRESS.
    const block = new Uint8Array(bytes.length + 5);
    block.set([0, bytes.length & 255, bytes.length >> 8, ~bytes.length & 255, (~bytes.length >> 8) & 255]);
    block.set(bytes, 5);
    ws.send(block);
  };
  const command = (tag, line) => new Promise((resolve) => {
    tail = '\\r\\n';
    waiting = { done: '\\r\\n' + tag + ' OK', resolve };
    send(tag + ' ' + line + '\\r\\n');
  });
  await new Promise((resolve) => (waiting = { done: '* OK', resolve }));
  await command('r1', 'LOGIN ' + name + ' "' + password + '"');
  await command('r2', 'COMPRESS DEFLATE');
  const stream = new DecompressionStream('deflate-raw');
  inflate = stream.writable.getWriter();
  stored = true;
  void (async () => {
    const reader = stream.readable.getReader();
    for (;;) { const { done, value } = await reader.read(); if (done) break; heard(value); }
  })();
  await command('r3', 'EXAMINE "' + folder + '"');
  const started = performance.now();
  await command('r4', 'UID FETCH 1:* (UID INTERNALDATE)');
  const ms = performance.now() - started;
  ws.close();
  return ms;
}`;

interface Frame {
  socket: number;
  dir: 'in' | 'out';
  t: number;
  bytes: number;
  line: string;
}

interface Sample {
  firstRow: number;
  ordered: number;
  /** ms from the click, per named moment. */
  marks: Record<string, number>;
  /** Incoming frames and bytes on each connection between the click and the order. */
  mainFrames: number;
  mainBytes: number;
  sideFrames: number;
  sideBytes: number;
  longTasks: number;
  longTaskMs: number;
  /** --raw: the same dates on a bare WebSocket in the same page, right after (ms), else NaN. */
  raw: number;
}

const server = await startDovecot({
  corpus: true,
  bigFolderSize: SIZE,
  variant: values.variant === 'full' ? 'full' : 'courier',
  ...(values['base-dir'] === undefined ? {} : { baseDir: values['base-dir'], keepData: true }),
});
const big = server.folderName('Big');
const [user] = server.users;
if (user === undefined) throw new Error('no test user');
const credentials = { name: user.name, password: user.password };
const upstreamName = proxyUpstream(server).name;
const proxies: { name: string; url: string; proxy: RunningProxy }[] = [];
for (const build of builds) {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}/`;
  const proxy = await startProxy(
    {
      listen: { host: '127.0.0.1', port },
      allowedOrigins: [new URL(url).origin],
      staticDir: build.dist,
      upstreams: [proxyUpstream(server)],
    },
    { log: () => undefined },
  );
  proxies.push({ name: build.name, url, proxy });
}
log(`Dovecot (courier, Big ${SIZE}) and ${proxies.length} build(s) ready (load ${load()})`);

let profileCount = 0;
let traceCount = 0;

/**
 * With --cold, Big's dovecot.index.cache is removed before each sample (no session has Big open then): Dovecot
 * reads every message file's date again (a stat each) and rewrites its cache, as on a folder no client has
 * read since the mail arrived (mailbox.ts makeCold in the user bench).
 */
function makeCold(): void {
  if (!values.cold) return;
  // The folder's directory has its name without the namespace prefix (INBOX.Big is Maildir/Big here).
  const cache = join(server.maildir(credentials.name), big.replace(/^INBOX\./, ''), 'dovecot.index.cache');
  if (!existsSync(cache)) throw new Error(`--cold: no ${cache}`);
  rmSync(cache);
}

async function sample(url: string, profiles: ProfileTotals | null): Promise<Sample> {
  makeCold();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(TAP);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByLabel('User name').fill(credentials.name);
    await page.getByLabel('Password').fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#message-row-0[data-uid]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') !== 'true',
    );
    await page.waitForTimeout(500);
    // t0 is the click's own pointerdown; the order is done when the listbox is no longer busy with Big.
    await page.evaluate(`(${ARM})(${JSON.stringify(big.replace(/^INBOX\./, ''))})`);
    const frameCount = await page.evaluate(
      () => (window as unknown as { __nsb: { frames: unknown[] } }).__nsb.frames.length,
    );
    const profile = profiles ? await startProfile(page) : null;
    const profiledFrom = await page.evaluate(() => performance.now());
    const tracing = values['trace-out'] !== undefined;
    if (tracing)
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'blink',
          'toplevel',
        ],
      });
    await page.locator(`[role="treeitem"][data-path="${big}"]`).click();
    const times = await page.evaluate(
      () => (window as unknown as { __nsbResult: Promise<Record<string, number>> }).__nsbResult,
    );
    if (tracing) writeFileSync(`${values['trace-out']}-${++traceCount}.json`, await browser.stopTracing());
    if (profile && profiles) {
      const taken = await profile.stop();
      profiles.add(taken);
      if (values['profile-out'] !== undefined)
        writeFileSync(
          `${values['profile-out']}-${++profileCount}.cpuprofile`,
          JSON.stringify({ ...taken, pageNowAtStart: profiledFrom, clickAt: times.click }),
        );
    }
    const rec = await page.evaluate(() => {
      const r = (window as unknown as { __nsb: { frames: Frame[]; longTasks: { t: number; d: number }[] } })
        .__nsb;
      return { frames: r.frames, longTasks: r.longTasks };
    });
    const click = times.click ?? NaN;
    const ordered = times.ordered ?? NaN;
    const frames = rec.frames.slice(frameCount).filter((f) => f.t <= ordered + 1);
    const marks: Record<string, number> = {};
    const mark = (name: string, t: number | undefined) => {
      if (t !== undefined) marks[name] = Math.round(t - click);
    };
    const main = frames.filter((f) => f.socket === 1);
    const side = frames.filter((f) => f.socket !== 1);
    const sent = (list: Frame[], command: RegExp) =>
      list.find((f) => f.dir === 'out' && command.test(f.line));
    mark('select', sent(main, /^SELECT/)?.t);
    mark('headFetch', sent(main, /^UID FETCH/)?.t);
    mark('search', sent(main, /^UID SEARCH/)?.t);
    const lastMainIn = main.filter((f) => f.dir === 'in').at(-1);
    mark('mainLastIn', lastMainIn?.t);
    mark('sideFirst', side[0]?.t);
    mark('examine', sent(side, /^EXAMINE/)?.t);
    mark('dates', sent(side, /^UID FETCH/)?.t);
    const sideIn = side.filter((f) => f.dir === 'in');
    mark('sideLastIn', sideIn.at(-1)?.t);
    const tasks = rec.longTasks.filter((task) => task.t >= click && task.t <= ordered);
    const raw = values.raw
      ? Number(
          await page.evaluate(
            `(${RAW_DATES})(${JSON.stringify({
              wsUrl: `${url.replace(/^http/, 'ws')}imap/${upstreamName}`,
              ...credentials,
              folder: big,
            })})`,
          ),
        )
      : NaN;
    return {
      firstRow: (times.firstRow ?? NaN) - click,
      ordered: ordered - click,
      marks,
      mainFrames: main.filter((f) => f.dir === 'in').length,
      mainBytes: main.filter((f) => f.dir === 'in').reduce((sum, f) => sum + f.bytes, 0),
      sideFrames: sideIn.length,
      sideBytes: sideIn.reduce((sum, f) => sum + f.bytes, 0),
      longTasks: tasks.length,
      longTaskMs: Math.round(tasks.reduce((sum, task) => sum + task.d, 0)),
      raw,
    };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

const results = new Map<string, Sample[]>(proxies.map((p) => [p.name, []]));
const profileTotals = new Map(proxies.map((p) => [p.name, values.profile ? new ProfileTotals() : null]));
try {
  // One warm-up per build, not counted: Dovecot's caches and Chromium's files.
  for (const p of proxies) await sample(p.url, null);
  for (let i = 1; i <= SAMPLES; i++) {
    // A B, then B A: neither build always goes first.
    const order = i % 2 === 1 ? proxies : [...proxies].reverse();
    for (const p of order) {
      const s = await sample(p.url, profileTotals.get(p.name) ?? null);
      results.get(p.name)?.push(s);
      log(
        `${i} ${p.name}: first row ${s.firstRow.toFixed(0)} ms, ordered ${s.ordered.toFixed(0)} ms; ` +
          `${JSON.stringify(s.marks)}; main ${s.mainFrames} frames ${s.mainBytes} B, side ${s.sideFrames} ` +
          `frames ${s.sideBytes} B; long tasks ${s.longTasks} (${s.longTaskMs} ms)` +
          `${values.raw ? `; raw dates ${s.raw.toFixed(0)} ms` : ''}; load ${load()}`,
      );
    }
  }
} finally {
  for (const p of proxies) await p.proxy.close();
  await server.stop();
}
for (const [name, list] of results) {
  const line = (label: string, xs: number[]) =>
    `${label} ${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
  const parts = [
    line(
      'first row',
      list.map((s) => s.firstRow),
    ),
    line(
      'ordered',
      list.map((s) => s.ordered),
    ),
    line(
      'side dates',
      list.map((s) => (s.marks.sideLastIn ?? NaN) - (s.marks.dates ?? NaN)),
    ),
    line(
      'dates sent at',
      list.map((s) => s.marks.dates ?? NaN),
    ),
    ...(values.raw
      ? [
          line(
            'raw dates',
            list.map((s) => s.raw),
          ),
        ]
      : []),
  ];
  log(`${name}: ${parts.join(' ms, ')} ms, ${list.length} samples`);
  const totals = profileTotals.get(name);
  if (totals)
    for (const entry of totals.top(25))
      log(`  ${entry.selfMsPerOpen} ms self, ${entry.totalMsPerOpen} total: ${entry.name} ${entry.where}`);
}
log(`load ${load()}`);
