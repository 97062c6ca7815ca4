// The edition's UI words in the languages Briefing knows, so a Spanish edition prints "Índice" and
// "Figura" without a strings.yaml (as Quarto and Pandoc ship theirs). A locale's strings.yaml still
// wins, key by key; a language not here falls back to the source locale's words, then English, with a
// warning per key (content/strings.ts). The ru and kk words are the shipped review's translators'.
import type { StringKey } from './strings.js';

type Words = Record<StringKey, string>;

const es: Words = {
  contents: 'Índice',
  sources: 'Fuentes de información adicional',
  page: 'Página',
  backToReference: 'Volver a la referencia',
  notTranslated: 'Aún no traducido',
  skipToContent: 'Saltar al contenido',
  preparedBy: 'Preparado por',
  preface: 'Prefacio',
  figure: 'Figura',
  table: 'Tabla',
  notes: 'Notas',
  continued: 'continuación',
  note: 'Nota',
  tip: 'Consejo',
  important: 'Importante',
  warning: 'Advertencia',
  caution: 'Precaución',
  section: 'Sección',
  equation: 'Ecuación',
  listing: 'Listado',
  references: 'Referencias',
  onPage: 'en la página {page}',
};

const pt: Words = {
  contents: 'Índice',
  sources: 'Fontes de informação adicional',
  page: 'Página',
  backToReference: 'Voltar à referência',
  notTranslated: 'Ainda não traduzido',
  skipToContent: 'Ir para o conteúdo',
  preparedBy: 'Preparado por',
  preface: 'Prefácio',
  figure: 'Figura',
  table: 'Tabela',
  notes: 'Notas',
  continued: 'continuação',
  note: 'Nota',
  tip: 'Dica',
  important: 'Importante',
  warning: 'Aviso',
  caution: 'Cuidado',
  section: 'Seção',
  equation: 'Equação',
  listing: 'Listagem',
  references: 'Referências',
  onPage: 'na página {page}',
};

const fr: Words = {
  contents: 'Table des matières',
  sources: 'Sources d’information complémentaires',
  page: 'Page',
  backToReference: 'Retour à l’appel de note',
  notTranslated: 'Pas encore traduit',
  skipToContent: 'Aller au contenu',
  preparedBy: 'Préparé par',
  preface: 'Préface',
  figure: 'Figure',
  table: 'Tableau',
  notes: 'Notes',
  continued: 'suite',
  note: 'Note',
  tip: 'Astuce',
  important: 'Important',
  warning: 'Avertissement',
  caution: 'Attention',
  section: 'Section',
  equation: 'Équation',
  listing: 'Listing',
  references: 'Références',
  onPage: 'à la page {page}',
};

const de: Words = {
  contents: 'Inhaltsverzeichnis',
  sources: 'Weitere Informationsquellen',
  page: 'Seite',
  backToReference: 'Zurück zum Verweis',
  notTranslated: 'Noch nicht übersetzt',
  skipToContent: 'Zum Inhalt springen',
  preparedBy: 'Erstellt von',
  preface: 'Vorwort',
  figure: 'Abbildung',
  table: 'Tabelle',
  notes: 'Anmerkungen',
  continued: 'Fortsetzung',
  note: 'Hinweis',
  tip: 'Tipp',
  important: 'Wichtig',
  warning: 'Warnung',
  caution: 'Vorsicht',
  section: 'Abschnitt',
  equation: 'Gleichung',
  listing: 'Listing',
  references: 'Literatur',
  onPage: 'auf Seite {page}',
};

const ru: Words = {
  contents: 'Содержание',
  sources: 'Источники дополнительной информации',
  page: 'Страница',
  backToReference: 'Вернуться к ссылке',
  notTranslated: 'Перевод еще не подготовлен',
  skipToContent: 'Перейти к основному содержанию',
  preparedBy: 'Подготовлено',
  preface: 'Предисловие',
  figure: 'Рисунок',
  table: 'Таблица',
  notes: 'Примечания',
  continued: 'продолжение',
  note: 'Примечание',
  tip: 'Совет',
  important: 'Важно',
  warning: 'Предупреждение',
  caution: 'Осторожно',
  section: 'Раздел',
  equation: 'Уравнение',
  listing: 'Листинг',
  references: 'Список литературы',
  onPage: 'на с. {page}',
};

const kk: Words = {
  contents: 'Мазмұны',
  sources: 'Қосымша ақпарат көздері',
  page: 'Бет',
  backToReference: 'Сілтемеге оралу',
  notTranslated: 'Әлі аударылмаған',
  skipToContent: 'Негізгі мазмұнға өту',
  preparedBy: 'Дайындаған',
  preface: 'Алғысөз',
  figure: 'Сурет',
  table: 'Кесте',
  notes: 'Ескертпелер',
  continued: 'жалғасы',
  note: 'Ескертпе',
  tip: 'Кеңес',
  important: 'Маңызды',
  warning: 'Назар аударыңыз',
  caution: 'Абай болыңыз',
  section: 'Бөлім',
  equation: 'Теңдеу',
  listing: 'Листинг',
  references: 'Әдебиеттер тізімі',
  onPage: ', {page}-бетте',
};

const BUILT_IN: Record<string, Words> = { es, pt, fr, de, ru, kk };

/** The built-in words of a locale's language (`es-MX` → es), or undefined when Briefing has none. */
export function builtInStrings(locale: string): Readonly<Words> | undefined {
  return BUILT_IN[locale.toLowerCase().split(/[-_]/)[0]!];
}
