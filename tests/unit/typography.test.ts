// Each language's typography (quotes, dashes, no-break spaces, section letters) and the en-XA
// pseudo-translation, as pure functions; briefing.yaml's `typography:` checked with positions.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { typeset } from '../../src/pipeline/remark-typography.js';
import { typographyFor } from '../../src/config/typography.js';
import { toSectionLetter } from '../../src/pipeline/numbering.js';
import { pseudoMarkdown, pseudoText } from '../../src/translate/pseudo.js';
import { loadConfig } from '../../src/config/config.js';
import { failureMessages } from '../support/errors.js';
import { ROOT, tempDir } from '../support/cli.js';
import { makeContent } from '../support/content.js';
import { checkEditions } from '../../src/check.js';
import { loadTemplates } from '../../src/render/render.js';
import { pageTree } from '../support/page.js';
import { select } from 'hast-util-select';
import { toString } from 'hast-util-to-string';

const shy = (text: string) => text.replace(/\u00AD/g, '·');

const ru = typographyFor('ru');
const set = (text: string, t = ru) => typeset(text, { prev: '', depth: 0 }, t);

describe('typeset', () => {
  it('Russian: «ёлочки» outside, „лапки“ inside, em dash for -- and a spaced hyphen', () => {
    expect(set('Закон "О "Нур Отан"" принят -- в мае.')).toBe('Закон «О\u00A0„Нур Отан“» принят\u00A0— в\u00A0мае.');
    expect(set('Суд - высшая инстанция')).toBe('Суд\u00A0— высшая инстанция');
    expect(set('1990---2000')).toBe('1990—2000');
  });

  it('Russian and Kazakh: English curly quotes become «» („“ inside); a spaced en dash an em dash', () => {
    expect(set('Он сказал “закон “О воде” принят” – и ушёл')).toBe(
      'Он сказал «закон „О\u00A0воде“ принят»\u00A0— и\u00A0ушёл',
    );
    // „…“ as written stays: “ after a letter is Russian's inner closing mark.
    expect(set('«закон „О воде“»')).toBe('«закон „О\u00A0воде“»');
    // An unspaced en dash (a range) is kept.
    expect(set('2019–2022')).toBe('2019–2022');
    expect(set('Заң “Су туралы” – маңызды', typographyFor('kk'))).toBe('Заң «Су туралы»\u00A0— маңызды');
  });

  it('ties numbers to the next word, digit groups, № and initials to the surname', () => {
    const nb = (text: string) => set(text).replace(/\u00A0/g, '~');
    expect(nb('5 июня 2022 года')).toBe('5~июня 2022~года');
    expect(nb('более 20 000 человек и 1 250 000 тенге')).toBe('более 20~000~человек и~1~250~000~тенге');
    // A year then a count is two numbers, not a digit group.
    expect(nb('в 2022 100 сел')).toBe('в~2022 100~сел');
    expect(nb('закон № 5, § 3')).toBe('закон №~5, §~3');
    expect(nb('писал А. С. Пушкин, а Пушкин А. С. читал')).toBe('писал А.~С.~Пушкин, а~Пушкин~А.~С. читал');
    // Initials written without a space between them (the review's "К.К. Токаев" broke after them).
    // A capitalised word before initials that a surname follows is no surname: it stays free.
    expect(nb('Президент К.К. Токаев учредил')).toBe('Президент К.К.~Токаев учредил');
    expect(nb('писал А. С. Пушкин')).toBe('писал А.~С.~Пушкин');
    expect(nb('Токаев К.К. учредил')).toBe('Токаев~К.К. учредил');
    // English keeps its spaces.
    expect(set('5 June 2022, 20 000 people', typographyFor('en'))).toBe('5 June 2022, 20 000 people');
  });

  it('ties every one-letter word to the next, even in a row', () => {
    expect(set('а и в доме, и к тому же у реки')).toBe('а\u00A0и\u00A0в\u00A0доме, и\u00A0к\u00A0тому же у\u00A0реки');
  });

  it('English keeps what the author wrote by default; opting in gives “” ‘’ and apostrophes', () => {
    const en = typographyFor('en');
    expect(set('the "law" - and a -- b', en)).toBe('the "law" - and a -- b');
    const curly = typographyFor('en', { en: { quotes: '“”‘’', dash: '–' } });
    expect(set(`the "new 'draft' law" isn't -- here`, curly)).toBe('the “new ‘draft’ law” isn’t – here');
  });

  it('Kazakh: Cyrillic letters, justified unless set; briefing.yaml overrides per locale', () => {
    expect(typographyFor('kk')).toMatchObject({ sectionLetters: 'cyrillic', quotes: '«»„“', nonBreakingSpaces: true });
    expect(typographyFor('kk').ragged).toBeUndefined(); // decided by the hyphenation patterns (kk has them)
    expect(typographyFor('ru', { ru: { sectionLetters: 'latin', noteNumbering: 'decimal' } })).toMatchObject({
      sectionLetters: 'latin',
      noteNumbering: 'decimal',
    });
  });
});

