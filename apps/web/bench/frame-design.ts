// Measures the mail frame designs of issue 12 side by side in Debian's Chromium, each in the same small page
// served with the proxy's own Content-Security-Policy (which the srcdoc frames inherit) and Referrer-Policy:
//
//   same-origin    the frame before this change: srcdoc, sandbox="allow-same-origin ..." without allow-scripts,
//                  sized by the app reading the frame's document
//   opaque-scroll  srcdoc with an opaque origin (no allow-same-origin), no script, a fixed height, the mail
//                  scrolling inside the frame
//   other-origin   the mail on an origin of its own (here localhost next to the app's 127.0.0.1: another site),
//                  its own CSP header, the same height-reporting script
//   opaque-sized   srcdoc with an opaque origin whose one script is ours, pinned by its hash in the frame's CSP,
//                  posting its height (what the app ships, frame-document.ts)
//
// For each: with a paint-heavy mail open (400 tiles animating box-shadow, filter and a gradient), the app
// page's animation frames in 5 s, its longest gap between two frames and its longest task (Long Tasks API);
// whether Chromium put the frame in a process of its own (an out-of-process iframe target); and, with remote
// content allowed, every request the mail makes (CSS backgrounds, <img crossorigin>, mask-image,
// shape-outside, an SVG mask, border-image...), answered by a local interceptor that records its Referer and
// Origin headers: how many of them name the app's origin or URL. The interceptor is Chromium's HTTP proxy on
// loopback (e2e/support/network-recorder.ts): Playwright's own routing does not see requests of out-of-process
// frames.
//
//   pnpm exec tsx apps/web/bench/frame-design.ts [out.json] [--rounds N]

import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONTENT_SECURITY_POLICY } from '@webmail/proxy';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import { NetworkRecorder, type RecordedRequest } from '../e2e/support/network-recorder.ts';
import { FRAME_CSP, FRAME_CSP_REMOTE_IMAGES, frameDocument } from '../src/lib/mail/frame-document.ts';
import { FRAME_SCRIPT, FRAME_SCRIPT_HASH } from '../src/lib/mail/frame-script.ts';
import { stats, type Stats } from './stats.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' } },
});
const ROUNDS = Number(values.rounds);
const out = resolve(
  positionals[0] ?? resolve(import.meta.dirname, '../../../bench-results/web-frame-design.json'),
);

const OPTIONS = ['same-origin', 'opaque-scroll', 'other-origin', 'opaque-sized'] as const;
type Option = (typeof OPTIONS)[number];
const MEASURE_MS = 5000;

/** 400 tiles whose shadow, blur and hue change every frame: Chromium repaints all of them all the time. */
const HEAVY_MAIL =
  '<style>@keyframes glow{0%{box-shadow:0 0 2px #f00;filter:blur(0) hue-rotate(0deg)}' +
  '100%{box-shadow:0 0 60px #00f;filter:blur(3px) hue-rotate(90deg)}}' +
  '.tile{display:inline-block;width:180px;height:120px;margin:4px;' +
  'background:radial-gradient(circle,#fc0,#f06,#30f);animation:glow .25s infinite alternate}</style>' +
  '<h1>Paint-heavy newsletter</h1>' +
  '<div class="tile"></div>'.repeat(400);

/** Every way mail CSS and HTML load an image, as the sanitizer leaves them after consent. */
const REMOTE_MAIL = [
  '<style>.sheet{background:url(https://t.example/style-background.png)}</style>',
  '<div class="sheet">style sheet background</div>',
  '<div style="background-image:url(https://t.example/inline-background.png)">inline background</div>',
  '<img src="https://t.example/img.png" alt="img">',
  '<img crossorigin="anonymous" src="https://t.example/img-crossorigin.png" alt="img crossorigin">',
  '<div style="-webkit-mask-image:url(https://t.example/mask-image.png);mask-image:url(https://t.example/mask-image.png);width:20px;height:20px;background:#000"></div>',
  '<div style="float:left;width:20px;height:20px;shape-outside:url(https://t.example/shape-outside.png)"></div>',
  '<svg width="20" height="20"><rect width="20" height="20" mask="url(https://t.example/mask.svg#m)"/></svg>',
  '<div style="border:8px solid;border-image:url(https://t.example/border-image.png) 8">border image</div>',
  '<ul style="list-style-image:url(https://t.example/list-style.png)"><li>item</li></ul>',
  '<table background="https://t.example/table-background.png"><tr><td>table</td></tr></table>',
].join('\n');

const MAILS = new Map([
  ['heavy', HEAVY_MAIL],
  ['remote', REMOTE_MAIL],
]);

/** The frame document of an option: the shipped one, or the same without its script (the designs with none). */
function documentFor(option: Option, mail: string, remote: boolean): string {
  const shipped = frameDocument(mail, { allowRemoteImages: remote });
  if (option === 'opaque-sized' || option === 'other-origin') return shipped;
  return shipped
    .replace(`<script>${FRAME_SCRIPT}</script>`, '')
    .replace(`script-src ${FRAME_SCRIPT_HASH}; `, '');
}

