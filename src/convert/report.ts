// The report of what did not come across: each finding of the scan (and each picture left out) as
// a message at `draft.docx:<paragraph>:1` naming the paragraph's number and first words, so the
// author finds it in Word. Tracked changes are summed up once (the accepted version is converted),
// with a line for each paragraph whose deleted text was left out.
import { firstWords, type DocxScan, type FindingKind } from './docx-scan.js';
import { RULES } from '../rules.js';
import type { Diagnostic } from '../messages.js';

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
  const at = (
    paragraph: number,
    detail: string,
    kind: FindingKind | 'picture' | 'link' | 'style' | 'caption',
  ): Diagnostic => {
    const words = scan.firstWords.get(paragraph);
    const tracked = kind === 'tracked-change';
    return {
      file,
      line: paragraph,
      column: 1,
      severity: 'warning',
      message: `paragraph ${paragraph}${words ? ` ("${words}")` : ''}: ${detail}`,
      rule: tracked ? RULES.convertTrackedChanges.id : RULES.convertNotConverted.id,
      fix: tracked ? RULES.convertTrackedChanges.fix : fixFor(kind),
    };
  };
  const flat = (t: string) => t.replace(/\s+/g, '');
  const converted = flat(convertedText);
  const report = scan.findings.map((f) => {
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
  report.push(...dropped.map((d) => at(d.paragraph, d.detail, 'picture')));
  // At the paragraph of the Word link with the same words (each Word link taken once, in order).
  const links = [...scan.links];
  const squash = (t: string) => t.replace(/\s+/g, ' ').trim();
  for (const link of unlinked) {
    const found = links.findIndex((l) => squash(l.text) === squash(link.text));
    const paragraph = found === -1 ? undefined : links.splice(found, 1)[0]!.paragraph;
    const detail = `a link is kept as its text only: "${link.text}" → ${link.href} (a bookmark that is not in the document, or an address that is not http(s) or mailto)`;
    report.push({
      ...(paragraph === undefined ? { file, severity: 'warning', message: detail } : at(paragraph, detail, 'link')),
      rule: RULES.convertNotConverted.id,
      fix: 'link to a heading or a bookmark of the document, or to a full https:// address, in Word',
    });
  }
  // At the caption's paragraph: the first not yet named whose words are the caption's.
  const named = new Set<number>();
  for (const caption of bareCaptions) {
    const paragraph = [...scan.firstWords].find(
      ([n, words]) => !named.has(n) && squash(words) === squash(caption),
    )?.[0];
    if (paragraph !== undefined) named.add(paragraph);
    const detail = `the caption "${caption}" holds only Word's label and number: its table or figure is printed without a caption (Briefing numbers captioned ones itself)`;
    report.push({
      ...(paragraph === undefined ? { file, severity: 'warning', message: detail } : at(paragraph, detail, 'caption')),
      rule: RULES.convertNotConverted.id,
      fix: 'write what the table or figure shows after the label in Word ("Table 1: Wells by district"), or add `Table: …` in the Markdown',
    });
  }
  // mammoth's notes on VML drawing details (v:stroke, v:wrap), on equations (OMML) and on linked
  // pictures: the scan reports the shape, the equation and the picture itself, at its paragraph.
  const reported =
    /unrecognised element was ignored: ((v|o|w10):|\{http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/math\})|^could not read external image/i;
  for (const message of readerMessages.filter((m) => !reported.test(m))) {
    // A paragraph or character style mammoth does not map: its words come across, its look does not.
    const style = /^Unrecognised (paragraph|run) style: '(.*)'/.exec(message);
    const kind = style?.[1] === 'run' ? 'character' : 'paragraph';
    const detail = style
      ? `the ${kind} style "${style[2]}" is converted as plain ${style[1] === 'run' ? 'text' : 'paragraphs'} (its look is the theme's)`
      : `the Word reader (mammoth) says: ${message}`;
    // At the first paragraph in that style (found by the style's id, as mammoth names styles).
    const id = style ? styleIds.get(`${style[1]}:${style[2]}`) : undefined;
    const paragraph = style && id !== undefined ? scan.styles.get(`${style[1]}:${id}`) : undefined;
    report.push({
      ...(paragraph === undefined ? { file, message: detail } : at(paragraph, detail, 'style')),
      severity: style ? 'info' : 'warning',
      rule: RULES.convertNotConverted.id,
      fix:
        style?.[1] === 'run'
          ? 'nothing to do, unless the style meant something: then use bold or italic in Word'
          : style
            ? `if "${style[2]}" marks boxes, list it under \`convert: { callouts: […] }\` in briefing.yaml and convert again`
            : 'check that part of the Word file; embed linked pictures (Insert → Pictures) rather than linking them',
    });
  }
  if (scan.insertions + scan.deletions > 0) {
    const first = scan.findings.find((f) => f.kind === 'tracked-change')?.paragraph ?? 1;
    const summary = `${scan.insertions} tracked insertions and ${scan.deletions} tracked deletions in the document: the accepted version is converted (insertions kept, deletions left out)`;
    report.push(at(first, summary, 'tracked-change'));
  }
  return report;
}

function fixFor(kind: FindingKind | 'picture' | 'link' | 'style' | 'caption'): string {
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
    default:
      return 'save it as a picture (PNG) in Word and insert that, or describe it in the text';
  }
}
