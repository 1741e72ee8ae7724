import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../src/pki.ts';
import { RawImap } from '../src/raw-imap.ts';
import { startDovecot } from '../src/dovecot.ts';
import type { DovecotServer } from '../src/types.ts';
import { login } from './support/imap.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let server: DovecotServer;
let startMs = 0;

beforeAll(async () => {
  const t0 = performance.now();
  server = await startDovecot();
  startMs = performance.now() - t0;
});
afterAll(() => server?.stop());

describe('a started Dovecot', () => {
  it('started quickly (reported, bounded only against hanging)', () => {
    console.info(`startDovecot() without corpus took ${startMs.toFixed(0)} ms`);
    expect(startMs).toBeLessThan(10_000);
  });

  it('greets on the plaintext port, advertises STARTTLS, and accepts LOGIN', async () => {
    const client = await RawImap.connect({ port: server.imapPort });
    expect(client.greeting.text).toMatch(/^\* OK \[CAPABILITY [^\]]*\bSTARTTLS\b/);
    expect(client.greeting.text).toMatch(/AUTH=PLAIN/);
    const result = await client.command('LOGIN demo demo-password');
    expect(result.status).toBe('OK');
    client.close();
  });

  it('advertises the extensions the client relies on after login', async () => {
    const client = await login(server);
    const { untagged } = await client.ok('CAPABILITY');
    const capabilities = new Set(untagged[0]?.text.split(' ').slice(2));
    for (const name of [
      'IDLE',
      'CONDSTORE',
      'QRESYNC',
      'MOVE',
      'UIDPLUS',
      'ENABLE',
      'LITERAL+',
      'SPECIAL-USE',
      'LIST-STATUS',
      'ESEARCH',
      'SORT',
    ]) {
      expect(capabilities, name).toContain(name);
    }
    client.close();
  });

  it('upgrades with STARTTLS to a certificate chain that verifies against caPem for localhost', async () => {
    const client = await RawImap.connect({ port: server.imapPort });
    const secure = await client.startTls({ ca: server.caPem, servername: 'localhost' });
    expect(secure.authorized).toBe(true);
    expect(secure.getPeerCertificate().subjectaltname).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect((await client.command('LOGIN demo demo-password')).status).toBe('OK');
    client.close();
  });

  it('fails STARTTLS verification against a different CA', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'other-ca-'));
    try {
      const other = await createCertificateAuthority(dir);
      const client = await RawImap.connect({ port: server.imapPort });
      await expect(client.startTls({ ca: other.certPem })).rejects.toThrow(/certificate/i);
      client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks implicit TLS on imapsPort, verified by name and by IP address', async () => {
    const byName = await RawImap.connect({
      port: server.imapsPort,
      tls: { ca: server.caPem, servername: 'localhost' },
    });
    expect(byName.greeting.text).toMatch(/^\* OK /);
    expect((await byName.command('LOGIN demo demo-password')).status).toBe('OK');
    byName.close();
    const socket = tls.connect({ host: '127.0.0.1', port: server.imapsPort, ca: server.caPem });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    expect(socket.authorized).toBe(true);
    socket.destroy();
  });

  it('answers a wrong password with NO [AUTHENTICATIONFAILED] at once, ten times in a row', async () => {
    const client = await RawImap.connect({ port: server.imapPort });
    const timings: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const t0 = performance.now();
      const result = await client.command('LOGIN demo wrong-password');
      timings.push(performance.now() - t0);
      expect(result.status).toBe('NO');
      expect(result.completion).toMatch(/^NO \[AUTHENTICATIONFAILED\]/);
    }
    console.info(`wrong-password answers took ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);
    // Dovecot's defaults add 2 s per failure plus a growing anvil penalty; its queue alone would add 0.5 s.
    expect(timings.reduce((a, b) => a + b, 0)).toBeLessThan(2_000);
    expect((await client.command('LOGIN demo demo-password')).status).toBe('OK');
    client.close();
  });

  it('runs every Dovecot process under one unprivileged uid', () => {
    const pids = server.processes();
    expect(pids).toContain(server.pid);
    expect(pids.length).toBeGreaterThan(2);
    // A login process of an earlier test may exit between listing and reading; skip what is gone.
    const statusOf = (pid: number): string => {
      try {
        return readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        return '';
      }
    };
    const uids = new Set(
      pids
        .map(statusOf)
        .filter(Boolean)
        .map((status) => /^Uid:\s+(\d+)/m.exec(status)?.[1]),
    );
    console.info(`uids of ${pids.length} Dovecot processes: ${[...uids].join(', ')}`);
    expect(uids.size).toBe(1);
    expect([...uids][0]).not.toBe('0');
  });

  it('listens on 127.0.0.1 only', () => {
    const hexPort = (port: number): string => port.toString(16).toUpperCase().padStart(4, '0');
    const listeners = (file: string): string[] =>
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[3] === '0A')
        .map((fields) => fields[1] ?? '');
    const v4 = listeners('/proc/net/tcp');
    for (const port of [server.imapPort, server.imapsPort]) {
      expect(v4).toContain(`0100007F:${hexPort(port)}`);
      expect(v4).not.toContain(`00000000:${hexPort(port)}`);
      expect(listeners('/proc/net/tcp6').filter((address) => address.endsWith(`:${hexPort(port)}`))).toEqual(
        [],
      );
    }
  });
});
