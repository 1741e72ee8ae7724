// The parser benchmark: one generated stream of 100,000 FETCH responses, measured in one process for
//   - imap-core: Framer (64 KiB chunks) + parseResponse, producing the full typed objects;
//   - imapflow 2.1.2: its ImapStream framer (same 64 KiB chunks) + imap-parser + formatMessageResponse, the
//     step that turns the token tree into a message object (it runs the imap-compiler on each item key); a
//     second figure adds the per-response compiler() call imapflow's handleResponse makes for its log line;
//   - emailjs-imap-handler 3.0.6: parser() over each response (pre-split, so no framing cost);
//   - TextDecoder over each response: a ceiling.
// Throughput is total bytes over time, median of RUNS after a warm-up. Retained memory: all 100,000 results kept
// in an array, then growth of the JS heap plus ArrayBuffer memory (which lives outside the heap: byte arrays such
// as raw 8-bit subjects count too) after a full GC, divided by 100,000. A second imap-core figure reads every
// bodyStructure, as the app's message list does for every row it builds (the same figure since the summaries
// hold it decoded: the lazy decoding they once had saved memory only for summaries nobody read).

import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import emailjs from 'emailjs-imap-handler';
import { ImapStream } from 'imapflow/lib/handler/imap-stream.js';
import imapflowParser from 'imapflow/lib/handler/imap-parser.js';
import imapflowCompiler from 'imapflow/lib/handler/imap-compiler.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { Framer } from '../src/wire/framer.ts';
import { parseResponse } from '../src/wire/parse-response.ts';
import { generateFetchStream, type GeneratedStream } from './generate.ts';

const MESSAGES = 100_000;
const CHUNK = 64 * 1024;
const RUNS = 5;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const silentLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child() {
    return silentLogger;
  },
};

function chunksOf(stream: GeneratedStream): Buffer[] {
  const chunks: Buffer[] = [];
  const { buffer, byteOffset, length } = stream.bytes;
  for (let at = 0; at < length; at += CHUNK) {
    chunks.push(Buffer.from(buffer, byteOffset + at, Math.min(CHUNK, length - at)));
  }
  return chunks;
}

function imapCorePass(chunks: readonly Uint8Array[], keep: unknown[] | null, readBody = false): number {
  const framer = new Framer();
  let count = 0;
  for (const chunk of chunks) {
    framer.push(chunk);
    let frame;
    while ((frame = framer.next()) !== null) {
      const response = parseResponse(frame);
      // What the app's message list does with every row it builds: look at the body structure.
      if (readBody && response.kind === 'fetch' && response.attributes.bodyStructure) bodiesRead++;
      if (keep !== null) keep.push(response);
      count++;
    }
  }
  return count;
}

/** Read bodies are counted somewhere the optimizer cannot prove unused. */
export let bodiesRead = 0;

async function imapflowPass(
  chunks: readonly Buffer[],
  keep: unknown[] | null,
  logCompile: boolean,
): Promise<number> {
  const stream = new ImapStream({ logger: silentLogger as never });
  const mailbox = { path: 'INBOX' } as never;
  let count = 0;
  let reading = false;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('end', resolve);
  });
  // The same loop as ImapFlow.reader(): read an item, parse it, format a FETCH, release the item.
  const read = async (): Promise<void> => {
    if (reading) return;
    reading = true;
    let item: { payload: Buffer; literals: Buffer[]; next: () => void } | null;
    while ((item = stream.read() as typeof item) !== null) {
      const parsed = await imapflowParser(item.payload, { literals: item.literals });
      if (logCompile) await imapflowCompiler(parsed, { isLogging: true });
      const message = await formatMessageResponse(parsed, mailbox);
      if (keep !== null) keep.push(message);
      count++;
      item.next();
    }
    reading = false;
    if (stream.readableLength > 0) void read();
  };
  stream.on('readable', () => void read());
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await finished;
  return count;
}

function emailjsPass(stream: GeneratedStream): number {
  const { bytes, offsets } = stream;
  for (let i = 0; i + 1 < offsets.length; i++) {
    emailjs.parser(bytes.subarray(offsets[i], (offsets[i + 1] as number) - 2));
  }
  return offsets.length - 1;
}

function textDecoderPass(stream: GeneratedStream): number {
  const decoder = new TextDecoder();
  const { bytes, offsets } = stream;
  let length = 0;
  for (let i = 0; i + 1 < offsets.length; i++)
    length += decoder.decode(bytes.subarray(offsets[i], offsets[i + 1])).length;
  return length;
}

interface Contender {
  readonly name: string;
  readonly runs: number;
  readonly pass: () => number | Promise<number>;
}

/**
 * Warms every contender up, then runs them round-robin, one pass each per round: on a shared machine, load that
 * comes and goes then hits all contenders alike instead of whichever happened to run at the time.
 */
async function measureRoundRobin(
  contenders: readonly Contender[],
  bytes: number,
): Promise<Map<string, { mbPerSec: number; samples: number[] }>> {
  for (const contender of contenders) await contender.pass();
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const rounds = Math.max(...contenders.map((c) => c.runs));
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      if (round >= contender.runs) continue;
      gc();
      const start = performance.now();
      await contender.pass();
      const seconds = (performance.now() - start) / 1000;
      samples.get(contender.name)?.push(bytes / 1e6 / seconds);
    }
  }
  const result = new Map<string, { mbPerSec: number; samples: number[] }>();
  for (const [name, list] of samples) {
    const sorted = [...list].sort((x, y) => x - y);
    result.set(name, { mbPerSec: sorted[Math.floor(sorted.length / 2)] as number, samples: list });
  }
  return result;
}

function retainedBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function retainedPerMessage(
  fill: (keep: unknown[]) => number | Promise<number>,
  touch: (kept: unknown) => void = () => undefined,
): Promise<number> {
  gc();
  gc();
  const before = retainedBytes();
  const keep: unknown[] = [];
  await fill(keep);
  for (const kept of keep) touch(kept);
  gc();
  gc();
  const after = retainedBytes();
  if (keep.length !== MESSAGES) throw new Error(`expected ${MESSAGES} results, got ${keep.length}`);
  return (after - before) / keep.length;
}

export async function runParseBench(resultsDir: URL): Promise<void> {
  const stream = generateFetchStream(MESSAGES);
  const totalBytes = stream.bytes.length;
  const chunks = chunksOf(stream);
  console.log(
    `parse bench: ${MESSAGES} FETCH responses, ${(totalBytes / 1e6).toFixed(1)} MB, ${CHUNK / 1024} KiB chunks, median of ${RUNS}`,
  );
  const check = imapCorePass(chunks, null);
  if (check !== MESSAGES) throw new Error(`imap-core framed ${check} responses, expected ${MESSAGES}`);

  const contenders: Contender[] = [
    { name: 'imap-core', runs: RUNS, pass: () => imapCorePass(chunks, null) },
    { name: 'imap-core+bodyStructure', runs: RUNS, pass: () => imapCorePass(chunks, null, true) },
    { name: 'imapflow', runs: RUNS, pass: () => imapflowPass(chunks, null, false) },
    { name: 'imapflow+logCompile', runs: 3, pass: () => imapflowPass(chunks, null, true) },
    { name: 'emailjs-imap-handler', runs: RUNS, pass: () => emailjsPass(stream) },
    { name: 'TextDecoder', runs: RUNS, pass: () => textDecoderPass(stream) },
  ];
  const measured = await measureRoundRobin(contenders, totalBytes);
  const throughput = Object.fromEntries(measured);
  for (const [name, { mbPerSec }] of measured) {
    console.log(`  ${name.padEnd(22)} ${mbPerSec.toFixed(1).padStart(7)} MB/s`);
  }

  const coreBytes = await retainedPerMessage((keep) => imapCorePass(chunks, keep));
  const coreBytesAllRead = await retainedPerMessage(
    (keep) => imapCorePass(chunks, keep),
    (kept) => void (kept as { attributes: { bodyStructure?: unknown } }).attributes.bodyStructure,
  );
  const imapflowBytes = await retainedPerMessage((keep) => imapflowPass(chunks, keep, false));

  const core = throughput['imap-core']!.mbPerSec;
  const ratios = {
    vsImapflow: core / throughput['imapflow']!.mbPerSec,
    vsImapflowWithLogCompile: core / throughput['imapflow+logCompile']!.mbPerSec,
    vsEmailjs: core / throughput['emailjs-imap-handler']!.mbPerSec,
    ofTextDecoderCeiling: core / throughput['TextDecoder']!.mbPerSec,
    bodyStructureReadVsImapflow:
      throughput['imap-core+bodyStructure']!.mbPerSec / throughput['imapflow']!.mbPerSec,
  };
  const result = {
    benchmark: 'imap-core-parse',
    date: new Date().toISOString(),
    node: process.version,
    messages: MESSAGES,
    bytes: totalBytes,
    chunkSize: CHUNK,
    runs: RUNS,
    throughputMBps: Object.fromEntries(Object.entries(throughput).map(([k, v]) => [k, round(v.mbPerSec)])),
    samplesMBps: Object.fromEntries(Object.entries(throughput).map(([k, v]) => [k, v.samples.map(round)])),
    ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, round(v)])),
    retainedBytesPerMessage: {
      'imap-core': Math.round(coreBytes),
      'imap-core, every bodyStructure read': Math.round(coreBytesAllRead),
      imapflow: Math.round(imapflowBytes),
    },
    notes: [
      'imapflow = ImapStream (64 KiB chunks) + imap-parser + formatMessageResponse (which runs imap-compiler per item key)',
      'imapflow+logCompile adds the compiler() call ImapFlow.handleResponse makes for its log line',
      'emailjs-imap-handler parses pre-split responses: its figure has no framing cost',
      'TextDecoder decodes each response once: a ceiling, no parsing',
    ],
  };
  mkdirSync(resultsDir, { recursive: true });
  const file = new URL('imap-core-parse.json', resultsDir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  console.log(
    `  imap-core / imapflow             ${ratios.vsImapflow.toFixed(2)}x  (required >= 3x, aim 5x)`,
  );
  console.log(`  imap-core / imapflow+logCompile  ${ratios.vsImapflowWithLogCompile.toFixed(2)}x`);
  console.log(`  imap-core / emailjs              ${ratios.vsEmailjs.toFixed(2)}x`);
  console.log(`  imap-core / TextDecoder ceiling  ${(ratios.ofTextDecoderCeiling * 100).toFixed(1)}%`);
  console.log(
    `  retained per message: imap-core ${Math.round(coreBytes)} B (${Math.round(coreBytesAllRead)} B with every ` +
      `bodyStructure read), imapflow ${Math.round(imapflowBytes)} B`,
  );
  console.log(`  written to ${file.pathname}`);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
