// Printing in parts (../parts.ts), in the page while the edition is taken out: each part's HTML
// built apart from the document (never laid out) and digested for its key, and the part shown
// built the same way. Part 0 is the front matter (everything but main and the layout check's
// hidden links); part k the k-th run of chapters, in copies of main and its parent (without their
// other children).
//
// A chapter part's HTML is kept across prints (a build's next pass, the print view's next save): a
// part whose nodes are the same and unchanged since (a MutationObserver set on each of them, which
// stays with the node in the document or out), under the same main and parent, with the same link
// targets for its ids, is not built and serialized again (20 × the review, pass 2: only part 0,
// the contents, changed).
import type { Aside } from '../parts.js';
import { heldDigests } from './digest.js';

interface KeptPart {
  nodes: ChildNode[];
  frame: string;
  ids: string[];
  hrefs: string;
  html: string;
}

const watched = new WeakSet<Node>();
const dirty = new WeakSet<Node>();
const kept = new Map<string, Map<number, KeptPart>>();

/** A change under a watched node marks it (climbing from the node changed: it may have moved since). */
function mark(records: MutationRecord[]): void {
  for (const record of records) {
    let node: Node | null = record.target;
    while (node && !watched.has(node)) node = node.parentNode;
    if (node) dirty.add(node);
  }
}
const observer = new MutationObserver(mark);

/**
 * The digests of parts `from` to `count` (window[aside].contents holds their HTML), and which were
 * kept, built until
 * `most` characters were built afresh (a part kept counts none): the next batch is asked then.
 */
export function partDigests(
  aside: string,
  count: number,
  from: number,
  most: number,
): { digests: string[]; kept: boolean[] } {
  const saved = (window as unknown as Record<string, Aside>)[aside]!;
  const contents = (saved.contents = (saved.contents ?? []).slice(0, from));
  let parts = kept.get(aside);
  if (!parts) kept.set(aside, (parts = new Map<number, KeptPart>()));
  mark(observer.takeRecords());
  const keptNow: boolean[] = [];
  for (let index = from, built = 0; index <= count && built < most; index += 1) {
    const nodes = index > 0 ? saved.parts[index - 1]! : [];
    const part = parts.get(index);
    if (index > 0 && part && unchanged(saved, part, nodes)) {
      contents.push(part.html);
      keptNow.push(true);
      continue;
    }
    const root = document.createElement('div');
    const ids = buildPart(saved, index, root);
    const html = root.innerHTML;
    built += html.length;
    contents.push(html);
    keptNow.push(false);
    if (index > 0) parts.set(index, keep(saved, nodes, ids, html));
  }
  return { digests: heldDigests(aside, 'contents', from), kept: keptNow };
}

function unchanged(saved: Aside, part: KeptPart, nodes: ChildNode[]): boolean {
  return (
    part.nodes.length === nodes.length &&
    part.nodes.every((node, i) => node === nodes[i] && !dirty.has(node)) &&
    part.frame === frameOf(saved) &&
    part.hrefs === hrefsOf(saved, part.ids)
  );
}

function keep(saved: Aside, nodes: ChildNode[], ids: string[], html: string): KeptPart {
  for (const node of nodes) {
    dirty.delete(node);
    if (watched.has(node)) continue;
    watched.add(node);
    observer.observe(node, { subtree: true, childList: true, attributes: true, characterData: true });
  }
  return { nodes: [...nodes], frame: frameOf(saved), ids, hrefs: hrefsOf(saved, ids), html };
}

/** What a chapter part's HTML takes from outside its nodes: main and its parent, shallow. */
function frameOf(saved: Aside): string {
  const [parent] = saved.mainPlace;
  const frame =
    parent instanceof Element && parent !== document.body ? (parent.cloneNode(false) as Element).outerHTML : '';
  return `${frame}\0${(saved.main.cloneNode(false) as Element).outerHTML}`;
}

/** The href each id's hidden link gets (saved.targets), or none. */
function hrefsOf(saved: Aside, ids: string[]): string {
  return ids.map((id) => saved.targets.get(id) ?? '\u0001').join('\0');
}

/** Part `index`'s HTML into root (its nodes moved there); its own ids. */
export function buildPart(saved: Aside, index: number, root: Element): string[] {
  const shown = partInto(saved, index, root);
  const own = new Set<string>();
  const links = new Set<string>();
  for (const part of shown) {
    for (const el of Array.from(part.querySelectorAll('[id]'))) own.add(el.id);
    for (const a of Array.from(part.querySelectorAll('a[href^="#"]'))) {
      const href = a.getAttribute('href')!.slice(1);
      try {
        links.add(decodeURIComponent(href));
      } catch {
        links.add(href);
      }
    }
  }
  const hidden = document.createElement('div');
  hidden.hidden = true;
  for (const id of own) {
    const href = saved.targets.get(id);
    if (href === undefined) continue;
    const a = document.createElement('a');
    a.setAttribute('href', href);
    hidden.append(a);
  }
  // Targets elsewhere: an element of that id, not laid out, so that the link is written.
  for (const id of links) {
    if (own.has(id)) continue;
    const stub = document.createElement('span');
    stub.id = id;
    hidden.append(stub);
  }
  root.append(hidden);
  return [...own];
}

/** The part's nodes into root (a chapter part's in copies of main and its parent); the elements they are in. */
function partInto(saved: Aside, index: number, root: Element): Element[] {
  if (index === 0) {
    // Without white space between the body's blocks (it lays out as nothing): a document parsed
    // whole and one whose body was put in (page.ts) then show the same part, reusable either way.
    const blank = (n: ChildNode) => n.nodeType === Node.TEXT_NODE && !n.textContent?.trim();
    const markers = (n: ChildNode) => n instanceof Element && n.hasAttribute('data-briefing-markers');
    root.append(...saved.body.filter((n) => !blank(n) && !markers(n)));
    return [root];
  }
  const [parent] = saved.mainPlace;
  const frame = parent instanceof Element && parent !== document.body ? (parent.cloneNode(false) as Element) : null;
  const partMain = saved.main.cloneNode(false) as Element;
  partMain.append(...saved.parts[index - 1]!);
  if (frame) frame.append(partMain);
  root.append(frame ?? partMain);
  return [partMain];
}
