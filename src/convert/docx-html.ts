// Word → HTML with mammoth (styles mapped to meaning, not to looks): headings, lists, tables with
// their merged cells, footnotes and endnotes, links and bookmarks. What we add around it:
// - REF fields (Word's cross-references) become internal links: mammoth follows HYPERLINK fields
//   only, so each `REF bookmark` code is rewritten `HYPERLINK \l "bookmark"` before mammoth reads it;
// - the package mammoth reads is rebuilt from the entries docx-package.ts already checked (stored,
//   not deflated), so nothing is inflated twice and no lying entry reaches it;
// - pictures are kept as files (their names from the Word file's media folder), each checked to be
//   the image it says it is and within the pixel limit, with its size in Word.
import { createHash } from 'node:crypto';
import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { SaxesParser } from 'saxes';
import { BriefingError } from '../messages.js';
import { imageCostProblem } from '../image-limits.js';
import { RULES } from '../rules.js';
import type { DocxPackage } from './docx-package.js';
import type { DocxScan } from './docx-scan.js';

export interface ConvertedImage {
  /** Relative to the locale folder: `images/image1.png`. */
  name: string;
  bytes: Buffer;
}

export interface DocxHtml {
  html: string;
  images: ConvertedImage[];
  /** Pictures Briefing cannot show (EMF, WMF, TIFF): a line each in the report. */
  dropped: Array<{ paragraph: number; detail: string }>;
  /** What mammoth itself says it could not read (a linked picture, a style it does not know). */
  messages: string[];
}

/** Paragraph styles that become callout boxes unless briefing.yaml names others (`convert: { callouts: […] }`). */
export const DEFAULT_CALLOUT_STYLES = ['Callout', 'Box', 'Sidebar'];

const SHOWN = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

export async function docxToHtml(pkg: DocxPackage, scan: DocxScan, callouts: string[]): Promise<DocxHtml> {
  const zip = new JSZip();
  for (const [name, bytes] of pkg.entries) {
    const data =
      name === 'word/document.xml'
        ? Buffer.from(horizontalRulesMarked(crossReferencesAsLinks(bytes.toString('utf8'))))
        : bytes;
    zip.file(name, data, { compression: 'STORE' });
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const images = new ImageNamer(pkg, scan);
  const result = await mammoth.convertToHtml(
    { buffer },
    {
      styleMap: styleMap(callouts),
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) =>
        images.take(await image.readAsBuffer(), image.contentType),
      ),
    },
  );
  // mammoth turns an exception in convertImage into a message: a refused picture is thrown here.
  if (images.problem) throw images.problem;
  const messages = [...new Set(result.messages.map((m) => m.message))];
  return { html: result.value, images: images.kept, dropped: images.dropped, messages };
}

function styleMap(callouts: string[]): string[] {
  const quoted = (name: string) => `'${name.replace(/'/g, '')}'`;
  return [
    "p[style-name='Title'] => p.docx-title:fresh",
    "p[style-name='Subtitle'] => p.docx-subtitle:fresh",
    "p[style-name='Caption'] => p.docx-caption:fresh",
    // Code as Briefing's Word edition and Pandoc write it: a block of lines, and code in a line.
    "p[style-name='Code block'] => pre:separator('\\n')",
    "p[style-name='Source Code'] => pre:separator('\\n')",
    "r[style-name='Inline code'] => code",
    "r[style-name='Verbatim Char'] => code",
    // Quotations: Word's Quote style (Briefing's Word edition), Pandoc's Block Text.
    "p[style-name='Quote'] => blockquote > p:fresh",
    "p[style-name='Block Text'] => blockquote > p:fresh",
    // Briefing's Word edition titles its callout boxes so (docx-markdown.ts makes the box again).
    "p[style-name='Callout title'] => p.docx-callout-title:fresh",
    // Word's own table of contents: Briefing makes the contents (the report says so).
    "p[style-name^='TOC'] => !",
    "p[style-name='TOC Heading'] => !",
    'small-caps => span.smallcaps',
    ...callouts.map((name) => `p[style-name=${quoted(name)}] => div.callout > p:fresh`),
  ];
}

/**
 * `REF _Ref123 \h` → `HYPERLINK \l "_Ref123"` inside each w:instrText, and a simple REF field
 * (`<w:fldSimple w:instr="REF …">`) → a `<w:hyperlink w:anchor>` around its runs (a bookmark name has
 * no quote or bracket, so neither can end the code early). Any other simple field (DATE, AUTHOR …)
 * → its runs, the text Word last showed, as the report says (mammoth drops w:fldSimple and all in
 * it); a page reference and a contents field are left out, and reported; a caption's number and a note
 * reference's are Briefing's own (as before: left out).
 */
const LEFT_OUT_FIELDS = /^(PAGEREF|TOC|SEQ|NOTEREF)$/i;

export function crossReferencesAsLinks(xml: string): string {
  return xml
    .replace(
      /<w:fldSimple\b[^>]*\bw:instr="\s*REF\s+([A-Za-z0-9_]+)[^"]*"[^>]*>([\s\S]*?)<\/w:fldSimple>/g,
      (_all, name: string, runs: string) => `<w:hyperlink w:anchor="${name}">${runs}</w:hyperlink>`,
    )
    .replace(
      /<w:fldSimple\b[^>]*\bw:instr="\s*(\w*)[^"]*"[^>]*>([\s\S]*?)<\/w:fldSimple>/g,
      (_all, name: string, runs: string) => (LEFT_OUT_FIELDS.test(name) ? '' : runs),
    )
    .replace(
      /(<w:instrText\b[^>]*>)\s*REF\s+([A-Za-z0-9_]+)[^<]*(<\/w:instrText>)/g,
      (_all, open: string, name: string, close: string) => `${open} HYPERLINK \\l "${name}" ${close}`,
    );
}

