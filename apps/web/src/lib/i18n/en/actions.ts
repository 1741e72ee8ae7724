// English strings of the mail actions: flags, labels, move, copy, delete, empty, undo, and their notices.
// {text} is the mail server's own explanation, shown verbatim.
export default {
  'actions.undo': 'Undo',
  'actions.cancel': 'Cancel',
  'actions.dismiss': 'Dismiss',
  'actions.progress':
    '{action, select, move {Moving} copy {Copying} delete {Deleting} flag {Updating} other {Removing}} {done, number} of {total, number}…',

  'actions.flag.refused': 'The change could not be saved and was undone. The server says: {text}',
  'actions.flag.cancelled':
    'Stopped: {done, plural, one {# message} other {# messages}} of {total, number} changed; the others are as they were.',
  'actions.flag.partlyRefused':
    '{done, plural, one {# message} other {# messages}} of {total, number} changed, then the server refused the rest, which are as they were: {text}',
  'actions.label.notAllowed':
    'Labels cannot be added in {folder}: the server does not allow new keywords there.',

  'actions.move.done': '{count, plural, one {# message moved} other {# messages moved}} to {folder}.',
  'actions.move.toNewFolder':
    '{count, plural, one {# message moved} other {# messages moved}} to {folder}, a folder created just now because there was none.',
  'actions.move.noUndo':
    '{count, plural, one {# message moved} other {# messages moved}} to {folder}. Undo is not available: the server’s answer did not match the messages moved, so where they are now is not known.',
  'actions.move.markedDeleted':
    '{count, plural, one {# message was copied} other {# messages were copied}} to {folder} and marked as deleted here. This server cannot move messages, so {count, plural, one {it stays} other {they stay}} in this folder until it is compacted.',
  'actions.move.cancelled':
    'Stopped: {done, plural, one {# message} other {# messages}} of {total, number} moved to {folder}; the rest are where they were.',
  'actions.move.refused': 'Nothing was moved to {folder}. The server says: {text}',
  'actions.move.copiedOnly':
    'The messages were copied to {folder}, but the server refused to remove them from here, so they are in both folders now. The server says: {text}',
  'actions.move.markedOnly':
    'The messages were copied to {folder} and marked deleted here, but the server refused to remove them, so they stay here until the folder is compacted. The server says: {text}',
  'actions.move.partlyRefused':
    '{done, plural, one {# message} other {# messages}} of {total, number} moved to {folder}, then the server refused the rest: {text}',

  'actions.copy.done': '{count, plural, one {# message copied} other {# messages copied}} to {folder}.',
  'actions.copy.cancelled':
    'Stopped: {done, plural, one {# message} other {# messages}} of {total, number} copied to {folder}.',
  'actions.copy.refused': 'Nothing was copied to {folder}. The server says: {text}',
  'actions.copy.partlyRefused':
    '{done, plural, one {# message} other {# messages}} of {total, number} copied to {folder}, then the server refused the rest: {text}',

  'actions.delete.done': '{count, plural, one {# message deleted} other {# messages deleted}} for good.',
  'actions.delete.markedOnly':
    '{count, plural, one {# message is} other {# messages are}} marked as deleted. This server cannot remove only chosen messages, so {count, plural, one {it stays} other {they stay}} until the folder is compacted.',
  'actions.delete.cancelled':
    'Stopped: {done, plural, one {# message} other {# messages}} of {total, number} deleted; the rest are still there.',
  'actions.delete.refused': 'Nothing was deleted. The server says: {text}',
  'actions.delete.partlyRefused':
    '{done, plural, one {# message} other {# messages}} of {total, number} deleted, then the server refused the rest: {text}',

  'actions.sameFolder':
    '{count, plural, one {The message is} other {The messages are}} already in {folder}: nothing was moved or copied.',
  'actions.erase.inTrashTitle': 'Delete for good?',
  'actions.erase.inTrash':
    '{count, plural, one {This message is} other {These # messages are}} in the Trash already. Deleting {count, plural, one {it} other {them}} here removes {count, plural, one {it} other {them}} for good; this cannot be undone.',
  'actions.erase.noTrashTitle': 'No Trash folder',
  'actions.erase.noTrash':
    'There is no Trash folder to move {count, plural, one {the message} other {the # messages}} to, and none could be created ({reason}). Delete {count, plural, one {it} other {them}} for good instead? This cannot be undone.',
  'actions.erase.confirm': 'Delete for good',
  'actions.erase.cancel': 'Keep',
  'actions.empty.done':
    '{folder} is empty: {count, plural, one {# message} other {# messages}} deleted for good.',
  'actions.empty.nothing': '{folder} has nothing to delete.',
  'actions.empty.markedOnly':
    '{count, plural, one {# message in {folder} is} other {# messages in {folder} are}} marked as deleted. This server cannot remove only chosen messages, so they stay until the folder is compacted.',

  'actions.undo.done':
    '{count, plural, one {# message moved back} other {# messages moved back}} to {folder}.',
  'actions.undo.cancelled':
    'Stopped: {done, plural, one {# message} other {# messages}} of {total, number} moved back to {folder}.',
  'actions.undo.refused': 'The messages could not be moved back to {folder}. The server says: {text}',
  'actions.undo.partlyRefused':
    '{done, plural, one {# message} other {# messages}} of {total, number} moved back to {folder}, then the server refused the rest: {text}',
  'actions.undo.gone':
    '{folder} changed on the server since the move, so the moved messages cannot be found.',

  'actions.error.notOpen':
    '{done, plural, =0 {Nothing was changed} one {Only # message was changed} other {Only # messages were changed}}: these messages belong to {folder}, which is no longer the open folder.',
  'actions.error.folderChanged':
    '{done, plural, =0 {Nothing was changed} one {Only # message was changed} other {Only # messages were changed}}: {folder} changed on the server, so the messages chosen earlier cannot be told apart any more. Choose them again.',
  'actions.error.offline':
    '{done, plural, =0 {Nothing was changed} one {Only # message was changed} other {Only # messages were changed}}: the connection to the mail server was lost. Try again once it is back.',
  'actions.error.interrupted':
    'The work stopped after {done, plural, one {# message} other {# messages}} of {total, number}: {detail}',
  'actions.error.dropped':
    '{count, plural, one {# waiting action was} other {# waiting actions were}} cancelled because {folder} changed on the server. Choose the messages again.',

  'labels.important': 'Important',
  'labels.work': 'Work',
  'labels.personal': 'Personal',
  'labels.todo': 'To Do',
  'labels.later': 'Later',
} as const;
