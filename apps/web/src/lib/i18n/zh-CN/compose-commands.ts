// The composer's commands, bundled with the app (en/compose-commands.ts).
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/compose-commands.ts';

export default {
  'compose.action.compose': '写邮件',
  'compose.action.reply': '回复',
  'compose.action.replyAll': '全部回复',
  'compose.action.forward': '转发',
  'compose.action.forwardAttachment': '作为附件转发',
  'compose.rowMenu': '回复或转发',
  'compose.window': '新邮件',
} satisfies PaneTranslation<typeof en>;
