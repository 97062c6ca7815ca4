import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCacheFile, writeCacheFile } from '../../src/cache.js';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { toString } from 'hast-util-to-string';
import { VFile } from 'vfile';
import rehypeTableHyphens, { MANY_COLUMNS } from '../../src/render/rehype-table-hyphens.js';
import type { Element, ElementContent, Root } from 'hast';
import rehypeHyphenate, {
  HyphenationCache,
  hyphenateText,
  hyphenationPatterns,
  SOFT_HYPHEN,
  type HyphenateOptions,
} from '../../src/render/rehype-hyphenate.js';

const shy = (text: string) => text.replace(/\u00AD/g, '·');
const plain = (text: string) => text.replace(/\u00AD/g, '');

function hast(markdown: string): Root {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype);
  return processor.runSync(processor.parse(markdown));
}

function run(tree: Root, options: HyphenateOptions): VFile {
  const file = new VFile();
  rehypeHyphenate(options)(tree, file);
  return file;
}

const html = (tree: Root) => unified().use(rehypeStringify).stringify(tree);

function element(tagName: string, properties: Element['properties'], text: string): Element {
  return { type: 'element', tagName, properties, children: [{ type: 'text', value: text }] };
}

describe('rehype-hyphenate: words', () => {
  it('puts soft hyphens into English words at the British (en-gb) points', () => {
    expect(shy(hyphenateText('international implementation knowledge democracy', { lang: 'en' }))).toBe(
      'in·ter·na·tional im·ple·ment·a·tion know·ledge demo·cracy',
    );
    expect(hyphenationPatterns('en')).toBe('en-gb');
    expect(hyphenationPatterns('en-GB')).toBe('en-gb');
  });

  it('uses the US patterns for en-US', () => {
    expect(hyphenationPatterns('en-US')).toBe('en-us');
    expect(shy(hyphenateText('knowledge democracy', { lang: 'en-US' }))).toBe('knowl·edge democ·racy');
  });

  it('breaks a word as its exception says, in any case; without one, as the patterns do', () => {
    // The patterns alone break the name badly: why the review's briefing.yaml lists it.
    expect(shy(hyphenateText('Kazakhstan', { lang: 'en' }))).toBe('Kaza·kh·stan');
    const exceptions = ['Ka-zakh-stan', 'Ka-zakh-stani'];
    expect(shy(hyphenateText('Kazakhstan kazakhstan Kazakhstani', { lang: 'en', exceptions }))).toBe(
      'Ka·zakh·stan ka·zakh·stan Ka·zakh·stani',
    );
    expect(shy(hyphenateText('Mazhilis', { lang: 'en', exceptions: ['Ma-zhi-lis'] }))).toBe('Ma·zhi·lis');
  });

  it('puts soft hyphens into Russian words', () => {
    expect(hyphenationPatterns('ru')).toBe('ru');
    expect(shy(hyphenateText('Уполномоченный по правам человека: законодательство, информация', { lang: 'ru' }))).toBe(
      'Упол·но·мо·чен·ный по пра·вам че·ло·ве·ка: за·ко·но·да·тель·ство, ин·фор·ма·ция',
    );
  });

  it('keeps at least 2 letters before and 3 after a break in English, 2 and 2 in Russian', () => {
    const words = 'administrative rehabilitation organizations accountability unconstitutional representatives'.split(
      ' ',
    );
    for (const word of words) {
      const parts = hyphenateText(word, { lang: 'en' }).split(SOFT_HYPHEN);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts[0]!.length).toBeGreaterThanOrEqual(2);
      expect(parts.at(-1)!.length).toBeGreaterThanOrEqual(3);
    }
    const ru = hyphenateText('человека', { lang: 'ru' }).split(SOFT_HYPHEN);
    expect(ru.at(-1)!.length).toBeGreaterThanOrEqual(2);
  });

  it('skips words with digits, URLs, e-mail addresses, domain names, acronyms and CamelCase', () => {
    const text =
      'COVID-19 international2 21st-century https://www.international.org/path www.international.org ' +
      'international.kz international@example.org UNICEF INTERNATIONAL NGOs OHCHR’s KazInform';
    expect(hyphenateText(text, { lang: 'en' })).toBe(text);
  });

  it('leaves words shorter than minWordLength (default 6) alone', () => {
    expect(shy(hyphenateText('nation nations', { lang: 'en' }))).toBe('na·tion na·tions');
    expect(shy(hyphenateText('nation nations', { lang: 'en', minWordLength: 7 }))).toBe('nation na·tions');
    expect(hyphenateText('water', { lang: 'en' })).toBe('water');
    expect(shy(hyphenateText('water', { lang: 'en', minWordLength: 5 }))).toBe('wa·ter');
    expect(shy(hyphenateText('person', { lang: 'en', minWordLength: 7 }))).toBe('person');
  });

  it('hyphenates the parts of compounds and possessives, and keeps words already holding a soft hyphen', () => {
    expect(shy(hyphenateText('non-governmental Commissioner’s', { lang: 'en' }))).toBe(
      'non-gov·ern·mental Com·mis·sioner’s',
    );
    expect(hyphenateText(`inter${SOFT_HYPHEN}national`, { lang: 'en' })).toBe(`inter${SOFT_HYPHEN}national`);
  });

  it("hyphenates Kazakh with hyph-kk's rules, never next to a vowel у between consonants", () => {
    const text = 'Қазақстан Республикасындағы адам құқықтарының жағдайы туралы баяндама';
    expect(hyphenationPatterns('kk')).toBe('kk');
    expect(hyphenationPatterns('kk-KZ')).toBe('kk');
    // After a vowel before one consonant and a vowel, between two consonants, 2 letters either side.
    expect(shy(hyphenateText(text, { lang: 'kk' }))).toBe(
      'Қа·зақ·с·тан Рес·пуб·лика·сын·да·ғы адам құ·қық·та·ры·ның жағ·да·йы ту·ра·лы баян·да·ма',
    );
    // Not inside a word-start cluster (.с2т: ст·ан is never offered), nor inside с1т2р (ин·с·тру).
    expect(shy(hyphenateText('стансасы инструменттері', { lang: 'kk' }))).toBe('стан·са·сы ин·с·тру·мен·т·те·рі');
  });

  it('leaves a language without patterns unchanged and says so', () => {
    const text = 'Татарстан Республикасы';
    expect(hyphenationPatterns('tt')).toBeUndefined();
    expect(hyphenateText(text, { lang: 'tt' })).toBe(text);
    const tree = hast(text);
    const before = html(tree);
    const file = run(tree, { lang: 'tt' });
    expect(html(tree)).toBe(before);
    expect(file.data.hyphenation).toEqual({ lang: 'tt', patterns: null, words: 0, hyphenated: 0, softHyphens: 0 });
  });
});

