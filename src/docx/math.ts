// Math (KaTeX's MathML, made by pipeline/rehype-math.ts) → Word equations (OMML), by docx/html's
// MathML reader; what it cannot read stays as text, with a warning at the formula.
import type { Element } from 'hast';
import type { ParagraphChild } from 'docx';
import { htmlToRuns, type HtmlWarning } from 'docx/html';
import { toHtml } from 'hast-util-to-html';
import { select } from 'hast-util-select';
import { AlignmentType, Paragraph } from 'docx';
import type { DocxContext, Where } from './context.js';
import { RULES } from '../rules.js';

/** Inline math (`span.katex` or `<math>`) → an equation run. */
export function inlineMath(node: Element, ctx: DocxContext, where: Where): ParagraphChild[] {
  return [...htmlToRuns(mathHtml(node), { onWarning: warn(ctx, where) })];
}

/** Display math (`div.math-display`) → a centred paragraph of its own, which Word shows as a display equation. */
export function displayMath(node: Element, ctx: DocxContext, where: Where): Paragraph[] {
  const children = [...htmlToRuns(mathHtml(node), { onWarning: warn(ctx, where) })];
  return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children })];
}

function mathHtml(node: Element): string {
  const math = node.tagName === 'math' ? node : (select('math', node) ?? node);
  return toHtml(math, { space: 'svg' });
}

function warn(ctx: DocxContext, where: Where) {
  return (warning: HtmlWarning) =>
    ctx.report(where, RULES.docxUnsupported, `math in the Word edition: ${warning.message}`);
}
