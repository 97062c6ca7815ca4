// `briefing proof`: the built PDF of each locale → a contact sheet of its pages, written beside it as
// <name>.proof.html. The PDF is built first when there is none (or taken from --pdf).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { build, type Progress } from '../build.js';
import { loadConfig, type RunOptions } from '../config/config.js';
import { fail, type Diagnostic } from '../messages.js';
import { writeArtifacts } from '../output/write.js';
import { MAX_PROOF_PDF_BYTES } from '../limits.js';
import { readUserFile } from '../paths.js';
import { contactSheet } from './sheet.js';
import { renderThumbnails } from './thumbnails.js';
import { RULES } from '../rules.js';
import { useLimits } from '../limits.js';

const PROOF_PDF_FIX = 'proof a smaller PDF (each page is drawn in the browser; split the edition)';

export interface ProofOptions extends RunOptions {
  /** Proof this PDF instead of the built edition. */
  pdf?: string;
}

export interface ProofFile {
  locale: string;
  pdf: string;
  sheet: string;
  pages: number;
  bytes: number;
  seconds: number;
}

export async function proof(
  options: ProofOptions,
  progress: Progress = () => {},
): Promise<{ files: ProofFile[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const targets: Array<{ locale: string; pdf: string; bytes?: Buffer }> = [];
  if (options.pdf) {
    const pdf = path.resolve(options.pdf);
    // A FIFO, a device or a PDF beyond the proof limit: a positioned error before any browser starts.
    const bytes = readUserFile(pdf, MAX_PROOF_PDF_BYTES, PROOF_PDF_FIX);
    if (!bytes)
      fail({
        file: pdf,
        message: 'PDF not found',
        rule: RULES.proofMissingPdf.id,
        fix: 'pass an existing file with --pdf, or leave --pdf out to proof the built edition',
      });
    targets.push({ locale: options.locale ?? '', pdf, bytes });
  } else {
    const config = await loadConfig({ ...options, format: 'pdf' });
    useLimits(config);
    for (const locale of config.locales) {
      let pdf = await findBuiltPdf(path.join(config.outDir, locale), config.edition.id, locale);
      if (!pdf) {
        progress(`${locale}: no PDF in ${path.join(config.outDir, locale)} yet: building it`);
        const built = await build({ ...options, locale, format: 'pdf' }, progress);
        diagnostics.push(...built.diagnostics);
        pdf = built.files.find((f) => f.format === 'pdf')?.path;
        if (!pdf)
          fail({
            file: config.outDir,
            message: `the build wrote no PDF for ${locale}`,
            rule: RULES.proofMissingPdf.id,
          });
      }
      targets.push({ locale, pdf });
    }
  }

  const print = await import('../print/index.js');
  return print.withBrowser(async (browser) => {
    const files: ProofFile[] = [];
    for (const target of targets) {
      const started = performance.now();
      const bytes = target.bytes ?? readUserFile(target.pdf, MAX_PROOF_PDF_BYTES, PROOF_PDF_FIX);
      if (!bytes) fail({ file: target.pdf, message: 'PDF not found', rule: RULES.proofMissingPdf.id });
      const rendered = await renderThumbnails(browser, bytes, target.pdf);
      const sheet = target.pdf.replace(/\.pdf$/i, '') + '.proof.html';
      const html = contactSheet({
        title: rendered.title,
        pdfName: path.basename(target.pdf),
        lang: target.locale || 'en',
        thumbnails: rendered.thumbnails,
      });
      await writeArtifacts([{ path: sheet, data: html }]);
      const seconds = (performance.now() - started) / 1000;
      progress(
        `${target.locale || path.basename(target.pdf)}: ${rendered.thumbnails.length} pages rendered in ${seconds.toFixed(2)} s`,
      );
      files.push({
        locale: target.locale,
        pdf: target.pdf,
        sheet,
        pages: rendered.thumbnails.length,
        bytes: Buffer.byteLength(html),
        seconds,
      });
    }
    return { files, diagnostics };
  });
}

/** The edition's PDF in `dir`: `<id>….<locale>.pdf`, the newest if there are several. */
async function findBuiltPdf(dir: string, id: string, locale: string): Promise<string | undefined> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (n) => n.startsWith(id) && n.endsWith(`.${locale}.pdf`),
  );
  const dated = await Promise.all(
    names.map(async (n) => ({ file: path.join(dir, n), mtime: (await stat(path.join(dir, n))).mtimeMs })),
  );
  return dated.sort((a, b) => b.mtime - a.mtime)[0]?.file;
}
