import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import {
  displayNameProblem,
  identityAddressProblem,
  isUpstreamName,
  mailDomainProblem,
  type UpstreamIdentity,
} from '@webmail/relay-contract';
import {
  expectObject,
  integerIn,
  invalid,
  optionalBoolean,
  optionalString,
  rejectUnknownKeys,
  requiredString,
  stringList,
} from './config-fields.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';

// One upstream of the config: the IMAP server the browser's /imap/<name> reaches, and optionally the
// submission server its /smtp/<name> reaches, each a connection the proxy makes itself with verified TLS.

export type UpstreamTls = 'none' | 'implicit' | 'starttls';

/** How to reach one server, as written in the config (the IMAP fields of an upstream, or its `smtp`). */
export interface EndpointInput {
  /** Mail server host name or IP. Required. Never shown to the browser. */
  host: string;
  /** IMAP: 993 for `implicit`, 143 otherwise. SMTP: 465 for `implicit`, 587 otherwise. */
  port?: number;
  /** `implicit`, `starttls` (done by the proxy), or `none` (loopback only). Required. */
  tls: UpstreamTls;
  /** PEM CA bundle trusted for this server instead of the system CAs. */
  ca?: string;
  /** File holding such a PEM bundle (read once at start). */
  caFile?: string;
  /** Name sent in SNI and checked against the certificate. Default: `host` (SNI omitted for IPs). */
  servername?: string;
  /** Base64 SHA-256 of the server's SubjectPublicKeyInfo; if set, the certificate must match one too. */
  pinSha256?: string[];
  /** Send a PROXY protocol v2 header so the server sees the browser's address. Default false. */
  proxyProtocol?: boolean;
  /** Allow `tls: 'none'` to a non-loopback host: passwords would cross the network in clear. Default false. */
  dangerouslyAllowPlaintext?: boolean;
}

/** The submission server of an upstream (RFC 6409), reached at `/smtp/<name>`. */
export interface SmtpInput extends EndpointInput {
  /** The name the proxy gives in its own EHLO before STARTTLS. Default: its address literal (`[192.0.2.1]`). */
  ehloName?: string;
}

/** One upstream as written in the config file or passed to `startProxy()`. */
export interface UpstreamInput extends EndpointInput {
  /** What the browser names in `/imap/<name>` and `/smtp/<name>`: letters, digits, `-`, `_`; at most 64. */
  name: string;
  /** Display label for the login screen. Default: the name. */
  label?: string;
  /** The submission server; without it the app cannot send through this upstream. */
  smtp?: SmtpInput;
  /** The domain logins without '@' belong to (From = `<login>@<mailDomain>`), told to the app. */
  mailDomain?: string;
  /** The submission server files sent mail itself, so the app does not APPEND to Sent. Default false. */
  savesSentCopy?: boolean;
  /** From addresses allowed beyond the login's own; `{user}` stands for the login name. */
  identities?: UpstreamIdentity[];
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: UpstreamTls;
  readonly ca: string | null;
  readonly servername: string | null;
  readonly pinSha256: readonly string[];
  readonly proxyProtocol: boolean;
}

export interface SmtpEndpoint extends Endpoint {
  readonly ehloName: string | null;
}

/** An upstream's IMAP server is the upstream itself (its fields predate SMTP); `smtp` is its submission server. */
export interface Upstream extends Endpoint {
  readonly name: string;
  readonly label: string;
  readonly smtp: SmtpEndpoint | null;
  readonly mailDomain: string | null;
  readonly savesSentCopy: boolean;
  readonly identities: readonly UpstreamIdentity[];
}

const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
// RFC 5321 §4.1.1.1: EHLO takes a domain or an address literal (§4.1.3).
const EHLO_DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const EHLO_ADDRESS_LITERAL = /^\[(?:IPv6:[0-9A-Fa-f:.]+|[0-9.]+)\]$/;

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g;

/** Every PEM block must parse as an X.509 certificate: a bad one would otherwise fail each session's TLS. */
function checkCertificates(pem: string, path: string): void {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw invalid(path, 'holds no PEM certificate');
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw invalid(path, `holds a certificate that does not parse (certificate #${i + 1})`);
    }
  });
}

function readCaFile(file: string, path: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProxyError(ProxyErrorCode.configFile, `config: ${path} cannot be read: ${file}`, {
      cause: error,
    });
  }
}

const ENDPOINT_KEYS = [
  'host',
  'port',
  'tls',
  'ca',
  'caFile',
  'servername',
  'pinSha256',
  'proxyProtocol',
  'dangerouslyAllowPlaintext',
] as const;

