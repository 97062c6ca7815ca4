// Messages name files relative to the working directory: `briefing check` run as a real process from a
// folder other than the repository's (moved from tests/unit/status.test.ts: it spawns the CLI).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, ROOT, runCli } from '../support/cli.js';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'translate');

describe('warnings about the locale folder, from another working directory', () => {
  it('a translated note name: "note names are not translated", with a line and a relative path', () => {
    const content = copyFixture(FIXTURE);
    const file = path.join(content, 'ru', '02-rights', '01-drinking.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('[^wells-report]', '[^отчет-о-скважинах]'));
    // A real process: the point is a working directory other than the repository's (messages are relative to it).
    const check = runCli(
      ['check', '--content', content, '--locale', 'ru', '--templates', path.join(ROOT, 'templates')],
      {
        cwd: path.dirname(content),
      },
    );
    expect(check.stderr).toContain(
      'content/ru/02-rights/01-drinking.md:7:50 error note "отчет-о-скважинах" has no definition (note names are not translated: use [^wells-report]) briefing:dangling-note',
    );
    expect(check.stderr).toContain(
      'content/ru/02-rights/01-drinking.md:7:50 warning notes differ from the en text: lacks [^wells-report]; adds [^отчет-о-скважинах] (note names are not translated: use [^wells-report]) locale:parity',
    );
    expect(check.stderr).not.toContain('define it in sources.md');
  });
});
