// The composer's commands, bundled with the app (en/compose-commands.ts).
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/compose-commands.ts';

export default {
  'compose.action.compose': 'Написать',
  'compose.action.reply': 'Ответить',
  'compose.action.replyAll': 'Ответить всем',
  'compose.action.forward': 'Переслать',
  'compose.action.forwardAttachment': 'Переслать вложением',
  'compose.rowMenu': 'Ответить или переслать',
  'compose.window': 'Новое письмо',
} satisfies PaneTranslation<typeof en>;
