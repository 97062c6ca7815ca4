// What a template may not write, checked in its own text when it is loaded, each at its file:line:column:
// anything the page would load when viewed (a remote image, a stylesheet link, a frame, a script file:
// the edition loads nothing from the network), a change to the Content-Security-Policy Briefing writes,
// and script outside a literal inline <script> (on… attributes, javascript: addresses, {{…}} inside a
// script, whose hash cannot be known). The web edition's sanitizing pass (sanitize.ts) would drop all of
// these silently; here the template's author learns why.
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../messages.js';
import { keptByText } from '../cache.js';
import { codeKey } from '../code-key.js';
import { RULES, type Rule } from '../rules.js';
import { BASE_CSP, inPageSchema } from './sanitize.js';

/** Attributes whose address the browser fetches on its own (not links the reader follows). */
const LOADING = ['src', 'srcSet', 'poster', 'data', 'background', 'lowsrc', 'dynsrc', 'codeBase', 'archive'];
/** Elements that load something by being there. */
const LOADERS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'base', 'link']);
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formAction', 'xLinkHref', 'poster', 'data', 'cite', 'background'];
// Control characters and spaces inside a scheme are skipped by browsers: "java\tscript:".
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const INVISIBLE = /[\s\u0000-\u001f]/g;
const JS_TYPES = /^(?:|module|text\/javascript|application\/javascript)$/i;

/** Problems of every template file (file → its text). */
export function checkTemplates(sources: Map<string, string>): Diagnostic[] {
  return [...sources].flatMap(([file, text]) =>
    // Kept by the text alone (parsing each template as HTML was ~20 ms of every build), the problems
    // without their file, which is this one's: a copy of the templates elsewhere finds them too.
    keptByText('template-check', { code: checkerCode(), text }, isDiagnostics, () => checkTemplate('', text)).map(
      (d) => ({ ...d, file }),
    ),
  );
}

let checker: string | undefined;

/** The checker's code: the HTML parser's and ours, with the schema the sanitizing pass keeps. */
function checkerCode(): string {
  checker ??= codeKey(
    ['hast-util-from-html', 'parse5', 'unist-util-visit'],
    ['render/template-check', 'render/sanitize', 'rules'],
  );
  return checker;
}

function isDiagnostics(data: unknown): data is Diagnostic[] {
  return (
    Array.isArray(data) &&
    data.every(
      (d: Partial<Diagnostic> | null) =>
        typeof d === 'object' &&
        d !== null &&
        typeof d.file === 'string' &&
        typeof d.message === 'string' &&
        typeof d.rule === 'string' &&
        (d.severity === 'error' || d.severity === 'warning'),
    )
  );
}

function checkTemplate(file: string, text: string): Diagnostic[] {
  // Handlebars comments blanked out (same length, newlines kept): what they say is not in the page.
  const blank = text.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (c) => c.replace(/[^\n]/g, ' '));
  const tree: Root = fromHtml(blank, { fragment: true });
  const found: Diagnostic[] = [];
  const report: Report = (node, message, rule, fix = rule.fix, severity) =>
    found.push({
      file,
      line: node.position?.start.line,
      column: node.position?.start.column,
      severity: severity ?? 'error',
      message,
      rule: rule.id,
      fix,
    });
  visit(tree, 'element', (node) => {
    const props = node.properties;
    const value = (name: string) => (props[name] === undefined ? undefined : String(props[name]).trim());
    if (LOADERS.has(node.tagName) && !(node.tagName === 'link' && isLocalData(value('href'))))
      report(node, `<${node.tagName}> loads what it names when the page is viewed`, RULES.templateRemote);
    for (const name of LOADING) {
      const address = value(name);
      if (address !== undefined && !isLocalData(address))
        report(
          node,
          `<${node.tagName} ${attribute(name)}="${address}"> loads a file when the page is viewed, which the edition may not`,
          RULES.templateRemote,
        );
    }
    for (const name of Object.keys(props)) {
      if (/^on/i.test(name))
        report(node, `<${node.tagName} ${attribute(name)}="…">: an event handler attribute`, RULES.templateScript);
    }
    for (const name of URL_ATTRIBUTES) {
      const address = value(name)?.replace(INVISIBLE, '').toLowerCase();
      if (address?.startsWith('javascript:') || address?.startsWith('vbscript:'))
        report(node, `<${node.tagName} ${attribute(name)}="${value(name)}">: a script address`, RULES.templateScript);
    }
    checkSchema(node, report);
    if (node.tagName === 'script') checkScript(node, report);
    if (node.tagName === 'meta' && props.httpEquiv !== undefined) checkHeader(node, report);
  });
  return found;
}

type Report = (node: Element, message: string, rule: Rule, fix?: string, severity?: 'warning') => void;

/** An element or attribute the web edition's sanitizing pass would drop: the author hears of it here. */
function checkSchema(node: Element, report: Report): void {
  // Refused above with its own reason; or a tag spelled with Handlebars (<section{{else}}<article…>).
  if ((LOADERS.has(node.tagName) && node.tagName !== 'link') || /[{}]/.test(node.tagName)) return;
  if (!inPageSchema(node.tagName)) {
    report(
      node,
      `<${node.tagName}> is not in the web edition's schema: it is removed from the page (its text kept)`,
      RULES.templateSchema,
      undefined,
      'warning',
    );
    return;
  }
  for (const name of Object.keys(node.properties)) {
    // Handlebars inside a tag ({{#if x}} class="y"{{/if}}) reads as odd attribute names: not the template's.
    if (/[{}]/.test(name) || /^on/i.test(name) || inPageSchema(node.tagName, name)) continue;
    report(
      node,
      `<${node.tagName} ${attribute(name)}> is not in the web edition's schema: the attribute is removed from the page`,
      RULES.templateSchema,
      undefined,
      'warning',
    );
  }
}

function checkScript(node: Element, report: Report): void {
  const type = String(node.properties.type ?? '').trim();
  if (!JS_TYPES.test(type)) return;
  const body = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  if (body.includes('{{'))
    report(node, '<script> with {{…}} in it: its hash cannot be known before the page is made', RULES.templateScript);
}

function checkHeader(node: Element, report: Report): void {
  const header = String(node.properties.httpEquiv).toLowerCase();
  if (header !== 'content-security-policy') {
    report(node, `<meta http-equiv="${header}">: a template may not add HTTP headers to the page`, RULES.templateCsp);
    return;
  }
  // script-src is Briefing's to fill; every other directive must be Briefing's policy, exactly.
  const directives = String(node.properties.content ?? '')
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter((d) => d !== '' && !/^script-src\b/i.test(d));
  const expected = new Set(BASE_CSP);
  const same = directives.length === expected.size && directives.every((d) => expected.has(d));
  if (!same)
    report(
      node,
      `the template's Content-Security-Policy is "${directives.join('; ')}", not Briefing's "${BASE_CSP.join('; ')}"`,
      RULES.templateCsp,
    );
}

/** Empty, a fragment, a data: URL, or filled in by Handlebars (Briefing's own data: URLs, e.g. the logo). */
function isLocalData(address: string | undefined): boolean {
  return address === undefined || address === '' || /^(?:data:|#|\{\{)/i.test(address);
}

/** A hast property name as the attribute the template wrote (srcSet → srcset). */
function attribute(name: string): string {
  return name === 'xLinkHref' ? 'xlink:href' : name.toLowerCase();
}
