// What a message drag carries: the folder, its UIDVALIDITY and the UIDs, as captured when the drag started, so a
// drop acts on exactly the messages the user picked up (never on whatever those UIDs mean later: the mover
// passes uidValidity on as expectedUidValidity). Plain text for drops outside the app.

export const MESSAGE_DRAG_TYPE = 'application/x-webmail-uids';

export interface MessageDrag {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uids: readonly number[];
}

const MAX_UID = 0xffff_ffff;

export function writeMessageDrag(
  data: DataTransfer,
  drag: { readonly mailbox: string; readonly uidValidity: number; readonly uids: ArrayLike<number> },
  text: string,
): void {
  const payload: MessageDrag = {
    mailbox: drag.mailbox,
    uidValidity: drag.uidValidity,
    uids: Array.from(drag.uids),
  };
  data.setData(MESSAGE_DRAG_TYPE, JSON.stringify(payload));
  data.setData('text/plain', text);
  data.effectAllowed = 'copyMove';
}

/** Whether a drag (during dragover, when only the types are visible) carries messages. */
export function hasMessageDrag(data: DataTransfer | null): boolean {
  return data !== null && Array.from(data.types).includes(MESSAGE_DRAG_TYPE);
}

/** The messages of a drop, or null when the data is missing or not what writeMessageDrag wrote. */
export function readMessageDrag(data: DataTransfer | null): MessageDrag | null {
  const text = data?.getData(MESSAGE_DRAG_TYPE);
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { mailbox, uidValidity, uids } = value as Record<string, unknown>;
  if (typeof mailbox !== 'string' || !isUid(uidValidity) || !Array.isArray(uids) || uids.length === 0)
    return null;
  if (!uids.every(isUid)) return null;
  return { mailbox, uidValidity, uids };
}

function isUid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_UID;
}
