import { describe, expect, it } from 'vitest';
import { fetchUpstreams, parseUpstreams, UpstreamListError } from './upstreams.ts';

describe('parseUpstreams', () => {
  it('keeps names and labels, falling back to the name when the label is missing', () => {
    expect(parseUpstreams([{ name: 'demo', label: 'Demo mail' }, { name: 'work' }])).toEqual([
      { name: 'demo', label: 'Demo mail' },
      { name: 'work', label: 'work' },
    ]);
  });

  it.each([[{}], [null], ['demo'], [[{ label: 'no name' }]], [[null]], [[{ name: '' }]]])(
    'rejects a malformed list: %j',
    (body) => {
      expect(() => parseUpstreams(body)).toThrow(UpstreamListError);
    },
  );
});

describe('fetchUpstreams', () => {
  it('says which HTTP status made the list unavailable', async () => {
    const fetchImpl = async () => new Response('nope', { status: 503 });
    await expect(fetchUpstreams(fetchImpl)).rejects.toThrow('HTTP 503');
  });
});
