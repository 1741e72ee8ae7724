// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { BodyPart } from './body-parts.ts';
import { MAX_SHOWN_TEXT_CHARS, showBody } from './shown-body.ts';

const options = {
  inlineImages: new Map<string, string>(),
  allowRemote: false,
  appOrigin: 'https://mail.example.org',
};

describe('showBody', () => {
  it('sanitizes each HTML part on its own and adds up what each blocked', () => {
    const shown = showBody(
      [
        { kind: 'html', html: '<img src="https://t.example/a.png"><p>one', alternative: null },
        { kind: 'text', text: 'two' },
        { kind: 'html', html: '<img src="https://t.example/b.png">', alternative: null },
      ],
      options,
    );
    expect(shown.frames).toBe(2);
    expect(shown.blockedRemote).toBe(2);
    expect(shown.parts.map((part) => part.kind)).toEqual(['frame', 'text', 'frame']);
  });

  it('shows at most MAX_SHOWN_TEXT_CHARS of text, cut at a line break, and says it cut', () => {
    const line = `${'a'.repeat(99)}\n`;
    const long = line.repeat(MAX_SHOWN_TEXT_CHARS / 100 + 50);
    const body: BodyPart[] = [
      { kind: 'text', text: 'short\n' },
      { kind: 'text', text: long },
      { kind: 'text', text: 'after the cut' },
    ];
    const [first, second, third] = showBody(body, options).parts;
    expect(first).toEqual({ kind: 'text', text: 'short\n', truncated: false });
    expect(second?.kind === 'text' && second.truncated).toBe(true);
    const text = second?.kind === 'text' ? second.text : '';
    expect(text.length).toBeLessThanOrEqual(MAX_SHOWN_TEXT_CHARS - 'short\n'.length);
    expect(text.endsWith('a')).toBe(true);
    expect(third).toEqual({ kind: 'text', text: '', truncated: false });
  });
});