/** The page's script: the app's animation, its measures, and the frame of the option. */
const APP_SCRIPT = `
const params = new URLSearchParams(location.search);
const option = params.get('option');
const remote = params.get('remote') === '1';
const mail = params.get('mail');
const box = Object.assign(document.createElement('div'), { id: 'spinner' });
box.style.cssText = 'width:40px;height:40px;background:#36c;margin:8px';
document.body.append(box);
let frames = 0, counting = false, last = 0, maxGap = 0;
const longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); })
  .observe({ type: 'longtask' });
function tick(time) {
  if (counting) { frames++; if (last) maxGap = Math.max(maxGap, time - last); last = time; }
  box.style.transform = 'rotate(' + ((time / 5) % 360) + 'deg)';
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
window.__measure = (ms) => new Promise((done) => {
  frames = 0; last = 0; maxGap = 0; longTasks.length = 0; counting = true;
  setTimeout(() => { counting = false; done({ frames, maxGap, longestTask: Math.max(0, ...longTasks) }); }, ms);
});
window.__height = null;
const frame = document.createElement('iframe');
frame.style.cssText = 'display:block;width:100%;border:0;height:20rem';
frame.referrerPolicy = 'no-referrer';
const query = 'mail=' + mail + '&remote=' + (remote ? 1 : 0);
if (option === 'same-origin') frame.sandbox = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';
else if (option === 'opaque-scroll') frame.sandbox = 'allow-popups allow-popups-to-escape-sandbox';
else frame.sandbox = 'allow-scripts allow-popups allow-popups-to-escape-sandbox' + (option === 'other-origin' ? ' allow-same-origin' : '');
addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  const height = event.data && event.data.webmailFrameHeight;
  if (typeof height !== 'number') return;
  window.__height = Math.min(height, 50000);
  requestAnimationFrame(() => { frame.style.height = window.__height + 'px'; });
});
frame.addEventListener('load', () => {
  if (option === 'opaque-scroll') { frame.style.height = '600px'; window.__height = 600; }
  if (option !== 'same-origin') return;
  const doc = frame.contentDocument;
  const measure = () => {
    const height = Math.ceil(Math.max(doc.documentElement.getBoundingClientRect().height, doc.body.scrollHeight));
    window.__height = Math.min(height, 50000);
    frame.style.height = window.__height + 'px';
  };
  new ResizeObserver(measure).observe(doc.documentElement);
  measure();
});
if (option === 'other-origin') {
  frame.src = params.get('frameOrigin') + '/frame?' + query;
} else {
  const response = await fetch('/doc?option=' + option + '&' + query);
  frame.srcdoc = await response.text();
}
document.body.append(frame);
`;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((done) => server.listen(0, host, () => done((server.address() as AddressInfo).port)));
}

function send(
  response: ServerResponse,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  response.end(body);
}

interface Servers {
  appOrigin: string;
  frameOrigin: string;
  close(): Promise<void>;
}

async function startServers(): Promise<Servers> {
  let frameOrigin = '';
  const app = createServer(function serveApp(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://app.invalid');
    const option = (url.searchParams.get('option') ?? 'opaque-sized') as Option;
    if (url.pathname === '/app.js') return send(response, 'text/javascript', APP_SCRIPT);
    if (url.pathname === '/doc') {
      const mail = MAILS.get(url.searchParams.get('mail') ?? '') ?? '';
      return send(response, 'text/html', documentFor(option, mail, url.searchParams.get('remote') === '1'));
    }
    // The proxy's headers (apps/proxy/src/security-headers.ts); the other-origin design needs its frame allowed.
    const csp = DEFAULT_CONTENT_SECURITY_POLICY.replace('frame-src ', `frame-src ${frameOrigin} `);
    send(
      response,
      'text/html',
      '<!doctype html><title>app</title><body><script type="module" src="/app.js"></script>',
      {
        'content-security-policy': csp,
        'referrer-policy': 'no-referrer',
      },
    );
  });
  const mailOrigin = createServer(function serveMailFrame(
    request: IncomingMessage,
    response: ServerResponse,
  ) {
    const url = new URL(request.url ?? '/', 'http://frame.invalid');
    const remote = url.searchParams.get('remote') === '1';
    const mail = MAILS.get(url.searchParams.get('mail') ?? '') ?? '';
    send(response, 'text/html', documentFor('other-origin', mail, remote), {
      'content-security-policy': remote ? FRAME_CSP_REMOTE_IMAGES : FRAME_CSP,
      'referrer-policy': 'no-referrer',
    });
  });
  const appPort = await listen(app, '127.0.0.1');
  const framePort = await listen(mailOrigin, '127.0.0.1');
  frameOrigin = `http://localhost:${framePort}`;
  return {
    appOrigin: `http://127.0.0.1:${appPort}`,
    frameOrigin,
    close: async () => {
      for (const server of [app, mailOrigin]) {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      }
    },
  };
}

