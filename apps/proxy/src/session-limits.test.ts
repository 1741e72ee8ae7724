import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './config.ts';
import { SessionLimits } from './session-limits.ts';

const limits = { ...DEFAULT_LIMITS, maxSessions: 3, maxSessionsPerIp: 2, newSessionsPerIpPerMinute: 3 };

describe('SessionLimits', () => {
  it('caps concurrent sessions per client and frees the slot on release', () => {
    const admission = new SessionLimits(limits);
    expect(admission.admit('198.51.100.1', 0)).toBe('ok');
    expect(admission.admit('198.51.100.1', 0)).toBe('ok');
    expect(admission.admit('198.51.100.1', 0)).toBe('client-sessions');
    admission.release('198.51.100.1');
    expect(admission.admit('198.51.100.1', 0)).toBe('ok');
  });

  it('limits new sessions per minute and refills over time', () => {
    const admission = new SessionLimits(limits);
    for (let i = 0; i < 3; i++) {
      expect(admission.admit('198.51.100.2', 0)).toBe('ok');
      admission.release('198.51.100.2');
    }
    expect(admission.admit('198.51.100.2', 0)).toBe('client-rate');
    expect(admission.admit('198.51.100.2', 20_000)).toBe('ok');
  });

  it('counts an IPv6 /64 as one client', () => {
    const admission = new SessionLimits(limits);
    expect(admission.admit('2001:db8::1', 0)).toBe('ok');
    expect(admission.admit('2001:db8::2', 0)).toBe('ok');
    expect(admission.admit('2001:db8::3', 0)).toBe('client-sessions');
  });

  it('enforces the global cap across clients', () => {
    const admission = new SessionLimits(limits);
    expect(admission.admit('198.51.100.1', 0)).toBe('ok');
    expect(admission.admit('198.51.100.2', 0)).toBe('ok');
    expect(admission.admit('198.51.100.3', 0)).toBe('ok');
    expect(admission.admit('198.51.100.4', 0)).toBe('server-full');
    expect(admission.openSessions).toBe(3);
  });

  it('forgets idle clients on sweep', () => {
    const admission = new SessionLimits(limits);
    admission.admit('198.51.100.1', 0);
    admission.release('198.51.100.1');
    admission.sweep(60_000);
    // A forgotten client starts with a full bucket again.
    for (let i = 0; i < 3; i++) {
      expect(admission.admit('198.51.100.1', 60_000)).toBe('ok');
      admission.release('198.51.100.1');
    }
  });
});

describe('SessionLimits.charge', () => {
  it('spends new-session tokens without taking a session slot', () => {
    const admission = new SessionLimits(limits);
    expect(admission.charge('198.51.100.9', 0)).toBe('ok');
    expect(admission.charge('198.51.100.9', 0)).toBe('ok');
    expect(admission.openSessions).toBe(0);
    expect(admission.admit('198.51.100.9', 0)).toBe('ok');
    expect(admission.charge('198.51.100.9', 0)).toBe('client-rate');
    expect(admission.admit('198.51.100.8', 0)).toBe('ok');
    expect(admission.openSessions).toBe(2);
  });
});
