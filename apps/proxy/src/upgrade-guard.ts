import type { IncomingMessage } from 'node:http';
import { CloseCode, relayTarget } from '@webmail/relay-contract';
import type { ClientAddressResolver } from './client-ip.ts';
import type { ProxyConfig } from './config.ts';
import type { Admission } from './session-limits.ts';
import { requestPath } from './request-path.ts';
import { targetEndpoint, type UpstreamTarget } from './upstream.ts';

// Every check a WebSocket upgrade passes before the handshake completes and before any upstream
// connection exists. Order matters: cheap, stateless checks first (`checkRequest`), and the limits last
// (`admissionDecision`, once the limits have answered, which with workers means the supervisor) so that
// a refused request from a foreign page does not spend the client's rate budget.

export interface Admitted {
  readonly ok: true;
  readonly target: UpstreamTarget;
  readonly clientIp: string;
}

export interface Refused {
  readonly ok: false;
  /** HTTP status answered when the refusal is not shown to the browser as a close code. */
  readonly status: number;
  /** Close code for refusals a browser should be able to explain; null for those it must not get. */
  readonly closeCode: CloseCode | null;
  readonly reason: string;
  readonly clientIp: string;
  /** The refusal still spends a new-session token (an upgrade naming no upstream). */
  readonly chargesRate: boolean;
}

type UpgradeDecision = Admitted | Refused;

function refuse(
  status: number,
  closeCode: CloseCode | null,
  reason: string,
  clientIp: string,
  chargesRate = false,
): Refused {
  return { ok: false, status, closeCode, reason, clientIp, chargesRate };
}

/** The refusal of a client past its new sessions per minute. */
export function rateRefusal(clientIp: string): Refused {
  return refuse(429, CloseCode.clientLimitReached, 'too many new sessions', clientIp);
}

/** The checks that need no shared state: draining, Origin, path, upstream name. */
export function checkRequest(
  request: IncomingMessage,
  config: ProxyConfig,
  addresses: ClientAddressResolver,
  draining: boolean,
): UpgradeDecision {
  const clientIp = addresses.resolve(request.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
  if (draining) return refuse(503, null, 'shutting down', clientIp);
  // A page on any other site (or a sandboxed/opaque one, whose Origin is "null") must get nothing:
  // the session would carry the user's mail to it.
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null' || !config.allowedOrigins.has(origin)) {
    return refuse(403, null, 'origin not allowed', clientIp);
  }
  const path = relayTarget(requestPath(request.url));
  if (path === null) return refuse(404, null, 'not a session path', clientIp);
  const upstream = config.upstreams.get(path.upstreamName);
  // An upstream without a submission server is, for /smtp/, no upstream at all: the same refusal, and no
  // connection anywhere (the relay never guesses a server the operator did not configure).
  const target = upstream === undefined ? null : { upstream, protocol: path.protocol };
  if (target === null || targetEndpoint(target) === null) {
    return refuse(404, CloseCode.unknownUpstream, 'unknown upstream', clientIp, true);
  }
  return { ok: true, target, clientIp };
}

/** The final decision for a request that passed `checkRequest`, from what the limits answered. */
export function admissionDecision(admission: Admission, admitted: Admitted): UpgradeDecision {
  const { clientIp } = admitted;
  switch (admission) {
    case 'ok':
      return admitted;
    case 'client-sessions':
      return refuse(429, CloseCode.clientLimitReached, 'too many sessions', clientIp);
    case 'client-rate':
      return rateRefusal(clientIp);
    case 'server-full':
      return refuse(503, CloseCode.serverFull, 'server full', clientIp);
    // Fail closed: without an answer from the limits no session opens.
    case 'unavailable':
      return refuse(503, CloseCode.serverFull, 'server busy', clientIp);
  }
}
