// @vitest-environment node
// The MIME differential test, Node side: every composed case built by buildMessage and parsed back by
// mailparser must give back what was composed (cases.ts, differential.ts), and pass the structural checker.
// The same cases go through the app's postal-mime worker in Chromium in e2e/compose-mime.e2e.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../../src/lib/compose/index.ts';
import { simpleParser } from '../differential/mailparser.ts';
import { composeCases, type ComposeCase } from './cases.ts';
import { comparable, expectedOf, fromMailparser, settleKnownDifferences } from './differential.ts';
import { checkStructure } from './structure.ts';

const cases = await composeCases();

describe('composed messages parsed back by mailparser', () => {
  beforeAll(() => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c: ComposeCase) => {
    const built = buildMessage(c.message, c.options);
    expect(
      checkStructure(built.bytes, { eightBit: built.eightBit, utf8Headers: c.options.utf8Headers === true }),
    ).toEqual([]);
    expect(built.eightBit).toBe(c.eightBit === true);
    // keepCidLinks: mailparser would otherwise rewrite cid: URLs in the HTML into data: URLs.
    const parsed = fromMailparser(await simpleParser(Buffer.from(built.bytes), { keepCidLinks: true }));
    const expected = comparable(expectedOf(c), 'expected');
    const { settled, mismatches } = settleKnownDifferences(
      comparable(parsed, 'mailparser'),
      expected,
      c.known ?? [],
      'mailparser',
    );
    expect(mismatches).toEqual([]);
    expect(settled).toEqual(expected);
    for (const snippet of c.mustInclude ?? []) expect(parsed.text).toContain(snippet);
  });
});
