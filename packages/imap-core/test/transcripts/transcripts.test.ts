// Replays every transcript in this folder through the analyzer, strictly: each must replay without one
// inconsistency, the same whether server bytes arrive a line at a time or a byte at a time, and its event
// stream must match the reviewed <name>.expected.jsonl beside it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../src/transcript.ts';

const folder = import.meta.dirname;
const transcripts = readdirSync(folder).filter((f) => f.endsWith('.txt'));

describe('transcripts', () => {
  it.each(transcripts)('%s replays strictly, fed whole or byte by byte', async (file) => {
    const text = readFileSync(join(folder, file), 'utf8');
    const events = analyzeTranscript(text, { strict: true });
    expect(events.filter((e) => e.type === 'inconsistency' || e.type === 'error')).toEqual([]);
    expect(analyzeTranscript(text, { strict: true, serverChunkSize: 1 })).toEqual(events);
    await expect(events.map((e) => JSON.stringify(e)).join('\n') + '\n').toMatchFileSnapshot(
      join(folder, file.replace(/\.txt$/, '.expected.jsonl')),
    );
  });
});
