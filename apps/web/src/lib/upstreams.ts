// The proxy's list of mail servers the operator configured (GET /api/upstreams). The browser only ever
// chooses among these names; it never sees or sends a host.

export interface Upstream {
  readonly name: string;
  readonly label: string;
}

export class UpstreamListError extends Error {
  override name = 'UpstreamListError';
}

export async function fetchUpstreams(fetchImpl: typeof fetch = fetch): Promise<Upstream[]> {
  const response = await fetchImpl('/api/upstreams', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new UpstreamListError(`The server list is unavailable (HTTP ${response.status})`);
  return parseUpstreams(await response.json());
}

export function parseUpstreams(body: unknown): Upstream[] {
  if (!Array.isArray(body)) throw new UpstreamListError('The server list is not a list');
  return body.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new UpstreamListError(`Server entry ${index} is not an object`);
    }
    const { name, label } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name === '')
      throw new UpstreamListError(`Server entry ${index} has no name`);
    return { name, label: typeof label === 'string' && label !== '' ? label : name };
  });
}
