// What a PDF standard asked for in briefing.yaml (`pdf: { standard: ua-1+a-2a }`) requires of the
// content itself, checked before anything is printed: like Typst's --pdf-standard, a document that
// breaks it is refused with positioned errors, and nothing is written. PDF/UA-1 (and PDF/A-2a's
// tagged structure) want a Figure's Alt (the image's alt text), table header cells (TH) and headings
// that skip no level. A document title and language are required of every edition already
// (edition.yaml's `title`, locale folders).
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { PdfStandard } from '../config/pdf-standard.js';
import type { Diagnostic } from '../messages.js';
import { RULES } from '../rules.js';
import type { ProcessedEdition } from './edition.js';

/** Whether the content must meet the standard's checks: one that needs tagging. */
export function holdsContentTo(standard: PdfStandard): boolean {
  return standard.ua !== undefined || standard.a === 'a';
}

const STANDARD_RULES = new Set<string>([
  RULES.standardImageAlt.id,
  RULES.standardTableHeader.id,
  RULES.standardHeadingSkip.id,
]);

/**
 * The standard a PDF build claims, and the diagnostics as it sees them. Written in briefing.yaml, it
 * is held to: a document that breaks it gets errors (nothing is written). The default is claimed only
 * by a document that meets it: one that does not builds, claims no standard (no identification, no
 * false claim), and says so with a warning at each place (`standard:not-claimed`).
 */
export function applyStandard(
  editions: ProcessedEdition[],
  diagnostics: Diagnostic[],
  standard: PdfStandard,
  label: string,
): { standard: PdfStandard; diagnostics: Diagnostic[] } {
  if (!holdsContentTo(standard)) return { standard, diagnostics };
  const held = checkStandard(editions, diagnostics, label);
  if (standard.asked) return { standard, diagnostics: held };
  if (!held.some((d) => STANDARD_RULES.has(d.rule))) return { standard, diagnostics };
  return {
    standard: {},
    diagnostics: held.map((d) =>
      STANDARD_RULES.has(d.rule)
        ? {
            ...d,
            severity: 'warning' as const,
            message: `${d.message}, so this PDF claims no standard`,
            rule: RULES.standardNotClaimed.id,
            fix: `${d.fix ?? 'fix it'}; or write \`pdf: { standard: ua-1+a-2a }\` in briefing.yaml to refuse such a document`,
          }
        : d,
    ),
  };
}

/**
 * The editions' diagnostics as the standard (`label`, e.g. "PDF/UA-1 + PDF/A-2a") sees them: a skipped
 * heading level becomes an error, a figure's missing caption gives way to its missing alt text, and
 * every image without alt text and every table without a header cell is an error at its place (once,
 * though fallback chapters put the same source in several editions).
 */
export function checkStandard(editions: ProcessedEdition[], diagnostics: Diagnostic[], label: string): Diagnostic[] {
  const out = diagnostics
    .filter((d) => d.rule !== RULES.figureCaption.id)
    .map((d) =>
      d.rule === RULES.headingSkip.id
        ? {
            ...d,
            severity: 'error' as const,
            message: `${d.message}: ${label} asks for no skipped level`,
            rule: RULES.standardHeadingSkip.id,
          }
        : d,
    );
  const seen = new Set<string>();
  for (const edition of editions) {
    const trees = [...(edition.preface ? [edition.preface] : []), ...edition.chapters.map((c) => c.tree)];
    for (const problem of trees.flatMap((tree) => contentProblems(tree, label))) {
      const key = `${problem.file}:${problem.line}:${problem.column}:${problem.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

function contentProblems(tree: Root, label: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img' && String(node.properties.alt ?? '').trim() === '') {
      problems.push({
        ...placeOf(node),
        severity: 'error',
        message: `image without alt text: ${label} asks for a description of every figure`,
        rule: RULES.standardImageAlt.id,
        fix: RULES.standardImageAlt.fix,
      });
    } else if (node.tagName === 'table' && !hasHeaderCell(node)) {
      problems.push({
        ...placeOf(node),
        severity: 'error',
        message: `table without a header cell: ${label} asks for header cells in every data table`,
        rule: RULES.standardTableHeader.id,
        fix: RULES.standardTableHeader.fix,
      });
    }
  });
  return problems;
}

function hasHeaderCell(table: Element): boolean {
  let found = false;
  visit(table, 'element', (node) => {
    if (node.tagName === 'th') found = true;
  });
  return found;
}

/** `path:line:column` stamped on the element (pipeline/source-stamps.ts) as a diagnostic's place. */
function placeOf(node: Element): Pick<Diagnostic, 'file' | 'line' | 'column'> {
  const source = node.data?.source ?? '';
  const match = /^(.*):(\d+):(\d+)$/.exec(source);
  if (!match) return { file: source || 'content' };
  return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) };
}
