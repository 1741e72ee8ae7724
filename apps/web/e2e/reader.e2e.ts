// Reading mail in the real app: sign in through the proxy, click a folder, click a message, and read it as the
// person would: headers and text in many charsets, \Seen after opening, a newsletter in the sandboxed frame
// with cid images shown and remote ones blocked until consent, attachment downloads, format=flowed, "re-decode
// as", "view source", the display-name warning.
// Corpus messages that are already read are opened where they live (INBOX, Archive): opening them changes
// nothing. Unread ones (opening marks them \Seen) and one the corpus lacks are appended to a folder of this
// suite's own, removed afterwards, so the other suites see the corpus unchanged.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildCorpus, type CorpusMessage } from '@webmail/testbed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { simpleParser } from '../test/differential/mailparser.ts';
import { FRAME_CSP } from '../src/lib/mail/frame-document.ts';
import { launchChromium } from './chromium.ts';
import { mailFrame, messageRow, openFolder, openMessage, signIn } from './support/app.ts';
import { fetchFlags, removeFolder, seedFolder } from './support/mailbox.ts';
import { NetworkRecorder } from './support/network-recorder.ts';

const FOLDER = 'ReaderE2E';
const corpus = buildCorpus();
const byId = (id: string): CorpusMessage => {
  const message = corpus.find((m) => m.id === id);
  if (!message) throw new Error(`no corpus message ${id}`);
  return message;
};

/** A display name that is an address, and not the sender's. */
const IMITATION = [
  'From: "security@bank.example" <alerts@phish.example>',
  'To: demo@testbed.example',
  'Subject: Your account',
  'Date: Mon, 03 Nov 2025 08:00:00 +0000',
  'Message-ID: <imitation@phish.example>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Please confirm at https://phish.example/confirm (today).',
  '',
].join('\r\n');

/** Unread in the corpus: copied (unread) into FOLDER, where opening them may mark them \Seen. */
const COPIED = ['gbk-raw-8bit-subject', 'today-standup', 'newsletter-100kb'];

/** The tree's label of a corpus folder that holds read messages this suite opens in place. */
const FOLDER_LABELS = new Map([
  ['INBOX', 'Inbox'],
  ['Archive', 'Archive'],
]);

