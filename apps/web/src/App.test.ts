import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { FakeImapServer, generatedMessages } from './lib/state/testing/fake-imap.ts';
import { fill, mountInBody, stubResizeObserver, unmountAll } from './testing/dom.ts';

stubResizeObserver();

afterEach(unmountAll);

describe('App', () => {
  it('signs in to three panes with folders and the INBOX list, and signs out back to the form', async () => {
    const server = new FakeImapServer({
      folders: [
        { name: 'INBOX', messages: generatedMessages(12) },
        { name: 'Sent', attributes: ['\\Sent'] },
        { name: '工作/项目', messages: generatedMessages(2) },
      ],
    });
    const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
    mountInBody(App, {
      sessionOptions: {
        fetchUpstreams: async () => [{ name: 'demo', label: 'Demo mail', canSend: false }],
        openTransport: async () => server.transport(),
        workspace: { loadReader: async () => ({ reader, ReaderPane: (() => {}) as never }) as never },
      },
    });
    await vi.waitFor(() => {
      flushSync();
      expect(document.querySelector('[data-upstream="demo"]')).not.toBeNull();
    });
    fill('User name', 'demo');
    fill('Password', 'secret');
    document.querySelector('form')?.requestSubmit();
    await vi.waitFor(() => {
      flushSync();
      expect(document.querySelectorAll('[role="option"][data-uid]').length).toBe(12);
    });
    expect(document.querySelector('nav[aria-label="Folders"] [role="tree"]')).not.toBeNull();
    expect(document.querySelector('main [role="listbox"]')?.getAttribute('aria-label')).toBe(
      'Messages in Inbox',
    );
    expect(document.querySelector('section[aria-label="Message"]')).not.toBeNull();
    expect(document.title).toBe('Inbox (4) – Webmail');

    document.querySelectorAll<HTMLElement>('[role="option"]')[0]?.click();
    expect(reader.open).toHaveBeenCalledWith(
      expect.objectContaining({ mailbox: 'INBOX', uidValidity: 1000, uid: 12 }),
    );

    [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Sign out'))?.click();
    await vi.waitFor(() => {
      flushSync();
      expect(document.querySelector('form')).not.toBeNull();
    });
    expect(server.lines(/LOGOUT/)).toHaveLength(1);
    expect(document.querySelector('[role="listbox"]')).toBeNull();
  });
});
