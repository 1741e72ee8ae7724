import { afterEach, describe, expect, it, vi } from 'vitest';
import { HANDOFF_LOCK, TabHandoff } from './tab-handoff.ts';
import type { HandoffLocks } from './tab-handoff.ts';

// Node's BroadcastChannel delivers between instances of one process, as the browser's does between tabs.
const open: TabHandoff[] = [];
function tab(waitMs = 2000, locks: HandoffLocks | null = null): TabHandoff {
  const handoff = new TabHandoff({
    channel: new BroadcastChannel('webmail.session.test'),
    locks,
    waitMs,
    heldWaitMs: 2000,
  });
  open.push(handoff);
  return handoff;
}

afterEach(() => {
  for (const handoff of open.splice(0)) handoff.close();
});

describe('TabHandoff', () => {
  it("gives a new tab a signed-in tab's sealed session", async () => {
    const signedIn = tab();
    signedIn.offer(() => 'sealed-session');
    await expect(tab().ask()).resolves.toBe('sealed-session');
  });

  it('gives nothing when no tab is signed in, once the wait is over', async () => {
    const signedOut = tab();
    signedOut.offer(() => null);
    await expect(tab(50).ask()).resolves.toBeNull();
  });

  it('tells the other tabs of a sign-out, not the tab that signed out', async () => {
    const leaving = tab();
    const other = tab();
    let heard = 0;
    let heardByLeaving = 0;
    leaving.onSignedOut(() => heardByLeaving++);
    const told = new Promise<void>((resolve) =>
      other.onSignedOut(() => {
        heard++;
        resolve();
      }),
    );
    leaving.announceSignOut();
    await told;
    expect([heard, heardByLeaving]).toEqual([1, 0]);
  });

  it('answers null at once, asking nobody, when no tab holds the signed-in lock', async () => {
    const locks = fakeLocks();
    const listener = tab(2000, locks);
    let asked = 0;
    listener.offer(() => {
      asked++;
      return null;
    });
    listener.offer(null); // signed out again: the lock is let go
    await vi.waitFor(async () => expect(await locks.query()).toEqual({ held: [] }));
    const started = performance.now();
    await expect(tab(2000, locks).ask()).resolves.toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(asked).toBe(0);
  });

  it('waits for a busy signed-in tab while it holds the lock, past the short wait', async () => {
    const locks = fakeLocks();
    const signedIn = tab(10, locks);
    signedIn.offer(() => {
      const until = performance.now() + 100; // a tab busy with something else answers late
      while (performance.now() < until);
      return 'sealed-session';
    });
    expect(await locks.query()).toEqual({ held: [{ name: HANDOFF_LOCK }] });
    await expect(tab(10, locks).ask()).resolves.toBe('sealed-session');
  });
});

/** navigator.locks as far as TabHandoff uses it, shared by the "tabs" of a test. */
function fakeLocks(): HandoffLocks {
  const held: string[] = [];
  return {
    request(name, _options, whileHeld) {
      held.push(name);
      return whileHeld().finally(() => held.splice(held.indexOf(name), 1));
    },
    query: () => Promise.resolve({ held: held.map((name) => ({ name })) }),
  };
}
