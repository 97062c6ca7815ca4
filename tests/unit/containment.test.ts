// Issue 18, containment: every file read from the content and templates folders resolves inside its
// folder (as written and after following links), is a regular file and is no larger than the limit.
// Each case is a hostile or careless folder made on the fly; the message is the one `check` prints.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { BriefingError, formatDiagnostic } from '../../src/messages.js';
import { readInsideSync } from '../../src/paths.js';
import { makeContent } from '../support/content.js';
import { ROOT, tempDir } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');
const CHAPTER = '# One\n\nText.\n';

function secretFile(): string {
  const file = path.join(tempDir('briefing-secret-'), 'secret.md');
  writeFileSync(file, '# Secret\n\nTOP SECRET TEXT\n');
  return file;
}

/** Messages of `check` (file relative to the content folder), or [] and the editions. */
async function check(content: string, templates = TEMPLATES): Promise<{ messages: string[]; text: string }> {
  try {
    const { editions, diagnostics } = await checkEditions(await loadConfig({ content, templates }));
    return {
      messages: diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
      text: JSON.stringify(editions.map((e) => e.chapters.map((c) => c.tree))),
    };
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    return {
      messages: error.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) })),
      text: '',
    };
  }
}

const outside = (file: string, real: string, what = 'file') =>
  `${file} error is a symbolic link to a ${what} outside the content folder (${real}) (copy the ${what} into the content folder instead of linking to it) file:outside-folder`;

afterEach(() => {
  delete process.env.BRIEFING_MAX_FILE_MB;
});

describe('symbolic links that leave the content folder are refused, whatever they stand for', () => {
  const cases: Array<{ name: string; link: string; make?: (c: string) => void }> = [
    { name: 'a chapter', link: 'en/02-x.md' },
    { name: 'the preface', link: 'en/preface.md' },
    { name: 'sources.md', link: 'en/sources.md' },
    { name: 'edition.yaml', link: 'en/edition.yaml' },
    { name: 'strings.yaml', link: 'en/strings.yaml' },
    { name: 'briefing.yaml', link: 'briefing.yaml' },
    { name: 'a section of a chapter folder', link: 'en/03-folder/01-a.md' },
    { name: 'the index.md of a chapter folder', link: 'en/03-folder/index.md' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const secret = secretFile();
      const content = makeContent({ 'en/01-one.md': CHAPTER, 'en/03-folder/index.md': '# Folder\n' });
      const link = path.join(content, c.link);
      rmSync(link, { force: true });
      symlinkSync(secret, link);
      const { messages, text } = await check(content);
      expect(messages).toEqual([outside(c.link, secret)]);
      expect(text).not.toContain('TOP SECRET');
    });
  }

  it('a whole locale folder', async () => {
    const elsewhere = path.join(tempDir('briefing-elsewhere-'), 'en');
    const content = makeContent({ 'en/01-one.md': CHAPTER });
    cpSync(path.join(content, 'en'), elsewhere, { recursive: true });
    rmSync(path.join(content, 'en'), { recursive: true });
    symlinkSync(elsewhere, path.join(content, 'en'));
    expect((await check(content)).messages).toEqual([outside('en', elsewhere, 'folder')]);
  });

  it('a chapter folder (was skipped silently)', async () => {
    const elsewhere = tempDir('briefing-elsewhere-');
    writeFileSync(path.join(elsewhere, 'index.md'), '# Elsewhere\n');
    const content = makeContent({ 'en/01-one.md': CHAPTER });
    symlinkSync(elsewhere, path.join(content, 'en', '02-elsewhere'));
    expect((await check(content)).messages).toEqual([outside('en/02-elsewhere', elsewhere, 'folder')]);
  });

  it('links that stay inside the content folder are followed', async () => {
    const content = makeContent({ 'en/01-one.md': CHAPTER, 'shared/two.md': '# Two\n\nShared text.\n' });
    symlinkSync(path.join(content, 'shared', 'two.md'), path.join(content, 'en', '02-two.md'));
    const { messages, text } = await check(content);
    expect(messages).toEqual([]);
    expect(text).toContain('Shared text.');
  });

  it('an image that is a link to a file outside', async () => {
    const secret = secretFile();
    const content = makeContent({ 'en/01-one.md': '# One\n\n![x](pic.png)\n' });
    symlinkSync(secret, path.join(content, 'en', 'pic.png'));
    expect((await check(content)).messages).toEqual([
      'en/01-one.md:3:1 error image "pic.png" is outside the content folder (copy the image into the content folder (e.g. next to this file) and give its relative path) briefing:image-outside-content',
    ]);
  });
});

