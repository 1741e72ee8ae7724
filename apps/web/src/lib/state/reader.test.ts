import {
  CommandWriter,
  asUid,
  type Command,
  type CommandContext,
  type FetchItems,
  type FetchOptions,
  type ImapClient,
} from '@webmail/imap-core';
import { buildCorpus } from '@webmail/testbed';
import { describe, expect, it } from 'vitest';
import { parseMessage, decodePartBody } from '../mail/parse-message.ts';
import type { MessageParser } from '../mail/parser-client.ts';
import { WHOLE_MESSAGE_BYTES } from '../mail/assemble.ts';
import { MessageReader } from './reader.svelte.ts';
import type { KeptMessage, MessageBodies } from './reader.svelte.ts';

// A stand-in for ImapClient: one selected mailbox holding one corpus message, FETCH answered from its bytes.
// `gone`: the server has no message of that UID (expunged by another client), so FETCH answers nothing.
function fakeClient(raw: Uint8Array, flags: string[], { gone = false } = {}) {
  const fetches: { items: FetchItems; options?: FetchOptions }[] = [];
  /** Commands sent through run(), as their wire text. */
  const stores: string[] = [];
  const text = new TextDecoder('latin1').decode(raw);
  const headerEnd = text.indexOf('\r\n\r\n') + 4;
  const client = {
    mailbox: { name: 'INBOX', uidValidity: 7, access: 'read-write' },
    async fetch(_uids: unknown, items: FetchItems, options?: FetchOptions) {
      fetches.push(options ? { items, options } : { items });
      // BODY[HEADER], BODY[TEXT], and BODY[] (no part, no specifier: the whole message).
      const sections = (items.sections ?? []).map((s) => ({
        item: 'BODY' as const,
        section: s.specifier === 'HEADER' ? 'HEADER' : s.specifier === 'TEXT' ? 'TEXT' : '',
        data:
          s.specifier === 'HEADER'
            ? raw.subarray(0, headerEnd)
            : s.specifier === 'TEXT'
              ? raw.subarray(headerEnd)
              : raw,
      }));
      const bodyStructure = {
        kind: 'text',
        type: 'text',
        subtype: 'plain',
        part: '1',
        params: new Map(),
        id: null,
        description: null,
        encoding: 'base64',
        size: raw.length - headerEnd,
        lines: 1,
      };
      const attributes = {
        ...(items.flags ? { flags } : {}),
        ...(items.size ? { rfc822Size: raw.length } : {}),
        ...(items.bodyStructure ? { bodyStructure } : {}),
        ...(sections.length > 0 ? { sections } : {}),
      };
      return { messages: gone ? [] : [{ uid: asUid(5), attributes }], vanished: [] };
    },
    // What the reader's \Seen goes through: the command's own checks against this mailbox, then its bytes.
    async run(command: Command<unknown>) {
      const context = {
        state: 'selected',
        capabilities: new Set<string>(),
        enabled: new Set<string>(),
        mailbox: client.mailbox,
      };
      command.check?.(context as unknown as CommandContext);
      const writer = new CommandWriter();
      command.encode(writer, context as unknown as CommandContext);
      stores.push(writer.finish().redacted.trim());
      return { updated: [], modified: [] };
    },
  };
  return { client: client as unknown as ImapClient, fetches, stores };
}

const inThread: MessageParser = {
  parse: (raw, charset) => parseMessage(raw, { charset }),
  decodePart: (body, encoding) => decodePartBody(body, encoding),
  dispose: () => undefined,
};

const gbk = buildCorpus().find((m) => m.id === 'gbk-b-subject')!;