/** Text that stands for Word's horizontal line; docx-markdown.ts makes it a thematic break (`---`). */
export const RULE_MARK = '\uE000briefing-rule\uE000';

/**
 * Word's "horizontal line" (Pandoc writes one for `---`) is a VML rectangle marked `o:hr="t"`, and
 * Briefing's Word edition writes an empty paragraph with a bottom border: mammoth drops both without
 * a word, so each gets a marker text that mammoth keeps.
 */
export function horizontalRulesMarked(xml: string): string {
  return xml
    .replace(
      // An empty paragraph ruled below: Briefing's Word edition writes `---` so.
      /(<w:p\b[^>]*>)(<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<w:pBdr>(?:(?!<\/w:pPr>)[\s\S])*<w:bottom\b(?:(?!<\/w:pPr>)[\s\S])*<\/w:pPr>)(<\/w:p>)/g,
      (_all, open: string, pPr: string, close: string) => `${open}${pPr}<w:r><w:t>${RULE_MARK}</w:t></w:r>${close}`,
    )
    .replace(/<w:pict\b[^>]*>((?:(?!<\/w:pict>)[\s\S])*)<\/w:pict>/g, (all, inner: string) =>
      /<v:rect\b[^>]*\bo:hr="(?:t|true)"/.test(inner) && !/<v:imagedata|<w:txbxContent/.test(inner)
        ? `<w:t>${RULE_MARK}</w:t>`
        : all,
    );
}

/** Which media file each picture mammoth hands over is (by its bytes), its size in Word, and the checks. */
class ImageNamer {
  kept: ConvertedImage[] = [];
  dropped: DocxHtml['dropped'] = [];
  problem: BriefingError | undefined;
  private byHash = new Map<string, string>();
  private sizes = new Map<string, Array<{ cx: number; cy: number; paragraph: number }>>();
  private named = new Set<string>();

  constructor(
    private pkg: DocxPackage,
    scan: DocxScan,
  ) {
    for (const [name, bytes] of pkg.entries) if (name.startsWith('word/media/')) this.byHash.set(hash(bytes), name);
    const targets = relationships(pkg.entries.get('word/_rels/document.xml.rels')?.toString('utf8') ?? '');
    for (const e of scan.extents) {
      const target = targets.get(e.rId);
      if (!target) continue;
      const list = this.sizes.get(target) ?? [];
      list.push(e);
      this.sizes.set(target, list);
    }
  }

  take(bytes: Buffer, contentType: string): { src: string; 'data-width'?: string } {
    const media = this.byHash.get(hash(bytes)) ?? `word/media/image-${this.kept.length + 1}`;
    const size = this.sizes.get(media)?.shift();
    const paragraph = size?.paragraph ?? 1;
    const name = `images/${path.posix.basename(media)}`;
    if (!SHOWN.has(contentType)) {
      this.dropped.push({
        paragraph,
        detail: `a picture (${path.posix.basename(media)}, ${contentType}) is left out: Briefing shows PNG, JPEG, GIF and SVG (save it as PNG in Word and insert that)`,
      });
      return { src: '#briefing-dropped-image' };
    }
    this.problem ??= this.check(bytes, contentType, media, paragraph);
    if (!this.named.has(name)) {
      this.named.add(name);
      this.kept.push({ name, bytes });
    }
    // EMU: 914,400 per inch, 360,000 per centimetre; Briefing scales a figure down to the column.
    return size && size.cx > 0 ? { src: name, 'data-width': `${+(size.cx / 360_000).toFixed(2)}cm` } : { src: name };
  }

  private check(bytes: Buffer, contentType: string, media: string, paragraph: number): BriefingError | undefined {
    const fail = (message: string, fix: string) =>
      new BriefingError({
        file: this.pkg.file,
        line: paragraph,
        column: 1,
        severity: 'error',
        message: `paragraph ${paragraph}: the picture ${path.posix.basename(media)} ${message}; nothing was written`,
        rule: RULES.convertImage.id,
        fix,
      });
    if (!looksLike(bytes, contentType))
      return fail(
        `is not a ${contentType.replace('image/', '').toUpperCase()} image (its bytes are something else)`,
        'delete the picture in Word and insert it again from an image file (PNG or JPEG)',
      );
    const cost = imageCostProblem(bytes, contentType);
    return cost ? fail(cost.message, cost.fix) : undefined;
  }
}

function looksLike(bytes: Buffer, contentType: string): boolean {
  const head = bytes.subarray(0, 12);
  if (contentType === 'image/png') return head.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'));
  if (contentType === 'image/jpeg') return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  if (contentType === 'image/gif') return head.toString('latin1', 0, 4) === 'GIF8';
  if (contentType === 'image/svg+xml') return /<svg[\s>]/.test(bytes.subarray(0, 4096).toString('utf8'));
  return true;
}

function hash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** word/_rels/document.xml.rels → relationship id → the target's entry name (`word/media/image1.png`). */
function relationships(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    const { Id: id, Target: target, TargetMode: mode } = tag.attributes as Record<string, string | undefined>;
    if (tag.name !== 'Relationship' || !id || !target || mode === 'External') return;
    map.set(id, target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join('word', target)));
  });
  parser.write(xml).close();
  return map;
}
