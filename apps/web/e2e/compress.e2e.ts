// COMPRESS=DEFLATE end to end in the real browser: after sign-in the app asks Dovecot (imap_zlib) to compress,
// and from then on the IMAP WebSocket carries deflate, which Chromium's DecompressionStream inflates. The list
// and a message still show, and the proxy only relayed bytes.
import type { Browser, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { openFolder, openMessage, signIn } from './support/app.ts';

interface Frame {
  readonly direction: 'sent' | 'received';
  readonly bytes: Buffer;
}

describe('IMAP compressed end to end', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('switches the IMAP WebSocket to deflate after sign-in, and the list and a message still show', async () => {
    page = await browser.newPage();
    const frames: Frame[] = [];
    page.on('websocket', (socket: WebSocket) => {
      if (!socket.url().includes('/imap/')) return;
      const record = (direction: Frame['direction']) => (event: { payload: string | Buffer }) =>
        frames.push({ direction, bytes: Buffer.from(event.payload) });
      socket.on('framesent', record('sent'));
      socket.on('framereceived', record('received'));
    });
    const { name, password } = inject('user');
    await signIn(page, inject('appUrl'), { name, password });
    await openFolder(page, 'Big');
    const first = page.locator('[role="listbox"] [role="option"][data-uid]').first();
    await openMessage(page, { uid: Number(await first.getAttribute('data-uid')) });

    const sentText = frames.filter((f) => f.direction === 'sent').map((f) => f.bytes.toString('latin1'));
    const compressAt = sentText.findIndex((text) => /^[A-Z]+\d+ COMPRESS DEFLATE\r\n$/.test(text));
    expect(compressAt).toBeGreaterThanOrEqual(0);
    const tag = sentText[compressAt]?.split(' ')[0] ?? '';
    const okIndex = frames.findIndex(
      (f) => f.direction === 'received' && f.bytes.toString('latin1').includes(`${tag} OK`),
    );
    expect(okIndex).toBeGreaterThan(0);
    const after = frames.slice(okIndex + 1);
    const received = after.filter((f) => f.direction === 'received');
    // The rows and the message came after the switch, yet no frame from the server holds IMAP in plain text.
    expect(received.length).toBeGreaterThan(0);
    for (const frame of received) {
      expect(frame.bytes.toString('latin1')).not.toMatch(/FETCH \(|UID SORT|SELECT |\* \d+ EXISTS/);
    }
    // What we send is stored deflate blocks (readable, but framed): each frame opens with a non-final stored
    // block's header, LEN then its complement NLEN.
    for (const frame of after.filter((f) => f.direction === 'sent')) {
      expect(frame.bytes[0]).toBe(0);
      const length = (frame.bytes[1] ?? 0) | ((frame.bytes[2] ?? 0) << 8);
      expect(((frame.bytes[3] ?? 0) | ((frame.bytes[4] ?? 0) << 8)) ^ length).toBe(0xffff);
    }
    await page.close();
  });
});
