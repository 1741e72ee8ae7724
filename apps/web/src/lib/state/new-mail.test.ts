import type { MailboxStatus } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { NewMailWatch } from './new-mail.svelte.ts';
import type { NewMailPage } from './new-mail.svelte.ts';

type Listener = (event: never) => void;

/** The client's event side, driven by the test as the server's responses would drive it. */
function fakeClient() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on(name: string, listener: Listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    emit(name: 'exists' | 'status', event: unknown) {
      for (const listener of listeners.get(name) ?? []) (listener as (e: unknown) => void)(event);
    },
  };
}

function fakePage(hidden = false) {
  let onVisible: (() => void) | null = null;
  const page: NewMailPage & { hidden: boolean; show(): void } = {
    hidden,
    onVisible(listener) {
      onVisible = listener;
      return () => (onVisible = null);
    },
    show() {
      this.hidden = false;
      onVisible?.();
    },
  };
  return page;
}

const status = (mailbox: string, values: MailboxStatus) => ({ mailbox, status: values });

function watch(page = fakePage()) {
  const client = fakeClient();
  const shown: number[] = [];
  const newMail = new NewMailWatch(client as never, {
    page,
    preferences: null,
    showNotification: (count) => shown.push(count),
  });
  return { client, newMail, page, shown };
}

describe('NewMailWatch', () => {
  it('counts INBOX arrivals from STATUS while another folder is open, from the first one on', () => {
    const { client, newMail } = watch();
    // The folder list's LIST-STATUS: MESSAGES without UIDNEXT.
    client.emit('status', status('INBOX', { messages: 40, unseen: 3 }));
    newMail.folderShown('Work');
    client.emit('status', status('INBOX', { messages: 41, uidNext: 120, unseen: 4 }));
    expect(newMail.count).toBe(1);
    client.emit('status', status('INBOX', { messages: 43, uidNext: 122, unseen: 6 }));
    expect(newMail.count).toBe(3);
    // A flag change elsewhere: UNSEEN only. Another folder's arrivals do not count.
    client.emit('status', status('INBOX', { unseen: 5 }));
    client.emit('status', status('Work', { messages: 9, uidNext: 10 }));
    expect(newMail.count).toBe(3);
  });

  it('clears once INBOX is on screen, and does not count what arrives while the user looks at it', () => {
    const { client, newMail } = watch();
    client.emit('status', status('INBOX', { messages: 40 }));
    newMail.folderShown('Work');
    client.emit('status', status('INBOX', { messages: 42 }));
    expect(newMail.count).toBe(2);
    newMail.folderShown('INBOX');
    expect(newMail.count).toBe(0);
    client.emit('exists', { mailbox: 'INBOX', count: 43, previous: 42 });
    expect(newMail.count).toBe(0);
  });

  it('counts arrivals in an open INBOX while the tab is hidden, notifies when asked to, clears when shown', () => {
    const page = fakePage(true);
    const { client, newMail, shown } = watch(page);
    newMail.folderShown('INBOX');
    newMail.desktop = true;
    client.emit('exists', { mailbox: 'INBOX', count: 5, previous: 4 });
    client.emit('exists', { mailbox: 'INBOX', count: 7, previous: 5 });
    expect(newMail.count).toBe(3);
    expect(shown).toEqual([1, 3]);
    page.show();
    expect(newMail.count).toBe(0);
  });

  it('notifies nobody while desktop notifications are off, and stops listening when disposed', () => {
    const page = fakePage(true);
    const { client, newMail, shown } = watch(page);
    newMail.folderShown('INBOX');
    client.emit('exists', { mailbox: 'INBOX', count: 2, previous: 1 });
    expect(shown).toEqual([]);
    newMail.dispose();
    client.emit('exists', { mailbox: 'INBOX', count: 3, previous: 2 });
    expect(newMail.count).toBe(1);
    vi.restoreAllMocks();
  });
});
