import crypto, { type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  bitStringBytes,
  booleanTrue,
  explicit,
  implicitPrimitive,
  namedBits,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.ts';

// Certificates are built in-process (ECDSA P-256, X.509 v3 in DER) rather than with the openssl CLI: no
// child processes on the start path, and validity dates (for expired certificates) are fully under our control.

/** PEM texts and the files they were written to. */
export interface CertificateFiles {
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

export interface IssueCertificateOptions {
  /** DNS names and IP addresses for subjectAltName; the first one is also the subject CN. */
  names: string[];
  /** Validity ended yesterday (notBefore 30 days ago). Default false. */
  expired?: boolean;
  /** Signed by its own key (issuer = subject) instead of the CA. Default false. */
  selfSigned?: boolean;
  /** File name stem inside `dir`; default derived from the first name and the flags above. */
  basename?: string;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;
const DAY_MS = 86_400_000;
const ORGANIZATION = 'Webmail Testbed';

interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  name: Buffer;
}

function distinguishedName(commonName: string): Buffer {
  const attribute = (oid: string, value: string): Buffer =>
    set(sequence(objectIdentifier(oid), utf8String(value)));
  return sequence(attribute(OID.organization, ORGANIZATION), attribute(OID.commonName, commonName));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return crypto
    .createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), booleanTrue(), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

function subjectAltNames(names: string[]): Buffer {
  return sequence(
    ...names.map((name) => {
      if (net.isIPv4(name)) return implicitPrimitive(7, Buffer.from(name.split('.').map(Number)));
      if (net.isIPv6(name)) throw new Error(`IPv6 subjectAltName is not supported: ${name}`);
      return implicitPrimitive(2, Buffer.from(name, 'ascii'));
    }),
  );
}

interface TbsInput {
  subject: Buffer;
  subjectKey: KeyObject;
  issuer: SigningKey;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function signCertificate(input: TbsInput): string {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(Buffer.concat([Buffer.from([0x40]), crypto.randomBytes(15)])),
    algorithm,
    input.issuer.name,
    sequence(time(input.notBefore), time(input.notAfter)),
    input.subject,
    input.subjectKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...input.extensions)),
  );
  const signature = crypto.sign('sha256', tbs, input.issuer.privateKey);
  const der = sequence(tbs, algorithm, bitStringBytes(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

async function writePair(
  dir: string,
  stem: string,
  certPem: string,
  privateKey: KeyObject,
): Promise<CertificateFiles> {
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certFile = path.join(dir, `${stem}.crt`);
  const keyFile = path.join(dir, `${stem}.key`);
  await Promise.all([writeFile(certFile, certPem), writeFile(keyFile, keyPem, { mode: 0o600 })]);
  return { certPem, keyPem, certFile, keyFile };
}

function loadSigningKey(files: Pick<CertificateFiles, 'certPem' | 'keyPem'>): SigningKey {
  const certificate = new crypto.X509Certificate(files.certPem);
  const subjectCn = /CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? '';
  return {
    privateKey: crypto.createPrivateKey(files.keyPem),
    publicKey: certificate.publicKey,
    name: distinguishedName(subjectCn),
  };
}

/** A fresh CA (valid from yesterday for one year), written to `dir/ca.crt` and `dir/ca.key`. */
export async function createCertificateAuthority(dir: string): Promise<CertificateFiles> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // A unique CN keeps chains apart when several testbed CAs end up in one trust list.
  const name = distinguishedName(`Testbed CA ${crypto.randomBytes(4).toString('hex')}`);
  const now = Date.now();
  const certPem = signCertificate({
    subject: name,
    subjectKey: publicKey,
    issuer: { privateKey, publicKey, name },
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 365 * DAY_MS),
    extensions: [
      extension(OID.basicConstraints, true, sequence(booleanTrue())),
      extension(
        OID.keyUsage,
        true,
        namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]),
      ),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(publicKey))),
    ],
  });
  return writePair(dir, 'ca', certPem, privateKey);
}

/** A TLS server certificate for `names`, signed by `ca` (or by itself), written to `dir/<basename>.crt|.key`. */
export async function issueCertificate(
  ca: Pick<CertificateFiles, 'certPem' | 'keyPem'>,
  dir: string,
  options: IssueCertificateOptions,
): Promise<CertificateFiles> {
  const [commonName] = options.names;
  if (commonName === undefined) throw new Error('issueCertificate needs at least one name');
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subject = distinguishedName(commonName);
  const issuer: SigningKey = options.selfSigned
    ? { privateKey, publicKey, name: subject }
    : loadSigningKey(ca);
  const now = Date.now();
  const [notBefore, notAfter] = options.expired
    ? [new Date(now - 30 * DAY_MS), new Date(now - DAY_MS)]
    : [new Date(now - DAY_MS), new Date(now + 365 * DAY_MS)];
  const certPem = signCertificate({
    subject,
    subjectKey: publicKey,
    issuer,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, namedBits([KEY_USAGE.digitalSignature])),
      extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, subjectAltNames(options.names)),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(publicKey))),
      extension(
        OID.authorityKeyIdentifier,
        false,
        sequence(implicitPrimitive(0, keyIdentifier(issuer.publicKey))),
      ),
    ],
  });
  const stem =
    options.basename ??
    [
      commonName.replace(/[^A-Za-z0-9.-]/g, '_'),
      options.expired ? 'expired' : '',
      options.selfSigned ? 'self-signed' : '',
    ]
      .filter(Boolean)
      .join('-');
  return writePair(dir, stem, certPem, privateKey);
}
