import { describe, expect, it } from 'vitest';
import { parseUpstreamList, UPSTREAM_LIST_INVALID, UpstreamListError } from './upstream-list.ts';

describe('parseUpstreamList', () => {
  it('reads every field of the contract and drops keys it does not know', () => {
    const body = [
      { name: 'demo', label: 'Demo mail', canSend: false },
      {
        name: 'work_2',
        label: 'Работа',
        canSend: true,
        mailDomain: 'почта.рф',
        savesSentCopy: true,
        identities: [{ address: '{user}@example.com' }, { name: '销售', address: 'sales@example.com' }],
        futureField: { anything: 1 },
      },
    ];
    expect(parseUpstreamList(body)).toEqual([
      { name: 'demo', label: 'Demo mail', canSend: false },
      {
        name: 'work_2',
        label: 'Работа',
        canSend: true,
        mailDomain: 'почта.рф',
        savesSentCopy: true,
        identities: [{ address: '{user}@example.com' }, { name: '销售', address: 'sales@example.com' }],
      },
    ]);
  });

  it('accepts an empty list', () => {
    expect(parseUpstreamList([])).toEqual([]);
  });

  const ok = { name: 'demo', label: 'Demo', canSend: true };
  it.each([
    ['an object instead of a list', { demo: ok }, 'upstreams must be an array'],
    ['null', null, 'upstreams must be an array'],
    ['an entry that is not an object', [ok, 'demo'], 'upstreams[1] must be an object'],
    ['an entry that is a list', [[]], 'upstreams[0] must be an object'],
    ['a missing name', [{ ...ok, name: undefined }], 'upstreams[0].name'],
    ['a name with a slash', [{ ...ok, name: 'a/b' }], 'upstreams[0].name'],
    ['a name of 65 characters', [{ ...ok, name: 'a'.repeat(65) }], 'upstreams[0].name'],
    ['a repeated name', [ok, ok], 'upstreams[1].name repeats demo'],
    ['a missing label', [{ name: 'demo', canSend: true }], 'upstreams[0].label must be a string'],
    ['an empty label', [{ ...ok, label: ' ' }], 'upstreams[0].label must not be empty'],
    ['a label with a line break', [{ ...ok, label: 'a\r\nb' }], 'upstreams[0].label'],
    ['a missing canSend', [{ name: 'demo', label: 'Demo' }], 'upstreams[0].canSend'],
    ['canSend as a string', [{ ...ok, canSend: 'true' }], 'upstreams[0].canSend'],
    ['a mailDomain with an @', [{ ...ok, mailDomain: 'a@b.com' }], 'upstreams[0].mailDomain'],
    ['a mailDomain with a space', [{ ...ok, mailDomain: 'a b.com' }], 'upstreams[0].mailDomain'],
    ['an empty mailDomain', [{ ...ok, mailDomain: '' }], 'upstreams[0].mailDomain'],
    ['a mailDomain with an empty label', [{ ...ok, mailDomain: 'a..com' }], 'upstreams[0].mailDomain'],
    ['savesSentCopy as a number', [{ ...ok, savesSentCopy: 1 }], 'upstreams[0].savesSentCopy'],
    ['identities as an object', [{ ...ok, identities: {} }], 'upstreams[0].identities must be an array'],
    ['an identity without @', [{ ...ok, identities: [{ address: 'sales' }] }], 'identities[0].address'],
    ['an identity with a line break', [{ ...ok, identities: [{ address: 'a@b\n.c' }] }], 'identities[0]'],
    [
      'an identity name of a number',
      [{ ...ok, identities: [{ name: 1, address: 'a@b.c' }] }],
      'identities[0].name',
    ],
  ])('refuses %s, naming the field', (_case, body, message) => {
    let thrown: unknown;
    try {
      parseUpstreamList(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UpstreamListError);
    expect((thrown as UpstreamListError).code).toBe(UPSTREAM_LIST_INVALID);
    expect((thrown as Error).message).toContain(message);
  });
});
