// PDF oracles: poppler's command-line tools, as a reader of the PDF would see it.
import { execFileSync } from 'node:child_process';

export function pdfText(file: string, options: { first?: number; last?: number; layout?: boolean } = {}): string {
  const args = [];
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  if (options.layout) args.push('-layout');
  return execFileSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter(Boolean).map((line) => {
    const at = line.indexOf(':');
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  }));
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type… encoding emb sub uni object ID: read from the right, types may contain spaces.
    const emb = cols[cols.length - 5];
    return { name: cols[0]!, type: line.slice(37, 55).trim(), embedded: emb === 'yes' };
  });
}

/** Text of each page, 1-based. */
export function pagesText(file: string): string[] {
  const count = Number(pdfInfo(file).Pages);
  return Array.from({ length: count }, (_, i) => pdfText(file, { first: i + 1, last: i + 1 }));
}
