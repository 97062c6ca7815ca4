// `briefing new <dir>`: write a small report that builds, then say what to do next.
import path from 'node:path';
import { newReport } from '../../new-report.js';
import { displayPath } from '../../messages.js';
import { EXIT, type Command } from '../io.js';

export const newCommand: Command = {
  run(_flags, positionals, io) {
    const dir = positionals[0]!;
    const files = newReport(dir);
    for (const file of files) io.out(`${displayPath(file)}\n`);
    io.out(`Wrote a new report in ${displayPath(path.resolve(dir))}. Next: cd ${dir} && briefing build\n`);
    return Promise.resolve(EXIT.ok);
  },
};
