import { describe, expect, it } from 'vitest';
import { listCommandOf } from './list-commands.ts';

const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: k, ...init });

describe('listCommandOf', () => {
  it.each([
    ['Delete', {}, 'delete'],
    ['Backspace', {}, 'delete'],
    ['Delete', { shiftKey: true }, 'deletePermanently'],
    ['Backspace', { shiftKey: true }, 'deletePermanently'],
    ['u', {}, 'toggleRead'],
    ['U', {}, 'toggleRead'],
    ['s', {}, 'toggleFlag'],
    ['j', {}, 'junk'],
    ['z', { ctrlKey: true }, 'undo'],
    ['z', { metaKey: true }, 'undo'],
    ['c', {}, 'compose'],
    ['r', {}, 'reply'],
    ['a', {}, 'replyAll'],
    ['f', {}, 'forward'],
  ] as const)('%s %o is %s', (k, init, command) => {
    expect(listCommandOf(key(k, init))).toBe(command);
  });

  it.each([
    ['u', { ctrlKey: true }],
    ['s', { metaKey: true }],
    ['j', { altKey: true }],
    ['Delete', { altKey: true }],
    ['U', { shiftKey: true }],
    ['z', {}],
    ['z', { ctrlKey: true, shiftKey: true }],
    ['x', {}],
    ['Enter', {}],
    ['c', { ctrlKey: true }],
    ['r', { metaKey: true }],
    ['a', { ctrlKey: true }],
    ['F', { shiftKey: true }],
  ] as const)('%s %o is not a command', (k, init) => {
    expect(listCommandOf(key(k, init))).toBeNull();
  });
});
