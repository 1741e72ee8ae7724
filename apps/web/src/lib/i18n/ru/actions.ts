// Russian strings of the mail actions and their notices. {text} is the mail server's own explanation, shown
// verbatim. "Сжатие" (compacting) is Thunderbird's word for removing messages marked as deleted.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/actions.ts';

export default {
  'actions.undo': 'Отменить',
  'actions.cancel': 'Отмена',
  'actions.dismiss': 'Закрыть',
  'actions.progress':
    '{action, select, move {Перемещение} copy {Копирование} delete {Удаление} flag {Обновление} other {Удаление}}: {done, number} из {total, number}…',

  'actions.flag.refused': 'Изменение не удалось сохранить, и оно отменено. Ответ сервера: {text}',
  'actions.flag.cancelled':
    'Остановлено: изменено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}; остальные остались как были.',
  'actions.flag.partlyRefused':
    'Изменено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}, затем сервер отказал, и остальные остались как были: {text}',
  'actions.label.notAllowed':
    'В папке «{folder}» нельзя добавлять метки: сервер не разрешает там новые ключевые слова.',

  'actions.move.done':
    '{count, plural, one {# письмо перемещено} few {# письма перемещены} many {# писем перемещено} other {# письма перемещено}} в папку «{folder}».',
  'actions.move.toNewFolder':
    '{count, plural, one {# письмо перемещено} few {# письма перемещены} many {# писем перемещено} other {# письма перемещено}} в папку «{folder}», созданную только что, потому что её не было.',
  'actions.move.noUndo':
    '{count, plural, one {# письмо перемещено} few {# письма перемещены} many {# писем перемещено} other {# письма перемещено}} в папку «{folder}». Отменить нельзя: ответ сервера не совпадает с перемещёнными письмами, поэтому неизвестно, где они теперь.',
  'actions.move.markedDeleted':
    '{count, plural, one {# письмо скопировано в папку «{folder}» и помечено здесь как удалённое. Этот сервер не умеет перемещать письма, поэтому оно останется в этой папке до её сжатия.} few {# письма скопированы в папку «{folder}» и помечены здесь как удалённые. Этот сервер не умеет перемещать письма, поэтому они останутся в этой папке до её сжатия.} many {# писем скопированы в папку «{folder}» и помечены здесь как удалённые. Этот сервер не умеет перемещать письма, поэтому они останутся в этой папке до её сжатия.} other {# письма скопированы в папку «{folder}» и помечены здесь как удалённые. Этот сервер не умеет перемещать письма, поэтому они останутся в этой папке до её сжатия.}}',
  'actions.move.cancelled':
    'Остановлено: в папку «{folder}» перемещено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}; остальные остались на месте.',
  'actions.move.refused': 'В папку «{folder}» ничего не перемещено. Ответ сервера: {text}',
  'actions.move.copiedOnly':
    'Письма скопированы в папку «{folder}», но сервер отказался удалить их отсюда, поэтому теперь они есть в обеих папках. Ответ сервера: {text}',
  'actions.move.markedOnly':
    'Письма скопированы в папку «{folder}» и помечены здесь как удалённые, но сервер отказался их удалить, поэтому они останутся здесь до сжатия папки. Ответ сервера: {text}',
  'actions.move.partlyRefused':
    'В папку «{folder}» перемещено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}, затем сервер отказал в остальном: {text}',

  'actions.copy.done':
    '{count, plural, one {# письмо скопировано} few {# письма скопированы} many {# писем скопировано} other {# письма скопировано}} в папку «{folder}».',
  'actions.copy.cancelled':
    'Остановлено: в папку «{folder}» скопировано {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}.',
  'actions.copy.refused': 'В папку «{folder}» ничего не скопировано. Ответ сервера: {text}',
  'actions.copy.partlyRefused':
    'В папку «{folder}» скопировано {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}, затем сервер отказал в остальном: {text}',

  'actions.delete.done':
    '{count, plural, one {# письмо удалено} few {# письма удалены} many {# писем удалено} other {# письма удалено}} безвозвратно.',
  'actions.delete.markedOnly':
    '{count, plural, one {# письмо помечено как удалённое. Этот сервер не умеет удалять только выбранные письма, поэтому оно останется до сжатия папки.} few {# письма помечены как удалённые. Этот сервер не умеет удалять только выбранные письма, поэтому они останутся до сжатия папки.} many {# писем помечены как удалённые. Этот сервер не умеет удалять только выбранные письма, поэтому они останутся до сжатия папки.} other {# письма помечены как удалённые. Этот сервер не умеет удалять только выбранные письма, поэтому они останутся до сжатия папки.}}',
  'actions.delete.cancelled':
    'Остановлено: удалено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}; остальные на месте.',
  'actions.delete.refused': 'Ничего не удалено. Ответ сервера: {text}',
  'actions.delete.partlyRefused':
    'Удалено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}, затем сервер отказал в остальном: {text}',

  'actions.sameFolder':
    '{count, plural, one {Письмо уже лежит} few {Письма уже лежат} many {Письма уже лежат} other {Письма уже лежат}} в папке «{folder}»: ничего не перемещено и не скопировано.',
  'actions.erase.inTrashTitle': 'Удалить безвозвратно?',
  'actions.erase.inTrash':
    '{count, plural, one {Это письмо уже в корзине} few {Эти # письма уже в корзине} many {Эти # писем уже в корзине} other {Эти # письма уже в корзине}}. Удаление здесь сотрёт {count, plural, one {его} few {их} many {их} other {их}} безвозвратно; отменить это нельзя.',
  'actions.erase.noTrashTitle': 'Нет корзины',
  'actions.erase.noTrash':
    'Нет корзины, куда можно переместить {count, plural, one {письмо} few {# письма} many {# писем} other {# письма}}, и создать её не удалось ({reason}). Удалить {count, plural, one {его} few {их} many {их} other {их}} безвозвратно? Отменить это нельзя.',
  'actions.erase.confirm': 'Удалить безвозвратно',
  'actions.erase.cancel': 'Оставить',
  'actions.empty.done':
    'Папка «{folder}» очищена: {count, plural, one {# письмо удалено} few {# письма удалены} many {# писем удалено} other {# письма удалено}} безвозвратно.',
  'actions.empty.nothing': 'В папке «{folder}» нечего удалять.',
  'actions.empty.markedOnly':
    '{count, plural, one {# письмо в папке «{folder}» помечено как удалённое} few {# письма в папке «{folder}» помечены как удалённые} many {# писем в папке «{folder}» помечены как удалённые} other {# письма в папке «{folder}» помечены как удалённые}}. Этот сервер не умеет удалять только выбранные письма, поэтому они останутся до сжатия папки.',

  'actions.undo.done':
    '{count, plural, one {# письмо возвращено} few {# письма возвращены} many {# писем возвращено} other {# письма возвращено}} в папку «{folder}».',
  'actions.undo.cancelled':
    'Остановлено: в папку «{folder}» возвращено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}.',
  'actions.undo.refused': 'Не удалось вернуть письма в папку «{folder}». Ответ сервера: {text}',
  'actions.undo.partlyRefused':
    'В папку «{folder}» возвращено {done, plural, one {# письмо} few {# письма} many {# писем} other {# письма}} из {total, number}, затем сервер отказал в остальном: {text}',
  'actions.undo.gone':
    'Папка «{folder}» изменилась на сервере после перемещения, поэтому перемещённые письма не найти.',

  'actions.error.notOpen':
    '{done, plural, =0 {Ничего не изменено} one {Изменено только # письмо} few {Изменено только # письма} many {Изменено только # писем} other {Изменено только # письма}}: эти письма из папки «{folder}», которая больше не открыта.',
  'actions.error.folderChanged':
    '{done, plural, =0 {Ничего не изменено} one {Изменено только # письмо} few {Изменено только # письма} many {Изменено только # писем} other {Изменено только # письма}}: папка «{folder}» изменилась на сервере, и выбранные ранее письма больше нельзя отличить. Выберите их снова.',
  'actions.error.offline':
    '{done, plural, =0 {Ничего не изменено} one {Изменено только # письмо} few {Изменено только # письма} many {Изменено только # писем} other {Изменено только # письма}}: соединение с почтовым сервером потеряно. Повторите, когда оно восстановится.',
  'actions.error.interrupted':
    'Работа остановилась после {done, plural, one {# письма} few {# писем} many {# писем} other {# письма}} из {total, number}: {detail}',
  'actions.error.dropped':
    '{count, plural, one {# ожидающее действие отменено} few {# ожидающих действия отменены} many {# ожидающих действий отменено} other {# ожидающего действия отменено}}, потому что папка «{folder}» изменилась на сервере. Выберите письма снова.',

  'labels.important': 'Важное',
  'labels.work': 'Работа',
  'labels.personal': 'Личное',
  'labels.todo': 'К выполнению',
  'labels.later': 'Позже',
} satisfies PaneTranslation<typeof en>;