describe('reading mail in the app', () => {
  let browser: Browser;
  let page: Page;
  const copies = new Map<string, number>();
  /** Corpus messages opened where they live. */
  const openedInPlace = new Set<CorpusMessage>();
  /** Every request, the mail frame's included; every host but the app's answered on loopback with a 1x1 PNG. */
  let network: NetworkRecorder;
  const appOrigin = new URL(inject('appUrl')).origin;
  const remoteRequests = () => network.offOrigin(appOrigin);

  beforeAll(async () => {
    const imap = inject('imap');
    const user = inject('user');
    const uids = await seedFolder(imap, user, FOLDER, [
      ...COPIED.map((id) => ({ raw: byId(id).raw, flags: byId(id).flags })),
      { raw: IMITATION },
    ]);
    COPIED.forEach((id, i) => copies.set(id, uids[i] ?? 0));
    copies.set('imitation', uids[COPIED.length] ?? 0);

    // Nothing leaves the machine: every request goes through the recorder, which answers for every other host.
    network = await NetworkRecorder.start();
    browser = await launchChromium(network.chromiumArgs());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await signIn(page, inject('appUrl'), user);
  });

  afterAll(async () => {
    await browser?.close();
    await network?.close();
    await removeFolder(inject('imap'), inject('user'), FOLDER);
  });

  /** Opens corpus message `id` (or the suite's own 'imitation') the way a person does; returns its UID. */
  const open = async (id: string): Promise<number> => {
    const copy = copies.get(id);
    if (copy !== undefined) {
      await openFolder(page, FOLDER);
      return openMessage(page, { uid: copy });
    }
    const message = byId(id);
    const label = FOLDER_LABELS.get(message.folder);
    if (!label || !message.flags.includes('\\Seen')) throw new Error(`${id} must be copied to ${FOLDER}`);
    openedInPlace.add(message);
    await openFolder(page, label);
    return openMessage(page, { uid: message.uid });
  };
  const bodyText = async (): Promise<string> => {
    if ((await page.locator('iframe.mail-frame').count()) > 0) {
      return (await mailFrame(page)).locator('body').innerText();
    }
    return page.locator('[data-testid="text-body"]').innerText();
  };
  const frameImageWidth = (alt: string): Promise<number> =>
    page
      .frameLocator('iframe.mail-frame')
      .locator(`img[alt="${alt}"]`)
      .evaluate((img: HTMLImageElement) => img.naturalWidth);

  it.each(['gbk-b-subject', 'gbk-raw-8bit-subject', 'koi8r-b-subject', 'iso2022jp-subject'])(
    'decodes %s: subject, sender and text',
    async (id) => {
      const message = byId(id);
      await open(id);
      await expect(page.locator('.message-header h2').textContent()).resolves.toBe(message.expect.subject);
      const from = await page.locator('[data-testid="reader-from"]').innerText();
      expect(from).toContain(message.expect.from);
      if (message.expect.fromName) expect(from).toContain(message.expect.fromName);
      const text = await bodyText();
      for (const snippet of message.expect.textIncludes ?? []) expect(text).toContain(snippet);
    },
  );

  it('marks an unread message \\Seen on the server once it is opened, and the list shows it read', async () => {
    const imap = inject('imap');
    const user = inject('user');
    const uid = copies.get('today-standup') ?? 0;
    await openFolder(page, FOLDER);
    const marks = messageRow(page, { uid }).locator('.visually-hidden');
    await expect(marks.textContent()).resolves.toContain('Unread');
    expect(await fetchFlags(imap, user, FOLDER, uid)).not.toContain('\\Seen');

    await openMessage(page, { uid });
    expect(await bodyText()).toContain(byId('today-standup').expect.textIncludes?.[0] ?? '');
    await expect.poll(() => fetchFlags(imap, user, FOLDER, uid)).toContain('\\Seen');
    await expect.poll(() => marks.textContent()).not.toContain('Unread');
  });

  it('shows the 100 KB newsletter in the titled, sandboxed frame with its CSP, light on any theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await open('newsletter-100kb');
      const frame = page.locator('iframe.mail-frame');
      await expect(frame.getAttribute('sandbox')).resolves.toBe(
        'allow-scripts allow-popups allow-popups-to-escape-sandbox',
      );
      await expect(frame.getAttribute('title')).resolves.toContain('Acme Weekly #142');
      const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
      expect(srcdoc).toContain(`content="${FRAME_CSP}"`);
      // An opaque origin: the frame shares nothing with the app.
      await expect((await mailFrame(page)).evaluate(() => origin)).resolves.toBe('null');
      expect(await bodyText()).toContain('Modified UTF-7: the mailbox encoding that time forgot');
      const background = await (
        await mailFrame(page)
      )
        .locator('html')
        .evaluate((html) => getComputedStyle(html).backgroundColor);
      expect(background).toBe('rgb(255, 255, 255)');
      // Sized to its content: the frame is as tall as its document, so nothing scrolls inside it, and the
      // reader area scrolls the whole message instead.
      await page.locator('iframe.mail-frame[data-sized="true"]').waitFor();
      const sizes = await (await mailFrame(page)).locator('html').evaluate((html) => ({
        content: html.scrollHeight,
        viewport: html.clientHeight,
      }));
      expect(sizes.content).toBeGreaterThan(2000);
      expect(sizes.content).toBeLessThanOrEqual(sizes.viewport + 1);
      const frameHeight = await frame.evaluate((element) => element.getBoundingClientRect().height);
      expect(Math.abs(frameHeight - sizes.content)).toBeLessThanOrEqual(1);
      const scroller = page.locator('.reader-body');
      await expect(
        scroller.evaluate((element) => element.scrollHeight > element.clientHeight + 1000),
      ).resolves.toBe(true);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('shows cid images, blocks remote ones, and requests them only after consent', async () => {
    network.requests.length = 0;
    await open('newsletter-related-cid');
    await expect.poll(() => frameImageWidth('Acme'), { timeout: 10_000 }).toBe(120);
    await expect(frameImageWidth('Sync speed chart')).resolves.toBe(200);
    const frame = await mailFrame(page);
    await expect(frame.locator('img[alt="Dark mode screenshot"]').getAttribute('src')).resolves.toBeNull();
    const bar = page.locator('[data-testid="remote-content-bar"]');
    await expect(bar.innerText()).resolves.toMatch(/3 remote images or resources were blocked/);
    expect(remoteRequests()).toEqual([]);

    await bar.getByRole('button', { name: 'Load remote content' }).click();
    await expect
      .poll(() => bar.innerText(), { timeout: 10_000 })
      .toBe('Remote images are shown for this message.');
    await expect.poll(() => remoteRequests().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const urls = remoteRequests().map((request) => request.url);
    expect(urls).toContain('https://images.news.acme.example/dark-mode.png');
    expect(urls.every((url) => url.startsWith('https://'))).toBe(true);
    await expect.poll(() => frameImageWidth('Dark mode screenshot'), { timeout: 10_000 }).toBe(1);
  });

  it('shows the next message in the frame document already there, with nothing of the one before, consent not carried over', async () => {
    // The message before allowed remote content (the test above): its document has the wider policy, so the
    // next one gets a new document with the default policy.
    await open('newsletter-100kb');
    const element = page.locator('iframe.mail-frame');
    await expect(element.getAttribute('srcdoc')).resolves.toContain(`content="${FRAME_CSP}"`);
    await (
      await mailFrame(page)
    ).evaluate(() => {
      (window as unknown as { keptMark?: string }).keptMark = 'the newsletter was shown here';
    });

    network.requests.length = 0;
    await open('newsletter-related-cid');
    const next = await mailFrame(page);
    // The same document (what was set in it is still there), now with the other message's body only.
    await expect(next.evaluate(() => (window as unknown as { keptMark?: string }).keptMark)).resolves.toBe(
      'the newsletter was shown here',
    );
    const text = await next.locator('body').innerText();
    expect(text).toContain(byId('newsletter-related-cid').expect.textIncludes?.[0] ?? '');
    expect(text).not.toContain('Modified UTF-7: the mailbox encoding that time forgot');
    await expect.poll(() => frameImageWidth('Acme'), { timeout: 10_000 }).toBe(120);
    await expect(next.locator('img[alt="Dark mode screenshot"]').getAttribute('src')).resolves.toBeNull();
    expect(remoteRequests()).toEqual([]);
    await expect(page.locator('[data-testid="remote-content-bar"]').innerText()).resolves.toMatch(/blocked/);

    // A text message: no mail frame; the kept one is out of sight and holds nothing of the mail before.
    await open('today-standup');
    await expect(page.locator('.reader iframe.mail-frame').count()).resolves.toBe(0);
    const idle = page.locator('.reader iframe.idle');
    await expect(idle.count()).resolves.toBe(1);
    await expect(idle.evaluate((frame) => getComputedStyle(frame).visibility)).resolves.toBe('hidden');
    const idleFrame = await (await idle.elementHandle())?.contentFrame();
    await expect.poll(() => idleFrame?.locator('body').innerHTML()).toBe('');
  });

  it('downloads an attachment with the exact bytes', async () => {
    await open('attachment-pdf-invoice');
    const expected = (await simpleParser(Buffer.from(byId('attachment-pdf-invoice').raw))).attachments[0];
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="attachment"] button').first().click();
    const bytes = await readFile(await (await download).path());
    expect((await download).suggestedFilename()).toBe(expected?.filename);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256')
        .update(expected?.content ?? Buffer.alloc(0))
        .digest('hex'),
    );
  });

  it('leaves a 5 MB attachment on the server until it is downloaded, then fetches it by part number', async () => {
    await open('attachment-5mb');
    const item = page.locator('[data-testid="attachment"]').first();
    await expect(item.innerText()).resolves.toMatch(/about/);
    const expected = (await simpleParser(Buffer.from(byId('attachment-5mb').raw))).attachments[0];
    const download = page.waitForEvent('download');
    await item.locator('button').click();
    const bytes = await readFile(await (await download).path());
    expect(bytes.length).toBe(expected?.size);
    expect(bytes.equals(expected?.content ?? Buffer.alloc(0))).toBe(true);
  });

  it('reflows format=flowed text, keeping quote depth', async () => {
    await open('flowed-text');
    const text = await bodyText();
    expect(text).toContain(
      'so every line that ends in a space is soft-broken and a client should rewrap it to the width of the reader pane instead',
    );
    expect(text).toContain('Quoted text can flow too, and quote depth is kept when the client rewraps it.');
    expect(text).not.toContain('when > the');
  });

  it('re-decodes mislabeled mail with the chosen charset', async () => {
    await open('malformed-undeclared-latin1');
    expect(await bodyText()).not.toContain('Café');
    await page.locator('[data-testid="redecode-menu"]').selectOption('windows-1252');
    await expect.poll(bodyText).toContain('Café au lait, Crème brûlée, Käsespätzle.');
  });

  it('shows the raw source as text', async () => {
    await open('gbk-raw-8bit-subject');
    await page.getByRole('button', { name: 'View source' }).click();
    const source = page.locator('[data-testid="source-text"]');
    await expect(source.innerText()).resolves.toContain('X-Mailer: Foxmail');
    await expect(source.innerText()).resolves.toContain('Subject: 第三季度财务报表（请查收）');
    await page.getByRole('button', { name: 'Back to the message' }).click();
    await expect(bodyText()).resolves.toContain(byId('gbk-raw-8bit-subject').expect.textIncludes?.[0] ?? '');
  });

  it('shows the real address and warns when the display name imitates another one', async () => {
    await open('imitation');
    const from = await page.locator('[data-testid="reader-from"]').innerText();
    expect(from).toContain('<alerts@phish.example>');
    await expect(page.locator('[data-testid="impersonation-warning"]').innerText()).resolves.toContain(
      'security@bank.example',
    );
    const link = page.locator('[data-testid="text-body"] a');
    await expect(link.getAttribute('href')).resolves.toBe('https://phish.example/confirm');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
  });

  it('requested nothing from any origin but its own, except the remote images the user allowed', () => {
    expect(remoteRequests().filter((request) => !new URL(request.url).hostname.endsWith('.example'))).toEqual(
      [],
    );
  });

  it('left the corpus messages it opened in place with their flags unchanged', async () => {
    expect(openedInPlace.size).toBeGreaterThan(0);
    // \Recent belongs to whichever session saw the message first, not to the message.
    const lasting = (flags: readonly string[]) => flags.filter((flag) => flag !== '\\Recent').sort();
    for (const message of openedInPlace) {
      const flags = await fetchFlags(inject('imap'), inject('user'), message.folder, message.uid);
      expect(lasting(flags), message.id).toEqual(lasting(message.flags));
    }
  });
});
