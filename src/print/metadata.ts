// Document info that Chromium does not write (author, subject, keywords, language), the same fields as
// an XMP metadata stream (PDF/A-style readers, archives and search engines read XMP, not /Info), fixed
// dates and a document ID derived from the content, so the same sources give a byte-identical PDF.
// pdf-lib keeps tags, outline, links and destinations.
import { PDFHexString, PDFName, type PDFDocument, type PDFRef } from 'pdf-lib';
import { sha256Hex } from '../output/digest.js';
import { writeAgain } from './pdf-writer.js';
import { isoSeconds } from '../environment.js';
import type { PdfStandard } from '../config/pdf-standard.js';

export interface PdfMetadata {
  title: string;
  /** The authors, else the publisher; none: no Author field. */
  author?: string;
  subject?: string;
  keywords: string[];
  language: string;
  /** Creation and modification date (SOURCE_DATE_EPOCH or the edition's year). */
  date: Date;
  /**
   * 32 hex digits naming this document's content (e.g. from a sha256 of the HTML that was printed):
   * the trailer's /ID and XMP's DocumentID. Without it, the ID is a hash of the PDF itself.
   */
  documentId?: string;
  /** The standards the file claims (pdfuaid / pdfaid in the XMP); none when absent. */
  standard?: PdfStandard;
}

export const CREATOR = 'Briefing';
export const PRODUCER = 'Briefing (Chromium, pdf-lib)';

export async function finalizePdf(doc: PDFDocument, meta: PdfMetadata): Promise<Uint8Array> {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.language);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  const first = meta.documentId === undefined ? await writeAgain(doc) : undefined;
  const id = meta.documentId ?? sha256Hex(first!.bytes).slice(0, 32);
  if (!/^[0-9a-f]{32}$/.test(id)) throw new Error(`documentId must be 32 lower-case hex digits, got "${id}"`);
  // Same value twice: the permanent ID and the "this version" ID of a file that was never modified.
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(meta, id)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  // No object streams (PDF 1.4 readers); written as pdf-lib writes it, faster (pdf-writer.ts): after
  // the ID's write only the catalog changed (and the XMP added), so the rest is not written again.
  return (await writeAgain(doc, first, [doc.context.trailerInfo.Root as PDFRef])).bytes;
}

/** The XMP packet: the /Info fields in Dublin Core, XMP basic, Adobe PDF and XMP media management. */
export function xmpPacket(meta: PdfMetadata, id: string): string {
  const date = isoSeconds(meta.date);
  const uuid = `uuid:${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
  const lines = [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    ` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `  <rdf:Description rdf:about=""`,
    `    xmlns:dc="http://purl.org/dc/elements/1.1/"`,
    `    xmlns:xmp="http://ns.adobe.com/xap/1.0/"`,
    `    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`,
    `    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">`,
    `   <dc:format>application/pdf</dc:format>`,
    `   <dc:title>${alt(meta.title)}</dc:title>`,
    ...(meta.author
      ? [`   <dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>`]
      : []),
    ...(meta.subject ? [`   <dc:description>${alt(meta.subject)}</dc:description>`] : []),
    ...(meta.keywords.length > 0
      ? [
          `   <dc:subject><rdf:Bag>${meta.keywords.map((k) => `<rdf:li>${escapeXml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`,
        ]
      : []),
    `   <dc:language><rdf:Bag><rdf:li>${escapeXml(meta.language)}</rdf:li></rdf:Bag></dc:language>`,
    ...(meta.keywords.length > 0 ? [`   <pdf:Keywords>${escapeXml(meta.keywords.join(' '))}</pdf:Keywords>`] : []),
    `   <pdf:Producer>${escapeXml(PRODUCER)}</pdf:Producer>`,
    `   <xmp:CreatorTool>${escapeXml(CREATOR)}</xmp:CreatorTool>`,
    `   <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `   <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `   <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `   <xmpMM:DocumentID>${uuid}</xmpMM:DocumentID>`,
    `   <xmpMM:InstanceID>${uuid}</xmpMM:InstanceID>`,
    `  </rdf:Description>`,
    ...identification(meta.standard ?? {}),
    ` </rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ];
  return `${lines.join('\n')}\n`;
}

const PDFUAID = 'http://www.aiim.org/pdfua/ns/id/';

/**
 * pdfaid (PDF/A part and level) and pdfuaid (PDF/UA part). PDF/A admits only the XMP schemas it lists
 * or declares: pdfuaid is declared in a PDF/A extension schema (ISO 19005-2, 6.6.2.3).
 */
function identification(standard: PdfStandard): string[] {
  const lines: string[] = [];
  if (standard.a) {
    lines.push(
      `  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">`,
      `   <pdfaid:part>2</pdfaid:part>`,
      `   <pdfaid:conformance>${standard.a.toUpperCase()}</pdfaid:conformance>`,
      `  </rdf:Description>`,
    );
  }
  if (standard.ua) {
    lines.push(
      `  <rdf:Description rdf:about="" xmlns:pdfuaid="${PDFUAID}">`,
      `   <pdfuaid:part>${standard.ua}</pdfuaid:part>`,
      `  </rdf:Description>`,
    );
  }
  if (standard.a && standard.ua) {
    lines.push(
      `  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"`,
      `    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">`,
      `   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">`,
      `    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>`,
      `    <pdfaSchema:namespaceURI>${PDFUAID}</pdfaSchema:namespaceURI>`,
      `    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>`,
      `    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">`,
      `     <pdfaProperty:name>part</pdfaProperty:name>`,
      `     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>`,
      `     <pdfaProperty:category>internal</pdfaProperty:category>`,
      `     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>`,
      `    </rdf:li></rdf:Seq></pdfaSchema:property>`,
      `   </rdf:li></rdf:Bag></pdfaExtension:schemas>`,
      `  </rdf:Description>`,
    );
  }
  return lines;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
