// MessageReader against a real Dovecot (the seeded corpus): a message the list knows to be small is fetched
// whole in one FETCH, any other in two (BODYSTRUCTURE, then its sections), and both ways show the same message:
// every corpus message of these folders is opened both ways and the two readings compared, part by part.
// The 7 MB message of Archive is over WHOLE_MESSAGE_BYTES: it keeps the two-step plan that leaves its
// attachment on the server.

import { ImapClient } from '@webmail/imap-core';
import type { TraceEvent } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import { buildCorpus, startDovecot } from '@webmail/testbed';
import type { DovecotServer, TestUser } from '@webmail/testbed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_MESSAGE_BYTES } from '../mail/assemble.ts';
import { decodePartBody, parseMessage } from '../mail/parse-message.ts';
import type { MessageParser } from '../mail/parser-client.ts';
import { MessageReader, type ReaderMessage } from './reader.svelte.ts';

const inThread: MessageParser = {
  parse: (raw, charset) => parseMessage(raw, { charset }),
  decodePart: (body, encoding) => decodePartBody(body, encoding),
  dispose: () => undefined,
};

const corpus = buildCorpus();
const FOLDERS = ['INBOX', 'Lists/announce', 'Работа', '工作', 'Archive'];

/** What the user sees of a message; attachments without their bytes. */
function shown(message: ReaderMessage | null) {
  if (!message) return null;
  const { attachments, inlineImages, ref: _ref, ...rest } = message;
  return {
    ...rest,
    inlineImages: [...inlineImages.keys()],
    attachments: attachments.map(({ deferred: _deferred, ...attachment }) => attachment),
  };
}

describe('MessageReader on Dovecot', () => {
  let server: DovecotServer;
  let client: ImapClient;
  const trace: TraceEvent[] = [];

  beforeAll(async () => {
    server = await startDovecot({ corpus: true });
    const user = server.users[0] as TestUser;
    const transport = await connectTcp({ host: server.host, port: server.imapPort, tls: 'none' });
    client = await ImapClient.connect(transport, { startTls: 'never', trace: (event) => trace.push(event) });
    await client.login(user.name, user.password);
  }, 60_000);

  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await server?.stop();
  });

  /** The FETCH commands the client sent since `from`, tags cut off. */
  const fetchesSince = (from: number) =>
    trace
      .slice(from)
      .filter((event) => event.direction === 'client' && / UID FETCH /.test(event.text))
      .map((event) => event.text.slice(event.text.indexOf(' ') + 1).trim());

  it.each(FOLDERS)('reads every message of %s the same whole and by parts', async (folder) => {
    const selected = await client.select(server.folderName(folder));
    const uidValidity = selected.uidValidity ?? NaN;
    expect(uidValidity).toBeGreaterThan(0);
    const messages = corpus.filter((m) => m.folder === folder);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      const ref = { mailbox: selected.name, uidValidity, uid: message.uid };
      const size = message.raw.length;

      const byParts = new MessageReader(client, { parser: inThread });
      let from = trace.length;
      await byParts.open(ref);
      expect(byParts.status, message.id).toBe('ready');
      expect(fetchesSince(from)[0], message.id).toMatch(/BODYSTRUCTURE/);
      expect(fetchesSince(from), message.id).toHaveLength(2);

      const listed = new MessageReader(client, { parser: inThread });
      from = trace.length;
      await listed.open({ ...ref, size });
      expect(listed.status, message.id).toBe('ready');
      const sent = fetchesSince(from);
      if (size <= WHOLE_MESSAGE_BYTES) {
        expect(sent, message.id).toEqual([
          `UID FETCH ${message.uid} (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])`,
        ]);
        expect(shown(listed.message), message.id).toEqual(shown(byParts.message));
        expect(listed.message?.attachments.every((a) => a.deferred === null)).toBe(true);
      } else {
        expect(sent[0], message.id).toMatch(/BODYSTRUCTURE/);
        expect(sent, message.id).toHaveLength(2);
        expect(
          listed.message?.attachments.some((a) => a.deferred !== null),
          message.id,
        ).toBe(true);
      }
      byParts.dispose();
      listed.dispose();
    }
  });
});
