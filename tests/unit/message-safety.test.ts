// Names and texts from the content folder are printed escaped: a control character cannot start a
// new line (a forged message, or a GitHub workflow command such as `::error::` in a CI log) or
// repaint the terminal.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, printable } from '../../src/messages.js';
import { copyFixture, runMain, STARTER } from '../support/cli.js';

describe('control characters in messages', () => {
  it('are written as escapes, every part of a message on one line', () => {
    expect(printable('a\nb\r\tc\u001b[2Jd\u202ee\u0085')).toBe('a\\nb\\r\\tc\\u001b[2Jd\\u202ee\\u0085');
    expect(
      formatDiagnostic({
        file: '/x/a\n::error file=x::pwned.md',
        line: 1,
        column: 1,
        severity: 'warning',
        message: 'bad \u001b]0;title\u0007 name',
        fix: 'rename\nit',
        rule: 'content:file-name',
      }),
    ).toBe(
      '/x/a\\n::error file=x::pwned.md:1:1 warning bad \\u001b]0;title\\u0007 name (rename\\nit) content:file-name',
    );
  });

  it('a file name with a newline does not inject a workflow command into the CLI output', async () => {
    const content = copyFixture(STARTER);
    writeFileSync(path.join(content, 'en', '07-x\n::error file=briefing.yaml,line=1::pwned.md'), '# X\n');
    writeFileSync(path.join(content, 'en', '08-y\u001b[2J.md'), '# Y\n');
    const run = await runMain(['check', '--content', content]);
    const lines = `${run.stdout}${run.stderr}`.split('\n');
    expect(lines.filter((line) => /^\s*::/.test(line))).toEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toContain('\u001b');
    expect(run.stderr).toContain('07-x\\n::error file=briefing.yaml,line=1::pwned.md');
    expect(run.stderr).toContain('08-y\\u001b[2J.md');
  });
});
