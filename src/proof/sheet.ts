// The contact sheet: every page of the PDF as a thumbnail, laid out as the bound book opens —
// the cover alone on the right, then 2–3, 4–5 … (even pages on the left), each with its number.
// One self-contained HTML file: the thumbnails are data: PNGs, the styles inline.
import { escapeHtml } from '../render/escape.js';
import type { Thumbnail } from './thumbnails.js';

export interface SheetInput {
  title: string;
  /** The PDF's file name, shown in the heading. */
  pdfName: string;
  lang: string;
  thumbnails: Thumbnail[];
}

/** Pages grouped as spreads: [1], [2, 3], [4, 5] … a last even page stands alone on the left. */
export function spreads(pageCount: number): number[][] {
  const out: number[][] = pageCount > 0 ? [[1]] : [];
  for (let left = 2; left <= pageCount; left += 2) out.push(left + 1 <= pageCount ? [left, left + 1] : [left]);
  return out;
}

export function contactSheet(input: SheetInput): string {
  const byPage = new Map(input.thumbnails.map((t) => [t.page, t]));
  const count = input.thumbnails.length;
  const slot = (n: number | undefined, side: 'verso' | 'recto') => {
    const t = n === undefined ? undefined : byPage.get(n);
    if (!t) return `<div class="page ${side} blank" aria-hidden="true"></div>`;
    return `<figure class="page ${side}" id="page-${t.page}"><img src="${t.src}" width="${t.width}" height="${t.height}" alt="Page ${t.page}"><figcaption>${t.page}</figcaption></figure>`;
  };
  const rows = spreads(count).map((pages) => {
    // Odd pages are rectos (right), even pages versos (left).
    const verso = pages.find((p) => p % 2 === 0);
    const recto = pages.find((p) => p % 2 === 1);
    return `<li class="spread" data-pages="${pages.join(' ')}">${slot(verso, 'verso')}${slot(recto, 'recto')}</li>`;
  });
  const title = input.title || input.pdfName;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Proof: ${escapeHtml(title)}</title>
<meta name="generator" content="Briefing proof">
<style>
body { margin: 0; padding: 1.5rem; background: #5d6670; color: #fff; font: 15px/1.4 system-ui, sans-serif; }
h1 { font-size: 1.25rem; margin: 0 0 0.25rem; }
header p { margin: 0 0 1.5rem; color: #e4e8ec; }
.spreads { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2rem 3rem; }
.spread { display: flex; }
.page { margin: 0; width: 200px; }
.page img { display: block; width: 100%; height: auto; background: #fff; box-shadow: 0 2px 8px rgb(0 0 0 / 45%); }
.verso img { border-right: 1px solid #c9ced3; }
.blank { visibility: hidden; }
figcaption { text-align: center; font-size: 0.85rem; padding-top: 0.35rem; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<header>
<h1>Proof: ${escapeHtml(title)}</h1>
<p>${escapeHtml(input.pdfName)} · ${count} page${count === 1 ? '' : 's'} · ${rows.length} spread${rows.length === 1 ? '' : 's'}</p>
</header>
<main>
<ol class="spreads">
${rows.join('\n')}
</ol>
</main>
</body>
</html>
`;
}
