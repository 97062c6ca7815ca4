// Programmatic entry points for tools and tests: the same stages the CLI runs, without a browser.
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';
import { fromHtml } from 'hast-util-from-html';
import { selectAll, select } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { remove } from 'unist-util-remove';
import { loadConfig, type RunOptions } from './config/config.js';
import { checkEditions } from './check.js';
import { loadTemplates, type Medium } from './render/render.js';
import { BriefingError } from './messages.js';
import { useLimits } from './limits.js';

export { build } from './build.js';
export { checkEditions } from './check.js';
export { loadConfig } from './config/config.js';

const DEFAULT_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

/** The finished HTML of one locale's edition (web or print variant); throws on content errors. */
export async function renderEditionHtml(
  options: RunOptions & { locale: string },
  medium: Medium = 'screen',
): Promise<string> {
  const config = await loadConfig({ templates: DEFAULT_TEMPLATES, ...options });
  useLimits(config);
  const [{ editions, diagnostics }, templates] = await Promise.all([
    checkEditions(config),
    loadTemplates(config.templatesDir, config.contentDir),
  ]);
  if (diagnostics.some((d) => d.severity === 'error')) throw new BriefingError(diagnostics);
  return templates.render(editions[0]!, medium);
}

/**
 * The reader-visible text of the web edition, one block per line. Generated note numbers (markers,
 * list labels, back-links) are left out: they are numbering, not text of the edition.
 */
export async function renderEditionText(contentDir: string, locale: string): Promise<string> {
  const html = await renderEditionHtml({ content: contentDir, locale });
  const tree = fromHtml(html);
  const body = select('body', tree)!;
  const generated = new Set<unknown>(selectAll('.note-ref, .note-label, .backlinks, .skip-link', body));
  remove(body, (node) => generated.has(node));
  return toText(body);
}
