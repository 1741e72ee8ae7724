import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net, { type LookupFunction, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { LogRecord } from '../../src/index.ts';
import { findFreePorts } from '@webmail/testbed';

// The README's nginx and Caddy examples, run for real: each is read from README.md, given test ports, a test
// certificate and the test proxy's port, and started as a private instance (config, pid, logs, temp files
// and Caddy's storage in one temp dir) that listens on 127.0.0.1 only. Clients reach it by the README's site
// name, pinned to 127.0.0.1, so Host and SNI are what a browser would send.

const README = join(dirname(fileURLToPath(import.meta.url)), '../../README.md');
const SECTION = '## Behind a reverse proxy';
const SETPRIV = '/usr/bin/setpriv';
export const NGINX = process.env['TEST_NGINX_BIN'] ?? '/usr/sbin/nginx';
export const CADDY = process.env['TEST_CADDY_BIN'] ?? '/usr/bin/caddy';
const OUTPUT_TAIL_BYTES = 16_384;

export interface ReadmeExamples {
  readonly nginx: string;
  readonly caddyfile: string;
  /** The site name both examples serve (`server_name` / the Caddy site address). */
  readonly siteName: string;
  /** The proxy settings the README pairs with the examples. */
  readonly trustedProxies: string[];
  readonly allowedOrigins: string[];
  /** The proxy address the examples forward to (`127.0.0.1:8080`). */
  readonly upstream: string;
}

function onlyMatch(text: string, pattern: RegExp, what: string): RegExpExecArray {
  const all = [...text.matchAll(new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g'))];
  if (all.length !== 1) throw new Error(`README: expected one ${what}, found ${all.length}`);
  return all[0] as RegExpExecArray;
}

/** The "Behind a reverse proxy" section's code fences and the proxy settings stated with them. */
export function readReadmeExamples(path = README): ReadmeExamples {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(`\n${SECTION}\n`);
  if (start === -1) throw new Error(`README: no "${SECTION}" section`);
  const end = text.indexOf('\n## ', start + SECTION.length + 2);
  const section = text.slice(start, end === -1 ? undefined : end);
  const fence = (lang: string): string =>
    onlyMatch(section, new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'm'), `\`\`\`${lang} block`)[1] ??
    '';
  const setting = (name: string): string[] => {
    const json = onlyMatch(section, new RegExp('`"' + name + '": (\\[[^`]*\\])`'), `"${name}" setting`)[1];
    return JSON.parse(json ?? '[]') as string[];
  };
  const nginx = fence('nginx');
  const caddyfile = fence('caddyfile');
  const names = new Set([...nginx.matchAll(/^\s*server_name\s+(\S+);/gm)].map((m) => m[1]));
  const caddySite = /^([^\s#{][^\s{]*)\s*\{\s*$/m.exec(caddyfile)?.[1];
  if (names.size !== 1 || caddySite === undefined || !names.has(caddySite))
    throw new Error(`README: nginx server_name ${[...names].join(', ')} vs Caddy site ${caddySite}`);
  const upstream = /^\s*server\s+(\S+);/m.exec(nginx)?.[1];
  if (upstream === undefined || !new RegExp(`^\\s*reverse_proxy ${escape(upstream)} `, 'm').test(caddyfile))
    throw new Error(`README: the nginx upstream ${upstream} is not the Caddy reverse_proxy target`);
  return {
    nginx,
    caddyfile,
    siteName: caddySite,
    trustedProxies: setting('trustedProxies'),
    allowedOrigins: setting('allowedOrigins'),
    upstream,
  };
}

/** Replaces every match, insisting there is at least one: a README that changed shape fails loudly. */
function substitute(text: string, pattern: RegExp, replacement: string, what: string): string {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g',
  );
  if (!global.test(text)) throw new Error(`README example has no ${what} (${pattern}) to substitute`);
  return text.replace(global, replacement);
}

/** What a test front needs instead of the README's production values. */
export interface FrontSettings {
  readonly dir: string;
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly proxyPort: number;
  readonly certFile: string;
  readonly keyFile: string;
}

/** The README's nginx example with loopback test ports, the test certificate and the test proxy's port. */
export function nginxSite(readme: ReadmeExamples, front: FrontSettings): string {
  let site = readme.nginx;
  site = substitute(
    site,
    /^(?<lead>\s*listen\s+)443\b/m,
    `$<lead>127.0.0.1:${front.httpsPort}`,
    'listen 443',
  );
  site = substitute(site, /^(?<lead>\s*listen\s+)80\b/m, `$<lead>127.0.0.1:${front.httpPort}`, 'listen 80');
  site = substitute(site, /^(\s*ssl_certificate\s+)\S+;/m, `$1${front.certFile};`, 'ssl_certificate');
  site = substitute(site, /^(\s*ssl_certificate_key\s+)\S+;/m, `$1${front.keyFile};`, 'ssl_certificate_key');
  site = substitute(site, new RegExp(escape(readme.upstream)), `127.0.0.1:${front.proxyPort}`, 'upstream');
  for (const [, address] of site.matchAll(/^\s*listen\s+(\S+)/gm)) {
    if (!address?.startsWith('127.0.0.1:')) throw new Error(`nginx example would listen on ${address}`);
  }
  return site;
}

/**
 * The main config around the README's blocks: what a distribution's nginx.conf provides (events, http) and
 * what must not touch the system (pid, logs, temp files). Notices go to stderr too: "start worker processes"
 * says the listeners are open.
 */
export function nginxMainConfig(dir: string, siteFile: string): string {
  const temp = (name: string): string => `${name}_temp_path ${join(dir, name)};`;
  return [
    // A root master would hand the workers to `nobody`, who cannot enter the private temp dir.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    'error_log stderr notice;',
    `pid ${join(dir, 'nginx.pid')};`,
    'events { worker_connections 256; }',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `    ${temp(name)}`),
    `    include ${siteFile};`,
    '}',
    '',
  ].join('\n');
}

/**
 * The README's Caddyfile with a global block that keeps Caddy off the network and out of the system (no
 * admin endpoint, no ACME, no redirect listener, storage in the temp dir, loopback only), the test port on
 * the site address and the test certificate.
 */
export function testCaddyfile(readme: ReadmeExamples, front: FrontSettings): string {
  let site = readme.caddyfile;
  site = substitute(
    site,
    new RegExp(`^${escape(readme.siteName)}(\\s*\\{)\\n`, 'm'),
    `${readme.siteName}:${front.httpsPort}$1\n\ttls ${front.certFile} ${front.keyFile}\n`,
    'site address',
  );
  site = substitute(site, new RegExp(escape(readme.upstream)), `127.0.0.1:${front.proxyPort}`, 'upstream');
  const global = [
    '{',
    '\tadmin off',
    '\tauto_https off',
    '\tdefault_bind 127.0.0.1',
    `\tstorage file_system ${join(front.dir, 'caddy-storage')}`,
    '}',
    '',
  ].join('\n');
  return global + site;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The repo's rule: a missing binary fails the suite with what to install, never skips it. */
export function requireBinary(path: string, debianPackage: string): void {
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: install Debian's ${debianPackage} (bash scripts/run.sh test does, as root)`,
    );
}

export interface FrontProcess {
  /** Output written before the front said it was ready: configuration warnings land here. */
  readonly startupOutput: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns a front in the foreground (PDEATHSIG through setpriv when present, plus an exit hook, so no front
 * outlives the test process) and resolves once `ready` matches its output; rejects with its output if it
 * exits first.
 */
export async function startFront(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ready: RegExp; name: string },
): Promise<FrontProcess> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGTERM');
    });
  }
  const [file, ...rest] = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'TERM', '--', command, ...args]
    : [command, ...args];
  const child = spawn(file ?? command, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  running.add(child);
  let tail = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const startupOutput = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
      if (options.ready.test(tail)) resolve(tail);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    void exited.then(() => reject(new Error(`${options.name} exited during start-up:\n${tail}`)));
  });
  return {
    startupOutput,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // nginx: SIGTERM is the fast shutdown (SIGQUIT would wait for open WebSockets); Caddy: a clean stop.
      child.kill('SIGTERM');
      const guard = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(guard);
    },
  };
}

