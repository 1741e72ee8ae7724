// Simplified Chinese strings of the mail actions and their notices. {text} is the mail server's own explanation,
// shown verbatim. Where English repeats a plural for agreement ("it stays"/"they stay"), Chinese needs none.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/actions.ts';

export default {
  'actions.undo': '撤销',
  'actions.cancel': '取消',
  'actions.dismiss': '关闭',
  'actions.progress':
    '{action, select, move {正在移动} copy {正在复制} delete {正在删除} flag {正在更新} other {正在清除}}：{done, number} / {total, number}…',

  'actions.flag.refused': '更改未能保存，已撤销。服务器返回：{text}',
  'actions.flag.cancelled':
    '已停止：{total, number} 封中有 {done, plural, other {# 封}}已更改；其余保持原样。',
  'actions.flag.partlyRefused':
    '{total, number} 封中有 {done, plural, other {# 封}}已更改，之后服务器拒绝了其余邮件，它们保持原样：{text}',
  'actions.label.notAllowed': '无法在“{folder}”中添加标签：服务器不允许在此处使用新的关键字。',

  'actions.move.done': '已将 {count, plural, other {# 封邮件}}移动到“{folder}”。',
  'actions.move.toNewFolder':
    '已将 {count, plural, other {# 封邮件}}移动到“{folder}”。该文件夹原本不存在，是刚刚创建的。',
  'actions.move.noUndo':
    '已将 {count, plural, other {# 封邮件}}移动到“{folder}”。无法撤销：服务器的答复与所移动的邮件不符，因此不知道它们现在的位置。',
  'actions.move.markedDeleted':
    '已将 {count, plural, other {# 封邮件}}复制到“{folder}”，并在此处标记为已删除。此服务器不支持移动邮件，因此它们会留在此文件夹中，直到该文件夹被压缩。',
  'actions.move.cancelled':
    '已停止：{total, number} 封中有 {done, plural, other {# 封}}已移动到“{folder}”；其余仍在原处。',
  'actions.move.refused': '没有邮件被移动到“{folder}”。服务器返回：{text}',
  'actions.move.copiedOnly':
    '邮件已复制到“{folder}”，但服务器拒绝将其从此处移除，因此现在两个文件夹中都有这些邮件。服务器返回：{text}',
  'actions.move.markedOnly':
    '邮件已复制到“{folder}”并在此处标记为已删除，但服务器拒绝移除它们，因此它们会留在此处，直到该文件夹被压缩。服务器返回：{text}',
  'actions.move.partlyRefused':
    '{total, number} 封中有 {done, plural, other {# 封}}已移动到“{folder}”，之后服务器拒绝了其余邮件：{text}',

  'actions.copy.done': '已将 {count, plural, other {# 封邮件}}复制到“{folder}”。',
  'actions.copy.cancelled': '已停止：{total, number} 封中有 {done, plural, other {# 封}}已复制到“{folder}”。',
  'actions.copy.refused': '没有邮件被复制到“{folder}”。服务器返回：{text}',
  'actions.copy.partlyRefused':
    '{total, number} 封中有 {done, plural, other {# 封}}已复制到“{folder}”，之后服务器拒绝了其余邮件：{text}',

  'actions.delete.done': '已永久删除 {count, plural, other {# 封邮件}}。',
  'actions.delete.markedOnly':
    '{count, plural, other {# 封邮件}}已标记为已删除。此服务器无法只移除选定的邮件，因此它们会保留，直到该文件夹被压缩。',
  'actions.delete.cancelled':
    '已停止：{total, number} 封中有 {done, plural, other {# 封}}已删除；其余仍在原处。',
  'actions.delete.refused': '没有删除任何邮件。服务器返回：{text}',
  'actions.delete.partlyRefused':
    '{total, number} 封中有 {done, plural, other {# 封}}已删除，之后服务器拒绝了其余邮件：{text}',

  'actions.sameFolder': '{count, plural, other {邮件已在“{folder}”中}}：没有移动或复制任何邮件。',
  'actions.erase.inTrashTitle': '永久删除？',
  'actions.erase.inTrash':
    '{count, plural, other {这 # 封邮件}}已在“已删除”文件夹中。在这里删除会将其永久删除，且无法撤销。',
  'actions.erase.noTrashTitle': '没有“已删除”文件夹',
  'actions.erase.noTrash':
    '没有可以移入的“已删除”文件夹，也无法创建（{reason}）。要永久删除{count, plural, other {这 # 封邮件}}吗？此操作无法撤销。',
  'actions.erase.confirm': '永久删除',
  'actions.erase.cancel': '保留',
  'actions.empty.done': '“{folder}”已清空：{count, plural, other {# 封邮件}}已永久删除。',
  'actions.empty.nothing': '“{folder}”中没有可删除的内容。',
  'actions.empty.markedOnly':
    '“{folder}”中的 {count, plural, other {# 封邮件}}已标记为已删除。此服务器无法只移除选定的邮件，因此它们会保留，直到该文件夹被压缩。',

  'actions.undo.done': '已将 {count, plural, other {# 封邮件}}移回“{folder}”。',
  'actions.undo.cancelled': '已停止：{total, number} 封中有 {done, plural, other {# 封}}已移回“{folder}”。',
  'actions.undo.refused': '无法将邮件移回“{folder}”。服务器返回：{text}',
  'actions.undo.partlyRefused':
    '{total, number} 封中有 {done, plural, other {# 封}}已移回“{folder}”，之后服务器拒绝了其余邮件：{text}',
  'actions.undo.gone': '移动之后，“{folder}”在服务器上发生了变化，因此找不到已移动的邮件。',

  'actions.error.notOpen':
    '{done, plural, =0 {未做任何更改} other {只更改了 # 封邮件}}：这些邮件属于“{folder}”，而它已不是当前打开的文件夹。',
  'actions.error.folderChanged':
    '{done, plural, =0 {未做任何更改} other {只更改了 # 封邮件}}：“{folder}”在服务器上发生了变化，之前选择的邮件已无法区分。请重新选择。',
  'actions.error.offline':
    '{done, plural, =0 {未做任何更改} other {只更改了 # 封邮件}}：与邮件服务器的连接已断开。连接恢复后请重试。',
  'actions.error.interrupted': '处理了 {total, number} 封中的 {done, plural, other {# 封}}后停止：{detail}',
  'actions.error.dropped':
    '由于“{folder}”在服务器上发生了变化，{count, plural, other {# 个等待中的操作}}已取消。请重新选择邮件。',

  'labels.important': '重要',
  'labels.work': '工作',
  'labels.personal': '个人',
  'labels.todo': '待办',
  'labels.later': '稍后',
} satisfies PaneTranslation<typeof en>;
