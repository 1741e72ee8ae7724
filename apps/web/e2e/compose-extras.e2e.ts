// More of the composer end to end (Chromium, the proxy, the testbed's Postfix and Dovecot), each checked from
// raw IMAP sessions of the user's or the recipient's own: a mailbox without a Drafts folder (the first autosave
// creates it, \Drafts, and the dock says so); a recipient the server defers (450: its words on the chip,
// nothing sent to the others, the message kept); a file dropped onto the composer and images pasted and dropped
// into the rich text (attachment and multipart/related parts referenced by cid:); the progress shown while a
// message with a large attachment goes out; and the demo's flow, one account writing to another whose open
// Inbox shows the message without a reload.
/// <reference lib="dom" />
import { SMTP_FAILURES, openSession } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageRow } from './support/app.ts';
import {
  addRecipients,
  asTheUser,
  composeNew,
  countWithSubject,
  dismissNotice,
  messagesWithSubject,
  send,
  sendProblem,
  signedInPage,
  typeBody,
  useSendingMailbox,
  type SendingMailbox,
} from './support/compose.ts';
import { useFileChromium } from './support/file-chromium.ts';
import { rowAt } from './support/organize.ts';

/** Two small valid PNGs (1×1, a red and a blue pixel). */
const RED_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const BLUE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Bytes no re-encoding keeps by accident. */
// One Chromium for the file's two mailboxes, each in a context of its own (bob's page too).
const chromium = useFileChromium();

const NOTES = Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 31 + (i >> 7)) & 0xff));

describe('a mailbox without a Drafts folder', () => {
  let mailbox: SendingMailbox;
  let page: Page;

  useSendingMailbox(
    (started) => {
      mailbox = started;
      page = started.page;
    },
    {
      browser: chromium,
      // Another client deleted Drafts, on a server that does not create it again at login.
      autoCreateSpecial: false,
      beforeSignIn: (server) => asTheUser(server, 'demo', ['DELETE "Drafts"']),
    },
  );

  it('creates Drafts (\\Drafts) at the first autosave, says so, and the draft is in it', async () => {
    expect(await listed(mailbox, 'Drafts')).toEqual([]);
    expect(await page.getByRole('treeitem', { name: /^Drafts/ }).count()).toBe(0);

    const subject = 'Черновик без папки';
    const window = await composeNew(page);
    await addRecipients(window, 'To', mailbox.bobAddress);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'Saved where there was no Drafts.');
    await page
      .locator('.dock .notice[role="status"]')
      .filter({ hasText: 'The folder “Drafts” was created.' })
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => window.locator('.saved').innerText(), { timeout: 20_000 })
      .toBe('Saved to Drafts');

    // One folder, marked \Drafts (the server has SPECIAL-USE), subscribed, with the draft in it.
    const [line, ...more] = await listed(mailbox, 'Drafts');
    expect(more).toEqual([]);
    expect(line).toMatch(/\\Drafts/);
    expect(line).toMatch(/\\Subscribed/);
    const drafts = await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject);
    expect(drafts.map((d) => d.flags.sort())).toEqual([['\\Draft', '\\Seen']]);
    expect(drafts[0]!.text).toContain('Saved where there was no Drafts.');
    await page.getByRole('treeitem', { name: /^Drafts/ }).waitFor();
  });
});

