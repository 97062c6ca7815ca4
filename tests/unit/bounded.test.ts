// Issue 23, bounded work: hostile input that took quadratic (or worse) time or memory must now cost a
// bounded amount: linear work, or a limit with a positioned error. Each case gets a CPU budget of a
// few seconds that the old code overran by far more than 10× (the issue's measurements: a 45 kB line
// of `*a_` 20 s, a 160 kB link address 21 s, a 300 kB msgstr over 120 s, a 1 MB chapter's status out
// of memory); CPU time, not wall time, so a busy machine does not fail them.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { checkEditions } from '../../src/check.js';
import { BriefingError, formatDiagnostic } from '../../src/messages.js';
import { schemeOf } from '../../src/pipeline/remark-links.js';
import { findCrowdedParagraph } from '../../src/pipeline/delimiters.js';
import { markupProblem, protectedTokens } from '../../src/translate/markup.js';
import { MAX_DIFF_CELLS, wordDiff } from '../../src/translate/word-diff.js';
import { markdownSegments, wordCount } from '../../src/translate/segments.js';
import { inlineCssResources } from '../../src/render/css-resources.js';
import { rasterSize } from '../../src/image-limits.js';
import { makeContent } from '../support/content.js';
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import type { ParseCache } from '../../src/pipeline/parse-cache.js';
import { ROOT } from '../support/cli.js';

const TEMPLATES = path.join(ROOT, 'templates');
const MB = 1_000_000;

/** CPU milliseconds (user + system) that `work` takes, and its result. */
async function cpu<T>(work: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, result };
}

async function check(content: string): Promise<string[]> {
  try {
    const { diagnostics } = await checkEditions(await loadConfig({ content, templates: TEMPLATES }));
    return diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) }));
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    return error.diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(content, d.file) }));
  }
}

const line = (pattern: string, bytes: number) => pattern.repeat(Math.ceil(bytes / pattern.length));

const DELIMITERS_MESSAGE =
  'error too many inline marks in one paragraph: more than 200 runs of `*`, `_`, `~`, backticks or brackets, which take the parser too long; the file is read only up to this line (split the paragraph, or escape literal marks with a backslash (the limit is `limits: { maxDelimiters: … }` in briefing.yaml, or BRIEFING_MAX_DELIMITERS)) limits:delimiters';

describe('Markdown: a paragraph of unpaired inline marks is refused at the mark, before micromark sees it', () => {
  // Each took micromark quadratic time (40 kB: 6 to 17 s each on this machine; 1 MB: hours).
  const cases: Array<{ pattern: string; column: number }> = [
    { pattern: '*a_', column: 301 }, // the issue's case: the 201st run is the `*` of the 101st `*a_`
    { pattern: '_a*', column: 301 },
    { pattern: 'a*', column: 402 },
    { pattern: '~a', column: 401 },
    { pattern: 'a]', column: 402 }, // the GFM footnote call looks back for its `[^`
    { pattern: '`a', column: 401 },
    { pattern: '[a](', column: 401 },
  ];
  for (const { pattern, column } of cases) {
    it(`a 1 MB line of ${pattern}: a positioned error in well under its budget`, async () => {
      const content = makeContent({ 'en/01-one.md': `# One\n\nBefore.\n\n${line(pattern, MB)}\n\nAfter.\n` });
      const { ms, result } = await cpu(() => check(content));
      expect(result[0]).toBe(`en/01-one.md:5:${column} ${DELIMITERS_MESSAGE}`);
      expect(ms).toBeLessThan(5000);
    });
  }

  it('the dev loop (a parse cache kept across rebuilds) reports it on every rebuild, and not once mended', async () => {
    const file = 'en/01-one.md';
    const content = makeContent({ [file]: `# One\n\n${line('*a_', 40_000)}\n` });
    const cache: ParseCache = new Map();
    const errors = async () => {
      const config = await loadConfig({ content, templates: TEMPLATES });
      const { diagnostics } = await checkEditions(config, cache);
      return diagnostics.filter((d) => d.rule === 'limits:delimiters').map((d) => `${d.line}:${d.column}`);
    };
    expect(await errors()).toEqual(['3:301']);
    expect(await errors()).toEqual(['3:301']);
    writeFileSync(path.join(content, file), '# One\n\nMended.\n');
    expect(await errors()).toEqual([]);
  });

  it('what a real edition writes stays within the limit: code, tables, tight lists, escaped marks', () => {
    const fenced = `\`\`\`\n${'*p = *q;\n'.repeat(500)}\`\`\`\n`;
    const table = `| a | b |\n| --- | --- |\n${'| **x** | _y_ |\n'.repeat(300)}`;
    const list = '- **bold** and _it_\n'.repeat(300);
    const escaped = '\\*a\\_ '.repeat(1000);
    for (const text of [fenced, table, list, escaped]) expect(findCrowdedParagraph(text, 200)).toBeUndefined();
    // A "table" whose delimiter row does not match its header is a paragraph to micromark: counted whole.
    const notTable = `| a | b |\n| --- |\n${'| **x** | _y_ |\n'.repeat(300)}`;
    expect(findCrowdedParagraph(notTable, 200)?.line).toBe(53);
  });

  it('the limit is configurable (briefing.yaml limits.maxDelimiters)', async () => {
    const content = makeContent({
      'briefing.yaml': 'id: sample\nyear: 2022\nlocales: [en]\nlimits: { maxDelimiters: 1000 }\n',
      'en/01-one.md': `# One\n\n${'*a* '.repeat(400)}\n`,
    });
    expect(await check(content)).toEqual([]);
  });

  it('translation segments (status, export, import) are cut at the same place, in bounded time', async () => {
    const { ms, result } = await cpu(() => markdownSegments(`# One\n\nBefore.\n\n${line('*a_', MB)}\n`));
    expect(result.map((s) => s.text)).toEqual(['One', 'Before.']);
    expect(ms).toBeLessThan(3000);
  });

  // remark-notes.ts (being rewritten by the lead) finds `[^name]` in text too. Escaped, the brackets are
  // text to micromark and not counted by the delimiter limit, so this reaches the notes plugin: 200 kB
  // took 37 s in the issue, over 60 s here; the notes plugin's scan excludes `[` from a name now (linear).
  it('a 200 kB paragraph of \\[^a (note references in text) is checked in bounded time', async () => {
    const content = makeContent({ 'en/01-one.md': `# One\n\n${line('\\[^a', 200_000)}\n` });
    const { ms } = await cpu(() => check(content));
    expect(ms).toBeLessThan(3000);
  });
});

