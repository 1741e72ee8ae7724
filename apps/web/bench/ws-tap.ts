// The IMAP traffic of the page, on the page's own clock: which command went out when, and when its tagged
// completion (or an untagged response) came back. The app keeps these to itself (imap-core's 'sent' and
// 'completed' events never leave the workspace), so the bench watches the proxy's WebSocket from inside the
// page: WS_TAP, an init script, replaces window.WebSocket before the app's code runs with a subclass that
// stamps every frame with performance.now() as it is sent or before the app's own 'message' listener sees it
// (ours is added first, in the constructor). It records only between start() and stop(), so the rest of the
// session pays nothing for it; while it records it decodes each frame (Latin-1: one character per byte, so a
// line split across frames is found whole in their concatenation). A connection the app has switched to
// COMPRESS=DEFLATE is read through the user bench's wire reader (user/page-wire.ts): the server's frames
// inflated, each piece stamped with the arrival of the frame that carried it.
//
// Playwright installs init scripts through the DevTools protocol, which the app's CSP (script-src 'self')
// does not govern.

import type { Page } from 'playwright-core';
import { PAGE_WIRE } from './user/page-wire.ts';

/** One WebSocket frame: which socket of the page, which way, when (page performance.now()), its bytes. */
export interface TapFrame {
  readonly socket: number;
  readonly dir: 'in' | 'out';
  readonly t: number;
  readonly text: string;
}

export const WS_TAP = `(() => {
  ${PAGE_WIRE}
  const Native = window.WebSocket;
  const latin1 = new TextDecoder('latin1');
  const state = { on: false, frames: [], sockets: 0 };
  /** A frame's bytes: strings as UTF-8 (the app sends bytes; SMTP's greeting check may send text). */
  const bytesOf = (data) =>
    typeof data === 'string' ? new TextEncoder().encode(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
  class TappedWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const socket = ++state.sockets;
      this.benchSocket = socket;
      // Every frame passes through the socket's reader, recording or not: after COMPRESS DEFLATE its bytes
      // read only in order from the first compressed one (user/page-wire.ts).
      this.benchWire = wireReader();
      this.addEventListener('message', (event) => {
        const t = performance.now();
        const on = state.on;
        // A copy: the app's own listener gets event.data untouched. Inflated text keeps its frame's arrival.
        this.benchWire.received(bytesOf(event.data).slice(), (imap) => {
          if (on) state.frames.push({ socket, dir: 'in', t, text: latin1.decode(imap) });
        });
      });
    }
    send(data) {
      const text = latin1.decode(this.benchWire.sent(bytesOf(data)));
      if (state.on) state.frames.push({ socket: this.benchSocket, dir: 'out', t: performance.now(), text });
      super.send(data);
    }
  }
  window.WebSocket = TappedWebSocket;
  window.__tap = {
    start() { state.frames = []; state.on = true; },
    read() { return state.frames; },
    stop() { state.on = false; const frames = state.frames; state.frames = []; return frames; },
  };
})();`;

interface TapApi {
  start(): void;
  read(): TapFrame[];
  stop(): TapFrame[];
}

// The callbacks run in the page: they reach the tap through window, not through a Node-side helper.
export async function startTap(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __tap: TapApi }).__tap.start());
}

export function stopTap(page: Page): Promise<TapFrame[]> {
  return page.evaluate(() => (window as unknown as { __tap: TapApi }).__tap.stop());
}

export function readTap(page: Page): Promise<TapFrame[]> {
  return page.evaluate(() => (window as unknown as { __tap: TapApi }).__tap.read());
}

/** A command the page sent: its tag, the socket, when, and its first line. */
export interface SentCommand {
  readonly socket: number;
  readonly tag: string;
  readonly t: number;
  readonly line: string;
}

/** Commands whose text after the tag starts with `name` ('UID STORE', 'UID MOVE'), in the order sent. */
export function commandsSent(frames: readonly TapFrame[], name: string): SentCommand[] {
  const found: SentCommand[] = [];
  const pattern = new RegExp(`(?:^|\\r\\n)(\\S+) ${escapeRegExp(name)} [^\\r\\n]*`, 'g');
  for (const frame of frames) {
    if (frame.dir !== 'out') continue;
    for (const match of frame.text.matchAll(pattern)) {
      const line = match[0].replace(/^\r\n/, '');
      found.push({ socket: frame.socket, tag: match[1] ?? '', t: frame.t, line });
    }
  }
  return found;
}

/** When the response line matching `pattern` (anchored at a line start) arrived whole, or null. */
export function arrivalOf(
  frames: readonly TapFrame[],
  socket: number,
  pattern: RegExp,
  after = -Infinity,
): { t: number; line: string } | null {
  const incoming = frames.filter(
    (frame) => frame.dir === 'in' && frame.socket === socket && frame.t >= after,
  );
  const ends: number[] = [];
  let text = '';
  for (const frame of incoming) {
    text += frame.text;
    ends.push(text.length);
  }
  const lineStart = new RegExp(`(?:^|\\r\\n)(${pattern.source})`, pattern.flags.replace('g', ''));
  const match = lineStart.exec(text);
  if (!match) return null;
  const start = match.index + match[0].length - (match[1]?.length ?? 0);
  const end = text.indexOf('\r\n', start);
  if (end < 0) return null;
  // The frame that brought the line's CR LF: only then can the app act on it.
  const index = ends.findIndex((offset) => offset > end + 1);
  const frame = incoming[index];
  return frame ? { t: frame.t, line: text.slice(start, end) } : null;
}

/** When the tagged completion of `command` arrived, and its status. */
export function completionOf(
  frames: readonly TapFrame[],
  command: SentCommand,
): { t: number; status: 'OK' | 'NO' | 'BAD' } | null {
  const found = arrivalOf(
    frames,
    command.socket,
    new RegExp(`${escapeRegExp(command.tag)} (?:OK|NO|BAD)\\b`),
    command.t,
  );
  if (!found) return null;
  return { t: found.t, status: found.line.split(' ')[1] as 'OK' | 'NO' | 'BAD' };
}

/** The send and completion times of the `index`th command named `name`; throws unless it completed OK. */
export function roundTrip(
  frames: readonly TapFrame[],
  name: string,
  index = 0,
): { sent: number; done: number } {
  const command = commandsSent(frames, name)[index];
  if (!command) throw new Error(`no ${name} in the page's traffic`);
  const completion = completionOf(frames, command);
  if (!completion) throw new Error(`no completion of ${command.line}`);
  if (completion.status !== 'OK') throw new Error(`${command.line} was answered ${completion.status}`);
  return { sent: command.t, done: completion.t };
}

/** The commands and completions in `frames`, one line each, in ms from `start` (for a look at a sample). */
export function describeTraffic(frames: readonly TapFrame[], start: number): string {
  const lines: string[] = [];
  for (const frame of frames) {
    const completions = frame.text.match(/(?:^|\r\n)\S+ (?:OK|NO|BAD)[^\r]*/g) ?? [];
    const shown = frame.dir === 'out' ? [frame.text.split('\r\n')[0] ?? ''] : completions;
    for (const text of shown)
      lines.push(`${(frame.t - start).toFixed(1).padStart(8)} ${frame.dir} ${text.trim().slice(0, 120)}`);
  }
  return lines.join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