describe('only regular files are read', () => {
  it('a FIFO as a chapter is refused without opening it (no hang)', async () => {
    const content = makeContent({ 'en/01-one.md': CHAPTER });
    execFileSync('mkfifo', [path.join(content, 'en', '02-pipe.md')]);
    expect((await check(content)).messages).toEqual([
      'en/02-pipe.md error is a named pipe (FIFO), not a regular file (replace it with an ordinary file (Briefing reads only regular files)) file:not-regular',
    ]);
  });

  it('a FIFO as an image', async () => {
    const content = makeContent({ 'en/01-one.md': '# One\n\n![x](pic.png)\n' });
    execFileSync('mkfifo', [path.join(content, 'en', 'pic.png')]);
    expect((await check(content)).messages).toEqual([
      'en/01-one.md:3:1 error image "pic.png" is a named pipe (FIFO), not a regular file (replace it with an ordinary file (Briefing reads only regular files)) briefing:image-not-regular',
    ]);
  });

  it('a link to /dev/zero (never ends) is refused before any read', async () => {
    const content = makeContent({ 'en/01-one.md': CHAPTER });
    symlinkSync('/dev/zero', path.join(content, 'en', '02-zero.md'));
    expect((await check(content)).messages).toEqual([outside('en/02-zero.md', '/dev/zero')]);
  });

  it('readInsideSync refuses a device even when the folder contains it (root = /dev)', () => {
    expect(() => readInsideSync({ root: '/dev', name: 'content folder' }, '/dev/zero')).toThrow(
      /is a character device, not a regular file/,
    );
  });
});

describe('file-size limit', () => {
  const big = 'Text. '.repeat(200_000) + '\n'; // 1.1 MB

  it('above the limit (BRIEFING_MAX_FILE_MB): a clear error naming the file and the limit', async () => {
    process.env.BRIEFING_MAX_FILE_MB = '1';
    const content = makeContent({ 'en/01-one.md': `# One\n\n${big}` });
    expect((await check(content)).messages).toEqual([
      'en/01-one.md error is 1.1 MB, larger than the 1 MB limit for one file (split it into smaller files, or raise the limit (`limits: { maxFileMB: … }` in briefing.yaml, or BRIEFING_MAX_FILE_MB)) file:too-large',
    ]);
  });

  it('briefing.yaml `limits: { maxFileMB }` sets it; the environment wins', async () => {
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nlocales: [en]\nlimits:\n  maxFileMB: 0.5\n',
      'en/01-one.md': `# One\n\n${big}`,
    });
    expect((await check(content)).messages[0]).toMatch(/larger than the 512 kB limit/);
    process.env.BRIEFING_MAX_FILE_MB = '1';
    expect((await check(content)).messages[0]).toMatch(/larger than the 1 MB limit/);
  });

  it('an unknown limit in briefing.yaml is an error at its line', async () => {
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nlocales: [en]\nlimits:\n  maxPages: 3\n',
      'en/01-one.md': CHAPTER,
    });
    expect((await check(content)).messages).toEqual([
      'briefing.yaml:5:3 error unknown limit "maxPages" (known limits: maxFileMB, maxNesting, maxAliases, maxDelimiters, maxImageMegapixels, maxSvgElements (see docs/LIMITS.md)) config:invalid',
    ]);
  });
});

describe('templates folder', () => {
  function templatesWith(change: (dir: string) => void): string {
    const dir = path.join(tempDir('briefing-templates-'), 'templates');
    cpSync(TEMPLATES, dir, { recursive: true });
    change(dir);
    return dir;
  }
  const messagesOf = async (templates: string) => {
    try {
      await loadTemplates(templates);
      return [];
    } catch (error) {
      if (!(error instanceof BriefingError)) throw error;
      return error.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(templates, d.file) }));
    }
  };

  it('a partial that links outside', async () => {
    const secret = secretFile();
    const templates = templatesWith((dir) => {
      mkdirSync(path.join(dir, 'partials'), { recursive: true });
      symlinkSync(secret, path.join(dir, 'partials', 'leak.hbs'));
    });
    expect(await messagesOf(templates)).toEqual([
      `partials/leak.hbs error is a symbolic link to a file outside the templates folder (${secret}) (copy the file into the templates folder instead of linking to it) file:outside-folder`,
    ]);
  });

  it('theme.yaml and print.css that link outside, a layout that is a FIFO', async () => {
    const secret = secretFile();
    for (const name of ['theme.yaml', 'print.css']) {
      const templates = templatesWith((dir) => {
        rmSync(path.join(dir, name));
        symlinkSync(secret, path.join(dir, name));
      });
      expect(await messagesOf(templates)).toEqual([
        `${name} error is a symbolic link to a file outside the templates folder (${secret}) (copy the file into the templates folder instead of linking to it) file:outside-folder`,
      ]);
    }
    const templates = templatesWith((dir) => {
      rmSync(path.join(dir, 'layout.hbs'));
      execFileSync('mkfifo', [path.join(dir, 'layout.hbs')]);
    });
    expect(await messagesOf(templates)).toEqual([
      'layout.hbs error is a named pipe (FIFO), not a regular file (replace it with an ordinary file (Briefing reads only regular files)) file:not-regular',
    ]);
  });

  it('a url() in a stylesheet that points at a FIFO', async () => {
    const templates = templatesWith((dir) => {
      execFileSync('mkfifo', [path.join(dir, 'pipe.png')]);
      writeFileSync(path.join(dir, 'screen.css'), 'body { background: url(pipe.png); }\n');
    });
    expect(await messagesOf(templates)).toEqual([
      'screen.css:1:20 error url(pipe.png) is a named pipe (FIFO), not a regular file (replace it with an ordinary file (Briefing reads only regular files)) file:not-regular',
    ]);
  });
});
