// Issue 9 at the CLI: `briefing build` on broken input, in a real process. For every case: exit code 1,
// the exact message (file, position where there is one, the fix), the previous output intact (same
// bytes, same mtimes, no file added), no temp file left (neither `*.tmp-*` in the output folder nor
// anything in the run's TMPDIR, where the browser profile goes), and no Chromium process left (each
// run carries a marker in its environment, which Chromium inherits; /proc is searched for it).
// The browser-free catalogue, with every message, is tests/unit/faults.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { copyFixture, ROOT, runCli, STARTER, tempDir, tempLeftovers, type CliResult } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type Snapshot = Record<string, { bytes: string; mtime: number }>;

function snapshot(dir: string): Snapshot {
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();
  return Object.fromEntries(
    files.map((f) => [
      f,
      { bytes: readFileSync(path.join(dir, f)).toString('base64'), mtime: statSync(path.join(dir, f)).mtimeMs },
    ]),
  );
}

/** Live processes whose environment carries the marker (the CLI's Chromium and its helpers). */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`).includes(`BRIEFING_FAULT_RUN=${marker}`)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]}`);
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function leftoverBrowsers(marker: string): Promise<string[]> {
  // A browser being closed may take a moment to vanish from /proc: wait up to 3 s.
  for (let i = 0; i < 30; i += 1) {
    const left = processesWith(marker);
    if (left.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return processesWith(marker);
}

interface Fault {
  run: CliResult;
  content: string;
  templates: string;
  out: string;
}

let previous: string;

beforeAll(() => {
  // The previous output every case must leave alone: a good build (PDF and HTML) of the starter.
  previous = tempDir('briefing-previous-');
  const run = runCli(['build', '--content', STARTER, '--out', previous, '-q']);
  expect(run.code, run.stderr).toBe(0);
});

/**
 * Break a copy of the starter (content and/or templates), build over a copy of the previous output,
 * and check everything the issue asks of a failure but the message, which the case checks.
 */
async function buildBroken(
  options: { content?: (dir: string) => void; templates?: (dir: string) => void; args?: string[]; out?: string } = {},
): Promise<Fault> {
  const content = copyFixture(STARTER);
  options.content?.(content);
  let templates = TEMPLATES;
  if (options.templates) {
    templates = path.join(tempDir(), 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    options.templates(templates);
  }
  const out = options.out ?? path.join(tempDir(), 'output');
  if (!options.out) cpSync(previous, out, { recursive: true, preserveTimestamps: true });
  const before = snapshot(out);
  const tmp = tempDir('briefing-tmpdir-');
  const marker = randomUUID();
  const run = runCli(
    ['build', '--content', content, '--templates', templates, '--out', out, '-q', ...(options.args ?? [])],
    { env: { TMPDIR: tmp, BRIEFING_FAULT_RUN: marker } },
  );

  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).not.toContain('internal error');
  expect(snapshot(out), 'the previous output is intact').toEqual(before);
  expect(tempLeftovers(tmp), 'no temp files in TMPDIR').toEqual([]);
  expect(await leftoverBrowsers(marker), 'no browser left running').toEqual([]);
  rmSync(tmp, { recursive: true, force: true });
  return { run, content, templates, out };
}

/** The one line of stderr that carries `rule`. */
function line(run: CliResult, rule: string): string | undefined {
  return run.stderr.split('\n').find((l) => l.endsWith(` ${rule}`));
}

describe('briefing build on bad input: exit 1, the message, previous output intact, nothing left behind', () => {
  it('content: briefing.yaml missing', async () => {
    const { run, content } = await buildBroken({ content: (c) => rmSync(path.join(c, 'briefing.yaml')) });
    expect(run.stderr).toBe(
      `${content}/briefing.yaml error briefing.yaml not found (create it with \`id\`, \`year\`, \`sourceLocale\` and \`locales\` (see README, "Content layout")) config:missing-file\n`,
    );
  });

  it('content: edition.yaml with a YAML syntax error, at its line', async () => {
    const { run, content } = await buildBroken({
      content: (c) => writeFileSync(path.join(c, 'en', 'edition.yaml'), 'title: "Unclosed\npublisher: X\n'),
    });
    expect(run.stderr).toBe(
      `${content}/en/edition.yaml:3:1 error YAML syntax error in edition.yaml: Missing closing "quote (fix the YAML at that position (indentation, a missing colon or quote)) config:yaml-syntax\n`,
    );
  });

  it('content: strings.yaml with a value that is not text', async () => {
    const { run, content } = await buildBroken({
      content: (c) => writeFileSync(path.join(c, 'en', 'strings.yaml'), 'contents:\n  - Contents\n'),
    });
    expect(run.stderr).toBe(
      `${content}/en/strings.yaml:2:3 error string "contents" must be text (write \`contents: "…"\`) config:invalid\n`,
    );
  });

  it('content: an unknown locale', async () => {
    const { run, content } = await buildBroken({ args: ['--locale', 'de'] });
    expect(run.stderr).toBe(
      `${content}/briefing.yaml:6:10 error unknown locale "de": this edition has en (add "de" to \`locales\` and create content/de/, or pass --locale en) config:unknown-locale\n`,
    );
  });

  it('content: unreadable file (a folder where sources.md should be; chmod does not stop root)', async () => {
    const { run, content } = await buildBroken({
      content: (c) => {
        rmSync(path.join(c, 'en', 'sources.md'));
        mkdirSync(path.join(c, 'en', 'sources.md'));
      },
    });
    expect(run.stderr).toBe(
      `${content}/en/sources.md error is a folder, not a regular file (replace the folder with a file of that name, or rename the folder) file:not-regular\n`,
    );
  });

  it('content: unreadable file (a dangling symbolic link)', async () => {
    const { run, content } = await buildBroken({
      content: (c) => symlinkSync(path.join(c, 'gone.md'), path.join(c, 'en', '04-more.md')),
    });
    expect(run.stderr).toBe(
      `${content}/en/04-more.md error cannot read file: it is a symbolic link to a file that does not exist (ENOENT) (point the link at an existing file, or replace it with the file itself) file:unreadable\n`,
    );
  });

  it('content: a file that is not UTF-8', async () => {
    const { run, content } = await buildBroken({
      content: (c) =>
        writeFileSync(path.join(c, 'en', '02-mechanisms.md'), Buffer.from('# Mechanisms\n\nCaf\xe9.\n', 'latin1')),
    });
    expect(run.stderr).toBe(
      `${content}/en/02-mechanisms.md:3:4 error file is not valid UTF-8 (save the file as UTF-8) content:encoding\n`,
    );
  });

  it('content: an unclosed callout, an unknown directive, a dangling note, all at once', async () => {
    const { run, content } = await buildBroken({
      content: (c) =>
        writeFileSync(
          path.join(c, 'en', '02-mechanisms.md'),
          '# Mechanisms\n\nSee this.[^nowhere]\n\n:::aside\nX.\n:::\n\n:::callout\nNever closed.\n',
        ),
    });
    const file = `${content}/en/02-mechanisms.md`;
    expect(line(run, 'briefing:dangling-note')).toBe(
      `${file}:3:10 error note "nowhere" has no definition (define it in this file as [^nowhere]: …, or in sources.md) briefing:dangling-note`,
    );
    expect(line(run, 'briefing:unknown-directive')).toBe(
      `${file}:5:1 error unknown directive ":::aside" (a box is \`:::callout\`, \`:::note\`, \`:::tip\`, \`:::important\`, \`:::warning\`, \`:::caution\` or \`::: {.callout-note}\`; a plain block is \`::: {.aside}\`) briefing:unknown-directive`,
    );
    expect(line(run, 'briefing:unclosed-callout')).toBe(
      `${file}:9:1 error callout is not closed (add a line with \`:::\` after the last statement of the box) briefing:unclosed-callout`,
    );
  });

  it('hostile: raw <script>, a javascript: link, an image outside the content folder', async () => {
    const { run, content } = await buildBroken({
      content: (c) =>
        writeFileSync(
          path.join(c, 'en', '02-mechanisms.md'),
          '# Mechanisms\n\n<script>alert(1)</script>\n\n[Click](javascript:alert(2))\n\n![x](../../../../../../etc/passwd)\n',
        ),
    });
    const file = `${content}/en/02-mechanisms.md`;
    expect(line(run, 'briefing:raw-html')).toBe(
      `${file}:3:1 error raw HTML <script> is not allowed in content (write it as Markdown, or escape the \`<\` as \`\\<\`) briefing:raw-html`,
    );
    expect(line(run, 'briefing:unsafe-link')).toBe(
      `${file}:5:1 error link to a "javascript:" address is not allowed (link to an http(s) address, or remove the link) briefing:unsafe-link`,
    );
    expect(line(run, 'briefing:image-outside-content')).toBe(
      `${file}:7:1 error image "../../../../../../etc/passwd" is outside the content folder (copy the image into the content folder (e.g. next to this file) and give its relative path) briefing:image-outside-content`,
    );
  });

  it('templates: a Handlebars syntax error, with the template file and line', async () => {
    const { run, templates } = await buildBroken({
      templates: (t) =>
        writeFileSync(
          path.join(t, 'partials', 'cover.hbs'),
          readFileSync(path.join(t, 'partials', 'cover.hbs'), 'utf8').replace(
            '{{edition.title}}',
            '{{#if edition.title}}',
          ),
        ),
    });
    expect(run.stderr).toMatch(
      new RegExp(
        `^${templates}/partials/cover\\.hbs:\\d+:1 error template syntax error: .+ \\(check the \\{\\{…\\}\\} expressions around that line\\) template:syntax\\n$`,
      ),
    );
  });

  it('templates: a field that does not exist (strict mode)', async () => {
    const { run, templates } = await buildBroken({
      templates: (t) =>
        writeFileSync(
          path.join(t, 'partials', 'cover.hbs'),
          readFileSync(path.join(t, 'partials', 'cover.hbs'), 'utf8').replace(
            '{{edition.publisher}}',
            '{{edition.publsher}}',
          ),
        ),
    });
    const cover = readFileSync(path.join(templates, 'partials', 'cover.hbs'), 'utf8').split('\n');
    const row = cover.findIndex((l) => l.includes('{{edition.publsher}}'));
    expect(run.stderr).toBe(
      `${templates}/partials/cover.hbs:${row + 1}:${cover[row]!.indexOf('{{edition.publsher}}') + 3} error template asks for "publsher", which the edition does not have (fix the field name, or guard it with {{#if}}) template:runtime\n`,
    );
  });

  it('templates: a missing partial', async () => {
    const { run, templates } = await buildBroken({
      templates: (t) => rmSync(path.join(t, 'partials', 'contents.hbs')),
    });
    const row = readFileSync(path.join(templates, 'layout.hbs'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('{{> contents}}'));
    expect(run.stderr).toBe(
      `${templates}/layout.hbs:${row + 1}:1 error partial "contents" not found (add templates/partials/contents.hbs) template:missing-partial\n`,
    );
  });

  it('templates: print.css with url() to a missing file', async () => {
    const { run, templates } = await buildBroken({
      templates: (t) =>
        writeFileSync(
          path.join(t, 'print.css'),
          `${readFileSync(path.join(t, 'print.css'), 'utf8')}\n.cover { background: url("seal.png"); }\n`,
        ),
    });
    const row = readFileSync(path.join(templates, 'print.css'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('seal.png'));
    expect(run.stderr).toBe(
      `${templates}/print.css:${row + 1}:22 error url(seal.png): file not found (looked for seal.png in the templates folder) (add the file, or fix the path (it is relative to the templates folder)) template:css-missing-file\n`,
    );
  });

  it('environment: a missing font package', async () => {
    const { run, templates } = await buildBroken({
      templates: (t) => writeFileSync(path.join(t, 'theme.yaml'), 'fonts:\n  body: "@fontsource/no-such-font"\n'),
    });
    expect(run.stderr).toBe(
      `${templates}/theme.yaml:2:9 error font package "@fontsource/no-such-font" not found (run \`npm install @fontsource/no-such-font\`) theme:missing-font\n`,
    );
  });

  it('environment: an output folder that cannot be written (--out under a regular file)', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { run } = await buildBroken({ out: path.join(blocker, 'output'), args: ['--format', 'html'] });
    expect(run.stderr).toBe(
      `${blocker}/output/en error cannot write output: cannot make the folder (ENOTDIR); nothing was written (check that the output folder is writable and is not a file, or pass --out) output:write\n`,
    );
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('environment: a full disk (a 64 kB tmpfs as the output folder), after printing the PDF', async (ctx) => {
    const out = tempDir('briefing-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', out], { stdio: 'pipe' });
    } catch (error) {
      const reason = `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}); tests/unit/faults.test.ts covers ENOSPC with an injected error`;
      console.warn(`skipped: ${reason}`);
      ctx.skip(reason);
      return;
    }
    try {
      mkdirSync(path.join(out, 'en'));
      writeFileSync(path.join(out, 'en', 'starter-2022.en.html'), 'the previous edition');
      const { run } = await buildBroken({ out });
      expect(run.stderr).toBe(
        `${out}/en/starter-2022.en.html error cannot write output: ENOSPC; nothing was written (free disk space and build again) output:write\n`,
      );
      expect(readFileSync(path.join(out, 'en', 'starter-2022.en.html'), 'utf8')).toBe('the previous edition');
      expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(['en', 'en/starter-2022.en.html']);
    } finally {
      execFileSync('umount', [out]);
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('briefing build with refused remote resources: warnings, a self-contained edition', () => {
  it('inlines local images and stylesheet files, refuses remote ones with a warning, exit 0', () => {
    const content = copyFixture(STARTER);
    writeFileSync(path.join(content, 'en', 'seal.png'), PNG);
    const chapter = path.join(content, 'en', '02-mechanisms.md');
    writeFileSync(
      chapter,
      `${readFileSync(chapter, 'utf8')}\n![The seal](seal.png)\n\n![Remote](https://example.org/remote.png)\n`,
    );
    const templates = path.join(tempDir(), 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    writeFileSync(path.join(templates, 'seal.png'), PNG);
    writeFileSync(
      path.join(templates, 'screen.css'),
      `${readFileSync(path.join(templates, 'screen.css'), 'utf8')}\n.cover { background: url(seal.png) no-repeat, url(https://cdn.example.org/x.png); }\n`,
    );
    const out = tempDir();
    const run = runCli(['build', '--content', content, '--templates', templates, '--out', out, '-q']);
    expect(run.code, run.stderr).toBe(0);
    const lines = readFileSync(chapter, 'utf8').split('\n');
    const remoteRow = lines.findIndex((l) => l.includes('example.org/remote.png')) + 1;
    const cssRow =
      readFileSync(path.join(templates, 'screen.css'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('cdn.example.org')) + 1;
    expect(run.stderr.split('\n').filter(Boolean).sort()).toEqual(
      [
        `${chapter}:${remoteRow}:1 warning remote image "https://example.org/remote.png" refused and left out (the edition loads nothing from the network) (download the image into the content folder and give its relative path) briefing:remote-image`,
        `${templates}/screen.css:${cssRow}:47 warning url(https://cdn.example.org/x.png): remote resource refused (the edition loads nothing from the network) (download the file into the templates folder and point url() at it) template:css-remote`,
      ].sort(),
    );
    const html = readFileSync(path.join(out, 'en', 'starter-2022.en.html'), 'utf8');
    expect(html).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="The seal">`);
    expect(html).toContain(
      `.cover { background: url("data:image/png;base64,${PNG.toString('base64')}") no-repeat, none; }`,
    );
    expect(html).not.toMatch(/remote\.png|cdn\.example\.org|seal\.png/);
    // The PDF carries the inlined image, and the print page asked for nothing (no request-blocked warning).
    const images = execFileSync('pdfimages', ['-list', path.join(out, 'en', 'starter-2022.en.pdf')], {
      encoding: 'utf8',
    })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(images.length).toBeGreaterThanOrEqual(1);
  });
});
