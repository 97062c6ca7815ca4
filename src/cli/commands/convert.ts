// `briefing convert <draft.docx> [--out content] [--overwrite]`: a Word file → a content folder,
// then the report of what did not come across (warnings at the Word file's paragraphs) and what
// was written.
import path from 'node:path';
import { convertDocx } from '../../convert/convert.js';
import { displayPath, UsageError } from '../../messages.js';
import { EXIT, printDiagnostics, type Command } from '../io.js';

export const convertCommand: Command = {
  async run(flags, positionals, io) {
    if (positionals.length !== 1)
      throw new UsageError('convert takes one Word file: briefing convert <draft.docx> [--out content]');
    const out = flags.out ?? flags.content ?? 'content';
    const result = await convertDocx(positionals[0]!, { out, overwrite: flags.overwrite === true });
    printDiagnostics(result.report, io);
    if (!flags.quiet) {
      for (const name of result.written) io.out(`${displayPath(path.join(result.out, name))}: written\n`);
      for (const name of result.removed)
        io.out(`${displayPath(path.join(result.out, name))}: removed (its chapter is no longer in the Word file)\n`);
    }
    io.out(
      `Converted ${displayPath(path.resolve(positionals[0]!))} into ${displayPath(result.out)}: ${result.chapters} chapters, ` +
        `${result.written.length} files written, ${result.unchanged.length} unchanged, ${result.report.length} things did not come across as they were (above). ` +
        `Next: briefing build --content ${displayPath(result.out)}\n`,
    );
    const failing = flags.strict && result.report.some((d) => d.severity !== 'info');
    return failing ? EXIT.failed : EXIT.ok;
  },
};
