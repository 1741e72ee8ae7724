// Starting replies, forwards and continued drafts from real messages on a real Dovecot (@webmail/testbed): the
// recipients, subject, threading headers, the identity, the quote, a forward's attachments fetched by part
// number from the server (never downloaded by the user), the whole original attached as message/rfc822, and a
// draft saved, reopened with everything it had and saved again over its own UID.

import { ImapClient } from '@webmail/imap-core';
import type { TraceEvent } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { appendMessage, openSession, snapshotFolder, startDovecot } from '@webmail/testbed';
import type { DovecotServer, TestUser } from '@webmail/testbed';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMessage } from '../../compose/index.ts';
import { decodePartBody, parseMessage } from '../../mail/parse-message.ts';
import type { MessageParser } from '../../mail/parser-client.ts';
import { FolderTree } from '../folders.svelte.ts';
import { emptyContents, presentMessage } from '../reader-message.ts';
import { ComposeDesk } from './desk.svelte.ts';
import type { ShownMessage } from './original.ts';

const ALICE: TestUser = { name: 'alice', password: 'alice-Secret-1' };
const inThread: MessageParser = {
  parse: (raw, charset) => parseMessage(raw, { charset }),
  decodePart: decodePartBody,
  dispose: () => undefined,
};

async function signIn(server: DovecotServer, trace?: (event: TraceEvent) => void): Promise<ImapClient> {
  const transport = await connectTcp({
    host: server.host,
    port: server.imapsPort,
    tls: 'implicit',
    ca: server.caPem,
    servername: 'localhost',
  });
  const client = await ImapClient.connect(transport, { startTls: 'never', ...(trace ? { trace } : {}) });
  await client.login(ALICE.name, ALICE.password);
  return client;
}

/** 700 KB of bytes: more than the reader fetches up front (EAGER_PART_BYTES), so it stays on the server. */
const BIG = Uint8Array.from({ length: 700 * 1024 }, (_, i) => (i * 31 + 7) & 0xff);
const LOGO = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** Equal bytes (toEqual walks a large array element by element, slowly). */
function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

const original = buildMessage(
  {
    from: { name: 'Иван Петров', address: 'ivan@example.ru' },
    replyTo: [{ name: 'Отдел', address: 'team@example.ru' }],
    to: [{ address: 'alice@webmail.test' }, { name: 'Bob', address: 'bob@example.org' }],
    cc: [{ address: 'carol@example.org' }, { address: 'ALICE@webmail.test' }],
    bcc: [],
    subject: 'Re: Отчёт за квартал',
    date: new Date('2026-12-04T09:30:00Z'),
    messageId: '<report-2@example.ru>',
    inReplyTo: '<report-1@example.ru>',
    references: ['<report-0@example.ru>', '<report-1@example.ru>'],
    text: 'Добрый день!\nОтчёт во вложении.',
    html: '<p>Добрый день!</p><p onclick="x()">Отчёт <b>во вложении</b>.<img src="cid:logo@example.ru" alt="logo"></p><script>alert(1)</script>',
    attachments: [
      { filename: 'logo.png', contentType: 'image/png', content: LOGO, contentId: 'logo@example.ru' },
      { filename: 'отчёт.bin', contentType: 'application/octet-stream', content: BIG },
    ],
  },
  { bcc: 'omit' },
).bytes;

