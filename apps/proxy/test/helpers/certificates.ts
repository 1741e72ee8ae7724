import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The testbed's PKI builds certificates in-process (no openssl CLI), with full control of validity dates.
import { createCertificateAuthority, issueCertificate } from '@webmail/testbed';

export interface TestCertificates {
  readonly caPem: string;
  readonly good: { key: string; cert: string };
  readonly wrongName: { key: string; cert: string };
  readonly expired: { key: string; cert: string };
  readonly selfSigned: { key: string; cert: string };
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-pki-'));
  const ca = await createCertificateAuthority(dir);
  const pair = async (
    names: string[],
    flags: { expired?: boolean; selfSigned?: boolean },
    basename: string,
  ) => {
    const files = await issueCertificate(ca, dir, { names, basename, ...flags });
    return { key: files.keyPem, cert: files.certPem };
  };
  return {
    caPem: ca.certPem,
    good: await pair(['localhost', '127.0.0.1'], {}, 'good'),
    wrongName: await pair(['other.example'], {}, 'wrong-name'),
    expired: await pair(['localhost', '127.0.0.1'], { expired: true }, 'expired'),
    selfSigned: await pair(['localhost', '127.0.0.1'], { selfSigned: true }, 'self-signed'),
  };
}
