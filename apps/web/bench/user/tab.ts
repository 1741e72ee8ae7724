// One Chromium tab of the app as the user bench drives it: a freshly started Chromium (so its HTTP cache and
// compiled code are cold), the page probe installed before the app's code, and every measure started by
// trusted input (Playwright's mouse and keyboard) and ended by the probe in the page.

import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchChromium } from '../../e2e/chromium.ts';
import { PAGE_PROBE, type ArmOptions, type ProbeRecords, type Shown } from './page-probe.ts';
import { FRAME_PAINT_PROBE } from '../frame-paint.ts';

/** HTTP bytes as transferred (headers and body as sent, so compressed bodies count compressed). */
export interface HttpBytes {
  readonly down: number;
  readonly up: number;
  readonly requests: number;
  /** Bytes down per path, in the order they finished. */
  readonly files: readonly { path: string; down: number }[];
}

/** One measured action: the page's times, what the probe recorded until the app was quiet, HTTP bytes. */
export interface Measured {
  readonly shown: Shown;
  readonly records: ProbeRecords;
  readonly http: HttpBytes;
}

export interface MeasureHow {
  /** Wait for the app to be quiet after the paint (default true). */
  readonly settle?: boolean;
  /** The next measure goes on with this recording. */
  readonly chain?: boolean;
  /** Go on with the recording the last measure (with `chain`) left. */
  readonly continued?: boolean;
}

export const VIEWPORT = { width: 1400, height: 900 };
/** The app is quiet when no WebSocket frame came or went for this long (and the list shows no progress). */
const QUIET_MS = 300;
/** Longest wait for quiet; a hang guard, never a timing. */
const SETTLE_TIMEOUT_MS = 120_000;

const log = (text: string) => process.stderr.write(`${text}\n`);

/** Counts the HTTP bytes of a browser context's requests between start() and stop(). */
class HttpMeter {
  #pending: Promise<HttpBytes>[] = [];
  #on = false;