describe('rehype-hyphenate: the tree', () => {
  it('skips code, pre, headings, links to URLs, while hyphenating the paragraph text', () => {
    const tree = hast(
      [
        '# International heading',
        '',
        '### International subheading',
        '',
        'International `international` [international](https://example.org/international) <https://example.org/international> [international](#international) **international**',
        '',
        '```',
        'international',
        '```',
      ].join('\n'),
    );
    const file = run(tree, { lang: 'en' });
    expect(shy(html(tree))).toBe(
      [
        '<h1>International heading</h1>',
        '<h3>International subheading</h3>',
        '<p>In·ter·na·tional <code>international</code> <a href="https://example.org/international">international</a> ' +
          '<a href="https://example.org/international">https://example.org/international</a> ' +
          '<a href="#international">in·ter·na·tional</a> <strong>in·ter·na·tional</strong></p>',
        '<pre><code>international\n</code></pre>',
      ].join('\n'),
    );
    expect(file.data.hyphenation).toMatchObject({ lang: 'en', patterns: 'en-gb', hyphenated: 3, softHyphens: 9 });
  });

  it('skips .heading-number, sup, translate="no" and text in another language', () => {
    const children: ElementContent[] = [
      element('span', { className: ['heading-number'] }, 'International'),
      element('sup', { className: ['note-ref'] }, 'international'),
      element('span', { translate: 'no' }, 'Ombudsperson international'),
      element('span', { lang: 'kk' }, 'international'),
      element('span', { lang: 'en-GB' }, 'international'),
      { type: 'text', value: ' international' },
    ];
    const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children }] };
    run(tree, { lang: 'en' });
    expect(shy(html(tree))).toBe(
      '<p><span class="heading-number">International</span><sup class="note-ref">international</sup>' +
        '<span translate="no">Ombudsperson international</span><span lang="kk">international</span>' +
        '<span lang="en-GB">in·ter·na·tional</span> in·ter·na·tional</p>',
    );
  });

  it('changes nothing but soft hyphens: the text without U+00AD equals the input', () => {
    const markdown = [
      '# On the implementation of the Sustainable Development Goals',
      '',
      'Kazakhstan has committed itself to the implementation of the Sustainable Development Goals (“SDGs”) and is',
      'actively working towards the successful achievement of the global goals – “Leave no one aside.” In 2022, the',
      'Commissioner for Human Rights (Ombudsperson) received 3,211 complaints; see <https://www.gov.kz/memleket/entities/ombudsman>',
      'or write to info@ombudsman.kz. Non-governmental organizations, the OHCHR’s representatives and the UNICEF office…',
      '',
      '- Уполномоченный по правам человека в Республике Казахстан',
      '- Mixed *emphasis* and `code_with_identifiers` and a [link](#implementation) to a rehabilitation centre.',
      '',
      '| Institution | Recommendations |',
      '| --- | --- |',
      '| Parliamentary committee | Implementation of international standards |',
    ].join('\n');
    const original = toString(hast(markdown));
    for (const lang of ['en', 'en-US', 'ru', 'kk']) {
      const tree = hast(markdown);
      run(tree, { lang });
      const text = toString(tree);
      expect(plain(text)).toBe(original);
      if (lang !== 'kk') expect(text).not.toBe(original);
    }
  });

  it('counts every word, those of paragraphs met before (read back from the cache) too', () => {
    // 100 paragraphs are enough: the count is per text node; a review's time is `npm run bench`'s.
    const paragraph =
      'The Commissioner for Human Rights recommended that the Government strengthen the independence ' +
      'of national preventive mechanisms and ensure the implementation of international obligations. ';
    const tree = hast(Array.from({ length: 100 }, () => paragraph).join('\n\n'));
    const file = run(tree, { lang: 'en' });
    expect(file.data.hyphenation!.words).toBe(100 * 23);
  });
});