describe('MessageReader', () => {
  it('refuses a stale UIDVALIDITY before sending anything', async () => {
    const { client, fetches } = fakeClient(gbk.raw, []);
    const reader = new MessageReader(client, { parser: inThread });
    await reader.open({ mailbox: 'INBOX', uidValidity: 6, uid: 5 });
    expect(reader.status).toBe('error');
    expect(reader.error?.code).toBe('READER_UIDVALIDITY_MISMATCH');
    expect(fetches).toEqual([]);
  });

  it('refuses a mailbox that is not the selected one', async () => {
    const { client } = fakeClient(gbk.raw, []);
    const reader = new MessageReader(client, { parser: inThread });
    await reader.open({ mailbox: 'Sent', uidValidity: 7, uid: 5 });
    expect(reader.error?.code).toBe('READER_NOT_SELECTED');
  });

  it('fetches BODYSTRUCTURE, then the sections with BODY.PEEK, and marks an unread message \\Seen loudly', async () => {
    const { client, fetches, stores } = fakeClient(gbk.raw, []);
    const reader = new MessageReader(client, { parser: inThread });
    await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5 });
    expect(reader.status).toBe('ready');
    expect(reader.message?.subject).toBe(gbk.expect.subject);
    expect(fetches[0]?.items.bodyStructure).toBe(true);
    expect(fetches[1]?.items.sections?.every((s) => s.peek !== false)).toBe(true);
    expect(fetches.every((f) => f.options?.expectedUidValidity === 7)).toBe(true);
    await Promise.resolve();
    expect(stores).toEqual(['UID STORE 5 +FLAGS (\\Seen)']);
  });

  it('fetches a message the list knows to be small whole, flags and all, in one FETCH', async () => {
    const { client, fetches, stores } = fakeClient(gbk.raw, []);
    const reader = new MessageReader(client, { parser: inThread });
    await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5, size: gbk.raw.length });
    expect(reader.status).toBe('ready');
    expect(reader.message?.subject).toBe(gbk.expect.subject);
    expect(reader.message?.size).toBe(gbk.raw.length);
    expect(fetches).toEqual([
      {
        items: { flags: true, internalDate: true, size: true, sections: [{}] },
        options: { expectedUidValidity: 7 },
      },
    ]);
    await Promise.resolve();
    expect(stores).toEqual(['UID STORE 5 +FLAGS (\\Seen)']);
  });

  it.each([
    { size: 0, whole: true },
    { size: WHOLE_MESSAGE_BYTES, whole: true },
    { size: WHOLE_MESSAGE_BYTES + 1, whole: false },
    { size: 40 * 1024 * 1024, whole: false },
    { size: undefined, whole: false },
  ])('with the size the list knows at $size, fetches whole: $whole', async ({ size, whole }) => {
    const { client, fetches } = fakeClient(gbk.raw, ['\\Seen']);
    const reader = new MessageReader(client, { parser: inThread });
    await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5, ...(size === undefined ? {} : { size }) });
    expect(reader.message?.subject).toBe(gbk.expect.subject);
    expect(fetches.map((f) => (f.items.bodyStructure ? 'BODYSTRUCTURE' : 'sections'))).toEqual(
      whole ? ['sections'] : ['BODYSTRUCTURE', 'sections'],
    );
  });

  it.each([true, false])(
    'says the message is not found when the server answers nothing (fetched whole: %s)',
    async (whole) => {
      const { client, stores } = fakeClient(gbk.raw, [], { gone: true });
      const reader = new MessageReader(client, { parser: inThread });
      await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5, ...(whole ? { size: 900 } : {}) });
      expect(reader.status).toBe('error');
      expect(reader.error?.code).toBe('READER_NOT_FOUND');
      expect(stores).toEqual([]);
    },
  );

  it('does not store \\Seen again for a read message, and forgets consent on the next open', async () => {
    const { client, stores } = fakeClient(gbk.raw, ['\\Seen']);
    const reader = new MessageReader(client, { parser: inThread });
    await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5 });
    reader.allowRemoteContent();
    expect(reader.remoteContentAllowed).toBe(true);
    await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5 });
    expect(reader.remoteContentAllowed).toBe(false);
    expect(stores).toEqual([]);
    reader.clear();
    expect(reader.status).toBe('empty');
    expect(reader.message).toBeNull();
  });

  describe('with messages kept on the device', () => {
    /** The device's store of bodies, by UIDVALIDITY and UID. */
    function keptBodies(): MessageBodies & { kept: Map<string, KeptMessage> } {
      const kept = new Map<string, KeptMessage>();
      const key = (ref: { uidValidity: number; uid: number }) => `${ref.uidValidity}/${ref.uid}`;
      return {
        kept,
        get: async (ref) => kept.get(key(ref)) ?? null,
        put: (ref, message) => void kept.set(key(ref), message),
      };
    }

    /** Device bodies holding INBOX's GBK message 5 (UIDVALIDITY 7), kept by one open while online. */
    async function keptGbk(): Promise<ReturnType<typeof keptBodies>> {
      const bodies = keptBodies();
      await new MessageReader(fakeClient(gbk.raw, []).client, { parser: inThread, bodies }).open({
        mailbox: 'INBOX',
        uidValidity: 7,
        uid: 5,
      });
      return bodies;
    }

    it('keeps a fetched message, and opens it again without fetching', async () => {
      const bodies = keptBodies();
      const first = fakeClient(gbk.raw, []);
      await new MessageReader(first.client, { parser: inThread, bodies }).open({
        mailbox: 'INBOX',
        uidValidity: 7,
        uid: 5,
      });
      expect([...bodies.kept.keys()]).toEqual(['7/5']);

      const second = fakeClient(gbk.raw, []);
      const reader = new MessageReader(second.client, { parser: inThread, bodies });
      await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5 });
      expect(reader.status).toBe('ready');
      expect(reader.message?.subject).toBe(gbk.expect.subject);
      expect(second.fetches).toEqual([]);
      // Its flags are not kept: it is marked \Seen as any open does (another client may have unmarked it).
      await Promise.resolve();
      expect(second.stores).toEqual(['UID STORE 5 +FLAGS (\\Seen)']);
    });

    it('asks the server first for a message the list shows unread, and keeps what it fetched', async () => {
      const bodies = keptBodies();
      let asked = 0;
      const counting: MessageBodies = { get: (ref) => (asked++, bodies.get(ref)), put: bodies.put };
      const { client, fetches } = fakeClient(gbk.raw, []);
      const reader = new MessageReader(client, { parser: inThread, bodies: counting });
      await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5, seen: false });
      expect(reader.status).toBe('ready');
      expect(reader.message?.subject).toBe(gbk.expect.subject);
      expect([asked, fetches.length]).toEqual([0, 2]);
      expect([...bodies.kept.keys()]).toEqual(['7/5']);
      // Read now: the next open finds it on the device and fetches nothing.
      await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5, seen: true });
      expect(reader.status).toBe('ready');
      expect([asked, fetches.length]).toEqual([1, 2]);
    });

    it.each([
      ['no mailbox selected (offline)', (client: { mailbox: unknown }) => void (client.mailbox = null)],
      [
        'the connection down',
        (client: { fetch: unknown }) =>
          void (client.fetch = () => Promise.reject(new Error('the connection is closed'))),
      ],
    ])(
      'opens the kept copy of a message the list shows unread when the server cannot answer: %s',
      async (_, cut) => {
        const bodies = await keptGbk();
        const offline = fakeClient(gbk.raw, []);
        cut(offline.client as never);
        const reader = new MessageReader(offline.client, { parser: inThread, bodies });
        await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5, seen: false });
        expect(reader.status).toBe('ready');
        expect(reader.message?.subject).toBe(gbk.expect.subject);
        // Without a kept copy the server's failure is what the reader says.
        await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 6, seen: false });
        expect(reader.status).toBe('error');
      },
    );

    it('opens a kept message with no mailbox selected (offline), and fetches nothing under another UIDVALIDITY', async () => {
      const bodies = await keptGbk();
      const offline = fakeClient(gbk.raw, []);
      (offline.client as unknown as { mailbox: null }).mailbox = null;
      const reader = new MessageReader(offline.client, { parser: inThread, bodies });
      await reader.open({ mailbox: 'INBOX', uidValidity: 7, uid: 5 });
      expect(reader.status).toBe('ready');
      await reader.open({ mailbox: 'INBOX', uidValidity: 8, uid: 5 });
      expect(reader.error?.code).toBe('READER_NOT_SELECTED');
      expect([offline.fetches, offline.stores]).toEqual([[], []]);
    });
  });
});
