// The print page's pure parts: where an edition's HTML splits into head and body (print/page.ts),
// the cache of the last head (print/head-cache.ts), puppeteer-core's connector (print/browser.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { headOf, splitAtBody } from '../../src/print/page.js';
import { keepPrintHead, lastPrintHead } from '../../src/print/head-cache.js';
import { cdpConnector } from '../../src/print/browser.js';
import { tempDir } from '../support/cli.js';

describe('splitAtBody', () => {
  it('splits after the body tag, attributes and all, and keeps what the body holds', () => {
    const html =
      '<!DOCTYPE html>\n<html lang="kk"><head><style>p{}</style></head>\n<body class="medium-print">\n<p>Ә</p>\n</body>\n</html>\n';
    expect(splitAtBody(html)).toEqual({
      head: '<!DOCTYPE html>\n<html lang="kk"><head><style>p{}</style></head>\n<body class="medium-print">',
      body: '\n<p>Ә</p>\n',
    });
    expect(headOf(html)).toBe(splitAtBody(html)!.head);
  });

  it('does not split a document without a body, or with content after it (the parser would move it in)', () => {
    expect(splitAtBody('<p>no body</p>')).toBeUndefined();
    expect(splitAtBody('<head></head><body><p>a</p></body><p>after</p>')).toBeUndefined();
    expect(splitAtBody('<head></head><body><p>a</p>')).toBeUndefined();
    expect(headOf('<p>no body</p>')).toBe('');
  });

  it('splits only where the body plainly starts: after </head>, the first <body, no comment before it', () => {
    expect(splitAtBody('<head><title>a</title></head> <body id="b">x</body>')).toEqual({
      head: '<head><title>a</title></head> <body id="b">',
      body: 'x',
    });
    // A look-alike in a comment or in the head's text would put the split in the wrong place.
    expect(splitAtBody('<head><!-- </head><body> --></head><body>x</body>')).toBeUndefined();
    expect(splitAtBody('<head><title><body></title></head><body>x</body>')).toBeUndefined();
    expect(splitAtBody('<head></head><p>no body tag</p><body>x</body>')).toBeUndefined();
  });

  it('answers each HTML as its own, however the calls for several editions interleave (answers are kept)', () => {
    const editions = ['en', 'ru', 'kk', 'de', 'fr', 'es'].map((lang) => ({
      html: `<html lang="${lang}"><head></head><body>${lang}</body></html>`,
      head: `<html lang="${lang}"><head></head><body>`,
    }));
    const broken = '<head></head><body>x</body><p>after</p>';
    for (let round = 0; round < 3; round += 1) {
      for (const { html, head } of [...editions, ...editions.slice(0, 3).reverse()]) {
        // (A copy: the same text in another string is the same HTML.)
        expect(splitAtBody(` ${html}`.slice(1))).toEqual({
          head,
          body: html.slice(head.length, -'</body></html>'.length),
        });
        expect(splitAtBody(broken)).toBeUndefined();
      }
    }
  });
});

describe('the last print head', () => {
  const saved = process.env.BRIEFING_CACHE_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
    else process.env.BRIEFING_CACHE_DIR = saved;
  });

  it('is kept per PDF in the cache folder and read back; an unchanged head is not written again', () => {
    const cache = tempDir();
    process.env.BRIEFING_CACHE_DIR = cache;
    expect(lastPrintHead('out/en/a.en.pdf')).toBe('');
    keepPrintHead('out/en/a.en.pdf', '<html><head></head><body>');
    keepPrintHead('out/ru/a.ru.pdf', '<html lang="ru"><head></head><body>');
    expect(lastPrintHead('out/en/a.en.pdf')).toBe('<html><head></head><body>');
    expect(lastPrintHead('out/ru/a.ru.pdf')).toBe('<html lang="ru"><head></head><body>');
    const [file] = readdirSync(cache).filter((f) => f.startsWith('print-head-'));
    const written = statSync(path.join(cache, file!)).mtimeMs;
    keepPrintHead('out/en/a.en.pdf', '<html><head></head><body>');
    expect(statSync(path.join(cache, file!)).mtimeMs).toBe(written);
    expect(readdirSync(cache).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('is neither kept nor read with the cache off', () => {
    process.env.BRIEFING_CACHE_DIR = 'off';
    keepPrintHead('out/en/a.en.pdf', '<html><head></head><body>');
    expect(lastPrintHead('out/en/a.en.pdf')).toBe('');
  });
});

describe("puppeteer-core's DevTools connector", () => {
  it('is found in the installed puppeteer-core (the internal module, not the public fallback)', async () => {
    const { connect } = await import('puppeteer-core');
    const connector = await cdpConnector();
    expect(typeof connector).toBe('function');
    expect(connector).not.toBe(connect);
  });
});
