import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parseUpstreamList, RELAY_PATHS } from '@webmail/relay-contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { relayWsUrl, TEST_ORIGIN, TestBrowser } from './helpers/browser.ts';
import { listeningUrl, logLines, runMain, type MainProcess } from './helpers/main-process.ts';
import { newSmtpRecord, SMTP_TEST_GREETING, smtpServer } from './helpers/smtp-server.ts';
import {
  greetAndEcho,
  startTestUpstream,
  TEST_GREETING,
  type TestUpstream,
} from './helpers/upstream-server.ts';

// What an operator runs: `pnpm build`, then `node dist/main.js` with plain Node (no TypeScript loader). The
// built proxy must carry @webmail/relay-contract inside it, and its workers must find their entry.

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// Under the package's node_modules, so the built files resolve `ws` as dist/ does.
const cacheDir = join(packageDir, 'node_modules/.cache');
let outdir: string;
const upstreams: TestUpstream[] = [];
let run: MainProcess | undefined;

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true });
  outdir = mkdtempSync(join(cacheDir, 'dist-test-'));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'build.ts', '--outdir', outdir], {
    cwd: packageDir,
  });
}, 60_000);

afterEach(async () => {
  run?.child.kill('SIGKILL');
  await run?.exited;
  run = undefined;
  for (const upstream of upstreams.splice(0)) await upstream.close();
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('the built proxy', () => {
  it('runs under plain Node with two workers, lists upstreams, and relays IMAP and SMTP', async () => {
    const imap = await startTestUpstream(greetAndEcho());
    const smtp = await startTestUpstream(smtpServer(newSmtpRecord()));
    upstreams.push(imap, smtp);
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      allowedOrigins: [TEST_ORIGIN],
      upstreams: [
        {
          name: 'main',
          host: '127.0.0.1',
          port: imap.port,
          tls: 'none',
          smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none' },
          mailDomain: 'example.test',
        },
      ],
      workers: 2,
    };
    run = runMain(config, {}, join(outdir, 'main.js'));
    const url = await listeningUrl(run);
    const list = parseUpstreamList(await (await fetch(`${url}${RELAY_PATHS.upstreams}`)).json());
    expect(list).toEqual([
      { name: 'main', label: 'main', canSend: true, mailDomain: 'example.test', savesSentCopy: false },
    ]);
    const imapBrowser = new TestBrowser(relayWsUrl(url, 'imap', 'main'));
    const smtpBrowser = new TestBrowser(relayWsUrl(url, 'smtp', 'main'));
    await imapBrowser.waitFor(TEST_GREETING);
    await smtpBrowser.waitFor(SMTP_TEST_GREETING);
    imapBrowser.ws.close();
    smtpBrowser.ws.close();
    await Promise.all([imapBrowser.closed, smtpBrowser.closed]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const sessions = logLines(run).filter((line) => line['msg'] === 'session');
    expect(sessions.map((line) => line['protocol']).sort()).toEqual(['imap', 'smtp']);
  });

  it('has a precompress entry that writes the siblings the proxy serves', async () => {
    const app = mkdtempSync(join(cacheDir, 'app-'));
    const text = 'export const greeting = "你好";\n'.repeat(200);
    writeFileSync(join(app, 'index.js'), text);
    const { stdout } = await promisify(execFile)(process.execPath, [join(outdir, 'precompress.js'), app]);
    expect(stdout).toMatch(/1 files/);
    expect(brotliDecompressSync(readFileSync(join(app, 'index.js.br'))).toString()).toBe(text);
    expect(gunzipSync(readFileSync(join(app, 'index.js.gz'))).toString()).toBe(text);
    rmSync(app, { recursive: true, force: true });
  });
});
