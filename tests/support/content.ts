// Small content folders written on the fly, for tests of one behaviour each.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './cli.js';

const DEFAULTS: Record<string, string> = {
  'briefing.yaml': 'id: sample\nyear: 2022\nsourceLocale: en\nlocales: [en]\n',
  'en/edition.yaml': 'title: Sample Edition\npublisher: Sample Office\n',
  'en/strings.yaml':
    'contents: Contents\nsources: Sources\npage: Page\nbackToReference: Back to reference\nnotTranslated: Not yet translated\nskipToContent: Skip to content\npreparedBy: Prepared by\npreface: Preface\nfigure: Figure\ntable: Table\n',
};

/** Write a content folder: the given files over minimal defaults. `null` removes a default. */
export function makeContent(files: Record<string, string | Buffer | null>): string {
  const dir = path.join(tempDir('briefing-content-'), 'content');
  const all: Record<string, string | Buffer | null> = { ...DEFAULTS, ...files };
  for (const [name, text] of Object.entries(all)) {
    if (text === null) continue;
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** A chapter with a table of 300 columns, too wide for the text column: the layout check warns at its line. */
export const WIDE_TABLE_CHAPTER = [
  '# A wide table',
  '',
  'The export below is wider than the page.',
  '',
  `|${Array.from({ length: 300 }, (_, i) => `C${i}`).join('|')}|`,
  `|${'---|'.repeat(300)}`,
  `|${Array.from({ length: 300 }, (_, i) => String(i)).join('|')}|`,
  '',
].join('\n');