describe('link schemes: schemeOf is linear', () => {
  it('a 1 MB address of spaces (the regex backtracked: 160 kB took 21 s)', async () => {
    const { ms, result } = await cpu(() => schemeOf(`a${' '.repeat(MB)}a`));
    expect(result).toBeUndefined();
    expect(ms).toBeLessThan(1000);
  });

  it('still sees the scheme a browser sees', () => {
    expect(schemeOf(' JavaScript:alert(1)')).toBe('javascript');
    expect(schemeOf('java\tscr\nipt:x')).toBe('javascript');
    expect(schemeOf('\u0000\u0010data:text/html,x ')).toBe('data');
    expect(schemeOf('https://example.org/a:b')).toBe('https');
    expect(schemeOf('a b:c')).toBeUndefined();
    expect(schemeOf('1a:b')).toBeUndefined();
    expect(schemeOf('./file.md')).toBeUndefined();
    expect(schemeOf('   ')).toBeUndefined();
  });
});

describe('import: protected markup of a 300 kB msgstr is read in linear time', () => {
  // The token regex scanned to the end again from every `](`, `[^` or `<http:` that did not close.
  for (const pattern of ['](', '[^', '<http:', '``a`', '`'.repeat(999) + 'a']) {
    it(`300 kB of ${JSON.stringify(pattern.slice(0, 8))}`, async () => {
      const { ms } = await cpu(() => markupProblem('A [link](https://a.example) and [^note].', line(pattern, 300_000)));
      expect(ms).toBeLessThan(2000);
    });
  }

  it('finds what the token regex found, on every short mix of the characters that matter', () => {
    const TOKEN = /(`+)[^`]*?\1|\[\^[^\]\s]+\]|<(?:https?|mailto):[^>\s]+>|\]\([^)\s]*(?:\s+"[^"]*")?\)|\[/g;
    const alphabet = ['`', '[', ']', '^', '(', ')', '<', '>', '"', ' ', 'a', 'http:', 'mailto:'];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const differing: Array<{ text: string; kept: unknown; expected: unknown }> = [];
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * 13)],
      ).join('');
      const expected = [...text.matchAll(TOKEN)].map((m) => [m.index, m[0]]);
      // protectedTokens pairs `[` with `](…)`; compare the raw tokens through the unpaired ones it keeps.
      const kept = protectedTokens(text).map((t) => [t.start, t.text]);
      const expectedKept = keepPaired(expected as Array<[number, string]>);
      // One expect at the end (20,000 expect() calls were most of this test's time); the texts that differ.
      if (JSON.stringify(kept) !== JSON.stringify(expectedKept)) differing.push({ text, kept, expected: expectedKept });
    }
    expect(differing).toEqual([]);
  });

  it('word counts of the same texts are linear too', async () => {
    const { ms } = await cpu(() => ['[^', '](', '<https:'].map((p) => wordCount(line(p, 300_000))));
    expect(ms).toBeLessThan(1000);
  });
});

