// @webmail/relay-contract: what the browser and the relay (apps/proxy) both import, so neither keeps a copy of
// the other's words. Pure TypeScript, no dependencies, browser-safe.

export {
  imapWebSocketUrl,
  isUpstreamName,
  RELAY_PATHS,
  relayTarget,
  relayWebSocketUrl,
  smtpWebSocketUrl,
  UPSTREAM_NAME_PATTERN,
} from './paths.ts';
export type { RelayProtocol, RelayTarget } from './paths.ts';
export { CLOSE_MEANINGS, CloseCode } from './close-codes.ts';
export type { CloseKind, CloseMeaning } from './close-codes.ts';
export {
  displayNameProblem,
  identityAddressProblem,
  mailDomainProblem,
  parseUpstreamList,
  UPSTREAM_LIST_INVALID,
  UpstreamListError,
} from './upstream-list.ts';
export type { UpstreamIdentity, UpstreamInfo } from './upstream-list.ts';
