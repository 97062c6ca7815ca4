// A small edition processed in-process (no browser): the first edition of a content folder written
// on the fly, with its messages as lines relative to that folder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { formatDiagnostic } from '../../src/messages.js';
import { ROOT } from './cli.js';
import { makeContent } from './content.js';

/** A PNG to place as a figure (1600 px wide). */
export const PNG = readFileSync(path.join(ROOT, 'tests', 'fixtures', 'layout', 'en', 'images', 'wide-map.png'));

export async function edition(files: Record<string, string | Buffer | null>) {
  const content = makeContent(files);
  const config = await loadConfig({ content, templates: path.join(ROOT, 'templates') });
  const { editions, diagnostics } = await checkEditions(config);
  return {
    edition: editions[0]!,
    messages: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
  };
}
