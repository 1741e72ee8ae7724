// The MIME differential test, Chromium side (issue 11): the composed cases of test/compose/cases.ts, built by
// buildMessage and parsed back by the app's own parser worker (postal-mime with prepare-raw and flowed, as
// shipped in apps/web/dist), must give back what was composed, exactly as mailparser does in Node
// (test/compose/compose-mime.test.ts). The worker runs on the app's own page, as in reader-differential.
//
// buildMessage also runs in Chromium: the compose module, bundled by Vite as the app bundles it, builds every
// case in the page, and the bytes must be Node's bytes but for the random boundaries. That is what "browser-
// safe" means here: the same IDNA (URL), TextEncoder, btoa, CSPRNG and Unicode regular expressions, and no
// Node API. The page's build is the one parsed by the worker.
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asciiDomain } from '../src/lib/compose/address-validate.ts';
import { buildMessage } from '../src/lib/compose/index.ts';
import { decodeEncodedWords } from '../src/lib/format/rfc2047.ts';
import { composeCases, type ComposeCase } from '../test/compose/cases.ts';
import {
  comparable,
  expectedOf,
  fromWorker,
  normalizeBody,
  settleKnownDifferences,
  type WorkerResult,
} from '../test/compose/differential.ts';
import { collapse, generatedInput, generatedMessage } from '../test/compose/generated.ts';
import { checkStructure } from '../test/compose/structure.ts';
import { launchChromium } from './chromium.ts';

const ASSETS = resolve(import.meta.dirname, '../dist/assets');
const COMPOSE_ENTRY = resolve(import.meta.dirname, '../src/lib/compose/index.ts');
const cases = await composeCases();

/** The case as it crosses into the page: JSON with the bytes in base64 and the date in milliseconds. */
function toPage(c: ComposeCase): string {
  return JSON.stringify(c, function bytesAsBase64(this: Record<string, unknown>, key, value: unknown) {
    // The holder's own value: a Buffer (the corpus's raw bytes) would already be its toJSON() form here.
    const raw = this[key];
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw).toString('base64') };
    return value;
  }).replace(/"date":"([^"]+)"/, (_m, iso: string) => `"date":{"$date":${Date.parse(iso)}}`);
}

/** Boundaries are random: each distinct one becomes B1, B2... in order of appearance. */
function withoutBoundaries(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const names = new Map<string, string>();
  return text.replace(/=_[0-9A-Za-z]{24}/g, (boundary) => {
    if (!names.has(boundary)) names.set(boundary, `B${names.size + 1}`);
    return names.get(boundary) as string;
  });
}

