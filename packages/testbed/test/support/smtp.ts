import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawSmtp, type RawSmtpReply } from '../../src/raw-smtp.ts';
import type { DovecotServer, PostfixServer } from '../../src/types.ts';
import { login } from './imap.ts';

/** A session on the implicit-TLS port, EHLO sent, logged in as `user` with AUTH PLAIN. */
export async function authenticated(smtp: PostfixServer, user: string, password: string): Promise<RawSmtp> {
  const client = await RawSmtp.connect({ port: smtp.submissionsPort, tls: { ca: smtp.caPem } });
  await client.ehlo();
  const auth = await client.authPlain(user, password);
  if (auth.code !== 235) throw new Error(`AUTH failed: ${auth.code} ${auth.text}`);
  return client;
}

export interface Transaction {
  mail: RawSmtpReply;
  rcpt: RawSmtpReply[];
  /** Reply to DATA (if not 354) or to the final dot; undefined when no recipient was accepted. */
  data: RawSmtpReply | undefined;
}

/** MAIL, one RCPT per recipient, then DATA with `message` when some recipient was accepted (else RSET). */
export async function transaction(
  client: RawSmtp,
  from: string,
  recipients: readonly string[],
  message: Uint8Array | string,
  mailParameters = '',
): Promise<Transaction> {
  const mail = await client.command(`MAIL FROM:<${from}>${mailParameters}`);
  if (mail.code !== 250) return { mail, rcpt: [], data: undefined };
  const rcpt: RawSmtpReply[] = [];
  for (const recipient of recipients) rcpt.push(await client.command(`RCPT TO:<${recipient}>`));
  if (!rcpt.some((reply) => reply.code === 250)) {
    await client.command('RSET');
    return { mail, rcpt, data: undefined };
  }
  return { mail, rcpt, data: await client.data(message) };
}

/** Waits (with a hang guard, not a timing claim) until Postfix's queue is empty. */
export async function queueDrained(smtp: PostfixServer, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (smtp.queuedMessages() > 0) {
    if (Date.now() > deadline) throw new Error(`${smtp.queuedMessages()} messages still queued`);
    await sleep(20);
  }
}

/**
 * Waits until Postfix's log, from byte `from` on, matches every pattern (postlogd writes asynchronously, so
 * a line can land after the queue file is gone); returns that part of the log. A hang guard, not a timing claim.
 */
export async function logMatching(
  smtp: PostfixServer,
  from: number,
  patterns: readonly RegExp[],
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = readFileSync(smtp.logFile).subarray(from).toString('utf8');
    if (patterns.every((pattern) => pattern.test(log))) return log;
    if (Date.now() > deadline) throw new Error(`Postfix's log never matched ${patterns.join(', ')}:\n${log}`);
    await sleep(20);
  }
}

/**
 * Runs `send` while `user` idles in INBOX, waits for the EXISTS it causes, and returns the new message's
 * bytes (BODY.PEEK[]). The IDLE push is the delivery notice a real client gets.
 */
export async function receiveWhileIdling(
  server: DovecotServer,
  user: string,
  send: () => Promise<void>,
): Promise<Buffer> {
  const known = server.users.find((candidate) => candidate.name === user);
  const client = await login(server, known);
  try {
    const selected = await client.ok('SELECT INBOX');
    const before = Number(/^\* (\d+) EXISTS$/m.exec(selected.untagged.map((r) => r.text).join('\n'))?.[1]);
    client.write('I1 IDLE\r\n');
    await client.waitFor((response) => response.text.startsWith('+'));
    await send();
    const exists = await client.waitFor((response) => /^\* \d+ EXISTS$/.test(response.text), 10_000);
    const count = Number(/^\* (\d+)/.exec(exists.text)?.[1]);
    if (count !== before + 1) throw new Error(`expected one new message, EXISTS went ${before} -> ${count}`);
    client.write('DONE\r\n');
    await client.waitFor((response) => response.text.startsWith('I1 '));
    const fetched = await client.ok(`FETCH ${count} BODY.PEEK[]`);
    const body = fetched.untagged.find((response) => response.literals.length > 0)?.literals[0];
    if (!body) throw new Error('FETCH returned no body');
    return body;
  } finally {
    client.close();
  }
}

/** The trace fields the delivery path prepends (Postfix, Dovecot LMTP/LDA); anything else is a change. */
const TRACE_FIELD = /^(Return-Path|Delivered-To|Received|X-Original-To):/i;

/** Splits a delivered message into the prepended trace header block and the rest (what was submitted). */
export function splitTrace(delivered: Buffer): { trace: string[]; rest: Buffer } {
  const trace: string[] = [];
  let offset = 0;
  for (;;) {
    const eol = delivered.indexOf('\r\n', offset);
    if (eol < 0) break;
    const line = delivered.toString('utf8', offset, eol);
    const continues = /^[ \t]/.test(line) && trace.length > 0;
    if (!continues && !TRACE_FIELD.test(line)) break;
    if (continues) trace[trace.length - 1] += `\r\n${line}`;
    else trace.push(line);
    offset = eol + 2;
  }
  return { trace, rest: delivered.subarray(offset) };
}

/** `127.0.0.1:port` of every listening TCP socket the given processes hold (from /proc). */
export function listeningSockets(pids: readonly number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // closed meanwhile
      }
    }
  }
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st ... inode (field 9); st 0A is LISTEN
      if (fields[3] !== '0A' || !inodes.has(fields[9] ?? '')) continue;
      const [hexAddress = '', hexPort = ''] = (fields[1] ?? '').split(':');
      found.push(`${hexAddressToText(hexAddress)}:${parseInt(hexPort, 16)}`);
    }
  }
  return found.sort();
}

function hexAddressToText(hex: string): string {
  if (hex.length !== 8) return `[${hex}]`; // IPv6: shown raw, never expected here
  const bytes = Buffer.from(hex, 'hex');
  return [...bytes].reverse().join('.'); // /proc shows IPv4 in host (little-endian) order
}