/** The old pairing of `[` with the next `](url)`, applied to regex matches. */
function keepPaired(raw: Array<[number, string]>): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const open: Array<[number, string]> = [];
  for (const token of raw) {
    if (token[1] === '[') open.push(token);
    else if (token[1].startsWith('](')) {
      const start = open.pop();
      if (start) out.push(start, token);
    } else out.push(token);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

describe('status: the word diff of a changed long paragraph', () => {
  const words = (n: number, mark: (i: number) => string) => Array.from({ length: n }, (_, i) => mark(i)).join(' ');

  it('is computed within a size limit (the full table of a 1 MB paragraph ran out of memory at 4.2 GB)', async () => {
    // A table 100 times the limit (20,000 words a side) is shown whole as a 1 MB paragraph's
    // (170,000 words) is; that one took 8 times as long to make and diff.
    const n = Math.sqrt(100 * MAX_DIFF_CELLS);
    const before = words(n, (i) => `w${i % 1000}`);
    const after = words(n, (i) => (i % 7 === 0 ? `v${i % 1000}` : `w${i % 1000}`));
    const { ms, result } = await cpu(() => wordDiff(before, after));
    expect(result.startsWith('[-w0 w1')).toBe(true);
    expect(ms).toBeLessThan(3000);
  });

  it('a change in a long paragraph is still shown word by word, with its context', () => {
    const before = words(50_000, (i) => `w${i}`);
    const after = before.replace('w25000 w25001', 'x25000 w25001 y');
    expect(wordDiff(before, after)).toBe(
      '… w24996 w24997 w24998 w24999 [-w25000-]{+x25000+} w25001 {+y+} w25002 w25003 w25004 w25005 …',
    );
  });
});

describe('template CSS: 200 kB of hostile stylesheet is scanned in linear time', () => {
  const cases: Array<{ name: string; css: string; messages: number }> = [
    // The two `\s*` around an empty url() split the spaces every way: 68 s before.
    // An unterminated url( is one error (a url( the check cannot read), found in linear time.
    { name: 'url( and 200 kB of spaces', css: `url(${' '.repeat(200_000)}`, messages: 1 },
    // The image-set() regex backtracked over nested quantifiers: 40 kB took 124 s.
    { name: 'image-set( with 50,000 strings and no )', css: `image-set(${'"a" '.repeat(50_000)}`, messages: 0 },
    {
      name: 'image-set( with 20,000 local strings',
      css: `a{b:image-set(${'"a.png" 1x, '.repeat(20_000)})}`,
      messages: 20_000,
    },
    // One line index for all messages, one pass for all replacements.
    { name: '10,000 remote url()', css: 'a{b:url(https://x.example/a.png)}\n'.repeat(10_000), messages: 10_000 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { ms, result } = await cpu(() => inlineCssResources(c.css, 'print.css', TEMPLATES));
      expect(result.diagnostics).toHaveLength(c.messages);
      expect(ms).toBeLessThan(3000);
    });
  }

  it('each message still has its own line and column', async () => {
    const { diagnostics, css } = await inlineCssResources(
      'a{b:url(https://x.example/1.png)}\n  c{d:url(https://x.example/2.png)}\n',
      'print.css',
      TEMPLATES,
    );
    expect(diagnostics.map((d) => [d.line, d.column])).toEqual([
      [1, 5],
      [2, 7],
    ]);
    expect(css).toBe('a{b:none}\n  c{d:none}\n');
  });
});

/** A real PNG (signature, IHDR, IDAT of zero rows, IEND) of the given size, grey, 1 bit per pixel. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); // CRC unchecked here
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  const rows = deflateSync(Buffer.alloc(Math.min(height, 1000) * (1 + Math.ceil(width / 8))));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An SVG whose `<use>` elements each repeat the group before them ten times: 10^levels shapes. */
function useBomb(levels: number): string {
  const groups = [`<g id="g0"><rect width="1" height="1"/></g>`];
  for (let i = 1; i <= levels; i++) groups.push(`<g id="g${i}">${`<use href="#g${i - 1}"/>`.repeat(10)}</g>`);
  return `<svg xmlns="http://www.w3.org/2000/svg"><defs>${groups.join('')}</defs><use href="#g${levels}"/></svg>`;
}

