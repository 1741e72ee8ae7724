import { isUpstreamName } from './paths.ts';

// The JSON of GET /api/upstreams: one entry per mail server the operator configured, what the browser may name
// in /imap/<name> and /smtp/<name>, with what the app needs to write mail. Never a host or a port.
//
// The app reads it strictly: a field of the wrong type is an error naming it, never a guess. Keys this version
// does not know are ignored, so a newer relay can add some without breaking an older app.

/** A From address the operator allows beyond the login's own. */
export interface UpstreamIdentity {
  /** Display name. */
  name?: string;
  /** May contain `{user}`, which the app replaces with the login name (`{user}@example.com`). */
  address: string;
}

export interface UpstreamInfo {
  name: string;
  /** Shown on the sign-in screen. */
  label: string;
  /** The relay has a submission server for this upstream: `/smtp/<name>` is open. */
  canSend: boolean;
  /** The domain logins without '@' belong to (From = `<login>@<mailDomain>`). */
  mailDomain?: string;
  /** The submission server files sent mail itself: the app does not APPEND a copy to Sent. */
  savesSentCopy?: boolean;
  identities?: UpstreamIdentity[];
}

export const UPSTREAM_LIST_INVALID = 'UPSTREAM_LIST_INVALID';

/** The upstream list has the wrong shape; the message names the field (`upstreams[1].canSend ...`). */
export class UpstreamListError extends Error {
  override readonly name = 'UpstreamListError';
  readonly code = UPSTREAM_LIST_INVALID;
}

// No ASCII control characters (CR/LF would let a value end a header line), no spaces in domains.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f]/;
const DOMAIN_LABEL = /^[^\s@.\u0000-\u001f\u007f]+$/u;
/* eslint-enable no-control-regex */
const MAX_DOMAIN_LENGTH = 253;

/** Why `value` cannot be a mail domain (`example.com`, `почта.рф`), or null when it can. */
export function mailDomainProblem(value: string): string | null {
  if (value.length === 0 || value.length > MAX_DOMAIN_LENGTH)
    return `must be 1-${MAX_DOMAIN_LENGTH} characters`;
  const labels = value.split('.');
  if (!labels.every((label) => DOMAIN_LABEL.test(label) && !label.startsWith('-') && !label.endsWith('-'))) {
    return 'must be a domain name (labels separated by dots, no spaces or @)';
  }
  return null;
}

/** Why `value` cannot be an identity's address (`{user}@example.com`, `sales@example.com`), or null. */
export function identityAddressProblem(value: string): string | null {
  const at = value.lastIndexOf('@');
  if (at <= 0 || CONTROL.test(value) || /\s/.test(value)) return 'must be local@domain without spaces';
  const domain = value.slice(at + 1);
  return mailDomainProblem(domain) === null ? null : 'must end in @ and a domain name';
}

/** Why `value` cannot be a display name (empty, or with control characters), or null. */
export function displayNameProblem(value: string): string | null {
  if (value.trim().length === 0) return 'must not be empty';
  return CONTROL.test(value) ? 'must not contain control characters' : null;
}

function fail(path: string, problem: string): never {
  throw new UpstreamListError(`${path} ${problem}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Record<string, unknown>;
}

function text(value: unknown, path: string, problem: (text: string) => string | null): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  const found = problem(value);
  if (found !== null) fail(path, found);
  return value;
}

function parseIdentity(value: unknown, path: string): UpstreamIdentity {
  const entry = record(value, path);
  const address = text(entry['address'], `${path}.address`, identityAddressProblem);
  if (entry['name'] === undefined) return { address };
  return { name: text(entry['name'], `${path}.name`, displayNameProblem), address };
}

function parseEntry(value: unknown, path: string): UpstreamInfo {
  const entry = record(value, path);
  if (!isUpstreamName(entry['name'])) fail(`${path}.name`, 'must be 1-64 of A-Z a-z 0-9 - _');
  const info: UpstreamInfo = {
    name: entry['name'],
    label: text(entry['label'], `${path}.label`, displayNameProblem),
    canSend:
      typeof entry['canSend'] === 'boolean'
        ? entry['canSend']
        : fail(`${path}.canSend`, 'must be true or false'),
  };
  if (entry['mailDomain'] !== undefined) {
    info.mailDomain = text(entry['mailDomain'], `${path}.mailDomain`, mailDomainProblem);
  }
  if (entry['savesSentCopy'] !== undefined) {
    if (typeof entry['savesSentCopy'] !== 'boolean') fail(`${path}.savesSentCopy`, 'must be true or false');
    info.savesSentCopy = entry['savesSentCopy'];
  }
  if (entry['identities'] !== undefined) {
    const list = entry['identities'];
    if (!Array.isArray(list)) fail(`${path}.identities`, 'must be an array');
    info.identities = list.map((item, i) => parseIdentity(item, `${path}.identities[${i}]`));
  }
  return info;
}

/** Reads the body of GET /api/upstreams; throws UpstreamListError on any bad shape or a repeated name. */
export function parseUpstreamList(json: unknown): UpstreamInfo[] {
  if (!Array.isArray(json)) fail('upstreams', 'must be an array');
  const seen = new Set<string>();
  return json.map((item, i) => {
    const info = parseEntry(item, `upstreams[${i}]`);
    if (seen.has(info.name)) fail(`upstreams[${i}].name`, `repeats ${info.name}`);
    seen.add(info.name);
    return info;
  });
}
