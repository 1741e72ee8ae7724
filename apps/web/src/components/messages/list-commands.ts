// The message list's action shortcuts (the list handles moving and selecting itself). Letters follow the common
// webmail habits: U toggles read, S stars (flags), J marks junk; Delete (Backspace on a Mac keyboard, whose
// Delete key sends it) deletes, with Shift permanently; Ctrl/Cmd+Z undoes the last move or delete.

export type ListCommand = 'delete' | 'deletePermanently' | 'toggleRead' | 'toggleFlag' | 'junk' | 'undo';

const LETTER_COMMANDS = new Map<string, ListCommand>([
  ['u', 'toggleRead'],
  ['s', 'toggleFlag'],
  ['j', 'junk'],
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
