// The client side of each measurement. Every path is driven by the same loop over a `Link`, so the client
// does the same work whether it talks to the server directly or through a relay; only the transport
// under the link differs:
//   tcp   plain TCP straight to the bench server (the baseline);
//   lean  a WebSocket through a relay, framed like a browser does it (see lean-ws.ts): the headline;
//   ws    a WebSocket through a relay with the `ws` library as client, which frames and masks in
//         JavaScript: its own cost lands in the numbers too, so it is reported but not the headline.
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { SINK_RECEIPT_BYTES } from './imap-shapes.ts';
import { FrameReader, maskedFrame, openLeanWebSocket } from './lean-ws.ts';

export type ClientKind = 'tcp' | 'lean' | 'ws';

export interface Link {
  /** Where received payload goes: TCP data, or the payload of binary frames. */
  onPayload: (chunk: Buffer) => void;
  /** Turns payload into what `send` takes (a masked frame for the lean client), once, ahead of time. */
  prepare(payload: Buffer): Buffer;
  /** Sends a prepared unit; false when the link is congested and `drained()` must be awaited. */
  send(unit: Buffer): boolean;
  drained(): Promise<void>;
  close(): void;
}

function ignore(): void {}

function socketLink(socket: Socket, frames: boolean, head: Buffer): Link {
  const link: Link = {
    onPayload: ignore,
    prepare: frames ? maskedFrame : (payload) => payload,
    send: (unit) => socket.write(unit),
    drained: () => new Promise((resolve) => socket.once('drain', resolve)),
    close: () => socket.destroy(),
  };
  socket.on('error', ignore);
  if (frames) {
    const reader = new FrameReader((payload) => link.onPayload(payload));
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    if (head.length > 0) process.nextTick(() => reader.push(head));
  } else {
    socket.on('data', (chunk: Buffer) => link.onPayload(chunk));
  }
  return link;
}

/** Sends in flight at once through the `ws` client before waiting (it has no 'drain' of its own). */
const WS_MAX_IN_FLIGHT = 64;

function wsLink(ws: WebSocket): Link {
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const onSent = (): void => {
    inFlight -= 1;
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const options = { binary: true } as const;
  const link: Link = {
    onPayload: ignore,
    prepare: (payload) => payload,
    send(unit) {
      inFlight += 1;
      ws.send(unit, options, onSent);
      return inFlight < WS_MAX_IN_FLIGHT;
    },
    drained: () => new Promise((resolve) => (wake = resolve)),
    close: () => ws.terminate(),
  };
  ws.on('error', ignore);
  ws.on('message', (data: Buffer) => link.onPayload(data));
  return link;
}

export async function openLink(
  kind: ClientKind,
  address: { port: number; url: string; origin: string },
): Promise<Link> {
  if (kind === 'tcp') {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const opened = connect({ port: address.port, host: '127.0.0.1', noDelay: true }, () => resolve(opened));
      opened.once('error', reject);
    });
    return socketLink(socket, false, Buffer.alloc(0));
  }
  if (kind === 'lean') {
    const { socket, head } = await openLeanWebSocket(address.url, address.origin);
    return socketLink(socket, true, head);
  }
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const opened = new WebSocket(address.url, { origin: address.origin, perMessageDeflate: false });
    opened.once('open', () => resolve(opened));
    opened.once('error', reject);
  });
  return wsLink(ws);
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Bytes per second received from a streaming source until `bytes` have arrived. */
export function download(link: Link, bytes: number): Promise<number> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let received = 0;
    link.onPayload = (chunk) => {
      received += chunk.length;
      if (received < bytes) return;
      link.onPayload = ignore;
      const rate = received / seconds(started);
      link.close();
      resolve(rate);
    };
  });
}

/**
 * Bytes per second sent to the sink, timed until the sink confirms that all `bytes` (a multiple of
 * SINK_RECEIPT_BYTES) arrived.
 */
export async function upload(link: Link, chunk: Buffer, bytes: number): Promise<number> {
  const unit = link.prepare(chunk);
  const receipts = Math.floor(bytes / SINK_RECEIPT_BYTES);
  const confirmed = new Promise<void>((resolve) => {
    let got = 0;
    link.onPayload = (payload) => {
      got += payload.length;
      if (got >= receipts) resolve();
    };
  });
  const started = process.hrtime.bigint();
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!link.send(unit)) await link.drained();
  }
  await confirmed;
  const rate = bytes / seconds(started);
  link.close();
  return rate;
}

export interface Latency {
  p50Us: number;
  p99Us: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/**
 * Round trips of a small command: send it, wait until `answerBytes` have come back. The first `warmup`
 * rounds are not counted.
 */
export async function roundTrips(
  link: Link,
  command: Buffer,
  answerBytes: number,
  rounds: number,
  warmup: number,
): Promise<Latency> {
  const unit = link.prepare(command);
  const samples: number[] = [];
  let got = 0;
  let answered: (() => void) | null = null;
  link.onPayload = (chunk) => {
    got += chunk.length;
    if (got >= answerBytes) answered?.();
  };
  for (let i = 0; i < rounds + warmup; i++) {
    got = 0;
    const done = new Promise<void>((resolve) => (answered = resolve));
    const started = process.hrtime.bigint();
    link.send(unit);
    await done;
    if (i >= warmup) samples.push(seconds(started) * 1e6);
  }
  link.close();
  samples.sort((a, b) => a - b);
  return { p50Us: percentile(samples, 50), p99Us: percentile(samples, 99) };
}

const LF = 0x0a;

/**
 * Waits until the received bytes end with a line that starts with `tag ` (an IMAP tagged response, the
 * last line of an answer). Only the last line of a chunk is looked at, with native searches, so a long
 * FETCH costs every path the same few operations per chunk.
 */
export function untilTagged(link: Link, tag: string): Promise<number> {
  const prefix = Buffer.from(`${tag} `, 'latin1');
  return new Promise((resolve) => {
    let received = 0;
    /** The start of the line still being received, when it began in an earlier chunk. */
    let partial = Buffer.alloc(0);
    link.onPayload = (chunk) => {
      received += chunk.length;
      const lastLf = chunk.lastIndexOf(LF);
      if (lastLf === -1) {
        if (partial.length < 4_096) partial = Buffer.concat([partial, chunk]);
        return;
      }
      if (lastLf === chunk.length - 1) {
        const previousLf = chunk.lastIndexOf(LF, lastLf - 1);
        const line = previousLf === -1 ? Buffer.concat([partial, chunk]) : chunk.subarray(previousLf + 1);
        if (line.subarray(0, prefix.length).equals(prefix)) {
          link.onPayload = ignore;
          resolve(received);
          return;
        }
      }
      partial = Buffer.from(chunk.subarray(lastLf + 1));
    };
  });
}

/** Sends an IMAP command line and resolves with the bytes of the answer once its tagged line is in. */
export function command(link: Link, tag: string, text: string): Promise<number> {
  const answered = untilTagged(link, tag);
  link.send(link.prepare(Buffer.from(`${tag} ${text}\r\n`, 'latin1')));
  return answered;
}
