import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { writeCacheFile } from '../../src/cache.js';
import { precompiledTemplate, templateOf } from '../../src/render/template-cache.js';

describe('template cache', () => {
  it('keeps the precompiled template on disk and uses it; what it builds renders like Handlebars.compile', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-template-cache-'));
    const before = process.env.BRIEFING_CACHE_DIR;
    process.env.BRIEFING_CACHE_DIR = dir;
    try {
      const hbs = Handlebars.create();
      const source = '<h1>{{title}}</h1>{{#each items}}<p>{{this}}</p>{{/each}}';
      let compiled = 0;
      const precompile = () => {
        compiled += 1;
        return hbs.precompile(source, { strict: true }) as string;
      };
      const spec = precompiledTemplate(source, precompile);
      const context = { title: 'A & B', items: ['one', '<two>'] };
      expect(templateOf(hbs, spec)(context)).toBe(hbs.compile(source, { strict: true })(context));
      const [file, ...others] = readdirSync(dir);
      expect(others).toEqual([]);
      expect(file).toMatch(/^template-[0-9a-f]{32}\.js$/);
      // A second build reads it (marked here, sealed as Briefing seals it) instead of compiling.
      writeCacheFile(path.join(dir, file!), spec.replace('<h1>', '<h1 data-cached>'));
      expect(templateOf(hbs, precompiledTemplate(source, precompile))(context)).toContain('<h1 data-cached>A &amp; B');
      expect(compiled).toBe(1);
      // Strict mode survives the round trip: a missing field is still an error.
      expect(() => templateOf(hbs, spec)({ items: [] })).toThrow(/"title" not defined/);
      // Another text is another entry.
      precompiledTemplate(`${source} `, precompile);
      expect(compiled).toBe(2);
    } finally {
      if (before === undefined) delete process.env.BRIEFING_CACHE_DIR;
      else process.env.BRIEFING_CACHE_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