/** Starts `start` on `count` free loopback ports, again on fresh ones if another process took one meanwhile. */
export async function withFreePorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const ports = await findFreePorts(count);
    try {
      return await start(ports);
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test(String(error))) throw error;
    }
  }
}

export function writeFile(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

// ---- clients -------------------------------------------------------------------------------------------

/** Resolves every name to 127.0.0.1: the README's site name reaches the test front and never DNS. */
export const pinToLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

export interface ClientOptions {
  /** CA that signed the front's certificate. */
  readonly ca: string;
  /** Source address: another loopback address than the front's, so the client is told apart from it. */
  readonly localAddress: string;
}

/** For `ws`, whose options have no `lookup`: the agent's connect options carry it, the CA and the source. */
function agentFor(client: ClientOptions): https.Agent {
  return new https.Agent({ ca: client.ca, lookup: pinToLoopback, localAddress: client.localAddress });
}

export interface Fetched {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The negotiated protocol: `http/1.1` or `h2`. */
  readonly protocol: string;
}

/** GET over HTTPS/1.1 (or plain HTTP) with the site name as Host and SNI. */
export function get(url: string, client: ClientOptions): Promise<Fetched> {
  const secure = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).get(
      url,
      { ca: client.ca, lookup: pinToLoopback, localAddress: client.localAddress, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            protocol: 'http/1.1',
          }),
        );
      },
    );
    request.on('error', reject);
  });
}

