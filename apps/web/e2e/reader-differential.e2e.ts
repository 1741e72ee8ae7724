// Differential test: every corpus message parsed by the app's parser worker (postal-mime plus prepare-raw and
// flowed, as shipped in apps/web/dist) in Chromium, and by mailparser in Node. They must agree on subject,
// From/To/Cc, text, and attachment names and sizes, except for the differences listed in KNOWN_DIFFERENCES,
// each pinned to the exact values both sides produce and explained there.
// The worker runs on the app's own page (its sign-in form, as the proxy serves it with the app's CSP): the
// comparison needs the parser's structured result, which no screen shows whole, so the test talks to the
// worker through its message protocol instead of reading the reader pane.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildCorpus } from '@webmail/testbed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromMailparser, normalizeText, type Comparable } from '../test/differential/compare.ts';
import { KNOWN_DIFFERENCES } from '../test/differential/known-differences.ts';
import { simpleParser } from '../test/differential/mailparser.ts';
import { launchChromium } from './chromium.ts';

const corpus = buildCorpus();
/** The build global-setup.ts has the proxy serve. */
const ASSETS = resolve(import.meta.dirname, '../dist/assets');

describe('postal-mime in Chromium and mailparser in Node agree on the corpus', () => {
  let browser: Browser;
  let page: Page;
  let workerUrl = '';

  beforeAll(async () => {
    const assets = await readdir(ASSETS);
    const worker = assets.find((name) => /^parse\.worker-.+\.js$/.test(name));
    if (!worker) throw new Error(`no parser worker among ${assets.join(', ')}`);
    workerUrl = `/assets/${worker}`;
    const bytes = await readFile(join(ASSETS, worker));
    console.log(`parser worker: ${bytes.length} bytes, ${gzipSync(bytes).length} bytes gzip`);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(inject('appUrl'));
    await page.getByLabel('User name').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function parseInChromium(raw: Uint8Array): Promise<Comparable> {
    const result = await page.evaluate(
      async ([url, base64]) => {
        const scope = window as unknown as { differentialParser?: Worker };
        const worker = (scope.differentialParser ??= new Worker(url as string, { type: 'module' }));
        const bytes = Uint8Array.from(atob(base64 as string), (c) => c.charCodeAt(0));
        const reply = await new Promise<{
          ok: boolean;
          error?: string;
          message?: {
            subject: string;
            from: { name: string; address: string }[];
            to: { name: string; address: string }[];
            cc: { name: string; address: string }[];
            text: string | null;
            attachments: { filename: string | null; size: number }[];
          };
        }>((resolve) => {
          worker.onmessage = (event) => resolve(event.data);
          worker.postMessage({ id: 1, kind: 'parse', raw: bytes, charset: null });
        });
        if (!reply.ok || !reply.message) throw new Error(reply.error ?? 'no message');
        const m = reply.message;
        const pick = (list: { name: string; address: string }[]) =>
          list.map((a) => ({ name: a.name, address: a.address }));
        return {
          subject: m.subject,
          from: pick(m.from),
          to: pick(m.to),
          cc: pick(m.cc),
          text: m.text,
          attachments: m.attachments.map((a) => ({ filename: a.filename, size: a.size })),
        };
      },
      [workerUrl, Buffer.from(raw).toString('base64')],
    );
    return { ...result, text: normalizeText(result.text) };
  }

  it.each(corpus.map((m) => [m.id, m] as const))('%s', async (id, message) => {
    const ours = await parseInChromium(message.raw);
    const theirs = fromMailparser(await simpleParser(Buffer.from(message.raw)));
    const known = KNOWN_DIFFERENCES.get(id) ?? [];
    for (const difference of known) {
      // Each documented difference must still be exactly what it was documented to be.
      expect(ours[difference.field], `${id}: ours ${difference.field}`).toEqual(difference.ours);
      expect(theirs[difference.field], `${id}: mailparser ${difference.field}`).toEqual(
        difference.mailparser,
      );
    }
    const documented = new Set(known.map((d) => d.field));
    for (const field of ['subject', 'from', 'to', 'cc', 'text', 'attachments'] as const) {
      if (!documented.has(field)) expect(ours[field], `${id}: ${field}`).toEqual(theirs[field]);
    }
  });
});
