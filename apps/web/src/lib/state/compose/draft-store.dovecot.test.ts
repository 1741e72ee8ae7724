// What the composer writes to the mailbox, against a real Dovecot (@webmail/testbed), each outcome read back by a
// third session: a draft APPENDed to \Drafts with \Draft \Seen; each new version
// removing exactly the one before by UID (other \Deleted mail in Drafts survives: never a bare EXPUNGE); an
// APPEND refused over quota leaving the previous version in place; without UIDPLUS the old version only marked
// \Deleted; the Sent copy with \Seen; \Answered on an original only under the UIDVALIDITY it was read under.

import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { appendMessage, openSession, snapshotFolder, startDovecot } from '@webmail/testbed';
import type { DovecotServer, TestUser } from '@webmail/testbed';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage, newMessageId } from '../../compose/index.ts';
import { FolderTree } from '../folders.svelte.ts';
import { ComposeImap, UidValidityChangedError } from './compose-imap.ts';
import { DraftStore } from './draft-store.ts';

const ALICE: TestUser = { name: 'alice', password: 'alice-Secret-1', quota: { storageKb: 256 } };

async function signIn(server: DovecotServer, user: TestUser = ALICE): Promise<ImapClient> {
  const transport = await connectTcp({
    host: server.host,
    port: server.imapsPort,
    tls: 'implicit',
    ca: server.caPem,
    servername: 'localhost',
  });
  const client = await ImapClient.connect(transport, { startTls: 'never' });
  await client.login(user.name, user.password);
  return client;
}

/** Bytes that do not compress (so the quota counts them all). */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function draftBytes(messageId: string, text: string, attachmentBytes = 0): Uint8Array {
  return buildMessage(
    {
      from: { name: 'Алиса', address: 'alice@webmail.test' },
      to: [{ name: 'Иван', address: 'ivan@webmail.test' }],
      cc: [],
      bcc: [{ address: 'boss@webmail.test' }],
      subject: '草稿 черновик',
      date: new Date('2026-12-04T10:00:00Z'),
      messageId,
      text,
      attachments:
        attachmentBytes > 0
          ? [
              {
                filename: 'отчёт.bin',
                contentType: 'application/octet-stream',
                content: noise(attachmentBytes),
              },
            ]
          : [],
    },
    { bcc: 'keep' },
  ).bytes;
}

/** The app's pieces on one server: its main connection with the folder tree, the composer's own connection. */
async function composer(server: DovecotServer) {
  const main = await signIn(server);
  const folders = new FolderTree(main);
  await folders.load();
  const imap = new ComposeImap({ open: () => signIn(server), idleCloseMs: 60_000 });
  const store = new DraftStore(imap, {
    ensureRole: (role) => folders.ensureRole(role),
  });
  return {
    store,
    imap,
    folders,
    close: async () => {
      imap.dispose();
      folders.dispose();
      await main.logout().catch(() => undefined);
    },
  };
}

