import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, ruleById, ruleUrl } from '../../src/rules.js';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { diagnosticsJson } from '../../src/cli/io.js';
import { makeContent } from '../support/content.js';
import { rulesPage } from '../../src/rules-page.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the rule catalogue (src/rules.ts)', () => {
  it('gives each rule one unique `area:name` id, a description and a fix', () => {
    const ids = Object.values(RULES).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of Object.values(RULES)) {
      expect(r.id).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(5);
    }
    expect(ruleById('briefing:dangling-note')).toBe(RULES.danglingNote);
    expect(ruleById('briefing:no-such-rule')).toBeUndefined();
  });

  it('lists only rules that src/ reports', () => {
    const code = sourceFiles(path.join(ROOT, 'src'))
      .filter((f) => !f.endsWith(`${path.sep}rules.ts`))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(RULES).filter((name) => !new RegExp(`RULES\\.${name}\\b`).test(code));
    expect(unused).toEqual([]);
  });

  it('docs/RULES.md is up to date (run `npm run docs:rules` after changing the catalogue)', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'RULES.md'), 'utf8');
    expect(page).toBe(rulesPage());
    expect(page).toContain('| <a id="briefing-dangling-note"></a>`briefing:dangling-note` | error |');
  });

  it('every rule has its anchor in docs/RULES.md, the address each message carries as `url`', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'RULES.md'), 'utf8');
    for (const rule of Object.values(RULES)) {
      const [, anchor] = ruleUrl(rule).split('#');
      expect(page, rule.id).toContain(`<a id="${anchor}"></a>\`${rule.id}\``);
    }
  });

  it("a message from the pipeline carries its rule's severity and url; the JSON report gives every message one", async () => {
    const content = makeContent({ 'en/01-one.md': '# One\n\nCited.[^missing]\n\nA [dead](#nowhere) link.\n' });
    const { diagnostics } = await checkEditions(await loadConfig({ content, templates: path.join(ROOT, 'templates') }));
    const fromPipeline = diagnostics.filter((d) => d.rule === RULES.danglingNote.id || d.rule === RULES.deadLink.id);
    expect(fromPipeline.map((d) => [d.rule, d.severity, d.url])).toEqual([
      [RULES.danglingNote.id, RULES.danglingNote.severity, 'docs/RULES.md#briefing-dangling-note'],
      [RULES.deadLink.id, RULES.deadLink.severity, 'docs/RULES.md#briefing-dead-link'],
    ]);
    for (const d of diagnosticsJson(diagnostics)) expect(d.url, d.rule).toBe(ruleUrl(ruleById(d.rule)!));
  });
});
