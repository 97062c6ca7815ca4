// The manifest (what a build wrote), its schema, merging a CI matrix's manifests, content IDs and
// XMP, and interrupted writes: all without a browser.
import { describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  createManifest,
  mergeManifests,
  serializeManifest,
  readSourceCommit,
  readSourceCommitWhen,
  sourceCommit,
  verifyArtifacts,
  type Manifest,
  type ManifestInput,
} from '../../src/output/manifest.js';
import { assembleRelease } from '../../src/output/release.js';
import { contentId, sha256HexSoon } from '../../src/output/digest.js';
import { xmpPacket } from '../../src/print/metadata.js';
import { BriefingError, type Diagnostic } from '../../src/messages.js';
import { ROOT, runMain, STARTER, tempDir } from '../support/cli.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'manifest.schema.json'), 'utf8')) as object;
const validator = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
function schemaProblems(manifest: unknown): string[] {
  return validator(manifest) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const COMMIT = 'a'.repeat(40);

function input(overrides: Partial<ManifestInput> = {}): ManifestInput {
  const out = path.join(path.sep, 'build', 'output');
  const content = path.join(path.sep, 'build', 'content');
  const warning: Diagnostic = {
    file: path.join(content, 'ru', 'sources.md'),
    line: 3,
    column: 1,
    severity: 'warning',
    message: 'note "x" is never referenced',
    rule: 'briefing:unused-note',
    fix: 'remove it',
  };
  return {
    outDir: out,
    contentDir: content,
    edition: { id: 'hr-review', year: 2022 },
    artifacts: [
      {
        path: path.join(out, 'ru', 'hr-review-2022.ru.pdf'),
        locale: 'ru',
        format: 'pdf',
        data: new Uint8Array([37, 80, 68, 70]),
        pages: 52,
      },
      { path: path.join(out, 'en', 'hr-review-2022.en.html'), locale: 'en', format: 'html', data: '<!doctype html>é' },
      { path: path.join(out, 'ru', 'hr-review-2022.ru.html'), locale: 'ru', format: 'html', data: '<!doctype html>ж' },
    ],
    diagnostics: new Map([
      ['en', [{ file: path.join(content, 'en', 'a.md'), severity: 'info', message: 'fyi', rule: 'x' }]],
      [
        'ru',
        [
          warning,
          {
            file: path.join(out, 'ru', 'hr-review-2022.ru.pdf'),
            severity: 'warning',
            message: 'blocked a request for https://x',
            rule: 'print:request-blocked',
          },
        ],
      ],
    ]),
    env: { BRIEFING_SOURCE_COMMIT: COMMIT },
    now: () => new Date('2024-05-06T07:08:09.123Z'),
    ...overrides,
  };
}

describe('createManifest', () => {
  it('lists every artifact with locale, format, bytes, sha256, pages and its locale’s warnings', () => {
    const manifest = createManifest(input());
    expect(manifest.artifacts.map((a) => a.path)).toEqual([
      'en/hr-review-2022.en.html',
      'ru/hr-review-2022.ru.html',
      'ru/hr-review-2022.ru.pdf',
    ]);
    expect(manifest.artifacts[0]).toEqual({
      path: 'en/hr-review-2022.en.html',
      locale: 'en',
      format: 'html',
      bytes: Buffer.byteLength('<!doctype html>é'),
      sha256: sha('<!doctype html>é'),
      pages: null,
      warnings: 0,
    });
    expect(manifest.artifacts[2]).toMatchObject({
      format: 'pdf',
      bytes: 4,
      sha256: sha(new Uint8Array([37, 80, 68, 70])),
      pages: 52,
      warnings: 2,
    });
    expect(manifest.edition).toEqual({ id: 'hr-review', year: 2022 });
    expect(manifest.sourceCommit).toBe(COMMIT);
    expect(manifest.generator.name).toBe('briefing');
  });

  it('takes a digest the build made in the thread pool: the same sha256', async () => {
    const pdf = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
    expect(await sha256HexSoon(pdf)).toBe(sha(pdf));
    expect(await sha256HexSoon(pdf.subarray(1000, 1000))).toBe(sha(new Uint8Array()));
    const given = input();
    given.artifacts[0]!.sha256 = 'f'.repeat(64);
    expect(createManifest(given).artifacts.find((a) => a.format === 'pdf')!.sha256).toBe('f'.repeat(64));
  });

  it('records warnings (not infos) per locale, with paths relative to the content or output folder', () => {
    const manifest = createManifest(input());
    expect(manifest.locales.en).toEqual({ warnings: 0, messages: [] });
    expect(manifest.locales.ru!.messages).toEqual([
      {
        file: 'ru/hr-review-2022.ru.pdf',
        severity: 'warning',
        message: 'blocked a request for https://x',
        rule: 'print:request-blocked',
      },
      {
        file: 'ru/sources.md',
        line: 3,
        column: 1,
        severity: 'warning',
        message: 'note "x" is never referenced',
        rule: 'briefing:unused-note',
      },
    ]);
  });

  it('takes builtAt from SOURCE_DATE_EPOCH when set (reproducible), else from the clock', () => {
    expect(createManifest(input()).builtAt).toBe('2024-05-06T07:08:09Z');
    expect(createManifest(input()).sourceDateEpoch).toBeNull();
    const epoch = createManifest(input({ env: { SOURCE_DATE_EPOCH: '1700000000', BRIEFING_SOURCE_COMMIT: COMMIT } }));
    expect(epoch.builtAt).toBe('2023-11-14T22:13:20Z');
    expect(epoch.sourceDateEpoch).toBe(1700000000);
    const again = createManifest(
      input({ env: { SOURCE_DATE_EPOCH: '1700000000', BRIEFING_SOURCE_COMMIT: COMMIT }, now: () => new Date() }),
    );
    expect(serializeManifest(again)).toBe(serializeManifest(epoch));
  });

  it('matches the JSON schema', () => {
    expect(schemaProblems(createManifest(input()))).toEqual([]);
    expect(schemaProblems(createManifest(input({ env: {}, contentDir: tempDir() })))).toEqual([]);
  });

  it('the schema rejects what the manifest must not hold', () => {
    const good = createManifest(input());
    type Loose = Record<string, unknown> & { artifacts: Record<string, unknown>[] };
    const broken = (change: (m: Loose) => void) => {
      const copy = JSON.parse(JSON.stringify(good)) as Loose;
      change(copy);
      return schemaProblems(copy);
    };
    expect(broken((m) => (m.artifacts[0]!.sha256 = 'abc'))).not.toEqual([]);
    expect(broken((m) => (m.artifacts[2]!.pages = null))).not.toEqual([]);
    expect(broken((m) => (m.artifacts[0]!.pages = 3))).not.toEqual([]);
    expect(broken((m) => (m.artifacts[0]!.path = '/abs/x.html'))).not.toEqual([]);
    expect(broken((m) => (m.sourceCommit = 'main'))).not.toEqual([]);
    expect(broken((m) => (m.extra = 1))).not.toEqual([]);
    expect(broken((m) => delete m.builtAt)).not.toEqual([]);
  });
});

describe('sourceCommit', () => {
  it('prefers BRIEFING_SOURCE_COMMIT, refuses one that is not a full hash', () => {
    expect(sourceCommit(ROOT, { BRIEFING_SOURCE_COMMIT: 'b'.repeat(40) })).toBe('b'.repeat(40));
    expect(() => sourceCommit(ROOT, { BRIEFING_SOURCE_COMMIT: 'HEAD' })).toThrow(BriefingError);
  });

  it('is HEAD of the content folder’s git repository', () => {
    let head: string;
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return; // no git here: nothing to compare with
    }
    expect(sourceCommit(path.join(ROOT, 'tests', 'fixtures', 'starter'), {})).toBe(head);
  });

  it('is null outside a git repository', () => {
    expect(sourceCommit(tempDir(), {})).toBeNull();
  });

  it('a bad BRIEFING_SOURCE_COMMIT stops a build: the whole message, exit 1, nothing written', async () => {
    const out = tempDir();
    const saved = process.env.BRIEFING_SOURCE_COMMIT;
    process.env.BRIEFING_SOURCE_COMMIT = 'HEAD';
    try {
      const run = await runMain(['build', '--content', STARTER, '--out', out, '--format', 'html']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        '$BRIEFING_SOURCE_COMMIT error "HEAD" is not a full commit hash (set it to the output of `git rev-parse HEAD` (40 hex digits), or unset it) manifest:source-commit',
      );
      expect(readdirSync(out)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.BRIEFING_SOURCE_COMMIT;
      else process.env.BRIEFING_SOURCE_COMMIT = saved;
    }
  });

  it('is the same when asked without blocking (readSourceCommit, what a build uses)', async () => {
    const starter = path.join(ROOT, 'tests', 'fixtures', 'starter');
    expect(await readSourceCommit(starter, {})).toBe(sourceCommit(starter, {}));
    expect(await readSourceCommit(tempDir(), {})).toBeNull();
    expect(await readSourceCommit(ROOT, { BRIEFING_SOURCE_COMMIT: 'c'.repeat(40) })).toBe('c'.repeat(40));
    expect(() => readSourceCommit(ROOT, { BRIEFING_SOURCE_COMMIT: 'HEAD' })).toThrow(BriefingError);
  });

  it('asks git only once told to (readSourceCommitWhen: a build, once its print HTML is in the browser)', async () => {
    let go = () => {};
    const when = new Promise<void>((resolve) => (go = resolve));
    const asked = readSourceCommitWhen(ROOT, when, {});
    const early = await Promise.race([asked, new Promise((resolve) => setTimeout(() => resolve('pending'), 300))]);
    expect(early).toBe('pending');
    go();
    expect(await asked).toBe(sourceCommit(ROOT, {}));
    // The variable is checked at once, whenever git would be asked; it needs no git.
    const never = new Promise<void>(() => {});
    expect(() => readSourceCommitWhen(ROOT, never, { BRIEFING_SOURCE_COMMIT: 'HEAD' })).toThrow(BriefingError);
    expect(await readSourceCommitWhen(ROOT, never, { BRIEFING_SOURCE_COMMIT: 'c'.repeat(40) })).toBe('c'.repeat(40));
  });
});

describe('mergeManifests (one manifest per matrix job → one release manifest)', () => {
  const en = () =>
    createManifest(
      input({ artifacts: input().artifacts.filter((a) => a.locale === 'en'), diagnostics: new Map([['en', []]]) }),
    );
  const ru = () =>
    createManifest(
      input({
        artifacts: input().artifacts.filter((a) => a.locale === 'ru'),
        diagnostics: new Map([['ru', input().diagnostics.get('ru')!]]),
        now: () => new Date('2024-05-06T08:00:00Z'),
      }),
    );

  it('unites locales and artifacts, sorted, with the latest build time', () => {
    const merged = mergeManifests([ru(), en()]);
    expect(Object.keys(merged.locales)).toEqual(['en', 'ru']);
    expect(merged.artifacts.map((a) => a.path)).toEqual(createManifest(input()).artifacts.map((a) => a.path));
    expect(merged.builtAt).toBe('2024-05-06T08:00:00Z');
    expect(schemaProblems(merged)).toEqual([]);
    expect(mergeManifests([en(), en()])).toEqual(en());
  });

  it('refuses manifests of different sources or editions, and one file with two contents', () => {
    const other = { ...ru(), sourceCommit: 'c'.repeat(40) };
    expect(() => mergeManifests([en(), other])).toThrow(/disagree on sourceCommit/);
    expect(() => mergeManifests([en(), { ...ru(), edition: { id: 'x', year: 2022 } }])).toThrow(/disagree on edition/);
    const changed = en();
    changed.artifacts[0] = { ...changed.artifacts[0]!, sha256: 'f'.repeat(64) };
    expect(() => mergeManifests([en(), changed])).toThrow(/appears twice with different contents/);
    expect(() => mergeManifests([])).toThrow(/nothing to merge/);
  });
});

/** A build's output folder on disk, as a matrix job uploads it. */
function outputFolder(locale: string, text: string): string {
  const out = tempDir();
  const file = path.join(out, locale, `hr-review-2022.${locale}.html`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const manifest = createManifest(
    input({
      outDir: out,
      artifacts: [{ path: file, locale, format: 'html', data: text }],
      diagnostics: new Map([[locale, []]]),
    }),
  );
  writeFileSync(path.join(out, 'manifest.json'), serializeManifest(manifest));
  return out;
}

describe('verifyArtifacts and assembleRelease', () => {
  it('assembles a release folder from per-locale output folders', async () => {
    const release = path.join(tempDir(), 'release');
    const result = await assembleRelease(
      [outputFolder('en', 'english'), outputFolder('ru', 'русский')],
      release,
      schemaProblems,
    );
    expect(readFileSync(path.join(release, 'ru', 'hr-review-2022.ru.html'), 'utf8')).toBe('русский');
    const written = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as Manifest;
    expect(written.artifacts.map((a) => a.path)).toEqual(['en/hr-review-2022.en.html', 'ru/hr-review-2022.ru.html']);
    expect(await verifyArtifacts(written, release)).toEqual([]);
    expect(readdirSync(release).sort()).toEqual(['en', 'manifest.json', 'ru']);
  });

  it('refuses a folder whose file does not match its manifest, or has no manifest', async () => {
    const tampered = outputFolder('ru', 'русский');
    writeFileSync(path.join(tampered, 'ru', 'hr-review-2022.ru.html'), 'русскиЙ');
    await expect(
      assembleRelease([outputFolder('en', 'english'), tampered], path.join(tempDir(), 'r'), schemaProblems),
    ).rejects.toThrow(/sha256 differs/);
    await expect(assembleRelease([tempDir()], path.join(tempDir(), 'r'))).rejects.toThrow(/no manifest/);
  });
});

describe('release merging is confined (issue 23)', () => {
  it("refuses one job's file for a locale it did not build, even when the file matches its manifest", async () => {
    const en = outputFolder('en', 'english');
    const forged = path.join(en, 'ru', 'hr-review-2022.ru.html');
    mkdirSync(path.dirname(forged), { recursive: true });
    writeFileSync(forged, 'forged');
    const manifest = JSON.parse(readFileSync(path.join(en, 'manifest.json'), 'utf8')) as Manifest;
    manifest.artifacts.push({
      ...manifest.artifacts[0]!,
      path: 'ru/hr-review-2022.ru.html',
      locale: 'ru',
      bytes: 6,
      sha256: createHash('sha256').update('forged').digest('hex'),
    });
    writeFileSync(path.join(en, 'manifest.json'), JSON.stringify(manifest));
    const release = path.join(tempDir(), 'r');
    await expect(assembleRelease([en], release, schemaProblems)).rejects.toThrow(
      'ru/hr-review-2022.ru.html: locale "ru" is not one this job built (en)',
    );
    expect(existsSync(release)).toBe(false);
  });

  it('never writes through a link in the release folder', async () => {
    const release = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, path.join(release, 'en'));
    await expect(assembleRelease([outputFolder('en', 'english')], release, schemaProblems)).rejects.toThrow(
      /the folder is a symbolic link/,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(existsSync(path.join(release, 'manifest.json'))).toBe(false);
  });

  it('refuses linked inputs: a linked file or folder in a job folder is not read', async () => {
    const secret = path.join(tempDir(), 'id_rsa');
    writeFileSync(secret, 'english');
    const job = outputFolder('en', 'english');
    const file = path.join(job, 'en', 'hr-review-2022.en.html');
    rmSync(file);
    symlinkSync(secret, file);
    const release = path.join(tempDir(), 'r');
    await expect(assembleRelease([job], release, schemaProblems)).rejects.toThrow(
      'en/hr-review-2022.en.html: missing, linked or not a regular file',
    );
    const linkedFolder = outputFolder('en', 'english');
    const real = path.join(tempDir(), 'en');
    renameSync(path.join(linkedFolder, 'en'), real);
    symlinkSync(real, path.join(linkedFolder, 'en'));
    await expect(assembleRelease([linkedFolder], release, schemaProblems)).rejects.toThrow(/missing, linked/);
    expect(existsSync(release)).toBe(false);
  });
});

describe('content IDs and XMP', () => {
  it('contentId is stable, 32 hex digits, and separates its parts', () => {
    expect(contentId('<html>', '{}')).toMatch(/^[0-9a-f]{32}$/);
    expect(contentId('<html>', '{}')).toBe(contentId('<html>', '{}'));
    expect(contentId('ab', 'c')).not.toBe(contentId('a', 'bc'));
  });

  it('XMP carries the document info fields, escaped, with the dates and document ID', () => {
    const xmp = xmpPacket(
      {
        title: 'Rights & <Freedoms>',
        author: 'Office "A"',
        subject: 'S',
        keywords: ['a', 'b'],
        language: 'kk',
        date: new Date(Date.UTC(2022, 0, 1)),
      },
      '0123456789abcdef0123456789abcdef',
    );
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Rights &amp; &lt;Freedoms&gt;</rdf:li>');
    expect(xmp).toContain('<rdf:li>Office &quot;A&quot;</rdf:li>');
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>kk</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<pdf:Keywords>a b</pdf:Keywords>');
    expect(xmp).toContain('<xmp:CreateDate>2022-01-01T00:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<xmpMM:DocumentID>uuid:01234567-89ab-cdef-0123-456789abcdef</xmpMM:DocumentID>');
  });
});