/** GET over HTTP/2 (ALPN h2), as a browser loads the app. */
export function getHttp2(url: string, client: ClientOptions): Promise<Fetched> {
  const { origin, hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    // http2.connect has no localAddress option: the socket is made here, offering h2 as a browser does.
    const session = http2.connect(origin, {
      createConnection: () =>
        tls.connect({
          socket: net.connect({ host: '127.0.0.1', port: Number(port), localAddress: client.localAddress }),
          servername: hostname,
          ca: client.ca,
          ALPNProtocols: ['h2', 'http/1.1'],
        }),
    });
    session.on('error', reject);
    const stream = session.request({ ':path': pathname + search });
    const chunks: Buffer[] = [];
    let headers: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader = {};
    stream.on('response', (received) => (headers = received));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const protocol = session.alpnProtocol ?? '';
      session.close();
      resolve({
        status: Number(headers[':status'] ?? 0),
        headers: headers as http.IncomingHttpHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
        protocol,
      });
    });
    stream.end();
  });
}

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A `ws` client playing the browser through the front: Origin, CA, source address, every byte recorded. */
export class FrontBrowser {
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;
  #chunks: Buffer[] = [];
  #waiters = new Set<() => void>();

  constructor(url: string, client: ClientOptions & { origin: string; headers?: Record<string, string> }) {
    this.ws = new WebSocket(url, {
      origin: client.origin,
      agent: agentFor(client),
      headers: client.headers ?? {},
      perMessageDeflate: false,
    });
    this.ws.on('error', () => {});
    this.ws.on('message', (data: Buffer) => {
      this.#chunks.push(data);
      this.#wake();
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_request, response) => {
        reject(new Error(`the upgrade was answered HTTP ${response.statusCode}`));
        response.destroy();
        this.ws.terminate();
      });
      this.ws.once('close', () => reject(new Error('closed before open')));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.#wake();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  get text(): string {
    return Buffer.concat(this.#chunks).toString('latin1');
  }

  send(text: string): void {
    this.ws.send(Buffer.from(text, 'latin1'));
  }

  /** Resolves once the received bytes contain `needle`; rejects if the upgrade fails or the session closes first. */
  async waitFor(needle: string): Promise<string> {
    await this.opened;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.text.includes(needle)) {
          this.#waiters.delete(check);
          resolve(this.text);
        } else if (this.ws.readyState === WebSocket.CLOSED) {
          this.#waiters.delete(check);
          reject(new Error(`closed before ${JSON.stringify(needle)}; got ${JSON.stringify(this.text)}`));
        }
      };
      this.#waiters.add(check);
      check();
    });
  }
}

/** The HTTP status a refused upgrade got; rejects if the upgrade was accepted. */
export function upgradeStatus(
  url: string,
  client: ClientOptions & { origin: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: client.origin, agent: agentFor(client) });
    ws.on('error', () => {});
    ws.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
  });
}

/** Resolves once the socket is fully closed. */
export function socketClosed(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

// ---- the proxy's log -----------------------------------------------------------------------------------

/** The proxy's log records, with a way to await one. */
export class LogWatch {
  readonly records: LogRecord[] = [];
  #waiters = new Set<() => void>();

  readonly log = (record: LogRecord): void => {
    this.records.push(record);
    for (const wake of [...this.#waiters]) wake();
  };

  /** Where the log stands now: `next` looks only at records written after it. */
  mark(): number {
    return this.records.length;
  }

  /** The first record from `from` on that matches; waits for it if none has been written yet. */
  next(from: number, match: (record: LogRecord) => boolean): Promise<LogRecord> {
    return new Promise((resolve) => {
      const check = (): void => {
        const found = this.records.slice(from).find(match);
        if (found === undefined) return;
        this.#waiters.delete(check);
        resolve(found);
      };
      this.#waiters.add(check);
      check();
    });
  }
}
