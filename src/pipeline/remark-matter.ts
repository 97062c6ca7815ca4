// Front matter (`---` YAML block) → file.data.matter, with YAML errors at their line in the file.
import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { parseDocument } from 'yaml';
import { report, vfileRule } from './data.js';
import { toJsLimited, yamlErrorText, yamlTooDeep } from '../config/yaml.js';
import { RULES } from '../rules.js';
import { positionsIn } from '../positions.js';
import { plainMatter } from './plain-matter.js';

// Briefing's keys, and Pandoc's metadata (a single-file report's cover and PDF metadata: content/report-matter.ts).
const KNOWN_KEYS = new Set([
  'short',
  'translation',
  'title',
  'subtitle',
  'author',
  // JOSS and R Markdown papers write `authors:` and `tags:` (Briefing reads them as author and keywords).
  'authors',
  'tags',
  'date',
  'lang',
  'abstract',
  'keywords',
  'subject',
  'description',
  'bibliography',
  'csl',
]);

/**
 * Page keys that tell a web site, an editor or a code runner something and carry nothing a report
 * prints. Quarto's: a page's old URLs (`aliases`: links to them find the page, anchors.ts), its
 * repository links, the visual editor's mode, the engine that would run its cells (Briefing runs none,
 * and says so at each cell); RStudio's `editor_options`; the Carpentries Workbench's minutes of
 * teaching and exercises an episode takes (its lesson's schedule). Read without a warning.
 */
const SITE_KEYS = new Set([
  'aliases',
  'repo-actions',
  'editor',
  'engine',
  'jupyter',
  'knitr',
  'execute',
  'editor_options',
  'teaching',
  'exercises',
  // MyST notebooks' (Jupyter Book, jupytext): how to run and parse the page, nothing to print.
  'jupytext',
  'kernelspec',
  'myst',
  'file_format',
]);

/** Reported at their places (a fatal message): the front matter has no data. */
const FAILED = Symbol('front matter failed');

export default function remarkMatter() {
  return (tree: Root, file: VFile) => {
    file.data.matter = {};
    delete file.data.matterPosition;
    const node = tree.children[0];
    if (node?.type !== 'yaml') return;
    tree.children.shift();
    file.data.matterPosition = node.position;
    const data = plainMatter(node.value) ?? yamlMatter(node, file);
    if (data === FAILED || data === null || data === undefined) return;
    if (typeof data !== 'object' || Array.isArray(data)) {
      report(
        file,
        node,
        'front matter must be `key: value` lines',
        RULES.frontMatterShape,
        'write for example `short: Introduction`',
      );
      return;
    }
    const matter = data as Record<string, unknown>;
    for (const key of Object.keys(matter)) {
      if (!KNOWN_KEYS.has(key) && !SITE_KEYS.has(key))
        report(
          file,
          node,
          `unknown front matter key "${key}"`,
          RULES.frontMatterKey,
          `known keys: ${[...KNOWN_KEYS].join(', ')}`,
        );
    }
    if (matter.short !== undefined && typeof matter.short !== 'string') {
      report(file, node, '`short` must be text', RULES.frontMatterShape, 'write `short: Introduction`');
      delete matter.short;
    }
    file.data.matter = matter;
  };
}

/** The front matter read by the YAML parser, within the nesting and alias limits; FAILED when reported. */
function yamlMatter(node: Yaml, file: VFile): unknown {
  const positionOf = positionsIn(node.value);
  const firstLine = (node.position?.start.line ?? 1) + 1; // the YAML starts below the opening `---`
  const deep = yamlTooDeep(node.value);
  if (deep) {
    const { line, column } = positionOf(deep.offset);
    const message = file.message(`front matter: ${deep.message}`, {
      place: { line: firstLine + line - 1, column },
      ...vfileRule(RULES.limitsYamlNesting),
    });
    message.fatal = true;
    message.note = deep.fix;
    return FAILED;
  }
  const doc = parseDocument(node.value, { prettyErrors: true });
  for (const error of doc.errors) {
    const { line, column } = positionOf(error.pos[0]);
    const message = file.message(`YAML syntax error in front matter: ${yamlErrorText(error.message)}`, {
      place: { line: firstLine + line - 1, column },
      ...vfileRule(RULES.frontMatterSyntax),
    });
    message.fatal = true;
    message.note = 'fix the YAML between the `---` lines';
  }
  if (doc.errors.length > 0) return FAILED;
  const converted = toJsLimited(doc);
  if ('problem' in converted) {
    const { line, column } = positionOf(converted.problem.offset);
    const message = file.message(`front matter: ${converted.problem.message}`, {
      place: { line: firstLine + line - 1, column },
      ...vfileRule(RULES.limitsYamlAliases),
    });
    message.fatal = true;
    message.note = converted.problem.fix;
    return FAILED;
  }
  return converted.value;
}