describe('rehype-hyphenate: hyphenated text kept between builds', () => {
  it('saves what it hyphenated; another run reads it back with the same counts, per hyphenator', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-hyphen-cache-'));
    const markdown = 'International cooperation strengthens implementation.\n\nThe implementation continues.';
    try {
      const first = new HyphenationCache(dir);
      const a = hast(markdown);
      const fileA = new VFile();
      rehypeHyphenate({ lang: 'en', cache: first })(a, fileA);
      expect(readdirSync(dir)).toEqual([]);
      first.save();
      const [name, ...others] = readdirSync(dir);
      expect(others).toEqual([]);
      expect(name).toMatch(/^hyphenation-[0-9a-f]{24}\.json$/);
      const stored = JSON.parse(readCacheFile(path.join(dir, name!))!) as Record<string, [string, ...number[]]>;
      expect(plain(stored['The implementation continues.']![0])).toBe('The implementation continues.');
      // Mark one entry (sealed as Briefing seals it): only a cache that is really read gives it back.
      stored['The implementation continues.']![0] = 'read from the cache';
      writeCacheFile(path.join(dir, name!), JSON.stringify(stored));

      const second = new HyphenationCache(dir);
      const b = hast(markdown);
      const fileB = new VFile();
      rehypeHyphenate({ lang: 'en', cache: second })(b, fileB);
      expect(html(b)).toContain('read from the cache');
      expect(html(b)).toContain(html(a).split('</p>')[0]);
      expect(fileB.data.hyphenation).toEqual(fileA.data.hyphenation);

      // Other exceptions are another hyphenator: its own cache, not this one.
      const c = hast(markdown);
      rehypeHyphenate({ lang: 'en', exceptions: ['imple-men-ta-tion'], cache: second })(c, new VFile());
      expect(html(c)).not.toContain('read from the cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps another report's texts beside its own (two reports built in turns both hit), up to 3 × its own", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-hyphen-cache-'));
    const build = (markdown: string) => {
      const cache = new HyphenationCache(dir);
      rehypeHyphenate({ lang: 'en', cache })(hast(markdown), new VFile());
      cache.save();
    };
    const stored = () => {
      const [name, ...others] = readdirSync(dir);
      expect(others).toEqual([]);
      // (The line break between two paragraphs is a text of its own: left out here.)
      return Object.keys(JSON.parse(readCacheFile(path.join(dir, name!))!) as object).filter((t) => t !== '\n');
    };
    try {
      build('International cooperation.\n\nStrengthens implementation.');
      build('Parliamentary oversight.');
      expect(stored()).toEqual([
        'Parliamentary oversight.',
        'International cooperation.',
        'Strengthens implementation.',
      ]);
      build('Independent institutions.\n\nParliamentary oversight.');
      // The run's own two first, then the rest read, in the order read.
      expect(stored()).toEqual([
        'Independent institutions.',
        'Parliamentary oversight.',
        'International cooperation.',
        'Strengthens implementation.',
      ]);
      build(Array.from({ length: 10 }, (_, i) => `Paragraph number ${i} continues.`).join('\n\n'));
      build('Constitutional review.');
      // One text of its own: three of the others' kept (the line break after the first is one), the
      // most recently used first.
      expect(stored()).toEqual([
        'Constitutional review.',
        'Paragraph number 0 continues.',
        'Paragraph number 1 continues.',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every text it read when told its other chapters came from the chapter cache (keepRead)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-hyphen-cache-'));
    const build = (markdown: string, keepRead = false) => {
      const cache = new HyphenationCache(dir);
      rehypeHyphenate({ lang: 'en', cache })(hast(markdown), new VFile());
      if (keepRead) cache.keepRead();
      cache.save();
    };
    const stored = () => {
      const [name] = readdirSync(dir);
      return Object.keys(JSON.parse(readCacheFile(path.join(dir, name!))!) as object).filter((t) => t !== '\n');
    };
    try {
      const many = Array.from({ length: 10 }, (_, i) => `Paragraph number ${i} continues.`);
      build(many.join('\n\n'));
      build('Constitutional review.', true);
      expect(stored()).toEqual(['Constitutional review.', ...many]);
      // Without it, as before: three times its own (the line break read is one of them).
      build('Judicial independence.');
      expect(stored()).toEqual(['Judicial independence.', 'Constitutional review.', 'Paragraph number 0 continues.']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the cells of a many-column table go through the same cache (a rebuild loads no patterns for them)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefing-hyphen-cache-'));
    const row = (cell: string) => `| ${Array.from({ length: MANY_COLUMNS }, () => cell).join(' | ')} |`;
    const markdown = [row('Head'), row('---'), row('Implementation')].join('\n');
    try {
      const first = new HyphenationCache(dir);
      const a = hast(markdown);
      rehypeTableHyphens({ lang: 'en', cache: first })(a);
      expect(toString(a)).toContain(SOFT_HYPHEN);
      first.save();
      const [name] = readdirSync(dir);
      const stored = JSON.parse(readCacheFile(path.join(dir, name!))!) as Record<string, [string, ...number[]]>;
      stored['Implementation']![0] = 'read from the cache';
      writeCacheFile(path.join(dir, name!), JSON.stringify(stored));
      const b = hast(markdown);
      rehypeTableHyphens({ lang: 'en', cache: new HyphenationCache(dir) })(b);
      expect(toString(b)).toContain('read from the cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
