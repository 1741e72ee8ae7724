import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './config.ts';
import { BrokerClient, LimitsBroker, type BrokerAnswer, type BrokerRequest } from './limits-broker.ts';

const limits = { ...DEFAULT_LIMITS, maxSessions: 4, maxSessionsPerIp: 2, newSessionsPerIpPerMinute: 100 };
const A = '198.51.100.7';

function admit(broker: LimitsBroker, worker: number, address: string, id = 0): BrokerAnswer['admission'] {
  return broker.handle(worker, { type: 'admit', id, address }, 0)?.admission ?? 'unavailable';
}

describe('LimitsBroker', () => {
  it('counts one client across workers', () => {
    const broker = new LimitsBroker(limits);
    expect(admit(broker, 1, A)).toBe('ok');
    expect(admit(broker, 2, A)).toBe('ok');
    expect(admit(broker, 1, A)).toBe('client-sessions');
    expect(admit(broker, 2, A)).toBe('client-sessions');
  });

  it('enforces the global cap across workers', () => {
    const broker = new LimitsBroker(limits);
    ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'].forEach((address, i) => {
      expect(admit(broker, (i % 2) + 1, address)).toBe('ok');
    });
    expect(admit(broker, 1, '198.51.100.5')).toBe('server-full');
    expect(broker.openSessions).toBe(4);
  });

  it('takes back only what a worker holds, and everything of a worker that exited', () => {
    const broker = new LimitsBroker(limits);
    expect(admit(broker, 1, A)).toBe('ok');
    expect(admit(broker, 1, A)).toBe('ok');
    broker.handle(2, { type: 'release', address: A });
    expect(broker.openSessions).toBe(2);
    broker.forgetWorker(1);
    expect(broker.openSessions).toBe(0);
    expect(admit(broker, 2, A)).toBe('ok');
  });
});

describe('BrokerClient', () => {
  it('resolves with the answer to its question', async () => {
    const sent: BrokerRequest[] = [];
    const client = new BrokerClient((request) => void sent.push(request));
    const admission = client.admit(A);
    const [request] = sent;
    if (request?.type !== 'admit') throw new Error('no admit sent');
    client.onAnswer({ type: 'admission', id: request.id, admission: 'ok' });
    expect(await admission).toBe('ok');
    expect(client.openSessions).toBe(1);
    client.release(A);
    expect(sent.at(-1)).toEqual({ type: 'release', address: A });
    expect(client.openSessions).toBe(0);
  });

  it('fails closed when the supervisor does not answer in time, and gives back a late yes', async () => {
    const sent: BrokerRequest[] = [];
    const client = new BrokerClient((request) => void sent.push(request), 20);
    expect(await client.admit(A)).toBe('unavailable');
    const [request] = sent;
    if (request?.type !== 'admit') throw new Error('no admit sent');
    client.onAnswer({ type: 'admission', id: request.id, admission: 'ok' });
    expect(sent.at(-1)).toEqual({ type: 'release', address: A });
    expect(client.openSessions).toBe(0);
  });

  it('fails closed when the supervisor is gone', async () => {
    const client = new BrokerClient(() => {
      throw new Error('supervisor gone');
    });
    expect(await client.admit(A)).toBe('unavailable');
  });
});

describe('LimitsBroker charge', () => {
  it('spends one budget across workers and holds no slot for it', () => {
    const broker = new LimitsBroker({ ...limits, newSessionsPerIpPerMinute: 2 });
    expect(broker.handle(1, { type: 'charge', id: 1, address: A }, 0)?.admission).toBe('ok');
    expect(broker.handle(2, { type: 'charge', id: 2, address: A }, 0)?.admission).toBe('ok');
    expect(broker.handle(1, { type: 'charge', id: 3, address: A }, 0)?.admission).toBe('client-rate');
    expect(broker.openSessions).toBe(0);
    broker.forgetWorker(1);
    expect(broker.openSessions).toBe(0);
  });

  it('is asked by a worker without counting a slot there', async () => {
    const broker = new LimitsBroker(limits);
    const client = new BrokerClient((request: BrokerRequest) => {
      const answer = broker.handle(1, request, 0);
      if (answer !== null) queueMicrotask(() => client.onAnswer(answer));
    });
    expect(await client.charge(A)).toBe('ok');
    expect(client.openSessions).toBe(0);
  });
});
