// The report of what did not come across: each finding of the scan (and each picture left out) as
// a message at `draft.docx:<paragraph>:1` naming the paragraph's number and first words, so the
// author finds it in Word. Tracked changes are summed up once (the accepted version is converted),
// with a line for each paragraph whose deleted text was left out.
import { firstWords, type DocxScan, type FindingKind } from './docx-scan.js';
import { RULES } from '../rules.js';
import type { Diagnostic } from '../messages.js';

type Kind = FindingKind | 'picture' | 'link' | 'style' | 'caption' | 'reader';
/** A line at a paragraph (its number and first words), or at the file when the paragraph is not known. */
type At = (paragraph: number | undefined, detail: string, kind: Kind) => Diagnostic;

export function conversionReport(
  file: string,
  scan: DocxScan,
  dropped: Array<{ paragraph: number; detail: string }>,
  convertedText: string,
  unlinked: Array<{ text: string; href: string }> = [],
  readerMessages: string[] = [],
  bareCaptions: string[] = [],
  /** Style name (`paragraph:Pull Quote`, `run:Code`) → its id in styles.xml. */
  styleIds = new Map<string, string>(),
): Diagnostic[] {
  const at: At = (paragraph, detail, kind) => {
    const tracked = kind === 'tracked-change';
    const rule = tracked ? RULES.convertTrackedChanges.id : RULES.convertNotConverted.id;
    const fix = tracked ? RULES.convertTrackedChanges.fix : fixFor(kind);
    if (paragraph === undefined) return { file, severity: 'warning', message: detail, rule, fix };
    const words = scan.firstWords.get(paragraph);
    const message = `paragraph ${paragraph}${words ? ` ("${words}")` : ''}: ${detail}`;
    return { file, line: paragraph, column: 1, severity: 'warning', message, rule, fix };
  };
  const report = [
    ...findingLines(scan, convertedText, at),
    ...dropped.map((d) => at(d.paragraph, d.detail, 'picture')),
    ...linkLines(scan, unlinked, at),
    ...captionLines(scan, bareCaptions, at),
    ...readerLines(scan, readerMessages, styleIds, at),
  ];
  if (scan.insertions + scan.deletions > 0) {
    const first = scan.findings.find((f) => f.kind === 'tracked-change')?.paragraph ?? 1;
    const summary = `${scan.insertions} tracked insertions and ${scan.deletions} tracked deletions in the document: the accepted version is converted (insertions kept, deletions left out)`;
    report.push(at(first, summary, 'tracked-change'));
  }
  return report;
}

const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

/** The scan's findings; a text box says whether its words came across. */
function findingLines(scan: DocxScan, convertedText: string, at: At): Diagnostic[] {
  const flat = (t: string) => t.replace(/\s+/g, '');
  const converted = flat(convertedText);
  return scan.findings.map((f) => {
    if (f.kind !== 'text-box') return at(f.paragraph, f.detail, f.kind);
    // mammoth reads a text box through the VML copy Word keeps for old readers, when there is one.
    const kept = f.text !== undefined && flat(f.text) !== '' && converted.includes(flat(f.text));
    const words = firstWords(f.text ?? '');
    return at(
      f.paragraph,
      kept
        ? `a text box ("${words}"): its text is kept as paragraphs here, its frame and position are not`
        : `a text box${words ? ` ("${words}")` : ''} is not converted`,
      f.kind,
    );
  });
}

/** Links kept as their words: at the paragraph of the Word link with the same words (each taken once, in order). */
function linkLines(scan: DocxScan, unlinked: Array<{ text: string; href: string }>, at: At): Diagnostic[] {
  const links = [...scan.links];
  return unlinked.map((link) => {
    const found = links.findIndex((l) => squash(l.text) === squash(link.text));
    const paragraph = found === -1 ? undefined : links.splice(found, 1)[0]!.paragraph;
    return at(
      paragraph,
      `a link is kept as its text only: "${link.text}" → ${link.href} (a bookmark that is not in the document, or an address that is not http(s) or mailto)`,
      'link',
    );
  });
}

