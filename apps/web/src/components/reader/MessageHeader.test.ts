import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderMessage } from '../../lib/state/reader-message.ts';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import MessageHeader from './MessageHeader.svelte';

function message(overrides: Partial<ReaderMessage>): ReaderMessage {
  return {
    ref: { mailbox: 'INBOX', uidValidity: 1, uid: 7 },
    subject: 'Quarterly numbers',
    from: [{ name: 'Ann Lee', address: 'ann@example.org' }],
    sender: [],
    replyTo: [],
    to: [],
    cc: [],
    text: '',
    html: null,
    headerCharset: null,
    declaredCharsets: [],
    charsetOverride: null,
    date: null,
    inlineImages: new Map(),
    attachments: [],
    size: 100,
    ...overrides,
  } as ReaderMessage;
}

describe('MessageHeader', () => {
  afterEach(unmountAll);

  it('separates recipients with a comma and a space, and a name from its address with a space', () => {
    mountInBody(MessageHeader, {
      subjectId: 's',
      message: message({
        to: [
          { name: 'Bob', address: 'bob@example.org' },
          { name: 'Carol', address: 'carol@example.org' },
          { name: '', address: 'dan@example.org' },
        ],
      }),
    });
    const to = [...document.querySelectorAll('dd')][1]?.textContent;
    expect(to).toBe('Bob <bob@example.org>, Carol <carol@example.org>, <dan@example.org>');
  });
});
