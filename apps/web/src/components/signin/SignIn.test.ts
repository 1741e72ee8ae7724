import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailSession } from '../../lib/state/session.svelte.ts';
import { FakeImapServer } from '../../lib/state/testing/fake-imap.ts';
import SignIn from './SignIn.svelte';
import { fill, mountInBody, unmountAll } from '../../testing/dom.ts';

afterEach(unmountAll);

async function render(upstreams = [{ name: 'demo', label: 'Demo mail', canSend: false }]) {
  const server = new FakeImapServer();
  const session = new MailSession({
    fetchUpstreams: async () => upstreams,
    openTransport: async () => server.transport(),
  });
  await session.loadServers();
  mountInBody(SignIn, { session });
  flushSync();
  return { session, server };
}

describe('SignIn', () => {
  it('names the only mail server instead of offering a choice', async () => {
    await render();
    expect(document.querySelector('select')).toBeNull();
    expect(document.querySelector('[data-upstream="demo"]')?.textContent).toBe('Demo mail');
  });

  it('offers a choice when there are several mail servers', async () => {
    await render([
      { name: 'a', label: 'Work', canSend: false },
      { name: 'b', label: 'Home', canSend: false },
    ]);
    expect([...document.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Work', 'Home']);
  });

  it('shows a wrong password as an alert tied to the password field, and empties the field', async () => {
    const { session } = await render();
    fill('User name', 'demo');
    fill('Password', 'wrong');
    document.querySelector('form')?.requestSubmit();
    await vi.waitFor(() => expect(session.error).not.toBeNull());
    flushSync();
    const alert = document.querySelector('#signin-error [role="alert"]');
    expect(alert?.textContent).toContain('Authentication failed.');
    const password = document.querySelector<HTMLInputElement>('input[type="password"]');
    expect(password?.getAttribute('aria-describedby')).toBe('signin-error');
    expect(password?.value).toBe('');
    expect(password?.getAttribute('autocomplete')).toBe('current-password');
  });

  it('signs in with the right password', async () => {
    const { session } = await render();
    fill('User name', ' demo ');
    fill('Password', 'secret');
    document.querySelector('form')?.requestSubmit();
    await vi.waitFor(() => expect(session.phase).toBe('signed-in'));
    expect(session.account?.user).toBe('demo');
  });

  it('says when the server list cannot be loaded', async () => {
    const session = new MailSession({ fetchUpstreams: () => Promise.reject(new Error('503')) });
    await session.loadServers();
    mountInBody(SignIn, { session });
    flushSync();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('could not be loaded');
  });
});
