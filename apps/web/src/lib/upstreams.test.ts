import { describe, expect, it } from 'vitest';
import { fetchUpstreams, UpstreamListError } from './upstreams.ts';

function answering(status: number, body: unknown): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status });
}

describe('fetchUpstreams', () => {
  it('reads the list with what the app needs to write mail', async () => {
    const body = [
      { name: 'demo', label: 'Demo mail', canSend: true, mailDomain: 'example.com', savesSentCopy: false },
      { name: 'archive', label: 'Archive', canSend: false },
    ];
    expect(await fetchUpstreams(answering(200, body))).toEqual(body);
  });

  it('says which HTTP status made the list unavailable', async () => {
    await expect(fetchUpstreams(answering(503, 'nope'))).rejects.toThrow('HTTP 503');
  });

  it.each([
    [{}],
    [null],
    ['demo'],
    [[{ label: 'no name', canSend: true }]],
    [[null]],
    [[{ name: 'demo', label: 'Demo' }]],
  ])('rejects a malformed list: %j', async (body) => {
    await expect(fetchUpstreams(answering(200, body))).rejects.toThrow(UpstreamListError);
  });
});
