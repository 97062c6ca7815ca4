// The PDF reader warmed on the edition's previous PDF while Chromium prints (print/finish.ts): whatever
// is at that path — nothing, text, a broken PDF, a FIFO — it never fails the build nor blocks.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { warmUp } from '../../src/print/finish.js';
import { tempDir } from '../support/cli.js';

describe('warming the PDF reader up', () => {
  it('reads a real PDF, and passes over what is not one', async () => {
    const dir = tempDir();
    const pdf = await PDFDocument.create();
    pdf.addPage();
    writeFileSync(path.join(dir, 'real.pdf'), await pdf.save());
    writeFileSync(path.join(dir, 'text.pdf'), 'not a PDF at all');
    writeFileSync(path.join(dir, 'cut.pdf'), (await pdf.save()).subarray(0, 40));
    execFileSync('mkfifo', [path.join(dir, 'fifo.pdf')]);
    for (const name of ['real.pdf', 'text.pdf', 'cut.pdf', 'fifo.pdf', 'missing.pdf']) {
      await expect(warmUp(path.join(dir, name)), name).resolves.toBeUndefined();
    }
  });
});
