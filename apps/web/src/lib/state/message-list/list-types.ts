// The message list's vocabulary, shared by the list model, its parts and whoever uses the list (the reader is
// handed a MessageRef, the folder tree FolderCountsUpdates).

/** How a message is named to the reader: by UID, valid only under this UIDVALIDITY of this folder. */
export interface MessageRef {
  readonly mailbox: string;
  readonly uidValidity: number;
  readonly uid: number;
  /** RFC822.SIZE as the list fetched it, when it did: a small message is then fetched whole, in one round trip. */
  readonly size?: number;
  /** Whether the list showed it read (\Seen), when it knew: unread mail is fetched before the device is asked. */
  readonly seen?: boolean;
  /** The list could not read the message (message-row.ts): the reader can show only its source. */
  readonly unreadable?: true;
}

export interface FolderCountsUpdate {
  readonly messages?: number;
  readonly unseen?: number;
}

export type ListPhase = 'idle' | 'opening' | 'ready' | 'error';

/** Messages hidden from the list while they are moved away (ListModel.hideMoving). */
export interface MovingRows {
  /** How many of them were unread (as the list knew them). */
  readonly unseen: number;
  /** The move is done: they left the folder. */
  done(): void;
  /** Those still in the folder come back where they were; nothing once done. */
  restore(): void;
}
