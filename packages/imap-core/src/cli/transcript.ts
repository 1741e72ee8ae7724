// imap-transcript: replays a C:/S: transcript through the session and prints one JSON object per line (see
// src/transcript.ts for the events). Exit status: 0 consistent, 1 inconsistencies found (and repaired),
// 2 a fatal error or bad usage.
//
//   imap-transcript [--strict] <file>

import { readFileSync } from 'node:fs';
import { analyzeTranscript } from '../transcript.ts';

const USAGE = 'usage: imap-transcript [--strict] <transcript-file>';

function main(argv: readonly string[]): number {
  const strict = argv.includes('--strict');
  const files = argv.filter((a) => a !== '--strict');
  if (files.length !== 1 || files[0]?.startsWith('-')) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(files[0] as string, 'utf8');
  } catch (error) {
    process.stderr.write(`imap-transcript: ${(error as Error).message}\n`);
    return 2;
  }
  const events = analyzeTranscript(text, { strict });
  for (const event of events) process.stdout.write(JSON.stringify(event) + '\n');
  if (events.some((e) => e.type === 'error')) return 2;
  return events.some((e) => e.type === 'inconsistency') ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
