import { createHash } from 'node:crypto';
import { DEFAULT_CONTENT_SECURITY_POLICY } from '@webmail/proxy';
import { describe, expect, it } from 'vitest';
import { FRAME_CSP, FRAME_CSP_REMOTE_IMAGES, frameDocument } from './frame-document.ts';
import { FRAME_SCRIPT, FRAME_SCRIPT_HASH, frameBody, frameReport } from './frame-script.ts';

const scriptSources = (policy: string): string[] =>
  policy
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .find(([name]) => name === 'script-src')
    ?.slice(1) ?? [];

describe("the mail frame's script", () => {
  it('is allowed by its own SHA-256 and nothing else in the frame', () => {
    const hash = createHash('sha256').update(FRAME_SCRIPT, 'utf8').digest('base64');
    expect(FRAME_SCRIPT_HASH).toBe(`'sha256-${hash}'`);
    for (const policy of [FRAME_CSP, FRAME_CSP_REMOTE_IMAGES])
      expect(scriptSources(policy)).toEqual([FRAME_SCRIPT_HASH]);
  });

  it("is listed in the proxy's default CSP, which the srcdoc frame inherits, and nothing else inline is", () => {
    expect(scriptSources(DEFAULT_CONTENT_SECURITY_POLICY)).toEqual(["'self'", FRAME_SCRIPT_HASH]);
  });

  it('comes first in <head>, after the policy, before any mail markup', () => {
    const html = frameDocument('<p>mail</p>', { allowRemoteImages: false });
    const csp = html.indexOf('Content-Security-Policy');
    const script = html.indexOf(`<script>${FRAME_SCRIPT}</script>`);
    expect(csp).toBeGreaterThan(0);
    expect(script).toBeGreaterThan(csp);
    expect(script).toBeLessThan(html.indexOf('<p>mail</p>'));
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('cannot be closed early: it holds no "</" and no "<!--"', () => {
    expect(FRAME_SCRIPT).not.toMatch(/<\/|<!--/);
  });

  it.each([
    [
      { webmailFrameHeight: 640, webmailFrameSeq: 0 },
      { kind: 'height', height: 640, seq: 0 },
    ],
    [
      { webmailFrameHeight: 0, webmailFrameSeq: 3 },
      { kind: 'height', height: 0, seq: 3 },
    ],
    [{ webmailFrameReady: true }, { kind: 'ready' }],
    [{ webmailFrameReady: 'yes' }, null],
    [{ webmailFrameHeight: 640 }, null],
    [{ webmailFrameHeight: 640, webmailFrameSeq: -1 }, null],
    [{ webmailFrameHeight: 640, webmailFrameSeq: 1.5 }, null],
    [{ webmailFrameHeight: -1, webmailFrameSeq: 0 }, null],
    [{ webmailFrameHeight: Number.NaN, webmailFrameSeq: 0 }, null],
    [{ webmailFrameHeight: '640', webmailFrameSeq: 0 }, null],
    ['640', null],
    [null, null],
  ])('reads %j as %j', (data, expected) => {
    expect(frameReport(data)).toEqual(expected);
  });

  it('posts a body under the names its script reads', () => {
    expect(frameBody('<p>mail</p>', 2)).toEqual({ webmailFrameBody: '<p>mail</p>', webmailFrameSeq: 2 });
    expect(FRAME_SCRIPT).toContain('m.webmailFrameBody');
    expect(FRAME_SCRIPT).toContain('m.webmailFrameSeq');
    expect(FRAME_SCRIPT).toContain('webmailFrameReady:true');
  });
});
