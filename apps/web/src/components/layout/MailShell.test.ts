import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComposeRequest } from '../../lib/state/compose/desk.svelte.ts';
import { MailConnection } from '../../lib/state/connection.svelte.ts';
import { PaneLayout } from '../../lib/state/layout.svelte.ts';
import type { MailSession } from '../../lib/state/session.svelte.ts';
import { FakeDesk } from '../../lib/state/testing/fake-desk.svelte.ts';
import { FakeImapServer, generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import { Workspace } from '../../lib/state/workspace.svelte.ts';
import { mountInBody, stubResizeObserver, unmountAll } from '../../testing/dom.ts';
import MailShell from './MailShell.svelte';

stubResizeObserver();

const cleanups: (() => void)[] = [];
afterEach(() => {
  unmountAll();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The signed-in shell on a fake INBOX of six messages (UIDs 1-6, UIDVALIDITY 7), with a desk that records. */
async function render() {
  const server = new FakeImapServer({
    folders: [{ name: 'INBOX', uidValidity: 7, messages: generatedMessages(6) }],
  });
  const connection = new MailConnection('demo', 'secret', { openTransport: async () => server.transport() });
  await connection.connect();
  const desk = new FakeDesk();
  const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
  const workspace = new Workspace(connection.client, {
    connection,
    loadReader: async () => ({ reader, ReaderPane: (() => {}) as never }) as never,
    account: { user: 'demo', upstream: { name: 'main' } },
    compose: { load: async () => desk.bundle(), storage: null },
  });
  cleanups.push(
    () => workspace.dispose(),
    () => connection.dispose(),
  );
  await workspace.start();
  const session = {
    connection,
    account: { user: 'demo' },
    alerts: [],
    phase: 'ready',
    mirrorSetting: { enabled: false },
    setMirror: () => {},
    dismissAlert: () => {},
    signOut: async () => {},
  } as unknown as MailSession;
  mountInBody(MailShell, { session, workspace, layout: new PaneLayout({ narrow: () => false }) });
  await vi.waitFor(() => {
    flushSync();
    expect(document.querySelectorAll('[role="option"][data-uid]')).toHaveLength(6);
  });
  return { desk, workspace };
}

const button = (name: string) => {
  const found = [...document.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const click = (target: Element) => {
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  flushSync();
};
const openRow = (uid: number) => {
  document.querySelector<HTMLElement>(`[role="option"][data-uid="${uid}"]`)!.click();
  flushSync();
};
/** A key pressed with the focus on the page itself (not in the list, which has keys of its own). */
const pressOnPage = (key: string, target: Element = document.body) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  flushSync();
  return event;
};
/** What the desk was asked to open, once the launcher has passed it on. */
async function opened(desk: FakeDesk, expected: ComposeRequest[]) {
  await vi.waitFor(() => expect(desk.opened).toEqual(expected));
}
const message = (uid: number) => ({ mailbox: 'INBOX', uidValidity: 7, uid });

describe('MailShell, writing', () => {
  it('opens the composer from the toolbar: Compose a new message, Reply and Reply all to the open one', async () => {
    const { desk } = await render();
    expect(button('Reply').disabled).toBe(false); // the cursor row is there to answer
    click(button('Compose'));
    await opened(desk, [{ kind: 'new' }]);

    openRow(4);
    click(button('Reply'));
    await opened(desk, [{ kind: 'new' }, { kind: 'reply', message: message(4) }]);
    openRow(2);
    click(button('Reply all'));
    await opened(desk, [
      { kind: 'new' },
      { kind: 'reply', message: message(4) },
      { kind: 'replyAll', message: message(2) },
    ]);
  });

  it('answers the open message with R and A pressed anywhere on the page, and writes a new one with C', async () => {
    const { desk, workspace } = await render();
    // Nothing is open yet: R and A have nothing to answer, and leave the key to the browser.
    expect(pressOnPage('r').defaultPrevented).toBe(false);
    expect(pressOnPage('a').defaultPrevented).toBe(false);

    openRow(3);
    expect(workspace.messages.openUid).toBe(3);
    expect(pressOnPage('r').defaultPrevented).toBe(true);
    await opened(desk, [{ kind: 'reply', message: message(3) }]);
    openRow(5);
    expect(pressOnPage('A').defaultPrevented).toBe(true);
    await opened(desk, [
      { kind: 'reply', message: message(3) },
      { kind: 'replyAll', message: message(5) },
    ]);
    pressOnPage('c');
    await opened(desk, [
      { kind: 'reply', message: message(3) },
      { kind: 'replyAll', message: message(5) },
      { kind: 'new' },
    ]);
  });

  it('leaves R and A to a field being typed in, and to Ctrl+R', async () => {
    const { desk } = await render();
    openRow(3);
    const search = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(pressOnPage('r', search).defaultPrevented).toBe(false);
    const reload = new KeyboardEvent('keydown', { key: 'r', ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(reload);
    expect(reload.defaultPrevented).toBe(false);
    pressOnPage('a');
    await opened(desk, [{ kind: 'replyAll', message: message(3) }]);
  });
});
