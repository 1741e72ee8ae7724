import type { Transport } from '@webmail/imap-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countingTransport, PROGRESS_INTERVAL_MS, SEND_PIECE } from './counting-transport.ts';

describe('countingTransport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports what left: bytes handed over minus what the socket still buffers', () => {
    const sent: number[] = [];
    const inner = {
      secure: true,
      bufferedAmount: 0,
      open: () => {},
      send: (b: Uint8Array) => sent.push(b.length),
      close: () => {},
    };
    const counting = countingTransport(inner as Transport);
    counting.transport.send(new Uint8Array(10)); // before the watch: not counted
    const reports: number[] = [];
    const stop = counting.watch(1000, (fraction) => reports.push(fraction));
    counting.transport.send(new Uint8Array(600));
    inner.bufferedAmount = 500;
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    inner.bufferedAmount = 100;
    counting.transport.send(new Uint8Array(400));
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    inner.bufferedAmount = 0;
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    stop();
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS * 5);
    expect(reports).toEqual([0.1, 0.9, 1]);
    expect(sent).toEqual([10, 600, 400]);
  });

  it('hands a large write on in pieces the relay takes, in order', () => {
    const pieces: Uint8Array[] = [];
    const inner = { secure: true, open: () => {}, send: (b: Uint8Array) => pieces.push(b), close: () => {} };
    const bytes = Uint8Array.from({ length: SEND_PIECE * 2 + 5 }, (_, i) => i & 0xff);
    countingTransport(inner as Transport).transport.send(bytes);
    expect(pieces.map((p) => p.length)).toEqual([SEND_PIECE, SEND_PIECE, 5]);
    expect(Buffer.compare(Buffer.concat(pieces), Buffer.from(bytes))).toBe(0);
  });
});
