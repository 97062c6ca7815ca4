// `briefing convert <draft.docx> [--out content]`: one Word file → a content folder that builds.
// Open and check the package (docx-package.ts), scan what mammoth does not say (docx-scan.ts), Word
// → HTML (docx-html.ts) → Markdown (docx-markdown.ts) → the folder's files (content-files.ts), then
// write through the all-or-nothing writer, with a manifest of what was written
// (`.briefing-convert.json`: each file's hash). Converting again rewrites only files whose content
// changed and never replaces a file edited since (or not written by) the last conversion without
// --overwrite. Every failure comes before the first byte is written.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { BriefingError, type Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import { editionDate } from '../environment.js';
import { writeArtifacts } from '../output/write.js';
import { resolveLimits, useLimits } from '../limits.js';
import { openDocx, type DocxPackage } from './docx-package.js';
import { readComments, scanDocument, styleIds } from './docx-scan.js';
import { DEFAULT_CALLOUT_STYLES, docxToHtml } from './docx-html.js';
import { htmlToMarkdown } from './docx-markdown.js';
import { trace } from '../trace.js';
import { readProperties } from './docx-properties.js';
import { listStarts } from './docx-lists.js';
import { contentFiles } from './content-files.js';
import { conversionReport } from './report.js';

export const MANIFEST = '.briefing-convert.json';

export interface ConvertOptions {
  out: string;
  overwrite?: boolean;
}

export interface ConvertResult {
  out: string;
  written: string[];
  unchanged: string[];
  removed: string[];
  /** What did not come across, positioned in the Word file. */
  report: Diagnostic[];
  chapters: number;
}

interface Manifest {
  source: string;
  files: Record<string, string>;
  chapters: Array<{ title: string; file: string }>;
}

export async function convertDocx(docx: string, options: ConvertOptions): Promise<ConvertResult> {
  // A conversion is a run of its own: the defaults and the environment's limits (there is no briefing.yaml yet).
  useLimits({ limits: resolveLimits() });
  const out = path.resolve(options.out);
  const previous = readManifest(out);
  const callouts = calloutStyles(out) ?? DEFAULT_CALLOUT_STYLES;
  trace('convert: start');
  const pkg = await openDocx(docx);
  trace('convert: unzipped');
  const scan = xmlStep(pkg, 'word/document.xml', () =>
    scanDocument(text(pkg, 'word/document.xml')!, readComments(text(pkg, 'word/comments.xml'))),
  );
  const properties = xmlStep(pkg, 'docProps/core.xml', () =>
    readProperties(text(pkg, 'docProps/core.xml'), text(pkg, 'word/styles.xml')),
  );
  trace('convert: scanned');
  const converted = await docxToHtml(pkg, scan, callouts);
  trace('convert: mammoth');
  const starts = xmlStep(pkg, 'word/numbering.xml', () => listStarts(scan.lists, text(pkg, 'word/numbering.xml')));
  const markdown = htmlToMarkdown(converted.html, scan, path.basename(docx, path.extname(docx)), starts);
  trace('convert: markdown');
  const layout = contentFiles({
    docxName: path.basename(docx),
    text: markdown,
    properties,
    images: converted.images,
    callouts,
    previous: previous?.chapters ?? [],
    fallbackYear: editionDate(new Date().getUTCFullYear()).getUTCFullYear(),
  });
  const plan = planWrites(out, layout.files, previous, options.overwrite === true);
  const manifest: Manifest = {
    source: path.basename(docx),
    files: Object.fromEntries([...layout.files].map(([name, data]) => [name, digest(data)])),
    chapters: layout.chapters,
  };
  const artifacts = plan.write.map((name) => ({ path: path.join(out, name), data: layout.files.get(name)! }));
  artifacts.push({ path: path.join(out, MANIFEST), data: `${JSON.stringify(manifest, null, 2)}\n` });
  await writeArtifacts(artifacts, { root: out });
  trace('convert: written');
  for (const name of plan.remove) rmSync(path.join(out, name), { force: true });
  return {
    out,
    written: plan.write,
    unchanged: plan.unchanged,
    removed: plan.remove,
    report: conversionReport(
      pkg.file,
      scan,
      converted.dropped,
      toText(fromHtml(converted.html, { fragment: true })),
      markdown.unlinked,
      converted.messages,
      markdown.bareCaptions,
      xmlStep(pkg, 'word/styles.xml', () => styleIds(text(pkg, 'word/styles.xml'))),
    ),
    chapters: layout.chapters.length,
  };
}