async function openOption(
  browser: Browser,
  servers: Servers,
  option: Option,
  mail: 'heavy' | 'remote',
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => log(`${option} page error: ${error.message}`));
  const query = new URLSearchParams({
    option,
    mail,
    remote: mail === 'remote' ? '1' : '0',
    frameOrigin: servers.frameOrigin,
  });
  await page.goto(`${servers.appOrigin}/?${query}`);
  await page.waitForFunction(
    () => (window as unknown as { __height: number | null }).__height !== null,
    null,
    {
      timeout: 30_000,
    },
  );
  return page;
}

/** Whether Chromium runs a frame of the page out of process (an "iframe" target of its own). */
async function outOfProcessFrames(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string }[] };
  await cdp.detach();
  return targetInfos.filter((target) => target.type === 'iframe').length;
}

interface OptionResult {
  appFramesIn5s: Stats;
  appLongestFrameGapMs: Stats;
  appLongestTaskMs: Stats;
  mailFramesIn5s: Stats;
  outOfProcess: boolean;
  remoteRequests: number;
  requestsNamingTheApp: number;
  referers: string[];
  origins: string[];
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const network = await NetworkRecorder.start();
const browser = await launchChromium(network.chromiumArgs());
const servers = await startServers();
const results: Partial<Record<Option, OptionResult>> = {};
try {
  const appFrames = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]));
  const gaps = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]));
  const tasks = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]));
  const mailFrames = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]));
  const isolated = new Map<Option, boolean>();
  // Rounds go through every option in turn, so that what else runs on the machine weighs on all alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const option of OPTIONS) {
      const page = await openOption(browser, servers, option, 'heavy');
      const frame = page.frames().find((f) => f !== page.mainFrame());
      if (!frame) throw new Error(`${option}: no mail frame`);
      await page.waitForTimeout(500);
      isolated.set(option, (await outOfProcessFrames(browser)) > 0);
      // The mail's own frame rate, counted inside the frame by Playwright's utility world (not the mail's). A
      // frame without allow-scripts runs no callback at all, not even that world's: there it is not counted.
      // A string: tsx would wrap the callback's inner functions in a helper the frame does not have.
      const counted =
        option === 'same-origin' || option === 'opaque-scroll'
          ? Promise.resolve(Number.NaN)
          : (frame.evaluate(`new Promise((done) => {
              let n = 0;
              const end = performance.now() + ${MEASURE_MS};
              const step = (time) => { if (time < end) { n++; requestAnimationFrame(step); } else done(n); };
              requestAnimationFrame(step);
            })`) as Promise<number>);
      const app = await page.evaluate(
        (ms) =>
          (
            window as unknown as {
              __measure(ms: number): Promise<{ frames: number; maxGap: number; longestTask: number }>;
            }
          ).__measure(ms),
        MEASURE_MS,
      );
      const mail = await counted;
      appFrames.get(option)?.push(app.frames);
      gaps.get(option)?.push(app.maxGap);
      tasks.get(option)?.push(app.longestTask);
      mailFrames.get(option)?.push(mail);
      log(
        `round ${round + 1} ${option}: app ${app.frames} frames in 5 s (longest gap ${app.maxGap.toFixed(0)} ms, ` +
          `longest task ${app.longestTask.toFixed(0)} ms), mail ${mail} frames, ` +
          `out of process: ${isolated.get(option)}`,
      );
      await page.close();
    }
  }
  for (const option of OPTIONS) {
    network.requests.length = 0;
    const page = await openOption(browser, servers, option, 'remote');
    // Every resource of the remote mail has been asked for by now (the opaque-scroll frame shows only its top).
    await page.waitForTimeout(1500);
    const requests: readonly RecordedRequest[] = network.to('t.example');
    const app = new URL(servers.appOrigin);
    const naming = requests.filter((r) =>
      [r.referer, r.origin].some(
        (value) => value !== null && (value.includes(app.host) || value === app.origin),
      ),
    );
    results[option] = {
      appFramesIn5s: stats(appFrames.get(option) ?? []),
      appLongestFrameGapMs: stats(gaps.get(option) ?? []),
      appLongestTaskMs: stats(tasks.get(option) ?? []),
      mailFramesIn5s: stats(mailFrames.get(option) ?? []),
      outOfProcess: isolated.get(option) ?? false,
      remoteRequests: requests.length,
      requestsNamingTheApp: naming.length,
      referers: [...new Set(requests.map((r) => r.referer ?? '(none)'))],
      origins: [...new Set(requests.map((r) => r.origin ?? '(none)'))],
    };
    log(
      `${option}: ${requests.length} remote requests, ${naming.length} name the app; ` +
        `Referer ${results[option]?.referers.join(' | ')}; Origin ${results[option]?.origins.join(' | ')}`,
    );
    await page.close();
  }
  const result = {
    name: 'web-frame-design',
    date: new Date().toISOString(),
    environment: {
      chromium: browser.version(),
      node: process.version,
      rounds: ROUNDS,
      measureMs: MEASURE_MS,
    },
    options: results,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`-> ${out}`);
} finally {
  await browser.close();
  await servers.close();
  await network.close();
}
