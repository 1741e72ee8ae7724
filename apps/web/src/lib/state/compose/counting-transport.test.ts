import type { Transport } from '@webmail/imap-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countingTransport, PROGRESS_INTERVAL_MS } from './counting-transport.ts';

describe('countingTransport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports what left: bytes handed over minus what the socket still buffers', () => {
    const sent: number[] = [];
    const inner = { secure: true, bufferedAmount: 0, open: () => {}, send: (b: Uint8Array) => sent.push(b.length), close: () => {} };
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
});
