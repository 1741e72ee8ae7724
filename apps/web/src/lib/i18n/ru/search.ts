// Russian strings of the search box, its filters and its results.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/search.ts';

export default {
  'search.filters': 'Параметры поиска',
  'search.field': 'Где искать',
  'search.field.all': 'Отправитель, получатели, тема и текст',
  'search.field.from': 'Отправитель',
  'search.field.to': 'Получатели',
  'search.field.subject': 'Тема',
  'search.field.body': 'Текст',
  'search.since': 'С даты',
  'search.before': 'До даты',
  'search.unread': 'Непрочитанные',
  'search.flagged': 'Помеченные',
  'search.attachment': 'С вложениями',
  'search.scope': 'Область поиска',
  'search.scope.folder': 'Эта папка',
  'search.scope.all': 'Все папки',
  'search.clear': 'Очистить поиск',
  'search.cancel': 'Остановить поиск',
  'search.searching': 'Поиск…',
  'search.refining': 'Поиск в тексте писем…',
  'search.count':
    '{count, plural, =0 {Писем не найдено} one {Найдено # письмо} few {Найдено # письма} many {Найдено # писем} other {Найдено # письма}}',
  'search.truncated': 'Найдено писем: {count, number}. Показаны самые новые: {shown, number}',
  'search.progress.folders':
    'Просмотрено {done, number} из {total, plural, one {# папки} few {# папок} many {# папок} other {# папки}}',
  'search.progress.messages':
    'Проверено на вложения {done, number} из {total, plural, one {# письма} few {# писем} many {# писем} other {# письма}}',
  'search.inFolder': 'в папке «{folder}»',
  'search.skipped':
    '{count, plural, one {Не удалось выполнить поиск в # папке: {names}} few {Не удалось выполнить поиск в # папках: {names}} many {Не удалось выполнить поиск в # папках: {names}} other {Не удалось выполнить поиск в # папки: {names}}}',
  'search.error.folderChanged': 'Папка изменилась во время поиска. Повторите поиск.',
} satisfies PaneTranslation<typeof en>;
