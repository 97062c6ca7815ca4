// The theme's look as Word styles: font names (Word uses the reader's installed fonts: none is
// embedded), colours as hex, Heading 1–6, Title, Caption, callout boxes, code and definition lists.
import { formatHex, parse } from 'culori';
import { LineRuleType, type IStylesOptions } from 'docx';
import type { Theme } from '../render/theme.js';

export interface DocxLook {
  body: string;
  headings: string;
  mono: string;
  /** Colours as Word writes them: six hex digits, no `#`. */
  accent: string;
  text: string;
  muted: string;
  box: string;
  rule: string;
}

/** Our own paragraph and character styles (the built-in ones keep Word's ids). */
export const STYLE = {
  subtitle: 'Subtitle',
  titleMeta: 'TitleMeta',
  callout: 'Callout',
  calloutTitle: 'CalloutTitle',
  code: 'CodeBlock',
  inlineCode: 'InlineCode',
  term: 'DefinitionTerm',
  definition: 'Definition',
  quote: 'Quote',
  contentsTitle: 'TOCHeading',
} as const;

const MONO = 'PT Mono';
const FALLBACK = { accent: '1c4e80', text: '111111', muted: '555555', box: 'eef3f8', rule: '9db3c9' };

/** A CSS colour → `rrggbb` (any colour CSS knows, by culori); transparent or unreadable → the default. */
export function wordColor(css: string | undefined, fallback: string): string {
  const parsed = css === undefined ? undefined : parse(css);
  if (!parsed || (parsed.alpha !== undefined && parsed.alpha === 0)) return fallback;
  return formatHex(parsed).slice(1);
}

export function lookOf(theme: Theme): DocxLook {
  const c = theme.colors;
  return {
    body: theme.fonts.body.family,
    headings: theme.fonts.headings.family,
    mono: MONO,
    accent: wordColor(c.accent, FALLBACK.accent),
    text: wordColor(c.text, FALLBACK.text),
    muted: wordColor(c.muted, FALLBACK.muted),
    box: wordColor(c.box, FALLBACK.box),
    rule: wordColor(c.rule, FALLBACK.rule),
  };
}

/** Half-points: Word's unit of type size. */
const pt = (points: number) => points * 2;
/** Twentieths of a point: Word's unit of spacing. */
const tw = (points: number) => points * 20;

export function stylesOf(look: DocxLook): IStylesOptions {
  const heading = (size: number, before: number, italics = false) => ({
    run: { font: look.headings, size: pt(size), bold: true, italics, color: look.accent },
    paragraph: { spacing: { before: tw(before), after: tw(6) }, keepNext: true, keepLines: true },
  });
  return {
    default: {
      document: {
        run: { font: look.body, size: pt(11), color: look.text },
        // lineRule said outright: LibreOffice reads a line without one as exact, and large type overlaps.
        paragraph: { spacing: { after: tw(6), line: 276, lineRule: LineRuleType.AUTO } },
      },
      title: { run: { font: look.headings, size: pt(26), bold: true, color: look.accent } },
      heading1: heading(20, 24),
      heading2: heading(15, 18),
      heading3: heading(13, 14),
      heading4: heading(12, 12),
      heading5: heading(11, 10),
      heading6: heading(11, 10, true),
      caption: {
        run: { font: look.headings, size: pt(9.5), italics: false, color: look.muted },
        paragraph: { spacing: { before: tw(8), after: tw(4) } },
      },
      hyperlink: { run: { color: look.accent, underline: {} } },
      footnoteText: { run: { size: pt(9) } },
      endnoteText: { run: { size: pt(9) } },
    },
    paragraphStyles: [
      para(STYLE.subtitle, 'Subtitle', { run: { font: look.headings, size: pt(15), color: look.muted } }),
      para(STYLE.titleMeta, 'Title page line', { run: { font: look.headings, size: pt(11), color: look.muted } }),
      para(STYLE.contentsTitle, 'TOC Heading', {
        run: { font: look.headings, size: pt(20), bold: true, color: look.accent },
        paragraph: { spacing: { after: tw(12) } },
      }),
      para(STYLE.callout, 'Callout', { run: { font: look.headings, size: pt(10) } }),
      para(STYLE.calloutTitle, 'Callout title', {
        run: { font: look.headings, size: pt(10), bold: true, color: look.accent },
        paragraph: { keepNext: true },
      }),
      para(STYLE.code, 'Code block', {
        run: { font: look.mono, size: pt(9) },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, shading: { fill: look.box } },
      }),
      para(STYLE.term, 'Definition term', {
        run: { bold: true },
        paragraph: { keepNext: true, spacing: { after: 0 } },
      }),
      para(STYLE.definition, 'Definition', { paragraph: { indent: { left: tw(18) } } }),
      para(STYLE.quote, 'Quote', { paragraph: { indent: { left: tw(18), right: tw(18) } }, run: { italics: true } }),
    ],
    characterStyles: [
      { id: STYLE.inlineCode, name: 'Inline code', basedOn: 'DefaultParagraphFont', run: { font: look.mono } },
    ],
  };
}

function para(
  id: string,
  name: string,
  options: Omit<NonNullable<IStylesOptions['paragraphStyles']>[number], 'id' | 'name'>,
): NonNullable<IStylesOptions['paragraphStyles']>[number] {
  return { id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, ...options };
}
