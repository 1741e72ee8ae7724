import { describe, expect, it } from 'vitest';
import type { BodyPart } from './body-parts.ts';
import { fitBody } from './fit-body.ts';

const html = (source: string, alternative: string | null = null): BodyPart => ({
  kind: 'html',
  html: source,
  alternative,
});

describe('fitBody', () => {
  it('keeps HTML that fits, and leaves text and headers alone', async () => {
    const parts: BodyPart[] = [{ kind: 'text', text: 'a' }, html('<p>b</p>')];
    expect(await fitBody(parts)).toEqual(parts);
  });

  it('turns HTML that does not fit into its text/plain alternative, when it has one', async () => {
    const [part] = await fitBody([html('<div>'.repeat(1_000), 'The plain version')]);
    expect(part).toMatchObject({
      kind: 'html-as-text',
      text: 'The plain version',
      fromAlternative: true,
      reason: 'depth',
    });
  });

  it("else into the HTML's own text", async () => {
    const [part] = await fitBody([html(`${'<div>'.repeat(1_000)}deep text`)]);
    expect(part).toMatchObject({ kind: 'html-as-text', text: 'deep text', fromAlternative: false });
  });

  it('lets all the HTML parts of a message share one budget, in order', async () => {
    const big = html(`${'<i>x</i>'.repeat(20_000)}`);
    const parts = await fitBody([big, big, big]);
    expect(parts.map((part) => part.kind)).toEqual(['html', 'html-as-text', 'html-as-text']);
  });
});