describe('DraftStore on Dovecot with UIDPLUS', () => {
  let server: DovecotServer;
  let app: Awaited<ReturnType<typeof composer>>;

  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE] });
    app = await composer(server);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('appends a draft to the \\Drafts folder with \\Draft \\Seen', async () => {
    const messageId = newMessageId('webmail.test');
    const outcome = await app.store.save(draftBytes(messageId, 'first'), messageId, null);
    // The testbed's Dovecot creates the special-use folders itself (auto = subscribe).
    expect(outcome.createdFolder).toBeNull();
    expect(outcome.previous).toBe('none');
    const listed = await openSession(server, 'alice');
    try {
      const list = await listed.ok('LIST (SPECIAL-USE) "" "*"');
      expect(list.untagged.map((r) => r.text)).toContainEqual(
        expect.stringMatching(/^\* LIST \(.*\\Drafts.*\) "[/.]" "?Drafts"?$/),
      );
    } finally {
      listed.close();
    }
    expect(await snapshotFolder(server, 'alice', 'Drafts')).toEqual([
      { uid: outcome.saved?.uid, flags: ['\\Draft', '\\Seen'], messageId },
    ]);
  });

  it('replaces a version by expunging exactly its UID: mail another client marked \\Deleted stays', async () => {
    const other = await appendMessage(
      server,
      'alice',
      'Drafts',
      draftBytes('<other@webmail.test>', 'someone else'),
      ['\\Deleted'],
    );
    const messageId = newMessageId('webmail.test');
    const first = await app.store.save(draftBytes(messageId, 'version 1'), messageId, null);
    const second = await app.store.save(draftBytes(messageId, 'version 2'), messageId, first.saved);
    expect(first.createdFolder).toBeNull();
    expect(second.previous).toBe('expunged');
    expect(second.saved!.uid).toBeGreaterThan(first.saved!.uid);
    const drafts = await snapshotFolder(server, 'alice', 'Drafts');
    expect(drafts.map((m) => m.uid)).not.toContain(first.saved!.uid);
    expect(drafts).toContainEqual({
      uid: other.uid,
      flags: ['\\Deleted'],
      messageId: '<other@webmail.test>',
    });
    expect(drafts).toContainEqual({ uid: second.saved!.uid, flags: ['\\Draft', '\\Seen'], messageId });
  });

  it('leaves the previous version in Drafts when the next APPEND is refused over quota', async () => {
    const messageId = newMessageId('webmail.test');
    const first = await app.store.save(draftBytes(messageId, 'small'), messageId, null);
    // Over the user's 256 KiB quota: Dovecot answers NO [OVERQUOTA].
    await expect(
      app.store.save(draftBytes(messageId, 'with a big attachment', 400 * 1024), messageId, first.saved),
    ).rejects.toMatchObject({ responseCode: { name: 'OVERQUOTA' } });
    const drafts = await snapshotFolder(server, 'alice', 'Drafts');
    expect(drafts.filter((m) => m.messageId === messageId)).toEqual([
      { uid: first.saved!.uid, flags: ['\\Draft', '\\Seen'], messageId },
    ]);
  });

  it('removes a sent or discarded draft by its UID', async () => {
    const messageId = newMessageId('webmail.test');
    const { saved } = await app.store.save(draftBytes(messageId, 'to go'), messageId, null);
    expect(await app.store.remove(saved!)).toBe('expunged');
    const drafts = await snapshotFolder(server, 'alice', 'Drafts');
    expect(drafts.map((m) => m.messageId)).not.toContain(messageId);
  });

  it('appends the Sent copy to the \\Sent folder with \\Seen', async () => {
    const messageId = newMessageId('webmail.test');
    const folder = await app.store.appendSent(draftBytes(messageId, 'sent'));
    expect(folder).toEqual({ path: 'Sent', created: false });
    expect(await snapshotFolder(server, 'alice', 'Sent')).toEqual([{ uid: 1, flags: ['\\Seen'], messageId }]);
  });

  it('marks the original \\Answered by UID, and refuses when its folder has another UIDVALIDITY now', async () => {
    const original = await appendMessage(
      server,
      'alice',
      'INBOX',
      draftBytes('<question@webmail.test>', '?'),
    );
    await app.store.addFlag(
      { mailbox: 'INBOX', uidValidity: original.uidValidity, uid: original.uid },
      '\\Answered',
    );
    expect(
      (await snapshotFolder(server, 'alice', 'INBOX')).find((m) => m.uid === original.uid)?.flags,
    ).toEqual(['\\Answered']);
    await expect(
      app.store.addFlag(
        { mailbox: 'INBOX', uidValidity: original.uidValidity + 1, uid: original.uid },
        '$Forwarded',
      ),
    ).rejects.toBeInstanceOf(UidValidityChangedError);
    expect(
      (await snapshotFolder(server, 'alice', 'INBOX')).find((m) => m.uid === original.uid)?.flags,
    ).toEqual(['\\Answered']);
  });
});

describe('DraftStore on Dovecot without UIDPLUS', () => {
  let server: DovecotServer;
  let app: Awaited<ReturnType<typeof composer>>;

  beforeAll(async () => {
    server = await startDovecot({ users: [ALICE], variant: 'no-move-uidplus' });
    app = await composer(server);
  }, 60_000);
  afterEach(() => undefined);
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('finds the new version by its Message-ID and marks the old one \\Deleted, expunging nothing', async () => {
    const messageId = newMessageId('webmail.test');
    const first = await app.store.save(draftBytes(messageId, 'version 1'), messageId, null);
    expect(first.saved).not.toBeNull();
    const second = await app.store.save(draftBytes(messageId, 'version 2'), messageId, first.saved);
    expect(second.previous).toBe('flagged');
    expect(second.saved!.uid).toBeGreaterThan(first.saved!.uid);
    expect(await snapshotFolder(server, 'alice', 'Drafts')).toEqual([
      { uid: first.saved!.uid, flags: ['\\Deleted', '\\Draft', '\\Seen'], messageId },
      { uid: second.saved!.uid, flags: ['\\Draft', '\\Seen'], messageId },
    ]);
    expect(await app.store.remove(second.saved!)).toBe('flagged');
  });
});
