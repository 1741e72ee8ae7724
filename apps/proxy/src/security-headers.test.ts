import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_SECURITY_POLICY, MAIL_FRAME_SCRIPT_HASH } from './security-headers.ts';

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('the default Content-Security-Policy', () => {
  const policy = directives(DEFAULT_CONTENT_SECURITY_POLICY);

  it('runs only the app its own scripts and the one script of the mail frame: no other inline script, no eval', () => {
    expect(policy.get('script-src')).toEqual(["'self'", MAIL_FRAME_SCRIPT_HASH]);
    expect(MAIL_FRAME_SCRIPT_HASH).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('lets the srcdoc mail frame, which inherits it, load remote images over https after consent', () => {
    // The frame's own meta CSP blocks them until the user allows remote content (see frame-document.ts).
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(policy.get('img-src')).not.toContain('http:');
  });

  it('starts the MIME parser worker from the app origin only', () => {
    expect(policy.get('worker-src')).toEqual(["'self'"]);
  });

  it('allows no remote fonts, styles or connections', () => {
    expect(policy.get('font-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });
});
