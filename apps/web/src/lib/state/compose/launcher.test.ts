import type { Envelope, UntaggedResponse } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import type { ComposeBundle, ComposeBundleDeps } from './compose-bundle.ts';
import type { ComposeRequest } from './desk.svelte.ts';
import { ComposeLauncher } from './launcher.svelte.ts';

/** A client that only raises untagged responses, with INBOX selected. */
function eventClient() {
  const listeners: ((response: UntaggedResponse) => void)[] = [];
  return {
    mailbox: { name: 'INBOX' },
    on: (_: 'untagged', listener: (response: UntaggedResponse) => void) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    emit: (response: UntaggedResponse) => listeners.forEach((l) => l(response)),
    listeners,
  };
}

const ann = { name: 'Ann', adl: null, mailbox: 'ann', host: 'example.org' };
const envelope = {
  from: [ann],
  to: [],
  cc: [],
  bcc: [],
  sender: [],
  replyTo: [],
  date: 'Fri, 04 Dec 2026 12:00:00 +0000',
  subject: null,
  inReplyTo: null,
  messageId: null,
} as Envelope;

describe('ComposeLauncher', () => {
  it('loads the composer once, on the first request, and hands it the envelopes fetched before', async () => {
    const client = eventClient();
    const opened: ComposeRequest[] = [];
    let loads = 0;
    let seen: ComposeBundleDeps['envelopes'] | null = null;
    const launcher = new ComposeLauncher({
      account: { user: 'ann', upstream: { name: 'main' } },
      client: client as never,
      openImap: () => Promise.reject(new Error('unused')),
      withCredentials: () => {
        throw new Error('unused');
      },
      folders: { ensureRole: () => Promise.reject(new Error('unused')), sentPath: () => null },
      load: async (deps) => {
        loads++;
        seen = deps.envelopes;
        return {
          desk: { open: async (r: ComposeRequest) => void opened.push(r), dispose: () => {} },
          ComposeDock: null,
        } as unknown as ComposeBundle;
      },
    });
    client.emit({ kind: 'fetch', seq: 1 as never, attributes: { envelope } });
    expect(launcher.status).toBe('idle');
    await Promise.all([launcher.open({ kind: 'new' }), launcher.open({ kind: 'new' })]);
    expect(loads).toBe(1);
    expect(launcher.status).toBe('ready');
    expect(opened).toHaveLength(2);
    expect(seen!.take()).toEqual([
      { address: ann, mailbox: 'INBOX', role: 'from', seen: 1, last: Date.parse(envelope.date!) },
    ]);
    launcher.dispose();
    expect(client.listeners).toHaveLength(0);
  });
});