function text(pkg: DocxPackage, name: string): string | undefined {
  return pkg.entries.get(name)?.toString('utf8');
}

/** A part whose XML does not parse is a damaged file, named as such. */
function xmlStep<T>(pkg: DocxPackage, part: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BriefingError) throw error;
    throw new BriefingError({
      file: pkg.file,
      severity: 'error',
      message: `is damaged: ${part} is not well-formed XML (${(error as Error).message.split('\n')[0]}); nothing was written`,
      rule: RULES.convertCorrupt.id,
      fix: 'open it in Word, let Word repair it, and save it again (or take an earlier copy)',
    });
  }
}

function digest(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function readManifest(out: string): Manifest | undefined {
  try {
    const data = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')) as Partial<Manifest>;
    if (typeof data.files !== 'object' || data.files === null || !Array.isArray(data.chapters)) return undefined;
    return { source: String(data.source), files: data.files, chapters: data.chapters };
  } catch {
    return undefined;
  }
}

/** `convert: { callouts: [Callout, Box] }` in the folder's briefing.yaml, when the author set it. */
function calloutStyles(out: string): string[] | undefined {
  try {
    const data = parse(readFileSync(path.join(out, 'briefing.yaml'), 'utf8'), { maxAliasCount: 10 }) as {
      convert?: { callouts?: unknown };
    };
    const list = data?.convert?.callouts;
    return Array.isArray(list) ? list.map(String) : undefined;
  } catch {
    return undefined;
  }
}

interface Plan {
  write: string[];
  unchanged: string[];
  remove: string[];
}

/**
 * What to write, keep and remove. A file on disk whose hash is not the one the last conversion
 * wrote was edited (or is not ours): replacing or removing it needs --overwrite.
 */
function planWrites(
  out: string,
  files: Map<string, string | Buffer>,
  previous: Manifest | undefined,
  overwrite: boolean,
): Plan {
  if (!previous) refuseForeignFolder(out);
  const plan: Plan = { write: [], unchanged: [], remove: [] };
  const edited: string[] = [];
  for (const [name, data] of files) {
    const onDisk = hashOnDisk(path.join(out, name));
    if (onDisk === digest(data)) plan.unchanged.push(name);
    else {
      if (onDisk !== undefined && onDisk !== previous?.files[name]) edited.push(name);
      plan.write.push(name);
    }
  }
  for (const [name, hash] of Object.entries(previous?.files ?? {})) {
    if (files.has(name) || name.includes('..') || path.isAbsolute(name)) continue;
    const onDisk = hashOnDisk(path.join(out, name));
    if (onDisk === undefined) continue;
    if (onDisk !== hash) edited.push(name);
    plan.remove.push(name);
  }
  if (edited.length > 0 && !overwrite) {
    throw new BriefingError(
      edited.map((name) => ({
        file: path.join(out, name),
        severity: 'error' as const,
        message: files.has(name)
          ? 'was edited since the last conversion: converting again would overwrite it; nothing was written'
          : 'was edited since the last conversion and its chapter is no longer in the Word file: converting again would remove it; nothing was written',
        rule: RULES.convertEdited.id,
        fix: 'carry the edits into the Word file and convert again with --overwrite, or convert into another --out folder',
      })),
    );
  }
  return plan;
}

function hashOnDisk(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? digest(readFileSync(file)) : 'not-a-file';
  } catch {
    return undefined;
  }
}

/** Without a manifest, only a new or empty folder: never mix a conversion into someone's content. */
function refuseForeignFolder(out: string): void {
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch {
    return;
  }
  if (entries.length === 0) return;
  throw new BriefingError({
    file: out,
    severity: 'error',
    message: `is not empty and was not written by \`briefing convert\` (no ${MANIFEST}); nothing was written`,
    rule: RULES.convertEdited.id,
    fix: 'convert into a new or empty folder (--out <folder>)',
  });
}
