// Sees every request Chromium makes, from every frame and process, and lets nothing leave the machine. Chromium
// is launched with this recorder as its HTTP proxy, loopback included (`<-loopback>`): requests to the app's own
// origin are recorded and passed on to it (WebSockets through an opaque CONNECT tunnel); every other host is
// played by the recorder itself, which answers http and https alike (TLS ended here with a self-signed
// certificate, which Chromium is told to accept) with a 1x1 PNG or a small SVG, and records the headers
// Chromium really sent: the test reads the Referer and Origin a tracker would see.
//
// Why not Playwright's page.route and request events: the mail frame has an opaque origin, so Chromium renders it
// in a process of its own, and Playwright neither routes nor reports the requests of such a frame (checked with
// Chromium 156 and playwright-core 1.65). A request that slipped past would be invisible to a test.

import { mkdtemp, rm } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  request as forwardRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { issueCertificate } from '@webmail/testbed';

export interface RecordedRequest {
  /** The URL as the page asked for it. */
  readonly url: string;
  readonly method: string;
  readonly referer: string | null;
  readonly origin: string | null;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SVG_MASK =
  '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><mask id="m"><rect width="1" height="1" fill="#fff"/></mask></svg>';

/** Where Chromium itself calls home; no page asks for these. */
const CHROMIUM_SERVICES = /(?:^|\.)(?:google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

/** Answers a request for a remote host as any tracker would, CORS included. */
function answerAsRemote(request: IncomingMessage, response: ServerResponse, url: string): void {
  const svg = new URL(url).pathname.endsWith('.svg');
  response.writeHead(200, {
    'content-type': svg ? 'image/svg+xml' : 'image/png',
    'access-control-allow-origin': '*',
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : svg ? SVG_MASK : PNG_1X1);
}

export class NetworkRecorder {
  /** Every request so far, in order (tests may clear it). */
  readonly requests: RecordedRequest[];
  readonly #port: number;
  readonly #close: () => Promise<void>;

  private constructor(requests: RecordedRequest[], port: number, close: () => Promise<void>) {
    this.requests = requests;
    this.#port = port;
    this.#close = close;
  }

  static async start(): Promise<NetworkRecorder> {
    const dir = await mkdtemp(join(tmpdir(), 'network-recorder-'));
    const certificate = await issueCertificate({ certPem: '', keyPem: '' }, dir, {
      names: ['remote.example'],
      selfSigned: true,
    });
    const requests: RecordedRequest[] = [];
    const record = (request: IncomingMessage, url: string): void => {
      requests.push({
        url,
        method: request.method ?? 'GET',
        referer: headerOf(request, 'referer'),
        origin: headerOf(request, 'origin'),
        headers: { ...request.headers },
      });
    };
    const sockets = new Set<Duplex>();
    const track = (socket: Duplex): void => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    };

    // https to a remote host: the tunnel ends here.
    const tls = createHttpsServer(
      { cert: certificate.certPem, key: certificate.keyPem },
      function answerTlsRequest(request, response) {
        const url = `https://${headerOf(request, 'host') ?? 'unknown.invalid'}${request.url ?? '/'}`;
        record(request, url);
        answerAsRemote(request, response, url);
      },
    );

    const proxy = createHttpServer(function answerProxyRequest(request, response) {
      // A proxy gets absolute-form targets (RFC 9112 3.2.2): http://host:port/path.
      const url = request.url ?? '/';
      record(request, url);
      const target = new URL(url);
      if (!LOOPBACK.has(target.hostname)) return answerAsRemote(request, response, url);
      const upstream = forwardRequest(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: request.method,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    proxy.on('connection', track);
    proxy.on('connect', function openTunnel(request: IncomingMessage, client: Duplex, head: Buffer) {
      const [host = '', port = '443'] = (request.url ?? '').split(/:(?=\d+$)/);
      track(client);
      if (LOOPBACK.has(host)) {
        // The app's WebSocket: passed through untouched.
        const upstream: Socket = connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length > 0) upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        track(upstream);
        return;
      }
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) client.unshift(head);
      tls.emit('connection', client);
    });

    const port = await new Promise<number>((done) =>
      proxy.listen(0, '127.0.0.1', () => {
        const address = proxy.address();
        done(typeof address === 'object' && address ? address.port : 0);
      }),
    );
    return new NetworkRecorder(requests, port, async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => proxy.close(done));
      await rm(dir, { recursive: true, force: true });
    });
  }

  /** Chromium flags: every request through this recorder, loopback too; its certificate accepted. */
  chromiumArgs(): string[] {
    return [
      `--proxy-server=http://127.0.0.1:${this.#port}`,
      '--proxy-bypass-list=<-loopback>',
      '--ignore-certificate-errors',
    ];
  }

  /** Requests but Chromium's own (sign-in and update checks, which --disable-background-networking leaves). */
  fromPages(): RecordedRequest[] {
    return this.requests.filter((request) => !CHROMIUM_SERVICES.test(new URL(request.url).hostname));
  }

  /** Requests from pages to any origin but `origin` (the app's). */
  offOrigin(origin: string): RecordedRequest[] {
    return this.fromPages().filter((request) => new URL(request.url).origin !== origin);
  }

  /** Requests whose host is `host` or one of its subdomains. */
  to(host: string): RecordedRequest[] {
    return this.requests.filter((request) => {
      const name = new URL(request.url).hostname;
      return name === host || name.endsWith(`.${host}`);
    });
  }

  /** Requests to an origin (scheme, host and port), e.g. the app's. */
  toOrigin(origin: string): RecordedRequest[] {
    return this.requests.filter((request) => new URL(request.url).origin === origin);
  }

  close(): Promise<void> {
    return this.#close();
  }
}
