// Each chapter's HTML kept by its tree (render/chapter-cache.ts): every part of the key changing is a
// miss, a tree that is not plain data is never kept, entries go to and come back from the cache
// folder, and an edition rendered with the cache warm — after edits of several kinds — is the same
// HTML, both media, as one rendered with none.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { ChapterHtmlCache, chapterKey, type ChapterRender } from '../../src/render/chapter-cache.js';
import { loadTemplates, type Templates } from '../../src/render/render.js';
import { HyphenationCache } from '../../src/render/rehype-hyphenate.js';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { ROOT, tempDir } from '../support/cli.js';

/** A tree's nodes as a test changes them (any field, any value). */
interface LooseNode {
  tagName: string;
  properties: Record<string, unknown>;
  data: Record<string, unknown>;
  position: { start: { line: number } };
  children: unknown[];
}
type Loose = Root & { children: [LooseNode, LooseNode, ...LooseNode[]] };

const HOW: ChapterRender = { medium: 'print', lang: 'en', exceptions: ['Ka-zakh'], sourceRoot: '/c' };

function tree(text = 'Hyphenation of a paragraph', id = 'intro'): Root {
  return {
    type: 'root',
    children: [
      {
        type: 'element',
        tagName: 'h2',
        properties: { id, className: ['chapter-title'] },
        children: [{ type: 'text', value: 'Title' }],
        data: { source: 'en/01.md:1:1' } as never,
        position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 8, offset: 7 } },
      },
      { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] },
    ],
  };
}

describe('the key of a chapter’s HTML', () => {
  const base = chapterKey(tree(), HOW)!;

  it('is the same for the same tree and rendering, in another object', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chapterKey(tree(), { ...HOW, exceptions: [...HOW.exceptions] })).toBe(base);
  });

  it('misses when anything it depends on changes', () => {
    const changed = (t: Root, how: ChapterRender = HOW) => expect(chapterKey(t, how)).not.toBe(base);
    changed(tree('Hyphenation of a paragraph.'));
    changed(tree(undefined, 'intro-2'));
    changed(tree(), { ...HOW, medium: 'screen' });
    changed(tree(), { ...HOW, lang: 'en-GB' });
    changed(tree(), { ...HOW, exceptions: ['Ka-zakh', 'Om-buds-man'] });
    changed(tree(), { ...HOW, exceptions: [] });
    changed(tree(), { ...HOW, sourceRoot: '/d' });
    changed(tree(), { ...HOW, sourceRoot: undefined });
    const edit = (change: (t: Loose) => void) => {
      const t = tree() as Loose;
      change(t);
      changed(t);
    };
    edit((t) => (t.children[0].data.source = 'en/01.md:2:1'));
    edit((t) => (t.children[0].position.start.line = 2));
    edit((t) => (t.children[0].tagName = 'h3'));
    edit((t) => (t.children[0].properties = { className: ['chapter-title'], id: 'intro' })); // attribute order
    edit((t) => (t.children[1].properties.hidden = true));
    edit((t) => (t.children[1].properties.start = 2));
    edit((t) => (t.children[1].properties.start = '2'));
    edit((t) => t.children.reverse());
    edit((t) => t.children[1].children.push({ type: 'text', value: '' }));
  });

  it('tells apart what JSON would write alike, and keeps no attribute value that is not plain', () => {
    const withValue = (value: unknown) => {
      const t = tree() as Loose;
      t.children[1].properties.colSpan = value;
      return chapterKey(t, HOW);
    };
    const keys = [null, NaN, Infinity, -Infinity, 0, -0, '', [1, null], [1, undefined], undefined].map(withValue);
    expect(keys.every((k) => k !== undefined)).toBe(true);
    expect(new Set([base, ...keys]).size).toBe(keys.length + 1);
    expect(withValue(new Map([['a', 1]]))).toBeUndefined();
    expect(withValue(new Date(0))).toBeUndefined();
    expect(withValue({ toString: () => '2' })).toBeUndefined();
    expect(withValue([{ toString: () => '2' }])).toBeUndefined();
    expect(withValue(() => 1)).toBeUndefined();
    const withData = (data: Record<string, unknown>) => {
      const t = tree() as Loose;
      t.children[0].data = data;
      return chapterKey(t, HOW);
    };
    expect(withData({ source: { toString: () => 'en/01.md:1:1' } })).toBeUndefined();
    expect(withData({ source: 'en/01.md:1:1', kept: Symbol('x') })).toBeUndefined();
    // Other data is written exactly, a cycle too.
    const a = withData({ source: 'en/01.md:1:1', seen: new Map([['x', 1]]) });
    const b = withData({ source: 'en/01.md:1:1', seen: new Map([['x', 2]]) });
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
    const cyclic = tree() as Loose;
    cyclic.children[1].data = { self: cyclic };
    expect(chapterKey(cyclic, HOW)).toBeDefined();
  });
});

