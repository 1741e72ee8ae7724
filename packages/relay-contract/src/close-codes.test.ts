import { describe, expect, it } from 'vitest';
import { CLOSE_MEANINGS, CloseCode } from './close-codes.ts';

describe('close codes', () => {
  it('gives every code words and a kind, and no code twice', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      const meaning = CLOSE_MEANINGS.get(code);
      expect(meaning?.words, String(code)).toMatch(/^[a-z].+[a-z]$/i);
      expect(['closed', 'timeout', 'tls', 'transport']).toContain(meaning?.kind);
    }
    expect(CLOSE_MEANINGS.size).toBe(codes.length);
  });

  it('keeps the numbers the UI and older clients know', () => {
    expect(CloseCode).toMatchObject({
      goingAway: 1001,
      unknownUpstream: 4001,
      upstreamClosed: 4013,
      upstreamReset: 4014,
      starttlsFailed: 4022,
      upstreamProtocolError: 4023,
      clientLimitReached: 4029,
      heartbeatTimeout: 4041,
    });
  });
});
