// The peer for a one-file Markdown report: Pandoc → standalone HTML → WeasyPrint → PDF, as
// docs/REAL-DOCUMENTS.md measures it (Debian's pandoc and weasyprint; both must be on the PATH).
// Usage: node scripts/bench/pandoc-weasyprint.js in.md out.pdf
import { spawnSync } from 'node:child_process';

const [input, output] = process.argv.slice(2);
const html = output.replace(/\.pdf$/, '.html');

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}`);
}

run('pandoc', ['-f', 'markdown', '-s', '--toc', '-o', html, input]);
run('weasyprint', [html, output]);
