import { describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { UsageError } from '../../src/messages.js';
import { DEFAULT_LIMITS, limits, useLimits } from '../../src/limits.js';
import { failureMessages } from '../support/errors.js';
import { copyFixture, ROOT, STARTER } from '../support/cli.js';

const templates = path.join(ROOT, 'templates');

const failure = (promise: Promise<unknown>) => failureMessages(() => promise);

describe('loadConfig', () => {
  it('reads briefing.yaml into a frozen config', async () => {
    const config = await loadConfig({ content: STARTER, templates });
    expect(config.edition).toMatchObject({
      id: 'starter',
      year: 2022,
      sourceLocale: 'en',
      locales: ['en'],
      noteNumbering: 'lower-roman',
    });
    expect(config.locales).toEqual(['en']);
    expect(config.formats).toEqual(['pdf', 'html']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the missing briefing.yaml and how to fix it', async () => {
    const dir = copyFixture(STARTER);
    rmSync(path.join(dir, 'briefing.yaml'));
    expect(await failure(loadConfig({ content: dir, templates }))).toMatch(
      /briefing\.yaml error briefing\.yaml not found \(create it with `id`/,
    );
  });

  it('places a YAML syntax error at its line and column', async () => {
    const dir = copyFixture(STARTER);
    writeFileSync(path.join(dir, 'briefing.yaml'), 'id: starter\nyear: 2022\nlocales: [en\nsourceLocale: en\n');
    const message = await failure(loadConfig({ content: dir, templates }));
    expect(message).toMatch(/briefing\.yaml:4:\d+ error YAML syntax error in briefing\.yaml/);
    expect(message).toContain('config:yaml-syntax');
  });

  it('rejects an unknown locale, pointing at the locales line', async () => {
    const dir = copyFixture(STARTER);
    const message = await failure(loadConfig({ content: dir, templates, locale: 'fr' }));
    expect(message).toMatch(/briefing\.yaml:6:10 error unknown locale "fr": this edition has en/);
  });

  it('rejects an invalid field with its position', async () => {
    const dir = copyFixture(STARTER);
    writeFileSync(path.join(dir, 'briefing.yaml'), 'id: Starter Edition\nyear: 2022\n');
    expect(await failure(loadConfig({ content: dir, templates }))).toMatch(
      /briefing\.yaml:1:5 error `id` must be a lower-case name/,
    );
  });

  it('checks briefing.yaml against schema/briefing.schema.json: every problem at once, each at its place', async () => {
    const dir = copyFixture(STARTER);
    writeFileSync(
      path.join(dir, 'briefing.yaml'),
      'id: starter\nyear: 2022\nlocales: [en, en_GB]\nnoteNumberng: decimal\nlimits:\n  maxNesting: -1\n',
    );
    const message = await failure(loadConfig({ content: dir, templates }));
    expect(message.replaceAll(`${dir}${path.sep}`, '').split('\n')).toEqual([
      'briefing.yaml:3:15 error "en_GB" is not a locale code such as `en` or `pt-BR` (write a language code, with a region after a dash if needed) config:invalid',
      'briefing.yaml:4:1 error unknown key "noteNumberng" (did you mean "noteNumbering"? (known: id, year, sourceLocale, locales, noteNumbering, bibliography, csl, chapters, typography, pdf, convert, limits)) config:invalid',
      'briefing.yaml:6:15 error limit "maxNesting" must be a positive number (write for example `maxNesting: 100`) config:invalid',
    ]);
  });

  it('treats an unknown format as a usage error', async () => {
    await expect(loadConfig({ content: STARTER, templates, format: 'epub' })).rejects.toThrow(UsageError);
  });
});

describe('limits belong to the run', () => {
  it('two configurations in one process keep their own limits', async () => {
    const small = copyFixture(STARTER);
    writeFileSync(path.join(small, 'briefing.yaml'), 'id: small\nyear: 2022\nlimits: { maxNesting: 7 }\n');
    const [a, b] = await Promise.all([
      loadConfig({ content: small, templates }),
      loadConfig({ content: STARTER, templates }),
    ]);
    expect(a.limits.maxNesting).toBe(7);
    expect(b.limits.maxNesting).toBe(DEFAULT_LIMITS.maxNesting);
    // Each run reads its own while the other's is in force elsewhere.
    const seen = await Promise.all(
      [a, b].map(async (config) => {
        useLimits(config);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return limits().maxNesting;
      }),
    );
    expect(seen).toEqual([7, DEFAULT_LIMITS.maxNesting]);
  });
});
