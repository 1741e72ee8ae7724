import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_CSP } from '../../lib/mail/frame-document.ts';
import WarmSandboxFrame from './WarmSandboxFrame.svelte';
import { mountInBody, unmountAll } from '../../testing/dom.ts';

afterEach(unmountAll);

describe('WarmSandboxFrame', () => {
  it('is an empty, hidden frame with every sandbox restriction and the mail frame CSP', () => {
    mountInBody(WarmSandboxFrame);
    flushSync();
    const frames = document.querySelectorAll('iframe');
    expect(frames).toHaveLength(1);
    const frame = frames[0]!;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.hidden).toBe(true);
    expect(frame.hasAttribute('src')).toBe(false);
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain(`<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">`);
    expect(srcdoc).toContain('<body></body>');
  });
});