describe('ComposeDesk on Dovecot', () => {
  let server: DovecotServer;
  let main: ImapClient;
  let folders: FolderTree;
  let desk: ComposeDesk;
  let ref: { mailbox: string; uidValidity: number; uid: number };
  /** What the main connection sent. */
  const sent: string[] = [];
  /** The reader's parse, when a test has it show the original. */
  let shown: ShownMessage | null = null;

  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE] });
    const appended = await appendMessage(server, 'alice', 'INBOX', original);
    ref = { mailbox: 'INBOX', uidValidity: appended.uidValidity, uid: appended.uid };
    main = await signIn(server, (event) => {
      if (event.direction === 'client') sent.push(event.text);
    });
    await main.select('INBOX');
    folders = new FolderTree(main);
    await folders.load();
    desk = new ComposeDesk({
      account: {
        user: 'alice',
        upstream: {
          name: 'test',
          canSend: true,
          mailDomain: 'webmail.test',
          identities: [{ name: 'Support', address: 'support@webmail.test' }],
        },
      },
      client: main,
      openImap: () => signIn(server),
      openSmtp: () => Promise.reject(new Error('no SMTP in this test')),
      smtpConnect: () => Promise.reject(new Error('no SMTP in this test')),
      withCredentials: (use) => use({ username: ALICE.name, password: ALICE.password }),
      folders: { ensureRole: (role) => folders.ensureRole(role), sentPath: () => 'Sent' },
      parser: inThread,
      shown: (message) => (shown && message.uid === ref.uid ? shown : null),
      storage: null,
      appOrigin: 'https://mail.example.org',
    });
  }, 60_000);
  afterAll(async () => {
    desk?.dispose();
    folders?.dispose();
    await main?.logout().catch(() => undefined);
    await server?.stop();
  });

  it('starts a reply: Reply-To, one Re:, threading headers, the identity it was sent to, the sanitized quote', async () => {
    const composition = await desk.open({ kind: 'reply', message: ref });
    const draft = composition!.draft;
    expect(draft.to.addresses).toEqual([{ name: 'Отдел', address: 'team@example.ru' }]);
    expect(draft.cc.addresses).toEqual([]);
    expect(draft.subject).toBe('Re: Отчёт за квартал');
    expect(draft.inReplyTo).toBe('<report-2@example.ru>');
    expect(draft.references).toEqual([
      '<report-0@example.ru>',
      '<report-1@example.ru>',
      '<report-2@example.ru>',
    ]);
    expect(draft.identity?.address).toBe('alice@webmail.test');
    expect(draft.origin).toEqual({ kind: 'reply', message: ref });
    const html = draft.body.html;
    expect(html).toMatch(/<p>On Dec 4, 2026, .*, Иван Петров wrote:<\/p><blockquote>/);
    expect(html).toContain('Отчёт <b>во вложении</b>');
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).not.toMatch(/onclick|<script/);
    expect(draft.attachments.items).toEqual([]);
    expect(desk.shown).toBe(composition);
  });

  it('starts a reply to all: To and Cc of the original without my own address, in any case', async () => {
    const draft = (await desk.open({ kind: 'replyAll', message: ref }))!.draft;
    expect(draft.to.addresses.map((a) => a.address)).toEqual(['team@example.ru', 'bob@example.org']);
    expect(draft.cc.addresses.map((a) => a.address)).toEqual(['carol@example.org']);
  });

  it("starts a forward with the original's attachments, the big one fetched by part from the server", async () => {
    const composition = (await desk.open({ kind: 'forward', message: ref }))!;
    const draft = composition.draft;
    expect(draft.subject).toBe('Fwd: Re: Отчёт за квартал');
    expect(draft.origin).toEqual({ kind: 'forward', message: ref });
    expect(draft.body.html).toContain('---------- Forwarded message ----------');
    // The inline logo travels in the quoted HTML, not as an attachment.
    expect(draft.attachments.items.map((a) => [a.filename, a.status])).toEqual([['отчёт.bin', 'fetching']]);
    await draft.attachments.settled();
    const [attachment] = draft.attachments.contents();
    expect(attachment?.contentType).toBe('application/octet-stream');
    expect(sameBytes(attachment?.content, BIG)).toBe(true);
    // Its arrival is not a change of the user's: nothing to save.
    expect(composition.saver.dirty).toBe(false);
  });

  it('forwards the whole message as a message/rfc822 attachment, byte for byte', async () => {
    const draft = (await desk.open({ kind: 'forwardAttachment', message: ref }))!.draft;
    await draft.attachments.settled();
    const [attachment] = draft.attachments.contents();
    expect(attachment?.filename).toBe('Re Отчёт за квартал.eml');
    expect(attachment?.contentType).toBe('message/rfc822');
    expect(sameBytes(attachment?.content, original)).toBe(true);
  });

  it("starts a reply and a forward from the reader's parse of the message it shows: one FETCH of header fields", async () => {
    const contents = emptyContents();
    const parsed = await parseMessage(original);
    const message = presentMessage(
      {
        ref,
        raw: original,
        internalDate: null,
        size: original.length,
        flags: [],
        deferred: new Map(),
        contents,
      },
      parsed,
    );
    const asked: number[] = [];
    shown = {
      message,
      attachmentBytes: (attachment) => {
        asked.push(attachment.index);
        return Promise.resolve(contents.get(attachment.index)!);
      },
    };
    try {
      sent.length = 0;
      const reply = (await desk.open({ kind: 'reply', message: ref }))!.draft;
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(
        /UID FETCH \d+ \(UID BODY\.PEEK\[HEADER\.FIELDS \(Message-ID In-Reply-To References Delivered-To X-Original-To Mail-Followup-To\)\]\)$/,
      );
      expect(reply.to.addresses).toEqual([{ name: 'Отдел', address: 'team@example.ru' }]);
      expect(reply.inReplyTo).toBe('<report-2@example.ru>');
      expect(reply.references).toEqual([
        '<report-0@example.ru>',
        '<report-1@example.ru>',
        '<report-2@example.ru>',
      ]);
      expect(reply.identity?.address).toBe('alice@webmail.test');
      expect(reply.body.html).toContain('Отчёт <b>во вложении</b>');
      expect(reply.body.html).toContain('src="data:image/png;base64,');

      const forward = (await desk.open({ kind: 'forward', message: ref }))!.draft;
      await forward.attachments.settled();
      // The inline logo travels in the quoted HTML; only the attachment's bytes were asked of the reader.
      expect(asked).toEqual([1]);
      const [attachment] = forward.attachments.contents();
      expect(attachment?.filename).toBe('отчёт.bin');
      expect(sameBytes(attachment?.content, BIG)).toBe(true);
      expect(sent.filter((line) => /FETCH/.test(line))).toHaveLength(2);
    } finally {
      shown = null;
    }
  });

  it('saves a draft and continues it: recipients, Bcc, subject, text, attachments, what it answers; saving replaces it', async () => {
    const reply = (await desk.open({ kind: 'reply', message: ref }))!;
    reply.draft.setFormat('text');
    reply.draft.bcc.add([{ name: 'Начальник', address: 'boss@example.org' }]);
    reply.draft.attachments.addBytes({ filename: '图表.png', contentType: 'image/png', size: 11 }, LOGO);
    expect(await reply.saver.saveNow()).toBe(true);
    const saved = reply.saver.saved!;
    expect(saved.mailbox).toBe('Drafts');
    await desk.close(reply.draft.id);

    const continued = (await desk.open({ kind: 'draft', message: saved }))!;
    const draft = continued.draft;
    expect(draft.mode).toBe('draft');
    expect(draft.to.addresses).toEqual([{ name: 'Отдел', address: 'team@example.ru' }]);
    expect(draft.bcc.addresses).toEqual([{ name: 'Начальник', address: 'boss@example.org' }]);
    expect(draft.subject).toBe('Re: Отчёт за квартал');
    expect(draft.format).toBe('text');
    expect(draft.body.text).toContain('> Добрый день!');
    expect(draft.messageId).toBe(reply.draft.messageId);
    expect(draft.inReplyTo).toBe('<report-2@example.ru>');
    expect(draft.origin).toEqual({ kind: 'reply', message: ref });
    expect(draft.attachments.contents()).toEqual([
      { filename: '图表.png', contentType: 'image/png', content: LOGO },
    ]);

    // Opening it again finds the composer already open.
    expect(await desk.open({ kind: 'draft', message: saved })).toBe(continued);
    draft.setSubject('Re: Отчёт за квартал (v2)');
    await continued.saver.saveNow();
    const drafts = await snapshotFolder(server, 'alice', 'Drafts');
    expect(drafts.map((m) => m.uid)).toEqual([continued.saver.saved!.uid]);
    expect(continued.saver.saved!.uid).toBeGreaterThan(saved.uid);
  });

  it('reads an original of a folder the main connection does not have open on its own connection', async () => {
    const other = await appendMessage(server, 'alice', 'Archive', original);
    const draft = (await desk.open({
      kind: 'reply',
      message: { mailbox: 'Archive', uidValidity: other.uidValidity, uid: other.uid },
    }))!.draft;
    expect(draft.inReplyTo).toBe('<report-2@example.ru>');
    expect(main.mailbox?.name).toBe('INBOX');
  });

  it('suggests people the Sent folder wrote to, read on the composer connection once', async () => {
    await appendMessage(
      server,
      'alice',
      'Sent',
      buildMessage(
        {
          from: { address: 'alice@webmail.test' },
          to: [{ name: 'Зоя Зимина', address: 'zoya@example.ru' }],
          cc: [],
          bcc: [],
          subject: 'Привет',
          date: new Date('2026-12-01T10:00:00Z'),
          messageId: '<sent-1@webmail.test>',
          text: 'hi',
          attachments: [],
        },
        { bcc: 'keep' },
      ).bytes,
      ['\\Seen'],
    );
    await vi.waitFor(() =>
      expect(desk.suggest('зо', new Set())).toEqual([{ name: 'Зоя Зимина', address: 'zoya@example.ru' }]),
    );
    expect(desk.suggest('зо', new Set(['zoya@example.ru']))).toEqual([]);
  });

  it('says so when the original is gone, and opens nothing', async () => {
    const before = desk.compositions.length;
    expect(await desk.open({ kind: 'reply', message: { ...ref, uid: ref.uid + 1000 } })).toBeNull();
    expect(desk.notice?.kind).toBe('open-failed');
    expect(desk.compositions).toHaveLength(before);
  });

  it('keeps several messages open at once: the newest on screen, the others minimized, any one brought back', async () => {
    const before = desk.compositions.length;
    const first = (await desk.open({ kind: 'new' }))!;
    const second = (await desk.open({ kind: 'new' }))!;
    const third = (await desk.open({ kind: 'reply', message: ref }))!;
    expect(desk.compositions).toHaveLength(before + 3);
    expect(desk.shown).toBe(third);
    expect(desk.minimized).toEqual(expect.arrayContaining([first, second]));
    expect(desk.minimized).not.toContain(third);

    desk.show(first.draft.id);
    expect(desk.shown).toBe(first);
    expect(desk.minimized).toEqual(expect.arrayContaining([second, third]));
    expect(desk.minimized).not.toContain(first);
    desk.minimize(first.draft.id);
    expect(desk.shown).toBeNull();
    expect(desk.minimized).toEqual(expect.arrayContaining([first, second, third]));

    // Closing one saves what changed in it and leaves the others as they were.
    second.draft.setSubject('Второй, свёрнутый');
    expect(await desk.close(second.draft.id)).toBe(true);
    expect(desk.compositions).toEqual(expect.arrayContaining([first, third]));
    expect(desk.compositions).not.toContain(second);
    const drafts = await snapshotFolder(server, 'alice', 'Drafts');
    expect(drafts.map((m) => m.messageId)).toContain(second.draft.messageId);

    for (const composition of [first, third]) await desk.discard(composition.draft.id);
    expect(desk.compositions).toHaveLength(before);
  });

  it('answers from the identity the original was sent to: the second one, or the login’s own', async () => {
    /** A question from Иван to `address` alone, new in the INBOX. */
    const questionTo = async (address: string) => {
      const question = buildMessage(
        {
          from: { name: 'Иван Петров', address: 'ivan@example.ru' },
          to: [{ address }],
          cc: [],
          bcc: [],
          subject: 'Вопрос',
          date: new Date('2026-12-05T08:00:00Z'),
          messageId: `<question-${address.toLowerCase()}>`,
          text: 'Есть минутка?',
          attachments: [],
        },
        { bcc: 'omit' },
      ).bytes;
      const appended = await appendMessage(server, 'alice', 'INBOX', question);
      // The list shows it once the main connection has heard of it (IDLE in the app).
      await main.noop();
      return { mailbox: 'INBOX', uidValidity: appended.uidValidity, uid: appended.uid };
    };
    const toSupport = (await desk.open({
      kind: 'reply',
      message: await questionTo('Support@webmail.test'),
    }))!;
    const toAlice = (await desk.open({ kind: 'reply', message: await questionTo('alice@webmail.test') }))!;
    expect(desk.identities.defaultIdentity?.address).toBe('alice@webmail.test');
    expect(toSupport.draft.identity).toMatchObject({ address: 'support@webmail.test', name: 'Support' });
    expect(toAlice.draft.identity?.address).toBe('alice@webmail.test');

    // The From the reply is written with, as the server keeps it.
    expect(await toSupport.saver.saveNow({ force: true })).toBe(true);
    const session = await openSession(server, 'alice');
    try {
      await session.ok('EXAMINE Drafts');
      const fetched = await session.ok(
        `UID FETCH ${toSupport.saver.saved!.uid} BODY.PEEK[HEADER.FIELDS (FROM)]`,
      );
      expect(fetched.untagged[0]?.literals[0]?.toString()).toBe(
        'From: Support <support@webmail.test>\r\n\r\n',
      );
    } finally {
      session.close();
    }
    for (const composition of [toSupport, toAlice]) await desk.discard(composition.draft.id);
  });
});

