// The dev loop's build: the web edition of one locale, in memory, with the existing stages
// (loadConfig → checkEditions → templates.render(edition, 'screen')). Templates (and their inlined
// fonts) are loaded again only when something under templates/ changed. Nothing is written to disk.
import path from 'node:path';
import { loadConfig, type RunOptions } from '../config/config.js';
import { checkEditions } from '../check.js';
import { loadTemplates, type Templates } from '../render/render.js';
import { BriefingError, UsageError, type Diagnostic } from '../messages.js';
import type { ParseCache } from '../pipeline/parse-cache.js';
import { TransformMemos } from '../pipeline/transform-memo.js';
import { RULES } from '../rules.js';
import { runFolders } from '../environment.js';
import { useLimits } from '../limits.js';

export interface PreviewResult {
  /** The edition HTML (undefined when the build failed). */
  html?: string;
  locale: string;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
  milliseconds: number;
  /** The print medium's HTML of the same edition, rendered on demand (the print view asks for it). */
  printHtml?: () => string;
}

export interface Preview {
  readonly contentDir: string;
  readonly templatesDir: string;
  /** Rebuild; `changed` are the paths that changed since the last build (none: the first build). */
  build(changed?: readonly string[]): Promise<PreviewResult>;
}

export function createPreview(options: RunOptions): Preview {
  const { contentDir, templatesDir } = runFolders(options);
  let templates: Templates | undefined;
  let locale = options.locale ?? '';
  // Parsed Markdown survives rebuilds: an edit re-parses only the file that changed.
  const parseCache: ParseCache = new Map();
  // So do the files' transformed trees: an edit runs the unified chain on the file that changed (and
  // on those after it whose numbering it moved), not on all 160 of a long report.
  const memos = new TransformMemos();

  return {
    contentDir,
    templatesDir,
    async build(changed = []) {
      const started = performance.now();
      const finish = (partial: Omit<PreviewResult, 'milliseconds' | 'errors' | 'locale'>): PreviewResult => ({
        ...partial,
        locale,
        errors: partial.diagnostics.filter((d) => d.severity === 'error'),
        milliseconds: performance.now() - started,
      });
      try {
        // Read every time: briefing.yaml may be what changed.
        const config = await loadConfig({ ...options, format: 'html' });
        useLimits(config);
        locale = config.locales[0]!;
        if (!templates || changed.some((file) => isInside(file, templatesDir))) {
          templates = undefined;
          templates = await loadTemplates(config.templatesDir, config.contentDir);
        }
        memos.changed(changed);
        const { editions, diagnostics } = await checkEditions(config, parseCache, memos);
        if (diagnostics.some((d) => d.severity === 'error')) return finish({ diagnostics });
        const current = templates;
        const result = finish({ diagnostics, printHtml: () => current.render(editions[0]!, 'print') });
        // Rendered on first use: the print view (when open) renders and sends its HTML first. A
        // template error found then joins the result's diagnostics, as one found here would.
        let html: string | undefined;
        let rendered = false;
        Object.defineProperty(result, 'html', {
          get: () => {
            if (rendered) return html;
            rendered = true;
            try {
              html = current.render(editions[0]!, 'screen');
            } catch (error) {
              const found = asDiagnostics(error);
              result.diagnostics.push(...found);
              result.errors.push(...found.filter((d) => d.severity === 'error'));
            }
            return html;
          },
          enumerable: true,
        });
        return result;
      } catch (error) {
        if (error instanceof UsageError) throw error;
        return finish({ diagnostics: asDiagnostics(error) });
      }
    },
  };
}

/** What a failed build or render reports: its own diagnostics, or an internal error with its stack. */
function asDiagnostics(error: unknown): Diagnostic[] {
  if (error instanceof BriefingError) return [...error.diagnostics];
  const message = (error as Error).stack ?? String(error);
  return [{ file: 'briefing', severity: 'error', message: `internal error: ${message}`, rule: RULES.devInternal.id }];
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
