import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerMessageParser, type ParserWorker } from './parser-client.ts';
import type { ParserReply, ParserRequest } from './parser-protocol.ts';

/** A worker that records what it is sent and answers only when told to. */
class FakeWorker implements ParserWorker {
  readonly received: ParserRequest[] = [];
  terminated = false;
  onmessage: ParserWorker['onmessage'] = null;
  onerror: ParserWorker['onerror'] = null;
  postMessage(request: ParserRequest): void {
    this.received.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(reply: ParserReply): void {
    this.onmessage?.call(this as unknown as Worker, { data: reply } as MessageEvent);
  }
}

describe('WorkerMessageParser', () => {
  afterEach(() => vi.useRealTimers());

  it('gives up on a worker that does not answer, and starts a new one for the next message', async () => {
    vi.useFakeTimers();
    const workers: FakeWorker[] = [];
    const parser = new WorkerMessageParser({
      createWorker: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
      timeoutMs: 1000,
    });
    const stuck = parser.parse(new Uint8Array([1]), null);
    const failed = expect(stuck).rejects.toThrow('the parser did not finish within 1 s');
    await vi.advanceTimersByTimeAsync(1000);
    await failed;
    expect(workers[0]?.terminated).toBe(true);

    const next = parser.decodePart(new Uint8Array([2]), 'base64');
    expect(workers).toHaveLength(2);
    const request = workers[1]?.received[0];
    workers[1]?.answer({ id: request?.id ?? 0, ok: true, kind: 'part', content: new ArrayBuffer(3) });
    await expect(next).resolves.toHaveProperty('byteLength', 3);
  });

  it('keeps a worker that answers in time', async () => {
    vi.useFakeTimers();
    const worker = new FakeWorker();
    const parser = new WorkerMessageParser({ createWorker: () => worker, timeoutMs: 1000 });
    const part = parser.decodePart(new Uint8Array([2]), '7bit');
    await vi.advanceTimersByTimeAsync(500);
    worker.answer({ id: worker.received[0]?.id ?? 0, ok: true, kind: 'part', content: new ArrayBuffer(1) });
    await expect(part).resolves.toHaveProperty('byteLength', 1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(worker.terminated).toBe(false);
  });
});
