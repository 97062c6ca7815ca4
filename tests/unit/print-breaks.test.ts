// Print transforms of issue 24: where a URL may break (rehype-url-breaks), and the side column's
// theme key (side-column: auto | always | never) as CSS.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { withBreaks } from '../../src/render/rehype-url-breaks.js';
import { loadTheme } from '../../src/render/theme.js';
import { themeCss } from '../../src/render/theme-css.js';
import { ROOT } from '../support/cli.js';

describe('URL breaks', () => {
  it('after each / run, before ? & and #, never inside https://', () => {
    const parts = withBreaks('https://a.org/x/y?p=1&q=2#top').map((n) =>
      n.type === 'text' ? n.value : n.type === 'element' ? `<${n.tagName}>` : '',
    );
    expect(parts.join('')).toBe('https://<wbr>a.org/<wbr>x/<wbr>y<wbr>?p=1<wbr>&q=2<wbr>#top');
  });
});

describe('side-column', () => {
  const css = async (value?: string) => {
    const theme = await loadTheme(path.join(ROOT, 'templates'));
    return themeCss(value ? { ...theme, sideColumn: value as 'auto' } : theme, 'print');
  };
  it('auto (the default): only chapters without callouts go without the side column', async () => {
    expect(await css()).toContain('.chapter:not(:has(.callout)) { --side-room: 0mm; }');
  });
  it('never: no side column anywhere, callouts between paragraphs', async () => {
    const text = await css('never');
    expect(text).toContain(':root { --side-room: 0mm; }');
    expect(text).toContain('.callout { float: none;');
  });
  it('always: the side column on every page', async () => {
    expect(await css('always')).not.toContain('--side-room: 0mm');
  });
});
