// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { BodyPart } from './body-parts.ts';
import { sanitizeMailHtml } from './sanitize.ts';
import { MAX_SHOWN_TEXT_CHARS, sanitizePart, showBody } from './shown-body.ts';

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

describe('sanitizePart', () => {
  const html = '<p onclick="x()">Hi <img src="https://tracker.example/p.gif"> <img src="cid:logo@x"></p>';
  const optionsFor = (inlineImages: ReadonlyMap<string, string>, allowRemote = false) => ({
    inlineImages,
    allowRemote,
    appOrigin: 'https://mail.example',
  });

  it("gives the reader's result to a second caller with the same message, part and options", () => {
    const images = new Map([['logo@x', 'data:image/png;base64,AAAA']]);
    const shown = showBody([{ kind: 'html', html, alternative: null }], optionsFor(images)).parts[0];
    const quoted = sanitizePart(html, optionsFor(images));
    expect(shown).toEqual({ kind: 'frame', sanitized: quoted });
    expect(shown?.kind === 'frame' && shown.sanitized).toBe(quoted);
    expect(quoted).toEqual(sanitizeMailHtml(html, optionsFor(images)));
    expect(quoted.html).not.toContain('onclick');
  });

  it('sanitizes again under other options, or for another message with the same HTML', () => {
    const images = new Map([['logo@x', 'data:image/png;base64,AAAA']]);
    const blocked = sanitizePart(html, optionsFor(images));
    const allowed = sanitizePart(html, optionsFor(images, true));
    expect(allowed).not.toBe(blocked);
    expect(blocked.blockedRemote).toBe(1);
    expect(allowed.blockedRemote).toBe(0);
    expect(allowed.html).toContain('https://tracker.example/p.gif');
    const other = sanitizePart(html, optionsFor(new Map()));
    expect(other).not.toBe(blocked);
    expect(other.cids).toEqual([]);
    expect(blocked.cids).toEqual(['logo@x']);
  });
});
