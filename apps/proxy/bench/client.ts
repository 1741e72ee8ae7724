// Bench child: the one client process. It runs every measurement the orchestrator asks for, direct and
// through each relay alike, so all paths share one process model (a fresh process, busy with nothing
// else, its JIT warmed by the same code on every path).
import { COMMAND, COMMAND_ANSWER } from './imap-shapes.ts';
import {
  command,
  download,
  openLink,
  roundTrips,
  untilTagged,
  upload,
  type ClientKind,
  type Latency,
  type Link,
} from './measure.ts';

export interface Address {
  port: number;
  url: string;
  origin: string;
}

export type Job =
  | { type: 'download'; client: ClientKind; address: Address; bytes: number }
  | { type: 'upload'; client: ClientKind; address: Address; chunkBytes: number; bytes: number }
  | { type: 'rtt'; client: ClientKind; address: Address; rounds: number; warmup: number }
  | { type: 'dovecot-fetch'; client: ClientKind; address: Address; login: string; fetches: number }
  | {
      type: 'dovecot-rtt';
      client: ClientKind;
      address: Address;
      login: string;
      rounds: number;
      warmup: number;
    };

export type JobResult = { type: 'result'; value: number | Latency } | { type: 'failed'; error: string };

async function imapSession(job: { client: ClientKind; address: Address; login: string }): Promise<Link> {
  const link = await openLink(job.client, job.address);
  await untilTagged(link, '*');
  await command(link, 'L', `LOGIN ${job.login}`);
  await command(link, 'S', 'EXAMINE INBOX');
  return link;
}

/** FETCH of every message body, repeated; bytes per second of the whole answers. */
async function dovecotFetch(job: Extract<Job, { type: 'dovecot-fetch' }>): Promise<number> {
  const link = await imapSession(job);
  await command(link, 'W', 'FETCH 1:* BODY.PEEK[]');
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < job.fetches; i++) bytes += await command(link, `F${i}`, 'FETCH 1:* BODY.PEEK[]');
  const rate = (bytes * 1e9) / Number(process.hrtime.bigint() - started);
  link.close();
  return rate;
}

async function dovecotRtt(job: Extract<Job, { type: 'dovecot-rtt' }>): Promise<Latency> {
  const link = await imapSession(job);
  const unit = link.prepare(COMMAND);
  const samples: number[] = [];
  for (let i = 0; i < job.rounds + job.warmup; i++) {
    const answered = untilTagged(link, 'A0042');
    const started = process.hrtime.bigint();
    link.send(unit);
    await answered;
    if (i >= job.warmup) samples.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  link.close();
  samples.sort((a, b) => a - b);
  const at = (p: number): number => samples[Math.floor((samples.length * p) / 100)] ?? Number.NaN;
  return { p50Us: at(50), p99Us: at(99) };
}

async function run(job: Job): Promise<number | Latency> {
  switch (job.type) {
    case 'download':
      return download(await openLink(job.client, job.address), job.bytes);
    case 'upload':
      return upload(await openLink(job.client, job.address), Buffer.alloc(job.chunkBytes, 0x75), job.bytes);
    case 'rtt':
      return roundTrips(
        await openLink(job.client, job.address),
        COMMAND,
        COMMAND_ANSWER.length,
        job.rounds,
        job.warmup,
      );
    case 'dovecot-fetch':
      return dovecotFetch(job);
    case 'dovecot-rtt':
      return dovecotRtt(job);
  }
}

process.on('message', (job: Job) => {
  run(job).then(
    (value) => process.send?.({ type: 'result', value } satisfies JobResult),
    (error: unknown) => process.send?.({ type: 'failed', error: String(error) } satisfies JobResult),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
