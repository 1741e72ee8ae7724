import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueCertificate, type CertificateFiles } from '../src/pki.ts';

let dir: string;
let ca: CertificateFiles;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pki-test-'));
  ca = await createCertificateAuthority(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Handshake with a TLS server that presents `cert`; resolves with the client's verdict. */
async function handshake(cert: CertificateFiles, servername: string): Promise<string> {
  const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca: ca.certPem, servername });
      socket.once('secureConnect', () => {
        socket.destroy();
        resolve('ok');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    server.close();
  }
}

describe('createCertificateAuthority', () => {
  it('makes a self-signed CA certificate and writes PEM files', () => {
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(readFileSync(ca.certFile, 'utf8')).toBe(ca.certPem);
    expect(readFileSync(ca.keyFile, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });
});

describe('issueCertificate', () => {
  it('issues a server certificate for localhost and 127.0.0.1 that verifies over TLS', async () => {
    const server = await issueCertificate(ca, dir, { names: ['localhost', '127.0.0.1'] });
    const cert = new X509Certificate(server.certPem);
    expect(cert.ca).toBe(false);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(await handshake(server, 'localhost')).toBe('ok');
  });

  it.each([
    ['an expired certificate', { names: ['localhost'], expired: true }, 'CERT_HAS_EXPIRED'],
    ['a self-signed certificate', { names: ['localhost'], selfSigned: true }, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['a certificate for another name', { names: ['wrong.example'] }, 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ])('makes %s that TLS clients reject', async (_label, options, code) => {
    const cert = await issueCertificate(ca, dir, options);
    expect(await handshake(cert, 'localhost')).toBe(code);
  });

  it('dates an expired certificate in the past', async () => {
    const cert = new X509Certificate(
      (await issueCertificate(ca, dir, { names: ['localhost'], expired: true })).certPem,
    );
    expect(new Date(cert.validTo).getTime()).toBeLessThan(Date.now());
  });
});