/** Captions that are only a label: at the first paragraph not yet named whose words are the caption's. */
function captionLines(scan: DocxScan, bareCaptions: string[], at: At): Diagnostic[] {
  const named = new Set<number>();
  return bareCaptions.map((caption) => {
    const paragraph = [...scan.firstWords].find(
      ([n, words]) => !named.has(n) && squash(words) === squash(caption),
    )?.[0];
    if (paragraph !== undefined) named.add(paragraph);
    return at(
      paragraph,
      `the caption "${caption}" holds only Word's label and number: its table or figure is printed without a caption (Briefing numbers captioned ones itself)`,
      'caption',
    );
  });
}

// mammoth's notes on VML drawing details (v:stroke, v:wrap), on equations (OMML) and on linked
// pictures: the scan reports the shape, the equation and the picture itself, at its paragraph.
const REPORTED_BY_SCAN =
  /unrecognised element was ignored: ((v|o|w10):|\{http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/math\})|^could not read external image/i;

/** What mammoth says: a style it does not map (at its first paragraph, an info line), anything else as it says it. */
function readerLines(scan: DocxScan, messages: string[], styleIds: Map<string, string>, at: At): Diagnostic[] {
  return messages
    .filter((m) => !REPORTED_BY_SCAN.test(m))
    .map((message) => {
      // A paragraph or character style mammoth does not map: its words come across, its look does not.
      const style = /^Unrecognised (paragraph|run) style: '(.*)'/.exec(message);
      if (!style) return at(undefined, `the Word reader (mammoth) says: ${message}`, 'reader');
      const kind = style[1] as 'paragraph' | 'run';
      const name = style[2]!;
      // At the first paragraph in that style (found by the style's id, as mammoth names styles).
      const id = styleIds.get(`${kind}:${name}`);
      const line = at(
        id === undefined ? undefined : scan.styles.get(`${kind}:${id}`),
        `the ${kind === 'run' ? 'character' : 'paragraph'} style "${name}" is converted as plain ${kind === 'run' ? 'text' : 'paragraphs'} (its look is the theme's)`,
        'style',
      );
      return {
        ...line,
        severity: 'info',
        fix:
          kind === 'run'
            ? 'nothing to do, unless the style meant something: then use bold or italic in Word'
            : `if "${name}" marks boxes, list it under \`convert: { callouts: […] }\` in briefing.yaml and convert again`,
      };
    });
}

function fixFor(kind: Kind): string {
  switch (kind) {
    case 'comment':
      return 'resolve the comment in Word, or carry it into the Markdown as an HTML comment <!-- … -->';
    case 'text-box':
      return 'move the text into the body in Word (or into a paragraph in the Callout style, which becomes a box)';
    case 'equation':
      return 'write the equation in the Markdown as $…$ (inline) or $$…$$ (display) math';
    case 'font':
    case 'colour':
      return 'set fonts and colours once in templates/theme.yaml; use bold or italic for emphasis';
    case 'linked-picture':
      return 'embed the picture in Word (Insert → Pictures → Insert, not "Link to File") and convert again';
    case 'contents':
      return 'nothing to do: the contents is printed from the headings';
    case 'field':
      return 'check the text in the Markdown: it is what Word last showed';
    case 'link':
      return 'link to a heading or a bookmark of the document, or to a full https:// address, in Word';
    case 'caption':
      return 'write what the table or figure shows after the label in Word ("Table 1: Wells by district"), or add `Table: …` in the Markdown';
    case 'reader':
      return 'check that part of the Word file; embed linked pictures (Insert → Pictures) rather than linking them';
    default:
      return 'save it as a picture (PNG) in Word and insert that, or describe it in the text';
  }
}
