// What our plugins leave on file.data, typed once for the whole pipeline.
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Node } from 'unist';
import { ruleUrl, type Rule } from '../rules.js';

export type FileRole =
  | { kind: 'preface' }
  | { kind: 'chapter' | 'sources'; slug: string; number: string; sections: number }
  | { kind: 'section'; slug: string; number: string; chapterSlug: string };

export interface OutlineHeading {
  depth: number;
  /** Generated number: `I` for chapters, `A` for sections; empty below. */
  number: string;
  title: string;
  id: string;
  /** Other names links may use for it: `{#id}`, and the ids GitHub and Pandoc would give it. */
  aliases: string[];
  /** `{#id}` written after the heading (a `{#sec-x}` label for cross-references). */
  explicitId?: string;
  /** Where the heading stands in its file (for messages about it). */
  position?: Node['position'];
}

export interface Matter {
  short?: string;
  [key: string]: unknown;
}

declare module 'vfile' {
  interface DataMap {
    role: FileRole;
    /** Language of the file's text: the edition's, or the source's for a fallback (typography). */
    lang: string;
    matter: Matter;
    /** Where the front matter (or Pandoc's `%` title block) stands: a heading made from its title points there. */
    matterPosition: Node['position'];
    /** Headings of the file in order, with their ids (contents, outline, duplicate-id check). */
    headings: OutlineHeading[];
    /** Callout boxes in the file (parity checks, counts). */
    callouts: number;
    /** A part of a single-file report (pipeline/report-file.ts): the front matter is the report's. */
    partOfReport: boolean;
    /** Raw TeX commands left out of the file (remark-raw-tex.ts): an empty file may have held only those. */
    rawTexLeftOut: number;
  }
}

/** A rule as vfile names it: `briefing:dangling-note` is source `briefing`, ruleId `dangling-note`. */
export function vfileRule(rule: Rule): { source: string; ruleId: string } {
  const colon = rule.id.indexOf(':');
  return { source: rule.id.slice(0, colon), ruleId: rule.id.slice(colon + 1) };
}

/** Is this vfile message one of `rule`? */
export function sameRule(message: VFileMessage, rule: Rule): boolean {
  const { source, ruleId } = vfileRule(rule);
  return message.source === source && message.ruleId === ruleId;
}

/**
 * Report a problem on the node that caused it, with the rule's severity (errors stop a build, warnings
 * are printed) and the address of the rule's documentation (`url`, as unified-lint-rule gives it).
 */
export function report(file: VFile, node: Node | undefined, reason: string, rule: Rule, fix?: string): VFileMessage {
  const message = file.message(reason, { place: node?.position, ...vfileRule(rule) });
  message.fatal = rule.severity === 'error' ? true : rule.severity === 'warning' ? false : undefined;
  message.url = ruleUrl(rule);
  if (fix) message.note = fix;
  return message;
}
