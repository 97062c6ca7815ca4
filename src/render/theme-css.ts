// The theme as CSS: custom properties both stylesheets read (colours, fonts, page geometry and the
// columns derived from it), and for print the @page rules (size, margins, folios). Added after
// print.css / screen.css, so theme.yaml wins over any value a stylesheet sets for these.
import type { Theme } from './theme.js';
import { cssString } from './escape.js';
import { leaderDots } from './leader-dots.js';

const mm = (n: number) => `${Math.round(n * 100) / 100}mm`;

/** `fallbacks`: CSS family names set after the theme's own for characters it lacks (render/font-fallbacks.ts). */
export function themeCss(
  theme: Theme,
  medium: 'print' | 'screen',
  fallbacks: { body: string; headings: string } = { body: '', headings: '' },
): string {
  const { page, colors, fonts } = theme;
  const then = (names: string) => (names ? `${names}, ` : '');
  const vars: Array<[string, string]> = [
    ...Object.entries(colors).map(([name, value]): [string, string] => [`--${name}`, value]),
    ['--font-body', `${cssString(fonts.body.family)}, ${then(fallbacks.body)}serif`],
    ['--font-headings', `${cssString(fonts.headings.family)}, ${then(fallbacks.headings)}sans-serif`],
  ];
  if (medium === 'screen') {
    return `:root {\n${vars.map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}\n`;
  }
  const { margins: m } = page;
  vars.push(
    ['--page-width', mm(page.width)],
    ['--page-height', mm(page.height)],
    ['--margin-top', mm(m.top)],
    ['--margin-bottom', mm(m.bottom)],
    ['--content-width', mm(page.contentWidth)],
    ['--content-height', mm(page.contentHeight)],
    ['--text-width', mm(page.textWidth)],
    ['--side-width', mm(page.sideWidth)],
    ['--column-gap', mm(page.columnGap)],
    // The contents' dotted leader, one tile in the muted colour (print.css `.toc a`).
    ['--leader-dots', leaderDots(colors.muted ?? '#555555')],
  );
  const marginBox = `font: 8pt ${cssString(fonts.headings.family)}, sans-serif; color: ${colors.muted}; vertical-align: bottom; padding-bottom: 3mm;`;
  const folio = `content: counter(page); font: 9pt ${cssString(fonts.headings.family)}, sans-serif; color: ${colors.muted};`;
  const rules = [
    `:root {\n${vars.map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}`,
    // Running heads are drawn after printing (print/running-heads.ts), so chapter openers and blank
    // pages can go without; these rules give them their look.
    `@page {\n  size: ${mm(page.width)} ${mm(page.height)};\n  margin: ${mm(m.top)} ${mm(m.right)} ${mm(m.bottom)} ${mm(m.left)};\n  @top-left { ${marginBox} text-align: left; }\n  @top-right { ${marginBox} text-align: right; }\n}`,
  ];
  if (page.facing) {
    // Facing pages: margins mirror (right = outer on right-hand pages), folios on the outer edge.
    rules.push(
      `@page :left {\n  margin-left: ${mm(m.right)};\n  margin-right: ${mm(m.left)};\n  @bottom-left { ${folio} text-align: left; }\n}`,
      `@page :right {\n  @bottom-right { ${folio} text-align: right; }\n}`,
    );
  } else {
    rules.push(`@page {\n  @bottom-center { ${folio} }\n}`);
  }
  // Pages without folio: the cover, the front matter, blank pages before a right-hand chapter start.
  const none = '@bottom-center { content: none; } @bottom-left { content: none; } @bottom-right { content: none; }';
  rules.push(`@page cover { ${none} }`, `@page front { ${none} }`, `@page blank { ${none} }`);
  rules.push(
    `body { width: var(--content-width); }`,
    // Inserted by print/pages.ts where a chapter must open on a right-hand page.
    `.briefing-blank { page: blank; break-before: page; height: 1px; }`,
  );
  if (page.sideWidth === 0 || theme.sideColumn === 'never') {
    // No side column (too narrow, or `side-column: never`): callouts stand between the paragraphs, full width.
    rules.push(`:root { --side-room: 0mm; }`, `.callout { float: none; width: auto; margin: 0.4em 0 0.8em; }`);
  } else if (theme.sideColumn === 'auto') {
    // A chapter without callouts (every chapter, in an edition without any) uses the whole text area.
    rules.push(`.chapter:not(:has(.callout)) { --side-room: 0mm; }`);
  }
  if (theme.cover.align === 'left') {
    rules.push(`.cover, .cover > * { text-align: left; align-items: flex-start; }`);
  }
  return `${rules.join('\n')}\n`;
}