describe('writing and sending', () => {
  let mailbox: SendingMailbox;
  let page: Page;

  useSendingMailbox(
    (started) => {
      mailbox = started;
      page = started.page;
    },
    // Room for the large attachment below (Postfix's own limit is 10 MB).
    { browser: chromium, postfix: { maxMessageBytes: 64 * 1024 * 1024 } },
  );

  const inbox = (user: string, subject: string) =>
    messagesWithSubject(mailbox.server, user, 'INBOX', subject);

  it("shows a deferred recipient's reply (450) on its chip, sends nothing to the others, keeps the message", async () => {
    const subject = 'Deferred recipient test';
    const deferred = SMTP_FAILURES.deferredRecipient;
    const window = await composeNew(page);
    await addRecipients(window, 'To', `${mailbox.bobAddress}, ${deferred}`);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'One of you has to wait.');
    await dismissNotice(page);
    await window.getByRole('button', { name: 'Send', exact: true }).click();
    await sendProblem(page).waitFor({ timeout: 60_000 });
    expect(await sendProblem(page).innerText()).toBe(
      '1 recipient was not accepted for now, so nothing was sent. Try again later, or send without it.',
    );
    const chipProblem = window.locator('[data-field="to"] .problems [role="alert"]');
    expect(await chipProblem.innerText()).toBe(
      `${deferred}: Not accepted for now, try again later: 450 4.7.1 <${deferred}>: Recipient address rejected: Try again later (testbed)`,
    );
    expect(await window.locator(`[data-field="to"] .chip[data-address="${deferred}"]`).count()).toBe(1);
    // Nothing went to bob, nothing waits in Postfix's queue; the message is in the composer and in Drafts.
    expect(await inbox('bob', subject)).toEqual([]);
    expect(mailbox.postfix.queuedMessages()).toBe(0);
    expect(await window.getByLabel('Subject').inputValue()).toBe(subject);
    expect(await window.getByRole('textbox', { name: 'Message text' }).innerText()).toContain(
      'One of you has to wait.',
    );
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toHaveLength(1);

    await window.getByRole('button', { name: `Remove ${deferred}` }).click();
    await send(page);
    await expect.poll(async () => (await inbox('bob', subject)).length, { timeout: 20_000 }).toBe(1);
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toEqual([]);
  });

  it('attaches a file dropped onto the composer, takes images pasted and dropped into the text inline, and sends them as cid: parts', async () => {
    const subject = 'Dropped and pasted';
    const window = await composeNew(page);
    await addRecipients(window, 'To', mailbox.bobAddress);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'Picture: ');

    // A file dropped on the composer (on its fields, not the text): the drop zone shows, then it is attached.
    const fields = window.locator('.fields');
    const notes = await filesInPage(page, [
      { name: 'заметки.bin', type: 'application/octet-stream', bytes: NOTES },
    ]);
    await fields.dispatchEvent('dragenter', { dataTransfer: notes });
    await fields.dispatchEvent('dragover', { dataTransfer: notes });
    await window.getByText('Drop files to attach them').waitFor();
    await fields.dispatchEvent('drop', { dataTransfer: notes });
    await window.getByText('Drop files to attach them').waitFor({ state: 'detached' });
    await window.locator('.attachments li[data-status="ready"]').filter({ hasText: 'заметки.bin' }).waitFor();

    // An image pasted into the text, then another dropped onto its start: both go into the text, where they
    // were put, and neither is attached.
    const text = window.getByRole('textbox', { name: 'Message text' });
    await text.focus();
    await text.press('End');
    const pasted = await filesInPage(page, [{ name: 'red.png', type: 'image/png', bytes: RED_PNG }]);
    await text.evaluate((element, clipboardData) => {
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, pasted);
    await text.locator('img[alt="red.png"]').waitFor();
    const dropped = await filesInPage(page, [{ name: 'blue.png', type: 'image/png', bytes: BLUE_PNG }]);
    const box = await text.locator('p').first().boundingBox();
    if (!box) throw new Error('the editor shows no paragraph to drop on');
    const at = { clientX: box.x + 4, clientY: box.y + box.height / 2 };
    await text.dispatchEvent('dragenter', { dataTransfer: dropped, ...at });
    await text.dispatchEvent('dragover', { dataTransfer: dropped, ...at });
    await text.dispatchEvent('drop', { dataTransfer: dropped, ...at });
    await text.locator('img[alt="blue.png"]').waitFor();
    await window.getByText('Drop files to attach them').waitFor({ state: 'detached' });
    // The dropped one where it was dropped (the start of the text), the pasted one kept at the caret's place.
    expect(
      await text.locator('img').evaluateAll((images) => images.map((i) => i.getAttribute('alt'))),
    ).toEqual(['blue.png', 'red.png']);
    expect(await window.locator('.attachments li').allInnerTexts()).toEqual([
      expect.stringContaining('заметки.bin'),
    ]);
    await send(page);

    await expect
      .poll(() => countWithSubject(mailbox.server, 'bob', 'INBOX', subject), { timeout: 20_000 })
      .toBe(1);
    const [arrived] = await inbox('bob', subject);
    const structure = await bodyStructure(mailbox, 'bob', arrived!.uid);
    // multipart/mixed: the message, then the dropped file as an attachment, its bytes intact.
    expect(structure.subtype).toBe('MIXED');
    const attachments = structure.parts.slice(1);
    expect(attachments.map((p) => [p.type, p.disposition])).toEqual([
      ['APPLICATION/OCTET-STREAM', 'ATTACHMENT'],
    ]);
    expect(Buffer.compare(await fetchPart(mailbox, 'bob', arrived!.uid, attachments[0]!.path), NOTES)).toBe(
      0,
    );
    expect(arrived!.attachments.map((a) => a.filename)).toContain('заметки.bin');
    // The two images: parts of a multipart/related with the HTML, each with a Content-ID the HTML cites.
    const related = findPart(structure, (p) => p.type === 'MULTIPART/RELATED');
    expect(related, JSON.stringify(structure)).toBeDefined();
    expect(related!.parts.map((p) => p.type)).toEqual(['TEXT/HTML', 'IMAGE/PNG', 'IMAGE/PNG']);
    const html = (await fetchPart(mailbox, 'bob', arrived!.uid, related!.parts[0]!.path)).toString('utf8');
    expect(html).toContain('Picture:');
    const images = related!.parts.slice(1);
    const cited = [...html.matchAll(/<img[^>]*\ssrc="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cited).toEqual(images.map((p) => p.id?.replace(/^<|>$/g, '')));
    const bytes = await Promise.all(images.map((p) => fetchPart(mailbox, 'bob', arrived!.uid, p.path)));
    expect(bytes.map((b) => b.toString('base64'))).toEqual([
      BLUE_PNG.toString('base64'),
      RED_PNG.toString('base64'),
    ]);
  });

  it('shows how far a message with a large attachment has gone while it is sent, and it arrives', async () => {
    const subject = 'Large attachment progress';
    const size = 12 * 1024 * 1024;
    const big = Buffer.alloc(size);
    for (let i = 0; i < size; i++) big[i] = (i * 131 + (i >> 11)) & 0xff;
    const window = await composeNew(page);
    await addRecipients(window, 'To', mailbox.bobAddress);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'A big one.');
    await window
      .locator('footer input[type="file"]')
      .setInputFiles([{ name: 'большой.bin', mimeType: 'application/octet-stream', buffer: big }]);
    await window.locator('.attachments li[data-status="ready"]').waitFor({ timeout: 60_000 });

    // Every text the dock's sending line shows, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { sendingTexts: string[] }).sendingTexts = seen;
      const record = (): void => {
        for (const element of document.querySelectorAll('.dock .sending .text')) {
          const text = element.textContent ?? '';
          if (seen.at(-1) !== text) seen.push(text);
        }
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    await send(page);
    const texts = await page.evaluate(() => (window as unknown as { sendingTexts: string[] }).sendingTexts);
    const percents = texts.flatMap((t) => {
      const match = /^Sending, (\d+)%$/.exec(t);
      return match ? [Number(match[1])] : [];
    });
    expect(
      percents.some((p) => p > 0 && p < 100),
      JSON.stringify(texts),
    ).toBe(true);
    // It only goes forward.
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    await expect
      .poll(() => countWithSubject(mailbox.server, 'bob', 'INBOX', subject), { timeout: 60_000 })
      .toBe(1);
    expect(await sizeOf(mailbox, 'bob', subject)).toBeGreaterThan(size);
  }, 180_000);

  it("shows a message sent from another account's session at the top of the open Inbox, without a reload", async () => {
    // demo's page has its Inbox open; bob signs in in a browser context of his own.
    await page.getByRole('treeitem', { name: /^Inbox/ }).click();
    await rowAt(page, 1).waitFor();
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    const bobPage = await signedInPage(mailbox.browser, mailbox.appUrl, mailbox.bob);
    try {
      const subject = 'Привет от Боба — live';
      const window = await composeNew(bobPage);
      await addRecipients(window, 'To', mailbox.address);
      await window.getByLabel('Subject').fill(subject);
      await typeBody(window, 'Do you see this at once?');
      await send(bobPage);
      await rowAt(page, 1)
        .locator('.subject')
        .getByText(subject, { exact: true })
        .waitFor({ timeout: 20_000 });
      expect(await messageRow(page, { subject }).locator('.visually-hidden').innerText()).toContain('Unread');
      expect(navigations).toBe(0);
    } finally {
      await bobPage.context().close();
    }
  });
});

/** The LIST lines (RETURN SPECIAL-USE and SUBSCRIBED) of `name` in demo's mailbox, from a raw session. */
async function listed(mailbox: SendingMailbox, name: string): Promise<string[]> {
  const session = await openSession(mailbox.server, 'demo');
  try {
    const answer = await session.ok(`LIST "" "${name}" RETURN (SPECIAL-USE SUBSCRIBED)`);
    return answer.untagged.map((r) => r.text).filter((text) => text.startsWith('* LIST '));
  } finally {
    session.close();
  }
}

/** RFC822.SIZE of the message of `user`'s INBOX with `subject` (SEARCH, then FETCH: not its bytes). */
async function sizeOf(mailbox: SendingMailbox, user: string, subject: string): Promise<number> {
  const session = await openSession(mailbox.server, user);
  try {
    await session.ok('EXAMINE INBOX');
    const found = await session.ok(`UID SEARCH SUBJECT "${subject}"`);
    const uids = found.untagged.flatMap((r) => (/^\* SEARCH (.+)$/.exec(r.text)?.[1] ?? '').split(' '));
    const [uid, ...more] = uids.filter(Boolean);
    if (!uid || more.length > 0) throw new Error(`not one message with the subject ${subject}: ${uids}`);
    const answer = await session.ok(`UID FETCH ${uid} (RFC822.SIZE)`);
    const line = answer.untagged.find((r) => / FETCH \(/.test(r.text))?.text ?? '';
    return Number(/RFC822\.SIZE (\d+)/.exec(line)?.[1]);
  } finally {
    session.close();
  }
}

/** Files made in the page and put in a DataTransfer there, as a drag or a paste from the desktop carries them. */
function filesInPage(page: Page, files: { name: string; type: string; bytes: Buffer }[]) {
  return page.evaluateHandle(
    (list) => {
      const transfer = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      return transfer;
    },
    files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
  );
}

// --- BODYSTRUCTURE, as Dovecot gives it -----------------------------------------------------------------

interface BodyPart {
  /** IMAP part number ('' for the message itself: its text is BODY[TEXT]). */
  path: string;
  /** "TEXT/HTML", "MULTIPART/RELATED"... */
  type: string;
  subtype: string;
  /** Content-ID, with its brackets. */
  id: string | null;
  /** Content-Disposition's value. */
  disposition: string | null;
  parts: BodyPart[];
}

type Sexp = string | null | Sexp[];

/** A parenthesized IMAP list: quoted strings, atoms, NIL (no literals: Dovecot quotes what fits a line). */
function parseList(text: string): Sexp {
  let at = 0;
  const value = (): Sexp => {
    while (text[at] === ' ') at++;
    if (text[at] === '(') {
      at++;
      const items: Sexp[] = [];
      while (text[at] !== ')') {
        items.push(value());
        while (text[at] === ' ') at++;
      }
      at++;
      return items;
    }
    if (text[at] === '"') {
      let out = '';
      for (at++; text[at] !== '"'; at++) out += text[at] === '\\' ? text[++at] : text[at];
      at++;
      return out;
    }
    const atom = /^[^ ()]+/.exec(text.slice(at))![0];
    at += atom.length;
    return atom === 'NIL' ? null : atom;
  };
  return value();
}

function toPart(node: Sexp[], path: string): BodyPart {
  if (Array.isArray(node[0])) {
    const first = node.findIndex((item) => !Array.isArray(item));
    const children = node.slice(0, first) as Sexp[][];
    const subtype = String(node[children.length]).toUpperCase();
    // Multipart extension data: parameters, then the disposition.
    const disposition = node[children.length + 2];
    return {
      path,
      type: `MULTIPART/${subtype}`,
      subtype,
      id: null,
      disposition: Array.isArray(disposition) ? String(disposition[0]).toUpperCase() : null,
      parts: children.map((child, i) => toPart(child, path === '' ? String(i + 1) : `${path}.${i + 1}`)),
    };
  }
  const type = `${String(node[0])}/${String(node[1])}`.toUpperCase();
  // Single part: type, subtype, params, id, description, encoding, size, [lines for TEXT], md5, disposition.
  const extension = type.startsWith('TEXT/') ? 9 : type === 'MESSAGE/RFC822' ? 11 : 8;
  const disposition = node[extension];
  return {
    path: path === '' ? '1' : path,
    type,
    subtype: String(node[1]).toUpperCase(),
    id: typeof node[3] === 'string' ? node[3] : null,
    disposition: Array.isArray(disposition) ? String(disposition[0]).toUpperCase() : null,
    parts: [],
  };
}

/** The message's BODYSTRUCTURE, from a raw session of `user`. */
async function bodyStructure(mailbox: SendingMailbox, user: string, uid: number): Promise<BodyPart> {
  const session = await openSession(mailbox.server, user);
  try {
    await session.ok('EXAMINE INBOX');
    const answer = await session.ok(`UID FETCH ${uid} (BODYSTRUCTURE)`);
    const line = answer.untagged.find((r) => / FETCH \(/.test(r.text))?.text ?? '';
    const at = line.indexOf('BODYSTRUCTURE ');
    if (at < 0) throw new Error(`no BODYSTRUCTURE in ${line}`);
    return toPart(parseList(line.slice(at + 'BODYSTRUCTURE '.length)) as Sexp[], '');
  } finally {
    session.close();
  }
}

/** A part's content, its transfer encoding undone by the server (BINARY.PEEK[path], RFC 3516). */
async function fetchPart(mailbox: SendingMailbox, user: string, uid: number, path: string): Promise<Buffer> {
  const session = await openSession(mailbox.server, user);
  try {
    await session.ok('EXAMINE INBOX');
    const answer = await session.ok(`UID FETCH ${uid} (BINARY.PEEK[${path}])`);
    const part = answer.untagged.find((r) => / FETCH \(/.test(r.text))?.literals[0];
    if (!part) throw new Error(`no BINARY[${path}] for UID ${uid}`);
    return part;
  } finally {
    session.close();
  }
}

function findPart(part: BodyPart, test: (part: BodyPart) => boolean): BodyPart | undefined {
  if (test(part)) return part;
  for (const child of part.parts) {
    const found = findPart(child, test);
    if (found) return found;
  }
  return undefined;
}