describe('the chapter HTML cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('briefing-chapter-cache-');
  });

  it('makes a chapter once, and again for a changed tree or a tree it cannot key', () => {
    const cache = new ChapterHtmlCache(undefined);
    const make = vi.fn(() => '<p>made</p>');
    cache.startRender();
    expect(cache.html(tree(), HOW, make)).toEqual({ html: '<p>made</p>', hit: false });
    expect(cache.html(tree(), HOW, make)).toEqual({ html: '<p>made</p>', hit: true });
    expect(make).toHaveBeenCalledTimes(1);
    cache.html(tree('Other text'), HOW, make);
    expect(make).toHaveBeenCalledTimes(2);
    const odd = tree() as Loose;
    odd.children[1].properties.start = new Date(0);
    cache.html(odd, HOW, make);
    cache.html(odd, HOW, make);
    expect(make).toHaveBeenCalledTimes(4);
  });

  it('lets an entry go once unused for several renders', () => {
    const cache = new ChapterHtmlCache(undefined);
    const make = vi.fn(() => '<p>made</p>');
    cache.startRender();
    cache.html(tree(), HOW, make);
    for (let i = 0; i < 8; i += 1) cache.startRender();
    expect(cache.html(tree(), HOW, make).hit).toBe(true);
    for (let i = 0; i < 9; i += 1) cache.startRender();
    expect(cache.html(tree(), HOW, make).hit).toBe(false);
  });

  it('saves the entries a build used, read back by the next; nothing written when nothing changed', async () => {
    const first = new ChapterHtmlCache(dir, '/content');
    first.startRender();
    first.html(tree('one'), HOW, () => '<p>one</p>');
    first.html(tree('two'), HOW, () => '<p>two</p>');
    first.save();
    await first.written();
    const [file] = readdirSync(dir).filter((f) => f.startsWith('chapter-html-'));
    expect(file).toBeDefined();

    const second = new ChapterHtmlCache(dir, '/content');
    second.startRender();
    const make = vi.fn(() => '<p>made</p>');
    expect(second.html(tree('one'), HOW, make)).toEqual({ html: '<p>one</p>', hit: true });
    expect(second.html(tree('two'), HOW, make)).toEqual({ html: '<p>two</p>', hit: true });
    expect(make).not.toHaveBeenCalled();
    const written = statSync(path.join(dir, file!)).mtimeMs;
    writeFileSync(path.join(dir, 'marker'), ''); // (time passes)
    second.save();
    await second.written();
    expect(statSync(path.join(dir, file!)).mtimeMs).toBe(written);

    // One chapter edited: the other kept, the old one left out of the file.
    const third = new ChapterHtmlCache(dir, '/content');
    third.startRender();
    third.html(tree('one'), HOW, make);
    third.html(tree('two, edited'), HOW, make);
    third.save();
    await third.written();
    const fourth = new ChapterHtmlCache(dir, '/content');
    fourth.startRender();
    expect(fourth.html(tree('two'), HOW, () => 'again').hit).toBe(false);
    expect(fourth.html(tree('one'), HOW, () => 'again').hit).toBe(true);
    // Another content folder has a file of its own.
    const other = new ChapterHtmlCache(dir, '/elsewhere');
    other.startRender();
    expect(other.html(tree('one'), HOW, () => 'again').hit).toBe(false);
  });

  it('saved once rendered, saves again only what changed since (a build saves before its PDFs and at its end)', async () => {
    const first = new ChapterHtmlCache(dir, '/content');
    first.startRender();
    first.html(tree('one'), HOW, () => '<p>one</p>');
    first.html(tree('two'), HOW, () => '<p>two</p>');
    first.save();
    await first.written();
    const file = path.join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('chapter-html-'))!,
    );
    // An edit: one chapter read and used, one not, one made.
    const second = new ChapterHtmlCache(dir, '/content');
    second.startRender();
    second.html(tree('one'), HOW, () => 'again');
    second.html(tree('three'), HOW, () => '<p>three</p>');
    second.save();
    await second.written();
    const written = statSync(file).mtimeMs;
    writeFileSync(path.join(dir, 'marker'), ''); // (time passes)
    second.save();
    await second.written();
    expect(statSync(file).mtimeMs).toBe(written);
    second.html(tree('four'), HOW, () => '<p>four</p>');
    second.save();
    await second.written();
    const third = new ChapterHtmlCache(dir, '/content');
    third.startRender();
    const hits = ['one', 'two', 'three', 'four'].map((t) => third.html(tree(t), HOW, () => 'again').hit);
    expect(hits).toEqual([true, false, true, true]);
  });

  it('a file not sealed by us, or of another shape, is a miss', async () => {
    const first = new ChapterHtmlCache(dir, '/content');
    first.startRender();
    first.html(tree('one'), HOW, () => '<p>one</p>');
    first.save();
    await first.written();
    const file = path.join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('chapter-html-'))!,
    );
    writeFileSync(file, readFileSync(file, 'utf8').replace('<p>one</p>', '<p>evil</p>'));
    const second = new ChapterHtmlCache(dir, '/content');
    second.startRender();
    expect(second.html(tree('one'), HOW, () => '<p>one</p>')).toEqual({ html: '<p>one</p>', hit: false });
  });
});

