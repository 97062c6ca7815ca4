import { proof } from '../../proof/proof.js';
import { displayPath } from '../../messages.js';
import { EXIT, printDiagnostics, runOptions, type Command } from '../io.js';

export const proofCommand: Command = {
  async run(flags, _positionals, io) {
    const progress = flags.quiet ? () => {} : (line: string) => io.err(`briefing: ${line}\n`);
    const pdf = typeof flags.pdf === 'string' ? flags.pdf : undefined;
    const result = await proof({ ...runOptions(flags), pdf }, progress);
    printDiagnostics(result.diagnostics, io);
    for (const file of result.files) {
      io.out(`${displayPath(file.sheet)}  ${file.pages} pages  ${Math.round(file.bytes / 1024)} kB\n`);
    }
    return EXIT.ok;
  },
};
