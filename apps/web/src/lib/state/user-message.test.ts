import {
  CommandError,
  ConnectionError,
  ErrorCodes,
  ProtocolError,
  UsageError,
  webSocketCloseError,
} from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { describeError } from './user-message.ts';

describe('describeError', () => {
  it("shows the server's own words for a refused sign-in", () => {
    const error = new CommandError(
      'AUTHENTICATE',
      'NO',
      { name: 'AUTHENTICATIONFAILED' },
      'Authentication failed.',
    );
    expect(describeError(error)).toMatchObject({
      key: 'error.auth.failed',
      values: { text: 'Authentication failed.' },
    });
  });

  it("says the server refuses another connection for the account, in its words (Dovecot's [LIMIT])", () => {
    const text = 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)';
    const error = new CommandError('AUTHENTICATE', 'NO', { name: 'LIMIT' }, text);
    expect(describeError(error)).toMatchObject({ key: 'remember.tooManyConnections', values: { text } });
  });

  it.each([
    [1006, 'error.proxy.refused'],
    [4001, 'error.proxy.unknownServer'],
    [4010, 'error.connect.refused'],
    [4011, 'error.connect.timeout'],
    [4012, 'error.connect.unreachable'],
    [4020, 'error.tls.verify'],
    [4021, 'error.tls.handshake'],
    [4022, 'error.tls.handshake'],
    [4029, 'error.proxy.busy'],
    [4030, 'error.proxy.busy'],
    [1001, 'error.proxy.restarting'],
    [4013, 'error.connection.closed'],
    [4040, 'error.connection.idle'],
  ])('maps the proxy close code %i to %s', (code, key) => {
    expect(describeError(webSocketCloseError(code, 'reason'))?.key).toBe(key);
  });

  it.each([
    [
      'a BYE, with its text',
      new ConnectionError(ErrorCodes.BYE, 'server closed the connection: x'),
      'error.server.bye',
    ],
    ['a TLS failure without a close code', new ConnectionError(ErrorCodes.TLS, 'tls'), 'error.tls.handshake'],
    ['a protocol violation', new ProtocolError(ErrorCodes.PARSE, 'bad'), 'error.protocol'],
    [
      'LOGINDISABLED',
      new UsageError(ErrorCodes.UNSUPPORTED, 'the server disabled LOGIN (LOGINDISABLED)'),
      'error.auth.disabled',
    ],
    [
      'another refused command',
      new CommandError('SELECT', 'NO', { name: 'NONEXISTENT' }, 'Mailbox does not exist'),
      'error.server.refused',
    ],
    ['anything else', new TypeError('oops'), 'error.unexpected'],
  ])('describes %s', (_name, error, key) => {
    expect(describeError(error, { byeText: 'Shutting down' }).key).toBe(key);
  });

  it('uses the BYE text the session saw', () => {
    const error = new ConnectionError(ErrorCodes.BYE, 'server closed the connection: Shutting down');
    expect(describeError(error, { byeText: 'Shutting down' }).values).toEqual({ text: 'Shutting down' });
  });
});