describe('section letters', () => {
  it('Latin A, B… and Cyrillic А, Б, В… (GOST 2.105: no Ё, З, Й, О, Ч, Ъ, Ы, Ь)', () => {
    expect([1, 2, 3, 14].map((n) => toSectionLetter(n, 'latin'))).toEqual(['A', 'B', 'C', 'N']);
    expect([1, 2, 3, 7, 8, 14].map((n) => toSectionLetter(n, 'cyrillic'))).toEqual(['А', 'Б', 'В', 'Ж', 'И', 'Р']);
    expect(toSectionLetter(26, 'cyrillic')).toBe('АА');
  });
});

describe('en-XA', () => {
  it('accents, brackets and lengthens text by about 35 %, keeping protected markup', () => {
    expect(pseudoText('Overview of water access')).toBe('[Övéŕvîéŵ öf ŵáţéŕ áççéšš one two three]');
    const text = 'See the [report](https://example.org/a), `code` and a note.[^wells] &amp; more';
    const pseudo = pseudoText(text);
    expect(pseudo).toContain('](https://example.org/a)');
    expect(pseudo).toContain('`code`');
    expect(pseudo).toContain('[^wells]');
    expect(pseudo).toContain('&amp;');
    expect(pseudo.length / text.length).toBeGreaterThan(1.3);
  });

  it('pseudo-translates a Markdown file: front matter short (quoted), headings, cells, note titles only', () => {
    const md =
      '---\nshort: Overview\n---\n\n# Overview\n\n| Source |\n| --- |\n| Wells |\n\n[^w]: Report <https://example.org/w>\n';
    expect(pseudoMarkdown(md)).toBe(
      '---\nshort: "[Övéŕvîéŵ one]"\n---\n\n# [Övéŕvîéŵ one]\n\n| [Šöûŕçé one] |\n| --- |\n| [Ŵéļļš one] |\n\n[^w]: [Ŕépöŕţ one] <https://example.org/w>\n',
    );
  });
});

describe('briefing.yaml typography', () => {
  it('hyphenation exceptions reach the print edition (body text and wide tables) for their language only', async () => {
    const table = `| ${Array.from({ length: 8 }, (_, i) => `C${i}`).join(' | ')} |\n|${' --- |'.repeat(8)}\n| ${'Kazakhstani | '.repeat(8)}\n`;
    const chapter = `# One\n\nThe government of Kazakhstan reported.\n\n${table}`;
    const print = async (yaml: string) => {
      const content = makeContent({
        'briefing.yaml': `id: t\nyear: 2024\nlocales: [en]\n${yaml}`,
        'en/01-one.md': chapter,
      });
      const config = await loadConfig({ content, templates: path.join(ROOT, 'templates') });
      const { editions } = await checkEditions(config);
      const page = pageTree((await loadTemplates(config.templatesDir)).render(editions[0]!, 'print'));
      return (selector: string) => shy(toString(select(selector, page)!));
    };
    const configured = await print(
      'typography:\n  en:\n    hyphenation: { exceptions: [Ka-zakh-stan, Ka-zakh-stani] }\n',
    );
    expect(configured('main p')).toContain('of Ka·zakh·stan re·por·ted');
    expect(configured('main td')).toBe('Ka·zakh·stani');
    const other = await print('typography:\n  en:\n    hyphenation: { exceptions: [Ma-zhi-lis] }\n');
    expect(other('main p')).toContain('of Kaza·kh·stan re·por·ted');
  });

  it('an unknown setting or locale is an error at its line and column', async () => {
    const content = path.join(tempDir(), 'content');
    mkdirSync(content);
    const write = (typography: string) =>
      writeFileSync(
        path.join(content, 'briefing.yaml'),
        `id: t\nyear: 2024\nlocales: [en, ru]\ntypography:\n${typography}`,
      );
    const load = () => loadConfig({ content, templates: path.join(ROOT, 'templates') });
    write('  ru:\n    sectionLetters: greek\n');
    expect(await failureMessages(load)).toContain(
      'briefing.yaml:6:21 error `sectionLetters` must be latin or cyrillic (write `sectionLetters: cyrillic`) config:invalid',
    );
    write('  ru:\n    quote: "«»„“"\n');
    expect(await failureMessages(load)).toContain('briefing.yaml:6:5 error unknown typography setting "quote"');
    write('  en:\n    hyphenation:\n      exceptions: [Ka-zakh-stan, Ka zakh]\n');
    expect(await failureMessages(load)).toContain(
      'briefing.yaml:7:34 error a hyphenation exception is one word of letters, its break points marked by - (write the word with hyphens where it may break, e.g. `Ka-zakh-stan`) config:invalid',
    );
    write('  en:\n    hyphenation: { exception: [Ka-zakh-stan] }\n');
    expect(await failureMessages(load)).toContain(
      'briefing.yaml:6:20 error unknown hyphenation setting "exception" (known settings: exceptions) config:invalid',
    );
    write('  fr:\n    dash: "—"\n');
    expect(await failureMessages(load)).toContain(
      'briefing.yaml:5:3 error typography for "fr", which is not a locale of this edition',
    );
  });
});
