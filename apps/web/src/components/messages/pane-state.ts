// What the message pane reads and calls of the state classes (MessageList with its Selection, MailActions,
// SearchState, FolderTree), as narrow Picks: a component says what it uses, and tests can hand in small fakes.

import type { MailActions } from '../../lib/state/actions.svelte.ts';
import type { FolderTree } from '../../lib/state/folders.svelte.ts';
import type { MessageList } from '../../lib/state/message-list/message-list.svelte.ts';
import type { MessageRow } from '../../lib/state/message-list/message-row.ts';
import type { SearchState } from '../../lib/state/search.svelte.ts';
import type { Selection } from '../../lib/state/message-list/selection.svelte.ts';

export type { ActionTarget } from '../../lib/state/message-list/selection.svelte.ts';

export type PaneSelection = Pick<
  Selection,
  'size' | 'all' | 'has' | 'click' | 'toggle' | 'extendTo' | 'selectAll' | 'clear' | 'target'
>;

export type PaneList = Pick<
  MessageList,
  | 'path'
  | 'role'
  | 'phase'
  | 'ordering'
  | 'progress'
  | 'error'
  | 'count'
  | 'uidValidity'
  | 'cursor'
  | 'openUid'
  | 'rowAt'
  | 'uidAt'
  | 'indexOfUid'
  | 'setViewport'
  | 'moveCursor'
  | 'keywordsAllowed'
  | 'knownKeywords'
  | 'query'
  | 'searching'
  | 'allUids'
> & { readonly selection: PaneSelection };

export type PaneActions = Pick<
  MailActions,
  | 'progress'
  | 'notice'
  | 'canUndo'
  | 'setFlag'
  | 'setKeyword'
  | 'markJunk'
  | 'move'
  | 'copy'
  | 'delete'
  | 'eraseRequest'
  | 'confirmErase'
  | 'dismissErase'
  | 'emptyFolder'
  | 'undo'
  | 'cancel'
  | 'dismissNotice'
>;

export type PaneSearch = Pick<
  SearchState,
  | 'form'
  | 'running'
  | 'resultCount'
  | 'error'
  | 'progress'
  | 'allResults'
  | 'truncated'
  | 'skipped'
  | 'update'
  | 'run'
  | 'cancel'
  | 'clear'
>;

export type PaneFolders = Pick<FolderTree, 'roots' | 'get' | 'displayName'>;

export type { MessageRow };
