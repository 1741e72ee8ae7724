// The two example sessions of the product's seed documents (test/fixtures/seeds/, see the note at the top of
// each): the analyzer replays them to the end and names each of their inconsistencies precisely.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../src/transcript.ts';
import type { TranscriptEvent } from '../../src/transcript.ts';

const seeds = join(import.meta.dirname, '../fixtures/seeds');
const load = (name: string): string => readFileSync(join(seeds, name), 'utf8');
const of = <T extends TranscriptEvent['type']>(events: TranscriptEvent[], type: T) =>
  events.filter((e): e is Extract<TranscriptEvent, { type: T }> => e.type === type);

describe('seed 000: the annotated Dovecot-style session (Chinese)', () => {
  const events = analyzeTranscript(load('000-dovecot-zh.txt'));

  it('completes every command, A001 to A007, with OK', () => {
    expect(of(events, 'command').map((c) => [c.tag, c.name, c.status])).toEqual([
      ['A001', 'LOGIN', 'OK'],
      ['A002', 'LIST', 'OK'],
      ['A003', 'SELECT', 'OK'],
      ['A004', 'FETCH', 'OK'],
      ['A005', 'FETCH', 'OK'],
      ['A006', 'STORE', 'OK'],
      ['A007', 'LOGOUT', 'OK'],
    ]);
  });

  it('walks not-authenticated -> authenticated -> selected -> logout', () => {
    expect(of(events, 'state').map((s) => s.to)).toEqual(['authenticated', 'selected', 'logout']);
  });

  it('reports the BODY[] {1234} literal whose payload is 26 bytes, naming the line', () => {
    expect(of(events, 'inconsistency')).toEqual([
      {
        type: 'inconsistency',
        line: 39,
        message: 'line 39: literal announces 1234 bytes but 26 bytes follow before ")" on line 41',
        repair: 'literal length set to 26',
      },
    ]);
  });

  it('tracks the mailbox from SELECT', () => {
    const mailbox = of(events, 'mailbox')[0];
    expect(mailbox).toMatchObject({
      name: 'INBOX',
      exists: 3,
      uidValidity: 1257842737,
      uidNext: 4,
      unseen: 1,
    });
  });

  it('stops at the literal in strict mode, with the same message', () => {
    const strict = analyzeTranscript(load('000-dovecot-zh.txt'), { strict: true });
    expect(strict.at(-1)).toMatchObject({
      type: 'error',
      line: 39,
      message: expect.stringContaining('1234 bytes'),
    });
  });
});

describe('seed 004: the Cyrus session (Russian)', () => {
  const events = analyzeTranscript(load('004-cyrus-ru.txt'));
  const messages = of(events, 'inconsistency').map((e) => e.message);

  it('completes every command, A0001 to A0008', () => {
    expect(of(events, 'command').map((c) => `${c.tag} ${c.status} ${c.startLine}-${c.endLine}`)).toEqual([
      'A0001 OK 10-11',
      'A0002 OK 12-18',
      'A0003 OK 21-29',
      'A0004 OK 32-41',
      'A0005 OK 44-49',
      'A0006 OK 50-52',
      'A0007 OK 55-57',
      'A0008 OK 58-60',
    ]);
  });

  it('names the tag that does not match its command', () => {
    expect(messages).toContain(
      'line 29: tagged response A003 matches no command in flight (in flight: A0003)',
    );
  });

  it('names the wrapped FLAGS line, the elision and the FETCH beyond EXISTS', () => {
    expect(messages).toContain('line 22: the response continues on line 23 (a wrapped line)');
    expect(messages).toContain('line 36: "..." stands for elided server output');
    expect(messages).toContain('line 38: FETCH for message 178 but EXISTS is 177');
  });

  it('names the BODY[] {7077} literal and its missing ")"', () => {
    const literal = of(events, 'inconsistency').find((e) => e.line === 45 && e.message.includes('7077'));
    expect(literal).toEqual({
      type: 'inconsistency',
      line: 45,
      message:
        'line 45: literal announces 7077 bytes but 54 bytes follow before the tagged response on line 49',
      repair: 'literal length set to 54; the missing ")" added on line 48',
    });
  });

  it('keeps the mailbox state through STORE and EXPUNGE', () => {
    const last = of(events, 'mailbox').at(-1);
    expect(last).toMatchObject({ exists: 179, recent: 41, uidValidity: 1340776425, uidNext: 29048 });
  });

  it('stops at the mismatched tag in strict mode', () => {
    const strict = analyzeTranscript(load('004-cyrus-ru.txt'), { strict: true });
    expect(strict.at(-1)).toMatchObject({ type: 'error', line: 22 });
  });
});

describe('the imap-transcript CLI', () => {
  it('prints the seed analysis as JSON lines and exits 1 for a repaired transcript', () => {
    const bin = join(import.meta.dirname, '../../bin/imap-transcript.js');
    const run = spawnSync(process.execPath, [bin, join(seeds, '000-dovecot-zh.txt')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TranscriptEvent);
    expect(lines).toEqual(analyzeTranscript(load('000-dovecot-zh.txt')));
  });

  it('exits 2 with usage on bad arguments', () => {
    const bin = join(import.meta.dirname, '../../bin/imap-transcript.js');
    const run = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage');
  });
});
