// The client side of each measurement, once over plain TCP ("direct") and once through the relay.
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';

const CHUNK = Buffer.alloc(64 * 1024, 0x62);

export interface Target {
  /** Direct TCP port of the bench server for this behaviour. */
  port: number;
  /** ws:// URL of the same behaviour through the proxy. */
  url: string;
  origin: string;
}

function openTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function openWs(target: Target): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.url, { origin: target.origin, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Bytes per second received from the source server until `bytes` have arrived. */
export async function downloadDirect(port: number, bytes: number): Promise<number> {
  const socket = await openTcp(port);
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= bytes) {
        socket.removeAllListeners('data');
        socket.destroy();
        resolve((received * 1e9) / Number(process.hrtime.bigint() - started));
      }
    });
  });
}

export async function downloadRelay(target: Target, bytes: number): Promise<number> {
  const ws = await openWs(target);
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let received = 0;
    ws.on('message', (data: Buffer) => {
      received += data.length;
      if (received >= bytes) {
        ws.removeAllListeners('message');
        ws.terminate();
        resolve((received * 1e9) / Number(process.hrtime.bigint() - started));
      }
    });
  });
}

/** Bytes per second sent to the sink server, timed until it confirms `bytes` arrived. */
export async function uploadDirect(port: number, bytes: number): Promise<number> {
  const socket = await openTcp(port);
  const started = process.hrtime.bigint();
  const done = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    if (!socket.write(CHUNK)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await done;
  const rate = (bytes * 1e9) / Number(process.hrtime.bigint() - started);
  socket.destroy();
  return rate;
}

export async function uploadRelay(target: Target, bytes: number): Promise<number> {
  const ws = await openWs(target);
  const started = process.hrtime.bigint();
  const done = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  const maxInFlight = 64;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const sent = (): void => {
    inFlight -= 1;
    wake?.();
    wake = null;
  };
  for (let queued = 0; queued < bytes; queued += CHUNK.length) {
    while (inFlight >= maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
    inFlight += 1;
    ws.send(CHUNK, { binary: true }, sent);
  }
  await done;
  const rate = (bytes * 1e9) / Number(process.hrtime.bigint() - started);
  ws.terminate();
  return rate;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

export interface Latency {
  p50Us: number;
  p99Us: number;
}

const PING = Buffer.alloc(32, 0x70);

function summarise(samples: number[]): Latency {
  samples.sort((a, b) => a - b);
  return { p50Us: percentile(samples, 50), p99Us: percentile(samples, 99) };
}

/** Round trips of a 32-byte message through the echo server. */
export async function rttDirect(port: number, rounds: number, warmup: number): Promise<Latency> {
  const socket = await openTcp(port);
  const samples: number[] = [];
  for (let i = 0; i < rounds + warmup; i++) {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (chunk: Buffer): void => {
        got += chunk.length;
        if (got < PING.length) return;
        socket.removeListener('data', onData);
        resolve();
      };
      socket.on('data', onData);
      socket.write(PING);
    });
    if (i >= warmup) samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  socket.destroy();
  return summarise(samples);
}

export async function rttRelay(target: Target, rounds: number, warmup: number): Promise<Latency> {
  const ws = await openWs(target);
  const samples: number[] = [];
  for (let i = 0; i < rounds + warmup; i++) {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onMessage = (data: Buffer): void => {
        got += data.length;
        if (got < PING.length) return;
        ws.removeListener('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      ws.send(PING, { binary: true });
    });
    if (i >= warmup) samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  ws.terminate();
  return summarise(samples);
}
