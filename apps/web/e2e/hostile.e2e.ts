// The hostile-HTML suite: every payload of hostile-payloads.ts is appended as a message to a folder of this
// suite's own over direct IMAP; then one sign-in to the real app, a click on that folder, and each message is
// opened from the list's keyboard (arrow down, Enter), through the whole pipeline: proxy, imap-core, the list,
// MessageReader, the parser worker, the sanitizer, the sandboxed frame. Nothing may run, nothing may be fetched
// but the app's own assets from the app's origin, the mail frame may fetch nothing at all, and it never
// navigates away from its srcdoc document.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { hostilePayloads, type HostilePayload } from './hostile-payloads.ts';
import { mailFrame, openFolder, openMessage, signIn } from './support/app.ts';
import { removeFolder, seedFolder } from './support/mailbox.ts';

const FOLDER = 'HostileE2E';
const APP_URL = inject('appUrl');
const APP_ORIGIN = new URL(APP_URL).origin;
const payloads = hostilePayloads(APP_ORIGIN);

/** What the app itself loads from its origin: the page, its assets (the parser worker among them), the servers. */
const APP_REQUEST = /^\/(?:|assets\/[\w.-]+|api\/upstreams)$/;

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
  const offOrigin: string[] = [];
  const notAppAssets: string[] = [];
  const fromFrame: string[] = [];
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
    browser = await launchChromium();
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
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) return;
      if (request.frame() !== page.mainFrame()) {
        fromFrame.push(`${request.resourceType()} ${request.url()}`);
        return;
      }
      const url = new URL(request.url());
      if (url.origin === APP_ORIGIN && !APP_REQUEST.test(url.pathname)) {
        notAppAssets.push(`${request.resourceType()} ${request.url()}`);
      }
    });
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame() && frame.url() !== 'about:srcdoc') frameNavigations.push(frame.url());
    });
    // Nothing leaves the machine: any request to another origin is recorded and refused.
    await page.route(
      (url) => url.origin !== APP_ORIGIN,
      (route) => {
        offOrigin.push(route.request().url());
        return route.abort();
      },
    );
    await signIn(page, APP_URL, user);
    await openFolder(page, FOLDER);
  });

  afterAll(async () => {
    await browser?.close();
    await removeFolder(inject('imap'), inject('user'), FOLDER);
  });

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
      const frame = await mailFrame(page);
      // Give handlers that fire on their own (load, error, animations, toggle, focus) their chance to fire.
      await page.waitForTimeout(100);
      await expect(frame.locator('body').innerText()).resolves.toContain(`payload ${id}`);
      expect(frame.url()).toBe('about:srcdoc');
      expect(executions).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(consoleHits).toEqual([]);
      expect(popups).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(frameNavigations).toEqual([]);
    },
  );

  it('made no request to any other origin', () => {
    expect(offOrigin).toEqual([]);
  });

  it("made no request to the app's origin but for the app's own assets", () => {
    expect(notAppAssets).toEqual([]);
  });

  it('made no request from the mail frame at all, to the app origin or anywhere', () => {
    expect(fromFrame).toEqual([]);
  });
});
