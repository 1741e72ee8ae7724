// The message list's action shortcuts (the list handles moving and selecting itself). Letters follow the common
// webmail habits: U toggles read, S stars (flags), J marks junk; Delete (Backspace on a Mac keyboard, whose
// Delete key sends it) deletes, with Shift permanently; Ctrl/Cmd+Z undoes the last move or delete. Writing goes
// by Gmail's keys: C composes, R replies, A replies to all, F forwards.

export type ListCommand =
  | 'delete'
  | 'deletePermanently'
  | 'toggleRead'
  | 'toggleFlag'
  | 'junk'
  | 'undo'
  | 'compose'
  | 'reply'
  | 'replyAll'
  | 'forward';

const LETTER_COMMANDS = new Map<string, ListCommand>([
  ['u', 'toggleRead'],
  ['s', 'toggleFlag'],
  ['j', 'junk'],
  ['c', 'compose'],
  ['r', 'reply'],
  ['a', 'replyAll'],
  ['f', 'forward'],
]);

export function listCommandOf(event: KeyboardEvent): ListCommand | null {
  if (event.altKey) return null;
  const command = event.ctrlKey || event.metaKey;
  if (command) return !event.shiftKey && event.key.toLowerCase() === 'z' ? 'undo' : null;
  if (event.key === 'Delete' || event.key === 'Backspace')
    return event.shiftKey ? 'deletePermanently' : 'delete';
  if (event.shiftKey) return null;
  return LETTER_COMMANDS.get(event.key.toLowerCase()) ?? null;
}