function resolveEndpoint(
  input: Record<string, unknown>,
  path: string,
  ports: { tls: number; plain: number },
): Endpoint {
  const host = requiredString(input['host'], `${path}.host`);
  const tls = input['tls'];
  if (tls !== 'none' && tls !== 'implicit' && tls !== 'starttls') {
    throw invalid(`${path}.tls`, "must be 'implicit', 'starttls' or 'none'");
  }
  const allowPlaintext = optionalBoolean(
    input['dangerouslyAllowPlaintext'],
    `${path}.dangerouslyAllowPlaintext`,
  );
  if (tls === 'none' && !isLoopbackHost(host) && allowPlaintext !== true) {
    throw new ProxyError(
      ProxyErrorCode.configPlaintextUpstream,
      `config: ${path} has tls 'none' to non-loopback host ${host}: passwords would cross the network in ` +
        `clear; use 'implicit' or 'starttls', or set dangerouslyAllowPlaintext: true`,
    );
  }
  const caText = optionalString(input['ca'], `${path}.ca`);
  const caFile = optionalString(input['caFile'], `${path}.caFile`);
  if (caText !== undefined && caFile !== undefined) throw invalid(path, 'sets both ca and caFile');
  const ca = caText ?? (caFile === undefined ? null : readCaFile(caFile, `${path}.caFile`));
  if (ca !== null) checkCertificates(ca, caFile === undefined ? `${path}.ca` : `${path}.caFile`);
  const pins = input['pinSha256'] === undefined ? [] : stringList(input['pinSha256'], `${path}.pinSha256`);
  for (const pin of pins) {
    if (!SHA256_BASE64.test(pin))
      throw invalid(`${path}.pinSha256`, `has a pin that is not base64 SHA-256: ${pin}`);
  }
  return {
    host,
    port: integerIn(input['port'], `${path}.port`, 1, 65_535, tls === 'implicit' ? ports.tls : ports.plain),
    tls,
    ca,
    servername: optionalString(input['servername'], `${path}.servername`) ?? null,
    pinSha256: pins,
    proxyProtocol: optionalBoolean(input['proxyProtocol'], `${path}.proxyProtocol`) ?? false,
  };
}

/** IMAP over implicit TLS is 993 (RFC 8314 §7.3), else 143. */
const IMAP_PORTS = { tls: 993, plain: 143 };
/** Submission over implicit TLS is 465 (RFC 8314 §7.3), else 587 (RFC 6409 §3.1). */
const SMTP_PORTS = { tls: 465, plain: 587 };

function resolveSmtp(value: unknown, path: string): SmtpEndpoint {
  const input = expectObject(value, path);
  rejectUnknownKeys(input, [...ENDPOINT_KEYS, 'ehloName'], path);
  const ehloName = optionalString(input['ehloName'], `${path}.ehloName`) ?? null;
  if (ehloName !== null && !EHLO_DOMAIN.test(ehloName) && !EHLO_ADDRESS_LITERAL.test(ehloName)) {
    throw invalid(`${path}.ehloName`, 'must be a domain name or an address literal like [192.0.2.1]');
  }
  return { ...resolveEndpoint(input, path, SMTP_PORTS), ehloName };
}

function resolveIdentities(value: unknown, path: string): UpstreamIdentity[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(path, 'must be an array of { name?, address }');
  return value.map((item: unknown, i) => {
    const at = `${path}[${i}]`;
    const entry = expectObject(item, at);
    rejectUnknownKeys(entry, ['name', 'address'], at);
    const address = requiredString(entry['address'], `${at}.address`);
    const addressProblem = identityAddressProblem(address);
    if (addressProblem !== null) throw invalid(`${at}.address`, addressProblem);
    const name = optionalString(entry['name'], `${at}.name`);
    if (name === undefined) return { address };
    const nameProblem = displayNameProblem(name);
    if (nameProblem !== null) throw invalid(`${at}.name`, nameProblem);
    return { name, address };
  });
}

const UPSTREAM_KEYS = [
  'name',
  'label',
  ...ENDPOINT_KEYS,
  'smtp',
  'mailDomain',
  'savesSentCopy',
  'identities',
] as const;

export function resolveUpstream(value: unknown, path: string): Upstream {
  const input = expectObject(value, path);
  rejectUnknownKeys(input, UPSTREAM_KEYS, path);
  const name = requiredString(input['name'], `${path}.name`);
  if (!isUpstreamName(name)) throw invalid(`${path}.name`, 'must be 1-64 of A-Z a-z 0-9 - _');
  const label = optionalString(input['label'], `${path}.label`) ?? name;
  const labelProblem = displayNameProblem(label);
  if (labelProblem !== null) throw invalid(`${path}.label`, labelProblem);
  const mailDomain = optionalString(input['mailDomain'], `${path}.mailDomain`) ?? null;
  const domainProblem = mailDomain === null ? null : mailDomainProblem(mailDomain);
  if (domainProblem !== null) throw invalid(`${path}.mailDomain`, domainProblem);
  return {
    name,
    label,
    ...resolveEndpoint(input, path, IMAP_PORTS),
    smtp: input['smtp'] === undefined ? null : resolveSmtp(input['smtp'], `${path}.smtp`),
    mailDomain,
    savesSentCopy: optionalBoolean(input['savesSentCopy'], `${path}.savesSentCopy`) ?? false,
    identities: resolveIdentities(input['identities'], `${path}.identities`),
  };
}
