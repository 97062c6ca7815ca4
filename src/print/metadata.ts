// Document info that Chromium does not write (author, subject, keywords, language) and fixed dates,
// so the same sources give a byte-identical PDF. pdf-lib keeps tags, outline, links and destinations.
import type { PDFDocument } from 'pdf-lib';

export interface PdfMetadata {
  title: string;
  author: string;
  subject?: string;
  keywords: string[];
  language: string;
  /** Creation and modification date (SOURCE_DATE_EPOCH or the edition's year). */
  date: Date;
}

export async function finalizePdf(doc: PDFDocument, meta: PdfMetadata): Promise<Uint8Array> {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.language);
  doc.setCreator('Briefing');
  doc.setProducer('Briefing (Chromium, pdf-lib)');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  return doc.save({ useObjectStreams: false });
}

/** SOURCE_DATE_EPOCH (reproducible builds convention) or 1 January of the edition's year, UTC. */
export function editionDate(year: number, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(Date.UTC(year, 0, 1));
}