describe('composed messages parsed back by the app (postal-mime in Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let workerUrl = '';

  beforeAll(async () => {
    const worker = (await readdir(ASSETS)).find((name) => /^parse\.worker-.+\.js$/.test(name));
    if (!worker) throw new Error(`no parser worker in ${ASSETS}`);
    workerUrl = `/assets/${worker}`;
    const bundle = await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        lib: { entry: COMPOSE_ENTRY, formats: ['iife'], name: 'webmailCompose', fileName: 'compose' },
      },
    });
    const output = (Array.isArray(bundle) ? bundle[0] : bundle) as { output: { code?: string }[] };
    const code = output.output[0]?.code;
    if (!code) throw new Error('the compose bundle is empty');
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(inject('appUrl'));
    await page.getByLabel('User name').waitFor();
    // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') is not asked.
    await page.evaluate(`${code}\nwindow.webmailCompose = webmailCompose;`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** buildMessage in the page; the bytes come back in base64. */
  function buildInChromium(c: ComposeCase): Promise<{ base64: string; eightBit: boolean }> {
    return page.evaluate((json) => {
      const revived = JSON.parse(json, (_key, value: unknown) => {
        if (value && typeof value === 'object' && '$bytes' in value)
          return Uint8Array.from(atob((value as { $bytes: string }).$bytes), (ch) => ch.charCodeAt(0));
        if (value && typeof value === 'object' && '$date' in value)
          return new Date((value as { $date: number }).$date);
        return value;
      }) as { message: unknown; options: unknown };
      const compose = (
        window as unknown as {
          webmailCompose: {
            buildMessage: (m: unknown, o: unknown) => { bytes: Uint8Array; eightBit: boolean };
          };
        }
      ).webmailCompose;
      const built = compose.buildMessage(revived.message, revived.options);
      let binary = '';
      for (let i = 0; i < built.bytes.length; i += 0x8000)
        binary += String.fromCharCode(...built.bytes.subarray(i, i + 0x8000));
      return { base64: btoa(binary), eightBit: built.eightBit };
    }, toPage(c));
  }

  /** The bytes (base64 in the page) parsed by the app's worker, with attachment bytes back in base64. */
  function parseInChromium(base64: string): Promise<WorkerResult> {
    return page.evaluate(
      async ([url, raw]) => {
        const scope = window as unknown as { composeParser?: Worker };
        const worker = (scope.composeParser ??= new Worker(url as string, { type: 'module' }));
        const bytes = Uint8Array.from(atob(raw as string), (ch) => ch.charCodeAt(0));
        const reply = await new Promise<{ ok: boolean; error?: string; message?: Record<string, unknown> }>(
          (done) => {
            worker.onmessage = (event) => done(event.data);
            worker.postMessage({ id: 1, kind: 'parse', raw: bytes, charset: null });
          },
        );
        if (!reply.ok || !reply.message) throw new Error(reply.error ?? 'no message');
        const m = reply.message as unknown as Omit<WorkerResult, 'attachments' | 'html'> & {
          body: { kind: string; html?: string }[];
          attachments: {
            filename: string | null;
            mimeType: string;
            contentId: string | null;
            content: ArrayBuffer;
          }[];
        };
        const people = (list: { name: string; address: string }[]) =>
          list.map((a) => ({ name: a.name, address: a.address }));
        const toBase64 = (buffer: ArrayBuffer): string => {
          const view = new Uint8Array(buffer);
          let binary = '';
          for (let i = 0; i < view.length; i += 0x8000)
            binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
          return btoa(binary);
        };
        const htmlParts = m.body.flatMap((part) =>
          part.kind === 'html' && part.html !== undefined ? [part.html] : [],
        );
        return {
          subject: m.subject,
          from: people(m.from),
          replyTo: people(m.replyTo),
          to: people(m.to),
          cc: people(m.cc),
          bcc: people(m.bcc),
          messageId: m.messageId,
          inReplyTo: m.inReplyTo,
          references: m.references,
          date: m.date,
          text: m.text,
          // The reader keeps each HTML part on its own; a composed message has at most one.
          html: htmlParts.length === 0 ? null : htmlParts.join(''),
          attachments: m.attachments.map((a) => ({
            filename: a.filename,
            mimeType: a.mimeType,
            contentId: a.contentId,
            base64: toBase64(a.content),
          })),
        };
      },
      [workerUrl, base64],
    );
  }

  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const node = buildMessage(c.message, c.options);
    const chromium = await buildInChromium(c);
    const bytes = Uint8Array.from(Buffer.from(chromium.base64, 'base64'));
    expect(withoutBoundaries(bytes)).toBe(withoutBoundaries(node.bytes));
    expect(chromium.eightBit).toBe(node.eightBit);
    expect(
      checkStructure(bytes, { eightBit: chromium.eightBit, utf8Headers: c.options.utf8Headers === true }),
    ).toEqual([]);

    const parsed = fromWorker(await parseInChromium(chromium.base64));
    const expected = comparable(expectedOf(c), 'expected-for-postal-mime');
    const { settled, mismatches } = settleKnownDifferences(
      comparable(parsed, 'postal-mime'),
      expected,
      c.known ?? [],
      'postal-mime',
    );
    expect(mismatches).toEqual([]);
    expect(settled).toEqual(expected);
    for (const snippet of c.mustInclude ?? []) expect(parsed.text).toContain(snippet);
  });

  // The generated inputs of compose-properties.test.ts (a fixed seed: the same inputs every run).
  it('gives back subject, names, file name and text of 150 generated messages', async () => {
    for (const input of fc.sample(generatedInput, { numRuns: 150, seed: 20261204 })) {
      const built = buildMessage(generatedMessage(input), { bcc: 'omit', utf8Headers: input.utf8 });
      const parsed = await parseInChromium(Buffer.from(built.bytes).toString('base64'));
      const context = JSON.stringify(input);
      expect(parsed.subject, context).toBe(input.subject.trim());
      expect(parsed.from[0], context).toEqual({ name: collapse(input.name), address: 'ann@example.org' });
      expect(parsed.to[0]?.name, context).toBe(collapse(`${input.name}2`));
      // Pinned: postal-mime decodes RFC 2047 words even inside a file name's RFC 2231 value (mailparser does
      // not); no writer can prevent it, since "=?" survives every parameter encoding. Only such names differ.
      const filename = input.filename.trim();
      const hasWord = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=/.test(filename);
      expect(parsed.attachments[0]?.filename, context).toBe(
        hasWord ? decodeEncodedWords(filename) : filename,
      );
      expect(normalizeBody(parsed.text), context).toBe(normalizeBody(input.text));
    }
  });

  it.each([
    ['пример.рф'],
    ['ПРИМЕР.РФ'],
    ['例子.中国'],
    ['例子。中国'],
    ['bücher.example'],
    ['ＥＸＡＭＰＬＥ.com'],
    ['παράδειγμα.δοκιμή'],
    ['مثال.إختبار'],
    ['faß.de'],
    ['xn--e1afmkfd.xn--p1ai'],
    ['日本語。ｊｐ'],
    ['exa mple.com'],
    ['a..b'],
  ])('converts %s to ASCII in Chromium as in Node', async (domain) => {
    const inChromium = await page.evaluate((d) => {
      try {
        return new URL(`http://${d}/`).hostname;
      } catch {
        return null;
      }
    }, domain);
    const inNode = asciiDomain(domain);
    // asciiDomain refuses some hosts before asking URL (spaces): then Chromium's answer is not compared.
    if (inNode !== null) expect(inChromium).toBe(inNode);
    else expect(/^[A-Za-z0-9.\-\u0080-\u{10FFFF}]+$/u.test(domain) ? inChromium : null).toBeNull();
  });
});
