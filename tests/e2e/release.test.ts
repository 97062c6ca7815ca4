// Release builds: reproducible bytes across processes (and so across browser restarts), the manifest
// against its schema and the files, the check command as a CI gate, the merge of a matrix's manifests,
// and the release workflow through a linter.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PDFDocument, PDFArray, PDFHexString } from 'pdf-lib';
import { parse as parseYaml } from 'yaml';
import { copyFixture, ROOT, runCli, STARTER, tempDir, type CliResult } from '../support/cli.js';
import { pdfInfo } from '../support/pdf.js';
import type { Manifest } from '../../src/output/manifest.js';

const EPOCH = '1700000000';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'manifest.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function schemaProblems(manifest: unknown): string[] {
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/** Every file under `dir` (relative, with /) → its sha256. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file).split(path.sep).join('/')] = createHash('sha256')
      .update(readFileSync(file))
      .digest('hex');
  }
  return out;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

function build(out: string, env: NodeJS.ProcessEnv, args: string[] = []): CliResult {
  const result = runCli(['build', '--content', STARTER, '--out', out, '-q', ...args], { env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

describe('reproducible builds of the starter edition', () => {
  // Four builds, each its own process with its own Chromium: two with the default dates (the
  // edition's year), two with SOURCE_DATE_EPOCH, as in CI. The commit comes from the environment (a
  // commit made while the tests run must not make two builds differ; git itself: tests/unit).
  const plain = { SOURCE_DATE_EPOCH: '', BRIEFING_SOURCE_COMMIT: 'f'.repeat(40) };
  const dated = { SOURCE_DATE_EPOCH: EPOCH, BRIEFING_SOURCE_COMMIT: COMMIT };
  let a: string, b: string, c: string, d: string;
  let pdfA: string, pdfC: string;

  beforeAll(() => {
    [a, b, c, d] = [tempDir(), tempDir(), tempDir(), tempDir()];
    build(a, plain);
    build(b, plain);
    build(c, dated);
    build(d, dated);
    pdfA = path.join(a, 'en', 'starter-2022.en.pdf');
    pdfC = path.join(c, 'en', 'starter-2022.en.pdf');
  });

  it('names the artifacts <id>-<year>.<locale>.<format>, with manifest.json beside them', () => {
    // (.starter-2022.en.pages.json: the contents page numbers kept for the next build's first guess.)
    expect(Object.keys(hashes(a)).sort()).toEqual([
      'en/.starter-2022.en.pages.json',
      'en/starter-2022.en.html',
      'en/starter-2022.en.pdf',
      'manifest.json',
    ]);
  });

  it('gives byte-identical PDF and HTML across two builds (two processes, two browsers)', () => {
    const [first, second] = [hashes(a), hashes(b)];
    expect(Object.keys(second).sort()).toEqual(Object.keys(first).sort());
    for (const file of Object.keys(first).filter((f) => f !== 'manifest.json'))
      expect(second[file], file).toBe(first[file]);
    // Without SOURCE_DATE_EPOCH the manifest's build time is the clock's: everything else agrees.
    expect({ ...readManifest(b), builtAt: 'x' }).toEqual({ ...readManifest(a), builtAt: 'x' });
    expect(readManifest(a).sourceDateEpoch).toBeNull();
  });

  it('with SOURCE_DATE_EPOCH every file is byte-identical, manifest.json included', () => {
    expect(hashes(d)).toEqual(hashes(c));
    expect(readManifest(c).builtAt).toBe('2023-11-14T22:13:20Z');
    expect(readManifest(c).sourceDateEpoch).toBe(Number(EPOCH));
    // The HTML has no date in it: the same in both modes.
    expect(hashes(c)['en/starter-2022.en.html']).toBe(hashes(a)['en/starter-2022.en.html']);
  });

  it('dates the PDF from the edition year, or from SOURCE_DATE_EPOCH', () => {
    expect(pdfInfo(pdfA).CreationDate).toMatch(/Jan {1,2}1 00:00:00 2022 UTC/);
    expect(pdfInfo(pdfA).ModDate).toBe(pdfInfo(pdfA).CreationDate);
    expect(pdfInfo(pdfC).CreationDate).toMatch(/Nov 14 22:13:20 2023 UTC/);
  });

  it('has a content-derived /ID, the same whatever the dates, and an XMP stream agreeing with /Info', async () => {
    const idOf = async (file: string) => {
      const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
      const ids = doc.context.trailerInfo.ID as PDFArray;
      return [0, 1].map((i) => (ids.get(i) as PDFHexString).asString().toLowerCase());
    };
    const [permanent, instance] = await idOf(pdfA);
    expect(permanent).toMatch(/^[0-9a-f]{32}$/);
    expect(instance).toBe(permanent);
    expect(await idOf(pdfC)).toEqual([permanent, permanent]);

    const xmp = execFileSync('pdfinfo', ['-meta', pdfA], { encoding: 'utf8' });
    const info = pdfInfo(pdfA);
    expect(info['Metadata Stream']).toBe('yes');
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${info.Title}</rdf:li>`);
    expect(xmp).toContain(`<rdf:li>${info.Author}</rdf:li>`);
    expect(xmp).toContain(`<pdf:Keywords>${info.Keywords}</pdf:Keywords>`);
    expect(xmp).toContain(`<pdf:Producer>${info.Producer}</pdf:Producer>`);
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<xmp:CreateDate>2022-01-01T00:00:00Z</xmp:CreateDate>');
    const uuid = `${permanent!.slice(0, 8)}-${permanent!.slice(8, 12)}-${permanent!.slice(12, 16)}-${permanent!.slice(16, 20)}-${permanent!.slice(20)}`;
    expect(xmp).toContain(`<xmpMM:DocumentID>uuid:${uuid}</xmpMM:DocumentID>`);
    expect(execFileSync('pdfinfo', ['-meta', pdfC], { encoding: 'utf8' })).toContain(
      '<xmp:ModifyDate>2023-11-14T22:13:20Z</xmp:ModifyDate>',
    );
  });

  it('stays a valid PDF (qpdf --check)', () => {
    expect(spawnSync('qpdf', ['--check', pdfA], { encoding: 'utf8' }).status).toBe(0);
  });

  it('writes a manifest that matches the schema and the files it lists', () => {
    const manifest = readManifest(a);
    expect(schemaProblems(manifest)).toEqual([]);
    expect(manifest.edition).toEqual({ id: 'starter', year: 2022 });
    expect(manifest.generator.version).toBe(
      (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
    expect(manifest.sourceCommit).toBe('f'.repeat(40));
    expect(readManifest(c).sourceCommit).toBe(COMMIT);
    expect(manifest.locales).toEqual({ en: { warnings: 0, messages: [] } });
    const files = hashes(a);
    expect(manifest.artifacts.map((x) => [x.path, x.locale, x.format, x.pages, x.warnings])).toEqual([
      ['en/starter-2022.en.html', 'en', 'html', null, 0],
      ['en/starter-2022.en.pdf', 'en', 'pdf', Number(pdfInfo(pdfA).Pages), 0],
    ]);
    for (const artifact of manifest.artifacts) {
      expect(artifact.sha256, artifact.path).toBe(files[artifact.path]);
      expect(artifact.bytes, artifact.path).toBe(readFileSync(path.join(a, artifact.path)).byteLength);
    }
  });
});

describe('manifest.json on other builds', () => {
  it('lists the warnings of each locale', () => {
    const content = copyFixture(STARTER);
    appendFileSync(
      path.join(content, 'en', 'sources.md'),
      '\n[^never-cited]: Official website of a source nobody cites <https://example.org/never>\n',
    );
    const out = tempDir();
    expect(runCli(['build', '--content', content, '--out', out, '--format', 'html']).code).toBe(0);
    const manifest = readManifest(out);
    expect(schemaProblems(manifest)).toEqual([]);
    expect(manifest.sourceCommit).toBeNull(); // the copy is not in a git repository
    expect(manifest.locales.en!.warnings).toBe(1);
    expect(manifest.locales.en!.messages[0]).toMatchObject({
      file: 'en/sources.md',
      line: expect.any(Number),
      severity: 'warning',
      rule: 'briefing:unused-note',
    });
    expect(manifest.artifacts).toEqual([
      expect.objectContaining({ path: 'en/starter-2022.en.html', warnings: 1, pages: null }),
    ]);
  });

  it('a failed build exits 1, writes no manifest, leaves the previous output byte-identical', () => {
    const content = copyFixture(STARTER);
    const out = tempDir();
    expect(runCli(['build', '--content', content, '--out', out, '--format', 'html']).code).toBe(0);
    const before = hashes(out);
    writeFileSync(path.join(content, 'en', '02-mechanisms.md'), '# Mechanisms\n\nSee this.[^nowhere]\n');
    const failed = runCli(['build', '--content', content, '--out', out]);
    expect(failed.code).toBe(1);
    expect(hashes(out)).toEqual(before);
  });

  it('a usage error (2) or a strict build with warnings (1) writes nothing either', () => {
    const content = copyFixture(STARTER);
    appendFileSync(
      path.join(content, 'en', 'sources.md'),
      '\n[^never-cited]: Nobody cites it <https://example.org/never>\n',
    );
    const out = tempDir();
    expect(runCli(['build', '--content', content, '--out', out, '--strict']).code).toBe(1);
    expect(runCli(['build', '--content', content, '--out', out, '--format', 'epub']).code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('merging a CI matrix’s manifests (scripts/merge-manifests.js)', () => {
  const merge = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'merge-manifests.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  const buildLocale = (locale: string, commit = COMMIT) => {
    const out = tempDir();
    const result = runCli(['build', '--locale', locale, '--format', 'html', '--out', out, '-q'], {
      env: { SOURCE_DATE_EPOCH: EPOCH, BRIEFING_SOURCE_COMMIT: commit },
    });
    expect(result.code, result.stderr).toBe(0);
    return out;
  };

  it('merges one output folder per locale into a release folder with one valid manifest', () => {
    const [en, ru] = [buildLocale('en'), buildLocale('ru')];
    const release = path.join(tempDir(), 'release');
    const result = merge(['--out', release, en, ru]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Merged 2 manifest\(s\): 2 file\(s\), locales en, ru, commit 0123456789ab/);
    const manifest = readManifest(release);
    expect(schemaProblems(manifest)).toEqual([]);
    expect(manifest.artifacts.map((x) => x.path)).toEqual(['en/hr-review-2022.en.html', 'ru/hr-review-2022.ru.html']);
    expect(manifest.locales.ru!.warnings).toBe(manifest.locales.ru!.messages.length);
    expect(manifest.builtAt).toBe('2023-11-14T22:13:20Z');
    const files = hashes(release);
    for (const artifact of manifest.artifacts) expect(files[artifact.path]).toBe(artifact.sha256);
  });

  it('refuses builds of different commits (exit 1) and bad usage (exit 2)', () => {
    const result = merge([
      '--out',
      path.join(tempDir(), 'release'),
      buildLocale('en'),
      buildLocale('ru', 'f'.repeat(40)),
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/disagree on sourceCommit/);
    expect(merge([]).status).toBe(2);
  });
});

describe('briefing check (the CI gate)', () => {
  const withWarning = () => {
    const content = copyFixture(STARTER);
    appendFileSync(
      path.join(content, 'en', 'sources.md'),
      '\n[^never-cited]: Nobody cites it <https://example.org/never>\n',
    );
    return content;
  };
  const matcher = JSON.parse(readFileSync(path.join(ROOT, '.github', 'briefing-problem-matcher.json'), 'utf8')) as {
    problemMatcher: Array<{ pattern: Array<{ regexp: string }> }>;
  };
  const positioned = new RegExp(matcher.problemMatcher[0]!.pattern[0]!.regexp);

  it('prints file:line:col severity message (fix) rule, one per line, which the CI problem matcher reads', () => {
    const content = withWarning();
    writeFileSync(path.join(content, 'en', '02-mechanisms.md'), '# Mechanisms\n\nSee this.[^nowhere]\n');
    const result = runCli(['check', '--content', content]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ (error|warning) .+ \(.+\) [a-z]+:[a-z-]+$/);
    const error = positioned.exec(lines.find((l) => l.includes(' error '))!)!;
    expect(error.slice(1, 5)).toEqual([expect.stringMatching(/en\/02-mechanisms\.md$/), '3', '10', 'error']);
    expect(error[6]).toBe('briefing:dangling-note');
    expect(positioned.exec(lines.find((l) => l.includes(' warning '))!)![6]).toBe('briefing:unused-note');
    expect(result.stdout).toMatch(/1 error\(s\), 1 warning\(s\)/);
  });

  it('passes warnings by default and fails them with --strict', () => {
    const content = withWarning();
    expect(runCli(['check', '--content', content]).code).toBe(0);
    const strict = runCli(['check', '--content', content, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('0 error(s), 1 warning(s) (warnings fail with --strict)');
  });

  it('--reporter json: one report on stdout, nothing on stderr', () => {
    const result = runCli(['check', '--content', withWarning(), '--strict', '--reporter', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      strict: boolean;
      counts: Record<string, number>;
      diagnostics: Array<Record<string, unknown>>;
      editions: Array<{ locale: string }>;
    };
    expect(report).toMatchObject({
      ok: false,
      strict: true,
      counts: { error: 0, warning: 1, info: 0 },
      editions: [{ locale: 'en' }],
    });
    expect(report.diagnostics[0]).toMatchObject({
      file: expect.stringMatching(/en\/sources\.md$/),
      line: expect.any(Number),
      column: 1,
      severity: 'warning',
      rule: 'briefing:unused-note',
    });
  });

  it('needs no browser and loads none of the print stack (fast: see README for timings)', () => {
    // A resolve hook records every module the command loads.
    const hook = `data:text/javascript,${encodeURIComponent(`
      import { register } from 'node:module';
      import { writeSync } from 'node:fs';
      const { port1, port2 } = new MessageChannel();
      const seen = [];
      port1.on('message', (url) => seen.push(url));
      port1.unref();
      register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(d) { port = d.port; } export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }'), { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
      process.on('exit', () => writeSync(3, seen.join('\\n')));
    `)}`;
    const result = spawnSync(
      process.execPath,
      ['--import', hook, path.join(ROOT, 'bin', 'briefing.js'), 'check', '--locale', 'all'],
      {
        cwd: ROOT,
        // Parse cache off: the Markdown is really parsed (with the cache warm, not even the parser loads).
        // The ES modules: the hook sees what they load (the scripts of src/script-bundle.ts, the same chunks, it does not).
        env: {
          ...process.env,
          CI: 'true',
          BRIEFING_BROWSER: '/nonexistent/chrome',
          BRIEFING_CACHE_DIR: 'off',
          BRIEFING_CODE_CACHE: '0',
        },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      },
    );
    expect(result.status, result.stderr).toBe(0);
    // The CLI runs bundled (scripts/bundle.js): a chunk names each package it holds in a
    // `// node_modules/<package>/…` comment, so the loaded chunks' text says which packages loaded.
    const urls = String(result.output[3]).split('\n');
    const loaded = urls
      .map((url) =>
        url.startsWith('file:') && url.includes('/dist/bundle/') ? readFileSync(new URL(url), 'utf8') : url,
      )
      .join('\n');
    expect(urls.some((url) => url.includes('/dist/bundle/'))).toBe(true);
    expect(loaded).toContain('node_modules/remark-parse/');
    expect(loaded).not.toMatch(/node_modules\/(puppeteer|puppeteer-core|pdf-lib|pdfjs-dist|handlebars)\//);
  });
});

describe('.github/workflows/release.yml', () => {
  const file = path.join(ROOT, '.github', 'workflows', 'release.yml');

  it('passes action-validator (the workflow schema)', () => {
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'action-validator'), [file], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).not.toMatch(/"errors"/);
    expect(result.status).toBe(0);
  });

  it('checks, then builds one locale per runner, then merges and publishes on a tag', () => {
    type Step = { run?: string; uses?: string; with?: Record<string, unknown>; if?: string };
    type Job = {
      needs?: string;
      steps: Step[];
      strategy?: { matrix: { locale: string } };
      permissions?: Record<string, string>;
      outputs?: Record<string, string>;
    };
    const workflow = parseYaml(readFileSync(file, 'utf8')) as {
      on: { push: { tags: string[] } };
      jobs: Record<string, Job>;
    };
    const { check, build: matrix, publish } = workflow.jobs;
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(check!.steps.map((s) => s.run ?? '').join('\n')).toMatch(/briefing\.js check --strict/);
    expect(check!.outputs!.locales).toBeDefined();
    expect(matrix!.needs).toBe('check');
    expect(matrix!.strategy!.matrix.locale).toBe('${{ fromJSON(needs.check.outputs.locales) }}');
    expect(matrix!.steps.some((s) => s.run?.includes('briefing.js build --locale "${{ matrix.locale }}"'))).toBe(true);
    expect(
      matrix!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === 'output/'),
    ).toBe(true);
    expect(publish!.needs).toBe('build');
    expect(publish!.permissions).toEqual({ contents: 'write' });
    expect(publish!.steps.some((s) => s.run?.startsWith('node scripts/merge-manifests.js --out release'))).toBe(true);
    expect(publish!.steps.find((s) => s.run?.includes('gh release'))!.if).toBe("startsWith(github.ref, 'refs/tags/')");
    expect(existsSync(path.join(ROOT, '.github', 'briefing-problem-matcher.json'))).toBe(true);
  });
});