describe('ComposeDesk on a server without SPECIAL-USE (Cyrus-like layout)', () => {
  let server: DovecotServer;
  let main: ImapClient;
  let folders: FolderTree;
  let desk: ComposeDesk;

  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE], variant: 'cyrus' });
    main = await signIn(server);
    folders = new FolderTree(main);
    await folders.load();
    desk = new ComposeDesk({
      account: { user: 'alice', upstream: { name: 'test', canSend: true, mailDomain: 'webmail.test' } },
      client: main,
      openImap: () => signIn(server),
      openSmtp: () => Promise.reject(new Error('no SMTP in this test')),
      smtpConnect: () => Promise.reject(new Error('no SMTP in this test')),
      withCredentials: (use) => use({ username: ALICE.name, password: ALICE.password }),
      folders: { ensureRole: (role) => folders.ensureRole(role), sentPath: () => null },
      parser: inThread,
      storage: null,
    });
  }, 60_000);
  afterAll(async () => {
    desk?.dispose();
    folders?.dispose();
    await main?.logout().catch(() => undefined);
    await server?.stop();
  });

  // The layout's own drafts folder (INBOX/草稿, no SPECIAL-USE) is known by its name (issue 13): the draft goes
  // there and no folder is created. Creating a missing one under the prefix: folders.test.ts, ensureRole.
  it('saves into the layout’s drafts folder, found by its name, and creates none', async () => {
    const composition = (await desk.open({ kind: 'new' }))!;
    composition.draft.setSubject('Первый черновик');
    expect(await composition.saver.saveNow()).toBe(true);
    expect(desk.notice).toBeNull();
    const drafts = await snapshotFolder(server, 'alice', 'INBOX/草稿');
    expect(drafts.map((m) => m.flags)).toEqual([['\\Draft', '\\Seen']]);
    expect(folders.get('INBOX/Drafts')).toBeUndefined();
  });
});
