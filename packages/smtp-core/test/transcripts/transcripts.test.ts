// Replays every transcript in this folder against a real SmtpClient: the client must send exactly the C: lines
// and reach the outcomes the transcript states, however the server's bytes are cut (whole, byte by byte,
// random pieces). To add a case, drop a `name.txt` here (format: test/fixtures/transcript.ts).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { chunkings } from '../fixtures/scripted-transport.ts';
import { replayTranscript } from '../fixtures/transcript.ts';

const folder = import.meta.dirname;
const transcripts = readdirSync(folder).filter((f) => f.endsWith('.txt'));
const cases = transcripts.flatMap((file) => Object.keys(chunkings).map((cut) => [file, cut] as const));

describe('transcripts', () => {
  it.each(cases)('%s replays with server bytes fed %s', async (file, cut) => {
    await replayTranscript(
      readFileSync(join(folder, file), 'utf8'),
      chunkings[cut] as (b: Uint8Array) => Uint8Array[],
    );
  });
});
