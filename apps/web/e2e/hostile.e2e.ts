// The hostile-HTML suite: every payload of hostile-payloads.ts is appended as a message to a folder of this
// suite's own over direct IMAP; then one sign-in to the real app, a click on that folder, and each message is
// opened from the list's keyboard (arrow down, Enter), through the whole pipeline: proxy, imap-core, the list,
// MessageReader, the parser worker, the sanitizer, the sandboxed frame. Nothing may run, nothing may be fetched
// but the app's own assets from the app's origin, the mail frame may fetch nothing at all, and it never
// navigates away from its srcdoc document.
// Requests are seen by a recording proxy (support/network-recorder.ts): the mail frame has an opaque origin and
// a process of its own, whose requests Playwright does not report. A script that ran in that frame before
// Playwright's __pwned binding reached it shows as a page error (`__pwned is not defined`).
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { hostilePayloads, type HostilePayload } from './hostile-payloads.ts';
import { mailFrame, openFolder, openMessage, signIn } from './support/app.ts';
import { removeFolder, seedFolder } from './support/mailbox.ts';
import { NetworkRecorder, type RecordedRequest } from './support/network-recorder.ts';

const FOLDER = 'HostileE2E';
const APP_URL = inject('appUrl');
const APP_ORIGIN = new URL(APP_URL).origin;
const payloads = hostilePayloads(APP_ORIGIN);

/**
 * What the app itself loads from its origin: the page (which the service worker also keeps as /index.html), its
 * assets (the parser worker among them), the web app manifest, its icons, the service worker, the servers.
 */
const APP_REQUEST =
  /^\/(?:|index\.html|assets\/[\w.-]+|icons\/[\w.-]+|manifest\.webmanifest|sw\.js|api\/upstreams)$/;

/** Message `index` is a minute older than message `index - 1`: newest first, the list shows them in order. */
function hostileMessage(payload: HostilePayload, index: number): string {
  const html = `<p>payload ${payload.id}</p>\n${payload.html}`;
  const date = new Date(Date.UTC(2025, 10, 3, 12, 0) - index * 60_000);
  const time = date.toISOString().slice(11, 19);
  return [
    'From: Hostile Sender <hostile@leak.example>',
    'To: Demo User <demo@testbed.example>',
    `Subject: hostile ${payload.id}`,
    `Date: Mon, 03 Nov 2025 ${time} +0000`,
    `Message-ID: <${payload.id}@leak.example>`,
    'MIME-Version: 1.0',
    `Content-Type: text/html; charset=${payload.charset ?? 'utf-8'}`,
    'Content-Transfer-Encoding: base64',
    '',
    (
      Buffer.from(html, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\r\n'),
    '',
  ].join('\r\n');
}

describe('hostile HTML in the app', () => {
  let browser: Browser;
  let page: Page;
  let uids: number[] = [];
  const executions: string[] = [];
  const dialogs: string[] = [];
  const consoleHits: string[] = [];
  let network: NetworkRecorder;
  const frameNavigations: string[] = [];
  const popups: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const imap = inject('imap');
    const user = inject('user');
    uids = await seedFolder(
      imap,
      user,
      FOLDER,
      payloads.map((payload, i) => ({ raw: hostileMessage(payload, i) })),
    );
    network = await NetworkRecorder.start();
    browser = await launchChromium(network.chromiumArgs());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The marker every payload calls, present in every frame the page has: any call is a script execution.
    await page.exposeFunction('__pwned', (id: string) => executions.push(String(id)));
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/pwned|alert/i.test(message.text())) consoleHits.push(message.text());
    });
    page.on('popup', (popup) => popups.push(popup.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame() && frame.url() !== 'about:srcdoc') frameNavigations.push(frame.url());
    });
    await signIn(page, APP_URL, user);
    await openFolder(page, FOLDER);
  });

  afterAll(async () => {
    await browser?.close();
    await network?.close();
    await removeFolder(inject('imap'), inject('user'), FOLDER);
  });

  const shown = (request: RecordedRequest) =>
    `${request.headers['sec-fetch-dest'] ?? '?'} ${request.url} (${request.headers['sec-fetch-site'] ?? '?'})`;

  it('has at least 40 payloads, each naming its source', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(40);
    expect(new Set(payloads.map((p) => p.id)).size).toBe(payloads.length);
    for (const payload of payloads) expect(payload.source.length).toBeGreaterThan(10);
  });

  it.each(payloads.map((p, i) => [p.id, i] as const))(
    'renders %s without running it or loading anything',
    async (id, i) => {
      const uid = await openMessage(page, { subject: `hostile ${id}` }, { keyboard: true });
      expect(uid).toBe(uids[i]);
      // Give handlers that fire on their own (load, error, animations, toggle, focus) their chance to fire.
      await page.waitForTimeout(100);
      if ((await page.locator('[data-testid="html-as-text"]').count()) > 0) {
        // Too deep or too large to sanitize without freezing the app: its text, and no frame at all.
        await expect(page.locator('[data-testid="text-body"]').innerText()).resolves.toContain(
          `payload ${id}`,
        );
        expect(await page.locator('iframe.mail-frame').count()).toBe(0);
      } else {
        const frame = await mailFrame(page);
        await expect(frame.locator('body').innerText()).resolves.toContain(`payload ${id}`);
        expect(frame.url()).toBe('about:srcdoc');
      }
      expect(executions).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(consoleHits).toEqual([]);
      expect(popups).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(frameNavigations).toEqual([]);
    },
  );

  it('made no request to any other origin', () => {
    expect(network.offOrigin(APP_ORIGIN).map(shown)).toEqual([]);
  });

  it("made no request to the app's origin but for the app's own assets", () => {
    const requests = network.toOrigin(APP_ORIGIN);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !APP_REQUEST.test(new URL(r.url).pathname)).map(shown)).toEqual([]);
  });

  it('made no request from the mail frame at all, to the app origin or anywhere', () => {
    // The frame's origin is opaque: whatever it asks the app's origin for is cross-site (Fetch Metadata); the
    // app's own requests are same-origin, and the first page load has no initiator ("none").
    const fromElsewhere = network
      .toOrigin(APP_ORIGIN)
      .filter((r) => r.headers['sec-fetch-site'] !== 'same-origin' && r.headers['sec-fetch-site'] !== 'none');
    expect(fromElsewhere.map(shown)).toEqual([]);
    expect(network.offOrigin(APP_ORIGIN)).toEqual([]);
  });
});
