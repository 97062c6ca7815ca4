// A .docx given to `briefing convert`, opened safely: the file's size checked before it is read, its
// kind told from its first bytes (a .doc, a password-protected .docx — both OLE compound files —, a
// PDF or anything else is refused with what to do instead), then the zip's central directory read
// (yauzl) and every entry's declared size added up before one byte is inflated; yauzl stops an entry
// that inflates past its declared size, so a zip bomb is refused at the first lying entry. What comes
// back is every entry as bytes: mammoth and our own scan read these, never the zip again.
import path from 'node:path';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { BriefingError } from '../messages.js';
import { formatBytes, limits } from '../limits.js';
import { readUserFile } from '../paths.js';
import { RULES } from '../rules.js';

export interface DocxPackage {
  file: string;
  /** Every entry by its name in the zip (`word/document.xml`, `word/media/image1.png`). */
  entries: Map<string, Buffer>;
}

/** More entries than any Word file has (a 500-page report with 300 images has about 350). */
export const MAX_DOCX_ENTRIES = 10_000;

export async function openDocx(file: string): Promise<DocxPackage> {
  const { maxDocxBytes } = limits();
  const bytes = readUserFile(
    file,
    maxDocxBytes,
    'save the images in Word at a lower resolution (File → Compress Pictures), or raise BRIEFING_MAX_DOCX_MB',
  );
  if (!bytes) refuse(file, RULES.convertNotDocx, 'does not exist', 'name an existing .docx file');
  refuseOtherKinds(file, bytes);
  const entries = await unzipWithinLimits(file, bytes);
  if (!entries.has('word/document.xml')) {
    const fix = entries.has('content.xml')
      ? 'it is an OpenDocument file: save it from LibreOffice or Word as .docx (Word Document)'
      : 'save it from Word as .docx (Word Document)';
    refuse(file, RULES.convertNotDocx, 'is a zip file but not a Word document (it has no word/document.xml)', fix);
  }
  return { file, entries };
}

function refuse(file: string, rule: { id: string }, message: string, fix: string): never {
  throw new BriefingError({ file, severity: 'error', message: `${message}; nothing was written`, rule: rule.id, fix });
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A zip is the only thing a .docx can be: tell the user what the file is instead. */
function refuseOtherKinds(file: string, bytes: Buffer): void {
  if (bytes.subarray(0, 8).equals(OLE)) {
    // Word writes a password-protected .docx as an OLE file holding the encrypted zip.
    if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      refuse(
        file,
        RULES.convertEncrypted,
        'is password-protected (encrypted): its text cannot be read',
        'open it in Word, remove the password (File → Info → Protect Document → Encrypt with Password: empty) and save it again',
      );
    }
    refuse(
      file,
      RULES.convertNotDocx,
      'is a Word 97–2003 document (.doc, binary), not a .docx',
      'open it in Word or LibreOffice and save it as .docx (Word Document)',
    );
  }
  const head = bytes.subarray(0, 5).toString('latin1');
  if (head === '%PDF-')
    refuse(file, RULES.convertNotDocx, 'is a PDF, not a .docx', 'convert the Word file it was made from');
  if (head.startsWith('{\\rtf'))
    refuse(file, RULES.convertNotDocx, 'is an RTF file, not a .docx', 'open it in Word and save it as .docx');
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    refuse(
      file,
      RULES.convertNotDocx,
      `is not a Word .docx file (a .docx is a zip archive; this one starts with ${JSON.stringify(head.replace(/[^\x20-\x7e]/g, '.'))})`,
      `save the document from Word as .docx; ${path.extname(file).toLowerCase() === '.docx' ? 'the file may be damaged: take an earlier copy' : 'name a .docx file'}`,
    );
  }
}

async function unzipWithinLimits(file: string, bytes: Buffer): Promise<Map<string, Buffer>> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    return corrupt(file, error);
  }
  try {
    const list = await listEntries(zip, file);
    const entries = new Map<string, Buffer>();
    for (const entry of list) entries.set(entry.fileName, await readEntry(zip, entry, file));
    return entries;
  } finally {
    zip.close();
  }
}

function corrupt(file: string, error: unknown): never {
  const reason = error instanceof Error ? error.message : String(error);
  return refuse(
    file,
    RULES.convertCorrupt,
    `is damaged: its zip structure cannot be read (${reason})`,
    'open it in Word, let Word repair it, and save it again (or take an earlier copy)',
  );
}

/** The central directory, checked whole before anything is inflated. */
async function listEntries(zip: ZipFile, file: string): Promise<Entry[]> {
  const { maxUnzippedBytes } = limits();
  const list: Entry[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      list.push(entry);
      total += entry.uncompressedSize;
      if (list.length > MAX_DOCX_ENTRIES) reject(bomb(file, `holds more than ${MAX_DOCX_ENTRIES} files`));
      else if (total > maxUnzippedBytes)
        reject(
          bomb(
            file,
            `would unpack to more than ${formatBytes(maxUnzippedBytes)} (a zip bomb, or images far too large)`,
          ),
        );
      else zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', (error) => reject(error instanceof BriefingError ? error : wrapCorrupt(file, error)));
    zip.readEntry();
  });
  return list.filter((e) => !e.fileName.endsWith('/'));
}

function bomb(file: string, what: string): BriefingError {
  return new BriefingError({
    file,
    severity: 'error',
    message: `${what}; nothing was unpacked or written`,
    rule: RULES.convertUnpackLimit.id,
    fix: 'compress the pictures in Word (File → Compress Pictures) and save again; if the file is genuine, raise BRIEFING_MAX_UNZIPPED_MB',
  });
}

function wrapCorrupt(file: string, error: unknown): BriefingError {
  try {
    return corrupt(file, error);
  } catch (refused) {
    return refused as BriefingError;
  }
}

/** One entry's bytes; yauzl fails the stream when it inflates to more than it declared. */
async function readEntry(zip: ZipFile, entry: Entry, file: string): Promise<Buffer> {
  try {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/too many bytes|exceeded|uncompressedSize/i.test(reason))
      throw bomb(file, `has an entry (${entry.fileName}) that unpacks to more than it declares (a zip bomb)`);
    throw wrapCorrupt(file, error);
  }
}