  constructor(context: BrowserContext) {
    context.on('requestfinished', (request) => {
      if (this.#on) this.#pending.push(sizesOf(request));
    });
  }

  start(): void {
    this.#pending = [];
    this.#on = true;
  }

  async stop(): Promise<HttpBytes> {
    this.#on = false;
    const all = await Promise.all(this.#pending);
    this.#pending = [];
    return {
      down: all.reduce((sum, x) => sum + x.down, 0),
      up: all.reduce((sum, x) => sum + x.up, 0),
      requests: all.length,
      files: all.flatMap((x) => x.files),
    };
  }
}

/** Longest wait for a request's sizes; a hang guard (the request then counts 0 bytes), never a timing. */
const SIZES_TIMEOUT_MS = 5000;

async function sizesOf(request: Request): Promise<HttpBytes> {
  const path = new URL(request.url()).pathname;
  // A response the app's service worker gave from its cache crossed no network: 0 bytes. And Playwright's
  // sizes() never settles for one in Chromium (it waits for network events that never come): the warm
  // sign-in's second tab, which the first tab's service worker controls, hung here for good (issue 14).
  const response = await request.response().catch(() => null);
  if (response?.fromServiceWorker()) return { down: 0, up: 0, requests: 1, files: [{ path, down: 0 }] };
  // The page's navigation preload (the service worker's network-first page): its sizes() never settles
  // either; its bytes are the response's headers and body as the server sent them.
  if (response && request.headers()['service-worker-navigation-preload'] !== undefined) {
    // headers(), not headersArray(): the raw headers are what never comes. Status line and CRLFs not counted.
    const sent = Object.entries(response.headers());
    const head = sent.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
    const down = head + Number(response.headers()['content-length'] ?? 0);
    return { down, up: 0, requests: 1, files: [{ path, down }] };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sizes = await Promise.race([
    request.sizes().catch(() => null),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SIZES_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (sizes === null) log(`no sizes for ${path} within ${SIZES_TIMEOUT_MS} ms: counted as 0 bytes`);
  const down = sizes ? sizes.responseHeadersSize + sizes.responseBodySize : 0;
  return {
    down,
    up: sizes ? sizes.requestHeadersSize + sizes.requestBodySize : 0,
    requests: 1,
    files: [{ path, down }],
  };
}

export class Tab {
  readonly browser: Browser;
  readonly context: BrowserContext;
  #page: Page;
  readonly #http: HttpMeter;
  readonly #appUrl: string;

  private constructor(browser: Browser, context: BrowserContext, page: Page, appUrl: string) {
    this.browser = browser;
    this.context = context;
    this.#page = page;
    this.#appUrl = appUrl;
    this.#http = new HttpMeter(context);
  }

  /** A freshly started Chromium with one tab, nothing loaded yet. */
  static async launch(appUrl: string): Promise<Tab> {
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(PAGE_PROBE);
    await context.addInitScript(FRAME_PAINT_PROBE);
    const page = await context.newPage();
    const tab = new Tab(browser, context, page, appUrl);
    tab.#watch(page);
    return tab;
  }

  get page(): Page {
    return this.#page;
  }

  /** Replaces the page with a new one in the same context (its HTTP cache is warm); the old one is closed. */
  async newPage(): Promise<void> {
    await this.#page.close();
    this.#page = await this.context.newPage();
    this.#watch(this.#page);
  }

  /**
   * Loads the app and waits for the sign-in form, counting the HTTP bytes of the visit until the network is
   * idle; `paint` is the page's first contentful paint, `load` its load event (ms from navigation start).
   */
  async visit(): Promise<{ http: HttpBytes; firstPaint: number; load: number }> {
    this.#http.start();
    await this.#page.goto(this.#appUrl, { waitUntil: 'networkidle' });
    await this.#page.getByLabel('User name').waitFor();
    const http = await this.#http.stop();
    const timing = await this.#page.evaluate(() => ({
      firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      load:
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
          ?.loadEventEnd ?? NaN,
    }));
    return { http, ...timing };
  }

  async fillCredentials(user: { name: string; password: string }): Promise<void> {
    await this.#page.getByLabel('User name').fill(user.name);
    await this.#page.getByLabel('Password').fill(user.password);
  }

  /**
   * Arms the probe, runs `act` (which must give the trusted input the measure waits for), waits for the
   * result to be painted, then (unless `settle` is false) for the app to be quiet, and returns what was
   * recorded from before the input. `chain`: the next measure follows at once and goes on with this
   * recording (it is passed `continued`), so that it sees the commands this one left running.
   */
  async measure(options: ArmOptions, act: () => Promise<void>, how: MeasureHow = {}): Promise<Measured> {
    const page = this.#page;
    const { settle = true, chain = false, continued = false } = how;
    this.#http.start();
    await page.evaluate((c) => (window as unknown as Probe).__user.record(c), continued);
    await page.evaluate((o) => (window as unknown as Probe).__user.arm(o), options);
    let shown: Shown;
    try {
      await act();
      shown = await page.evaluate(() => (window as unknown as Probe).__user.result());
    } catch (error) {
      await page.evaluate(() => (window as unknown as Probe).__user.disarm());
      await page.evaluate(() => (window as unknown as Probe).__user.collect(false));
      await this.#http.stop();
      throw error;
    }
    if (settle) await this.settled();
    const records = await page.evaluate((keep) => (window as unknown as Probe).__user.collect(keep), chain);
    const http = await this.#http.stop();
    return { shown, records, http };
  }

  /** Resolves once the list shows no progress and the WebSocket has been quiet for QUIET_MS. */
  async settled(): Promise<void> {
    await this.#page.waitForFunction(
      (quiet) =>
        document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') !== 'true' &&
        document.querySelector('.progress-slot [role="progressbar"]') === null &&
        document.querySelector('[role="search"] [role="progressbar"]') === null &&
        (window as unknown as Probe).__user.quietFor() >= quiet,
      QUIET_MS,
      { timeout: SETTLE_TIMEOUT_MS, polling: 50 },
    );
  }

  /** The page's performance.now(), for times taken by polling. */
  now(): Promise<number> {
    return this.#page.evaluate(() => performance.now());
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  #watch(page: Page): void {
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
  }
}

interface Probe {
  __user: {
    record(continued: boolean): void;
    collect(keep: boolean): ProbeRecords;
    arm(options: ArmOptions): boolean;
    result(): Promise<Shown>;
    disarm(): void;
    quietFor(): number;
  };
}
