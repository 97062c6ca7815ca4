// `pdf: { standard: … }` in briefing.yaml: the standards the PDF edition is made to meet. PDF/UA-1
// (ISO 14289-1, accessible) and PDF/A-2 (ISO 19005-2, archival) at level b (visual appearance),
// u (+ Unicode text) or a (+ tagged structure); what each asks of the file is in src/print/standard.ts.

export interface PdfStandard {
  /** PDF/UA part (1), or none. */
  ua?: 1;
  /** PDF/A-2 conformance level, or none. */
  a?: 'b' | 'u' | 'a';
  /**
   * Written in briefing.yaml (not the default): the content is then held to it, and a document that
   * breaks it is refused (pipeline/standard-check.ts), like Typst's --pdf-standard.
   */
  asked?: boolean;
}

/** The values `pdf.standard` takes, alone or joined with `+` (`ua-1+a-2a`). */
export const STANDARD_NAMES = ['ua-1', 'a-2b', 'a-2u', 'a-2a', 'none'] as const;
/** PDF/UA-1 and PDF/A-2a together: both hold for Briefing's editions (veraPDF, tests/e2e/standards.test.ts). */
export const DEFAULT_STANDARD = 'ua-1+a-2a';

/** `ua-1+a-2a` → { ua: 1, a: 'a' }; undefined when a part is not a known name (or two PDF/A levels). */
export function parseStandard(value: string): PdfStandard | undefined {
  const standard: PdfStandard = {};
  const parts = value.split('+').map((p) => p.trim().toLowerCase());
  for (const part of parts) {
    if (part === 'none' && parts.length === 1) return {};
    if (part === 'ua-1' && standard.ua === undefined) standard.ua = 1;
    else if (/^a-2[bua]$/.test(part) && standard.a === undefined) standard.a = part.slice(3) as 'b' | 'u' | 'a';
    else return undefined;
  }
  return standard;
}

/** { ua: 1, a: 'a' } → "PDF/UA-1 + PDF/A-2a". */
export function standardLabel(standard: PdfStandard): string {
  const parts = [standard.ua ? `PDF/UA-${standard.ua}` : '', standard.a ? `PDF/A-2${standard.a}` : ''];
  return parts.filter(Boolean).join(' + ') || 'none';
}
