// The Word file's document properties (docProps/core.xml: File → Info → Properties) and its
// language (core.xml's dc:language, else the default language in word/styles.xml) → what
// edition.yaml and briefing.yaml say: title, subject, author, keywords, description, locale, year.
import { SaxesParser } from 'saxes';

export interface DocxProperties {
  title?: string;
  subject?: string;
  creator?: string;
  keywords: string[];
  description?: string;
  /** A BCP 47 tag as Word wrote it (`en-GB`), if any. */
  language?: string;
  /** The year the document was created, if recorded. */
  year?: number;
}

export function readProperties(coreXml: string | undefined, stylesXml: string | undefined): DocxProperties {
  const values = elementTexts(coreXml ?? '', [
    'dc:title',
    'dc:subject',
    'dc:creator',
    'cp:keywords',
    'dc:description',
    'dc:language',
    'dcterms:created',
  ]);
  const created = /^(\d{4})-/.exec(values.get('dcterms:created') ?? '')?.[1];
  return {
    title: values.get('dc:title'),
    subject: values.get('dc:subject'),
    creator: values.get('dc:creator'),
    keywords: (values.get('cp:keywords') ?? '')
      .split(/[,;]/)
      .map((k) => k.trim())
      .filter(Boolean),
    description: values.get('dc:description'),
    language: values.get('dc:language') ?? defaultLanguage(stylesXml ?? ''),
    year: created ? Number(created) : undefined,
  };
}

/** The trimmed, non-empty text of each named element (the first of each name). */
function elementTexts(xml: string, names: string[]): Map<string, string> {
  const found = new Map<string, string>();
  let current: string | undefined;
  let text = '';
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    if (names.includes(tag.name) && !found.has(tag.name)) {
      current = tag.name;
      text = '';
    }
  });
  parser.on('text', (t) => {
    if (current) text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name !== current) return;
    if (text.trim()) found.set(current, text.trim().replace(/\s+/g, ' '));
    current = undefined;
  });
  if (xml) parser.write(xml).close();
  return found;
}

/** `<w:docDefaults>…<w:lang w:val="de-DE"/>` in styles.xml. */
function defaultLanguage(xml: string): string | undefined {
  let inDefaults = false;
  let lang: string | undefined;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    if (tag.name === 'w:docDefaults') inDefaults = true;
    else if (inDefaults && tag.name === 'w:lang' && lang === undefined && typeof tag.attributes['w:val'] === 'string')
      lang = tag.attributes['w:val'];
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'w:docDefaults') inDefaults = false;
  });
  if (xml) parser.write(xml).close();
  return lang;
}