describe('an edition rendered with its chapters kept', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = tempDir('briefing-chapter-cache-dir-');
    vi.stubEnv('BRIEFING_CACHE_DIR', cacheDir);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Both media of each locale of `content` as `templates` render them (then `after`). */
  async function renderAll(content: string, templates: Templates, locales: string, after = () => {}) {
    const config = await loadConfig({ content, templates: path.join(ROOT, 'templates'), locale: locales });
    const { editions } = await checkEditions(config);
    const html = editions.flatMap((e) => [templates.render(e, 'print'), templates.render(e, 'screen')]);
    after();
    return html;
  }

  it('is the same HTML as rendered afresh, after edits of every kind, in memory and from the cache folder', async () => {
    const content = path.join(tempDir('briefing-chapter-cache-content-'), 'content');
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    const templatesDir = path.join(ROOT, 'templates');
    // As `dev` keeps them: one Templates, its chapters in memory, for every save.
    const liveChapters = new ChapterHtmlCache(undefined);
    const live = await loadTemplates(templatesDir, content, undefined, liveChapters);
    const hits = vi.spyOn(liveChapters, 'html');
    const hitsNow = () => {
      const found = hits.mock.results.filter((r) => (r.value as { hit: boolean }).hit).length;
      hits.mockClear();
      return found;
    };
    // The reference: every chapter made afresh, no cache in the way.
    const none = {
      startRender() {},
      html: (_t: Root, _h: ChapterRender, make: () => string) => ({ html: make(), hit: false }),
    };
    const fresh = async () =>
      loadTemplates(templatesDir, content, new HyphenationCache(undefined), none as unknown as ChapterHtmlCache);
    // As `build` keeps them: read from the cache folder, saved after each build.
    const fromDisk = async (locales: string) => {
      const chapters = new ChapterHtmlCache(cacheDir, content);
      const templates = await loadTemplates(templatesDir, content, new HyphenationCache(cacheDir), chapters);
      const html = await renderAll(content, templates, locales, () => chapters.save());
      await chapters.written();
      return html;
    };

    const same = async (locales = 'en') => {
      const expected = await renderAll(content, await fresh(), locales);
      expect(await renderAll(content, live, locales)).toEqual(expected);
      expect(await fromDisk(locales)).toEqual(expected);
      return expected;
    };
    const edit = (file: string, change: (text: string) => string) => {
      const at = path.join(content, 'en', file);
      const before = readFileSync(at, 'utf8');
      writeFileSync(at, change(before));
      expect(readFileSync(at, 'utf8')).not.toBe(before);
    };

    const first = await same('all');
    expect(first).toHaveLength(6);
    hitsNow();
    expect(await same('all')).toEqual(first); // warm: the same again
    expect(hitsNow()).toBeGreaterThan(6 * 7); // 3 locales × 2 media × (preface + 7 chapters), but notes
    // A sentence.
    edit('02-national-mechanisms.md', (t) =>
      t.replace('a new platform for public involvement', 'a new platform (one more sentence) for public involvement'),
    );
    await same();
    // Only the edited chapter made again (the review's en: a preface, 7 chapters, the sources).
    expect(hitsNow()).toBeGreaterThanOrEqual(2 * 7);
    // A heading: its chapter's contents entry and ids.
    edit('02-national-mechanisms.md', (t) =>
      t.replace(/^# National mechanisms/m, '# National human rights mechanisms'),
    );
    await same();
    // A note referred to before the others: every later note's number changes.
    edit('01-introduction.md', (t) =>
      t
        .replace('more important than ever', 'more important than ever[^added]')
        .concat('\n[^added]: A note added first.\n'),
    );
    await same();
    // A new id another chapter already has (taken-ids.ts renames it) and a link to it.
    edit('03-paris-principles.md', (t) => `${t}\n\n## Added {#kurultai-added}\n\nSee [above](#kurultai-added).\n`);
    edit('02-national-mechanisms.md', (t) => `${t}\n\n## Also added {#kurultai-added}\n\nText.\n`);
    await same();
  }, 240_000);
});
