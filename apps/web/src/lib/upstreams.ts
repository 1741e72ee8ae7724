// The proxy's list of mail servers the operator configured (GET /api/upstreams; its shape is
// @webmail/relay-contract's). The browser only ever chooses among these names; it never sees or sends a host.
import {
  parseUpstreamList,
  RELAY_PATHS,
  UpstreamListError,
  type UpstreamInfo,
} from '@webmail/relay-contract';

export type Upstream = UpstreamInfo;
export { UpstreamListError };

export async function fetchUpstreams(fetchImpl: typeof fetch = fetch): Promise<Upstream[]> {
  const response = await fetchImpl(RELAY_PATHS.upstreams, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new UpstreamListError(`The server list is unavailable (HTTP ${response.status})`);
  return parseUpstreamList(await response.json());
}
