// Russian strings of the reading pane.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/reader.ts';

export default {
  'reader.empty': 'Выберите письмо, чтобы прочитать его.',
  'reader.loading': 'Открытие письма…',
  'reader.error.notSelected': 'Эта папка больше не открыта. Откройте её снова, чтобы прочитать письмо.',
  'reader.error.uidValidity': 'Эта папка изменилась на сервере. Обновите её, чтобы прочитать письмо.',
  'reader.error.notFound': 'Этого письма больше нет на сервере.',
  'reader.error.parse': 'Не удалось прочитать это письмо: {detail}',
  'reader.error.fetch': 'Не удалось загрузить письмо: {detail}',
  'reader.error.unreadable':
    'Описание этого письма, присланное сервером, не удалось прочитать, поэтому письмо нельзя показать. Ниже его исходный текст.',
  'reader.header.from': 'От',
  'reader.header.to': 'Кому',
  'reader.header.cc': 'Копия',
  'reader.header.replyTo': 'Адрес для ответа',
  'reader.header.date': 'Дата',
  'reader.header.noSubject': '(без темы)',
  'reader.header.noSender': '(без отправителя)',
  'reader.header.undisclosed': 'скрытые получатели',
  'reader.header.impersonation':
    'Осторожно: в имени отправителя указан адрес {imitated}, но письмо отправлено с адреса {actual}.',
  'reader.header.lookalike.mixed-scripts':
    'Осторожно: в домене адреса {address} смешаны разные алфавиты, его можно принять за другой. Его настоящее имя: {ascii}.',
  'reader.header.lookalike.look-alike':
    'Осторожно: домен адреса {address} написан буквами, похожими на латинские. Его настоящее имя: {ascii}.',
  'reader.header.lookalike.invalid': 'Осторожно: домен адреса {address} не является допустимым именем.',
  'reader.remote.blocked':
    'Заблокировано {count, plural, one {# внешнее изображение или ресурс} few {# внешних изображения или ресурса} many {# внешних изображений или ресурсов} other {# внешнего изображения или ресурса}} для защиты вашей конфиденциальности.',
  'reader.remote.load': 'Загрузить внешнее содержимое',
  'reader.remote.loaded': 'Внешние изображения в этом письме показаны.',
  'reader.attachments.heading':
    '{count, plural, one {# вложение} few {# вложения} many {# вложений} other {# вложения}}',
  'reader.attachments.download': 'Скачать {name}',
  'reader.attachments.type': 'Расширение, с которым файл будет сохранён',
  'reader.attachments.estimate': 'около {size}',
  'reader.attachments.unnamed': 'вложение',
  'reader.attachments.failed': 'Не удалось скачать {name}: {detail}',
  'reader.attachments.downloading': 'Скачивание {name}…',
  'reader.charset.label': 'Кодировка текста',
  'reader.charset.declared': 'Из письма',
  'reader.charset.declaredList': 'Из письма ({charsets})',
  'reader.charset.group.unicode': 'Юникод',
  'reader.charset.group.chinese': 'Китайские',
  'reader.charset.group.japanese': 'Японские',
  'reader.charset.group.korean': 'Корейские',
  'reader.charset.group.cyrillic': 'Кириллические',
  'reader.charset.group.western': 'Западноевропейские',
  'reader.charset.group.central': 'Центрально- и североевропейские',
  'reader.charset.group.other': 'Греческие, турецкие, иврит, арабские, вьетнамские, тайские',
  'reader.source.show': 'Показать исходный текст',
  'reader.source.hide': 'Назад к письму',
  'reader.source.heading': 'Исходный текст письма',
  'reader.source.loading': 'Загрузка исходного текста…',
  'reader.source.truncated': 'Показаны первые {shown} из {total}.',
  'reader.source.failed': 'Не удалось загрузить исходный текст: {detail}',
  'reader.frame.title': 'Текст письма: {subject}',
  'reader.frame.titlePart': 'Текст письма, часть {part} из {count}: {subject}',
  'reader.body.tooDeep':
    'В этой части элементы вложены глубже {max, number} уровней — больше, чем можно безопасно показать.',
  'reader.body.tooLarge':
    'Эта часть больше, чем можно безопасно показать (не меньше {elements, number} элементов).',
  'reader.body.asAlternative': 'Ниже — текстовая версия, которую приложил отправитель.',
  'reader.body.asText': 'Ниже — её текст.',
  'reader.body.truncated':
    'Письмо длинное: здесь показаны первые {shown, number} символов. Весь текст — в исходном коде письма.',
  'reader.body.empty': 'В этом письме нет текста.',
  'reader.toolbar': 'Действия с письмом',
} satisfies PaneTranslation<typeof en>;
