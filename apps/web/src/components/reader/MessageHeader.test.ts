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
    body: [],
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

  it('writes out an override in the sender name, so it cannot show a reversed fake address', () => {
    mountInBody(MessageHeader, {
      subjectId: 's',
      message: message({
        subject: 'Invoice \u202Efdp.exe',
        from: [{ name: 'Support \u202Emoc.lapyap@ecivres', address: 'x@phish.example' }],
      }),
    });
    const from = document.querySelector('[data-testid="reader-from"]');
    expect(from?.textContent?.trim()).toBe('Support [U+202E]moc.lapyap@ecivres <x@phish.example>');
    expect(from?.querySelectorAll('bdi')).toHaveLength(2);
    const subject = document.querySelector('h2');
    expect(subject?.textContent).toBe('Invoice [U+202E]fdp.exe');
    expect(subject?.getAttribute('dir')).toBe('auto');
  });

  it('shows a look-alike sender domain in punycode and says so', () => {
    mountInBody(MessageHeader, {
      subjectId: 's',
      message: message({ from: [{ name: 'PayPal', address: 'service@pаypal.com' }] }),
    });
    expect(document.querySelector('[data-testid="reader-from"]')?.textContent?.trim()).toBe(
      'PayPal <service@xn--pypal-4ve.com>',
    );
    const warning = document.querySelector('[data-testid="lookalike-warning"]')?.textContent ?? '';
    expect(warning).toContain('mixes alphabets');
    expect(warning).toContain('\u2068service@pаypal.com\u2069');
    expect(warning).toContain('\u2068service@xn--pypal-4ve.com\u2069');
  });

  it('warns about a look-alike Reply-To as well, and not about a Russian domain', () => {
    mountInBody(MessageHeader, {
      subjectId: 's',
      message: message({
        from: [{ name: 'Почта', address: 'info@почта.рф' }],
        replyTo: [{ name: '', address: 'billing@аррӏе.com' }],
      }),
    });
    const warnings = [...document.querySelectorAll('[data-testid="lookalike-warning"]')];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.textContent).toContain('look like Latin');
    expect(document.querySelector('[data-testid="reader-from"]')?.textContent).toContain('info@почта.рф');
  });
});
