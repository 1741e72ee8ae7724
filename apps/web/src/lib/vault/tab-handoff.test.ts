import { afterEach, describe, expect, it } from 'vitest';
import { TabHandoff } from './tab-handoff.ts';

// Node's BroadcastChannel delivers between instances of one process, as the browser's does between tabs.
const open: TabHandoff[] = [];
function tab(waitMs = 2000): TabHandoff {
  const handoff = new TabHandoff({
    channel: new BroadcastChannel('webmail.session.test'),
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

  it('a tab signed in but still sealing its session answers an ask that came meanwhile, once it offers', async () => {
    const signingIn = tab();
    signingIn.hold();
    const asked = tab(10).ask();
    await new Promise((resolve) => setTimeout(resolve, 50)); // past the short wait: 'wait' extended it
    signingIn.offer(() => 'sealed-session');
    await expect(asked).resolves.toBe('sealed-session');
  });
});