describe('resource bombs: images too costly to draw are refused from their bytes, named, before printing', () => {
  const chapter = (image: string) => `# One\n\nText.\n\n![A picture](${image})\n`;

  it('a small PNG declaring 23,000 × 23,000 pixels (2.1 GB decoded)', async () => {
    const content = makeContent({ 'en/01-one.md': chapter('big.png'), 'en/big.png': png(23_000, 23_000) });
    expect(await check(content)).toEqual([
      'en/01-one.md:5:1 error image "big.png" is 23000 × 23000 pixels (529 megapixels), more than the limit of 50 megapixels: decoding it would take 2116 MB (scale the image down (300 dpi over a full page is under 10 megapixels), or raise `limits: { maxImageMegapixels }` / BRIEFING_MAX_IMAGE_MEGAPIXELS) limits:image',
    ]);
  });

  it('an A4 page at 300 dpi is within the limit', async () => {
    const content = makeContent({ 'en/01-one.md': chapter('page.png'), 'en/page.png': png(2480, 3508) });
    expect(await check(content)).toEqual([]);
  });

  it('a 1 kB SVG whose nested <use> draw 10^9 rectangles, counted in bounded time', async () => {
    const content = makeContent({ 'en/01-one.md': chapter('bomb.svg'), 'en/bomb.svg': useBomb(9) });
    const { ms, result } = await cpu(() => check(content));
    expect(result).toEqual([
      'en/01-one.md:5:1 error image "bomb.svg" is an SVG that draws more than 50000 elements once its <use> elements are expanded (they repeat one another) (simplify the drawing (export it again without nested <use>), or raise `limits: { maxSvgElements }` / BRIEFING_MAX_SVG_ELEMENTS) limits:image',
    ]);
    expect(ms).toBeLessThan(3000);
  });

  it('an SVG whose <use> refer in a circle, and one nested 5,000 deep', async () => {
    const circle =
      '<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g><g id="b"><use xlink:href="#a"/></g></svg>';
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(5000)}${'</g>'.repeat(5000)}</svg>`;
    const content = makeContent({
      'en/01-one.md': `${chapter('circle.svg')}\n![Deep](deep.svg)\n`,
      'en/circle.svg': circle,
      'en/deep.svg': deep,
    });
    const messages = await check(content);
    expect(messages[0]).toMatch(
      /^en\/01-one\.md:5:1 error image "circle.svg" is an SVG whose <use> elements refer to each other in a circle/,
    );
    expect(messages[1]).toMatch(
      /^en\/01-one\.md:7:1 error image "deep.svg" is an SVG with elements nested more than 1000 deep/,
    );
  });

  it('an SVG that repeats a symbol a few hundred times is drawn as usual', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><defs><circle id="dot" r="1"/></defs>${'<use href="#dot"/>'.repeat(500)}</svg>`;
    const content = makeContent({ 'en/01-one.md': chapter('dots.svg'), 'en/dots.svg': svg });
    expect(await check(content)).toEqual([]);
  });

  it('sizes are read from the headers of JPEG, GIF and WebP too', () => {
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x5a, 0x00, 0x4e, 0x20, 0x03, 0, 0,
      0, 0, 0, 0,
    ]);
    expect(rasterSize(jpeg, 'image/jpeg')).toEqual({ width: 20_000, height: 23_040 });
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x10, 0x27, 0x20, 0x4e, 0, 0])]);
    expect(rasterSize(gif, 'image/gif')).toEqual({ width: 10_000, height: 20_000 });
    const vp8x = Buffer.alloc(30);
    vp8x.write('RIFF', 0, 'latin1');
    vp8x.write('WEBPVP8X', 8, 'latin1');
    vp8x.writeUIntLE(16_383, 24, 3);
    vp8x.writeUIntLE(9_999, 27, 3);
    expect(rasterSize(vp8x, 'image/webp')).toEqual({ width: 16_384, height: 10_000 });
  });

  it('a stylesheet url() to such an image is refused at its place', async () => {
    const dir = makeContent({ 'big.png': png(20_000, 20_000) });
    const { diagnostics } = await inlineCssResources('body {\n  background: url(big.png);\n}\n', 'print.css', dir);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message.slice(0, 40)}`)).toEqual([
      '2:15 limits:image url(big.png) is 20000 × 20000 pixels (40',
    ]);
  });
});

afterEach(() => {
  delete process.env.BRIEFING_MAX_DELIMITERS;
});

describe('character references count toward the delimiter limit', () => {
  it('a 1 MB line of &#91;^a (character references micromark merges one by one) is refused at its mark', async () => {
    const content = makeContent({ 'en/01-one.md': `# One\n\n${line('&#91;^a', MB)}\n` });
    const { ms, result } = await cpu(() => check(content));
    expect(result[0]).toMatch(/^en\/01-one\.md:3:\d+ error too many inline marks in one paragraph/);
    expect(ms).toBeLessThan(3000);
  });

  it('what a real paragraph writes (&amp;, &nbsp;, &#8212; a few dozen times) stays within it', () => {
    expect(findCrowdedParagraph('Tom &amp; Jerry&nbsp;&#8212; again. '.repeat(60), 200)).toBeUndefined();
  });
});
