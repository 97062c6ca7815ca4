// What the print page knows and the tagged PDF does not, asked once before printing (one round
// trip) for the structure repairs (tagging.ts, notes-contents.ts): each link's label, and what each
// list item is. Chromium writes no Note, Reference, TOC or TOCI (its structure types come from the
// accessibility roles, and no role maps to them), nor anything naming the HTML element of a
// structure element; its LI elements follow the DOM's `li` (not hidden) in order, which is how they are
// matched (checked against each item's first link).
import type { Page } from 'puppeteer-core';

/** href (`#id` for a place in the edition, else the absolute URL) → the link's label in the HTML. */
export type LinkLabels = ReadonlyMap<string, string>;

/** A rendered list item: in the contents, a note (or the continuation of one at a page foot), or other. */
export interface ItemHint {
  kind: 'contents' | 'note' | 'item';
  /** A note's id (its continuation's: the note's, suffixed), else empty. */
  id: string;
  /** Where its first link goes (as in LinkLabels), else empty. */
  link: string;
}

export interface StructureHints {
  labels: LinkLabels;
  /** Every `li` Chromium tags LI, in document order. */
  items: readonly ItemHint[];
  /** Where the note references go (`#id` of each note). */
  noteTargets: ReadonlySet<string>;
}

export const NO_HINTS: StructureHints = { labels: new Map(), items: [], noteTargets: new Set() };

/**
 * The labels: a link's aria-label, else its text without the contents page numbers (filled in
 * later); the first link to a place names it. The items: every `li` the accessibility tree holds as a
 * list item (not hidden, no other role); in the contents if inside `[role=doc-toc]` (or the shipped
 * templates' `nav.contents`), a note if a note reference points to it or it continues one. One hidden
 * by CSS alone is reported all the same: the matching (notes-contents.ts) passes over it.
 */
export async function readStructureHints(page: Page): Promise<StructureHints> {
  const { links, items, notes } = await page.evaluate(() => {
    const where = (a: Element): string => {
      const href = a.getAttribute('href') ?? '';
      return href.startsWith('#') ? href : (a as HTMLAnchorElement).href;
    };
    const links = [...document.querySelectorAll('a[href]')].map((a) => {
      const label = a.getAttribute('aria-label');
      if (label) return [where(a), label.trim()];
      // Copied only to take page numbers out: most links hold none (the layout markers' thousands).
      let text = a.textContent;
      if (a.querySelector('[data-page-of]')) {
        const copy = a.cloneNode(true) as Element;
        copy.querySelectorAll('[data-page-of]').forEach((e) => e.remove());
        text = copy.textContent;
      }
      return [where(a), (text ?? '').replace(/[\s\u00ad]+/g, ' ').trim()];
    });
    const notes = [...document.querySelectorAll('a[role="doc-noteref"]')].map(where);
    const decoded = (href: string): string => {
      try {
        return decodeURIComponent(href);
      } catch {
        return href;
      }
    };
    const noted = new Set(notes.map(decoded));
    // Asked of the markup alone: the edition may be in the page unlaid (not displayed, page.ts), and
    // laying it out to ask would cost what that saves. Hidden: the `hidden` attribute (the page-foot
    // notes' store), aria-hidden.
    const hidden = '[hidden], [aria-hidden="true"], template';
    const items = [...document.querySelectorAll('li')]
      .filter((li) => (li.getAttribute('role') ?? 'listitem') === 'listitem' && !li.closest(hidden))
      .map((li) => {
        const link = [...li.querySelectorAll('a[href]')].find((a) => !a.closest(hidden));
        const continues = li.dataset.continues;
        const kind = li.closest('[role="doc-toc"], nav.contents')
          ? 'contents'
          : continues || (li.id && noted.has(`#${li.id}`))
            ? 'note'
            : 'item';
        return [kind, continues ? `${continues}-continued` : li.id, link ? where(link) : ''];
      });
    return { links, items, notes };
  });
  const labels = new Map<string, string>();
  for (const [target, label] of links) {
    const key = normalized(target!);
    if (label && !labels.has(key)) labels.set(key, label);
  }
  return {
    labels,
    items: items.map(([kind, id, link]) => ({
      kind: kind as ItemHint['kind'],
      id: id!,
      link: link ? normalized(link) : '',
    })),
    noteTargets: new Set(notes.map(normalized)),
  };
}

/** `#id` percent-decoded, as the PDF's destination names read back (tagging.ts's targetOf). */
function normalized(target: string): string {
  return target.startsWith('#') ? `#${safeDecode(target.slice(1))}` : target;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
