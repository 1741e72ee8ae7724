// The page probe's WebSocket wrapper, run in jsdom over a scripted socket: the app gets every frame exactly as
// it came, and the probe records the IMAP a COMPRESS=DEFLATE connection carries, with wire byte counts.

import { deflateStoredBlocks } from '@webmail/imap-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PAGE_PROBE, type ProbeRecords } from './page-probe.ts';
import { roundTripsOf } from './phases.ts';
import { SpecOrderedDecompressionStream, ascii, concat, deflatedResponses } from './testing-deflate.ts';

/** The native WebSocket the probe wraps: what the app sends is kept, frames come from the test. */
class ScriptedSocket extends EventTarget {
  readonly url: string;
  readonly sentFrames: unknown[] = [];
  binaryType = 'blob';

  constructor(url: string) {
    super();
    this.url = url;
  }

  send(data: unknown): void {
    this.sentFrames.push(data);
  }
}

interface ProbeWindow {
  WebSocket: new (url: string) => ScriptedSocket;
  Worker: unknown;
  __user: { record(continued: boolean): void; collect(keep: boolean): ProbeRecords; quietFor(): number };
}

const page = window as unknown as ProbeWindow;

beforeAll(() => {
  page.WebSocket = ScriptedSocket;
  page.Worker = class extends EventTarget {
    postMessage(): void {}
  };
  new Function('DecompressionStream', PAGE_PROBE)(SpecOrderedDecompressionStream);
});

describe('PAGE_PROBE on a COMPRESS=DEFLATE connection', () => {
  it('records the IMAP inside, wire sizes and arrival times, and hands the app the very frames', async () => {
    const [untagged, noopDone] = await deflatedResponses(['* 1 EXISTS\r\n', 'C2 OK NOOP completed.\r\n']);
    page.__user.record(false);
    const socket = new page.WebSocket('ws://127.0.0.1:1/imap/demo');
    const appGot: unknown[] = [];
    socket.addEventListener('message', (event) => appGot.push((event as MessageEvent).data));
    const delivered: { data: ArrayBuffer; copy: Uint8Array }[] = [];
    const deliver = (bytes: Uint8Array) => {
      const data = bytes.slice().buffer;
      delivered.push({ data, copy: bytes.slice() });
      socket.dispatchEvent(new MessageEvent('message', { data }));
    };

    deliver(ascii('* OK ready\r\n'));
    const compress = ascii('C1 COMPRESS DEFLATE\r\n');
    socket.send(compress);
    deliver(concat(ascii('C1 OK DEFLATE active\r\n'), untagged!));
    const noop = deflateStoredBlocks(ascii('C2 NOOP\r\n'));
    socket.send(noop);
    // Sent and not answered: the app is not quiet.
    expect(page.__user.quietFor()).toBe(0);
    // The completion in two frames, cut inside its compressed bytes.
    deliver(noopDone!.subarray(0, 4));
    deliver(noopDone!.subarray(4));
    await vi.waitFor(() => expect(page.__user.quietFor()).toBeGreaterThan(0));

    expect(socket.sentFrames).toEqual([compress, noop]);
    expect(socket.sentFrames[1]).toBe(noop);
    expect(appGot).toHaveLength(delivered.length);
    delivered.forEach(({ data, copy }, i) => {
      expect(appGot[i]).toBe(data);
      expect([...new Uint8Array(data)]).toEqual([...copy]);
    });

    const records = page.__user.collect(false);
    expect(records.frames.map((f) => [f.dir, f.bytes, f.text])).toEqual([
      ['in', 12, '* OK ready\r\n'],
      ['out', compress.length, 'C1 COMPRESS DEFLATE\r\n'],
      ['in', 22 + untagged!.length, 'C1 OK DEFLATE active\r\n* 1 EXISTS\r\n'],
      ['out', noop.length, 'C2 NOOP\r\n'],
      ['in', 4, expect.not.stringContaining('completed.\r\n')],
      ['in', noopDone!.length - 4, expect.stringMatching(/completed\.\r\n$/)],
    ]);
    const trips = roundTripsOf(records.frames);
    expect(trips.map((t) => [t.command, t.sent, t.done, t.status])).toEqual([
      ['COMPRESS', records.frames[1]!.t, records.frames[2]!.t, 'OK'],
      ['NOOP', records.frames[3]!.t, records.frames[5]!.t, 'OK'],
    ]);
  });
});
