import { describe, expect, it } from 'vitest';
import { MESSAGE_DRAG_TYPE, hasMessageDrag, readMessageDrag, writeMessageDrag } from './drag-data.ts';

class Data {
  readonly entries = new Map<string, string>();
  effectAllowed = 'uninitialized';
  get types(): string[] {
    return [...this.entries.keys()];
  }
  setData(type: string, value: string): void {
    this.entries.set(type, value);
  }
  getData(type: string): string {
    return this.entries.get(type) ?? '';
  }
}

const asTransfer = (data: Data) => data as unknown as DataTransfer;

function withPayload(payload: string): DataTransfer {
  const data = new Data();
  data.setData(MESSAGE_DRAG_TYPE, payload);
  return asTransfer(data);
}

describe('message drag data', () => {
  it('carries folder, UIDVALIDITY and UIDs as JSON, plus text for other drop targets', () => {
    const data = new Data();
    writeMessageDrag(
      asTransfer(data),
      { mailbox: 'Входящие/Работа', uidValidity: 1700000000, uids: Uint32Array.of(3, 9, 4294967295) },
      '3 messages',
    );
    expect(JSON.parse(data.getData(MESSAGE_DRAG_TYPE))).toEqual({
      mailbox: 'Входящие/Работа',
      uidValidity: 1700000000,
      uids: [3, 9, 4294967295],
    });
    expect(data.getData('text/plain')).toBe('3 messages');
    expect(data.effectAllowed).toBe('copyMove');
    expect(hasMessageDrag(asTransfer(data))).toBe(true);
    expect(readMessageDrag(asTransfer(data))).toEqual({
      mailbox: 'Входящие/Работа',
      uidValidity: 1700000000,
      uids: [3, 9, 4294967295],
    });
  });

  it('tells a message drag from other drags', () => {
    const text = new Data();
    text.setData('text/plain', 'hello');
    expect(hasMessageDrag(asTransfer(text))).toBe(false);
    expect(hasMessageDrag(null)).toBe(false);
    expect(readMessageDrag(asTransfer(text))).toBeNull();
    expect(readMessageDrag(null)).toBeNull();
  });

  it.each([
    ['not JSON', '{mailbox'],
    ['not an object', '[1,2]'],
    ['no mailbox', '{"uidValidity":1,"uids":[1]}'],
    ['no UIDs', '{"mailbox":"INBOX","uidValidity":1,"uids":[]}'],
    ['UID 0', '{"mailbox":"INBOX","uidValidity":1,"uids":[0]}'],
    ['a fractional UID', '{"mailbox":"INBOX","uidValidity":1,"uids":[1.5]}'],
    ['a UID past 32 bits', '{"mailbox":"INBOX","uidValidity":1,"uids":[4294967296]}'],
    ['a string UID', '{"mailbox":"INBOX","uidValidity":1,"uids":["1:*"]}'],
    ['no UIDVALIDITY', '{"mailbox":"INBOX","uids":[1]}'],
  ])('refuses a payload with %s', (_, payload) => {
    expect(readMessageDrag(withPayload(payload))).toBeNull();
  });
});
